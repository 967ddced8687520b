"""unowned-obligation (UO01): a duty in the passive voice with no party named.

What it flags
    "Reports shall be submitted monthly.", "All defects must be fixed within 5 days.",
    "Training will be provided." — an obligation (shall/must/will/is to be + past participle)
    with no "by ..." agent.

Why it matters
    An obligation nobody owns is an obligation nobody performs.  When the deliverable is late,
    each party points at the other, and the contract does not say who was right.

How to fix
    Name the party: "The Contractor shall submit reports monthly", or add the agent: "shall be
    approved by the COR".  State-of-being passives ("shall be deemed", "shall be governed by")
    are not duties and are not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import in_evaluation_section, in_quotation, is_definition

if TYPE_CHECKING:
    from spacy.tokens import Token


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return word_lists("unowned_obligation.json")


def check(unit: Unit) -> Iterator[Hit]:
    if in_evaluation_section(unit):
        return  # "Offers must be received by ...": how the buyer runs the competition, not a duty
    lists = _lists()
    for verb in unit.doc:
        if verb.tag_ != "VBN" or verb.lower_ in lists["state_participles"]:
            continue
        auxpass = next((c for c in verb.children if c.dep_ == "auxpass"), None)
        if auxpass is None or _has_agent(verb, lists) or not _is_duty(verb, auxpass, lists):
            continue
        if _negated(verb) or not _in_main_clause(verb):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is not None and _names_someone(subject, lists):
            continue
        sentence = verb.sent
        if is_definition(sentence) or in_quotation(sentence[0:1]):
            continue
        start = min(t.i for t in verb.children if t.dep_ in ("aux", "auxpass"))
        span = unit.doc[start : verb.i + 1]
        yield Hit(span, f"'{span.text}' names no one responsible: say which party shall do it")


def _is_duty(verb: Token, auxpass: Token, lists: dict[str, frozenset[str]]) -> bool:
    """shall/must/will + be + participle, or 'is to be' / 'has to be' + participle."""
    auxes = [c for c in verb.children if c.dep_ == "aux" and c.i < auxpass.i]
    if any(a.lower_ in lists["modals"] for a in auxes):
        return not any(a.lower_ == "should" for a in auxes)  # 'should be' belongs to WC02
    return any(a.lower_ == "to" for a in auxes) and verb.head.lower_ in lists["to_be_heads"] and verb.dep_ == "xcomp"


def _negated(verb: Token) -> bool:
    """'shall not be disclosed' forbids rather than assigns work; 'no invoice will be issued' too."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    negative_subject = subject is not None and any(c.lower_ in ("no", "neither") for c in subject.children)
    return negative_subject or any(c.dep_ == "neg" for c in verb.children)


def _in_main_clause(verb: Token) -> bool:
    """Duties live in main clauses; 'if ... will be updated' or 'agree that ... shall be made' do not assign one."""
    while verb.dep_ == "conj":
        verb = verb.head
    return (
        verb.dep_ == "ROOT"
        and not any(c.dep_ == "mark" for c in verb.children)
        and not verb.sent.text.rstrip().endswith("?")
    )


def _names_someone(subject: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'The Contractor will be compensated', 'Quotes will be evaluated': the subject is a party or
    a bidder's submission, so either the party is named or this is procurement procedure."""
    words = {subject.lower_} | {t.lower_ for t in subject.subtree if t.dep_ in ("compound", "poss")}
    return bool(words & lists["skip_subjects"]) or subject.ent_type_ == "PERSON"


def _has_agent(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """An agent on this verb or on a verb coordinated with it ('reviewed and approved by the COR').
    'by the conclusion of performance' is a deadline, not an agent."""
    related = [verb, *verb.conjuncts]
    for agent in (c for v in related for c in v.children if c.dep_ == "agent"):
        objects = [g for g in agent.children if g.dep_ == "pobj"]
        if not any(o.lower_ in lists["time_words"] or o.like_num or o.ent_type_ == "DATE" for o in objects):
            return True
    return False


RULE = make_rule(
    __name__,
    check=check,
    code="UO01",
    name="unowned-obligation",
    category="unowned-obligation",
    severity=Severity.WARNING,
    summary="Passive-voice duty with no party named",
    hint="Name the party that must act: 'The Contractor shall submit ...', or add 'by <party>'.",
    fires=(
        "Reports shall be submitted monthly.",
        "All defects must be fixed within 5 days.",
        "Training will be provided to all new users.",
        "The deliverables must be provided by the conclusion of performance.",
    ),
    passes=(
        "The Contractor shall submit reports monthly.",
        "Submissions received after the deadline will not be accepted.",
        "All invoices shall be approved by the COR.",
        "This Agreement shall be governed by the laws of New York.",
        "Any notice shall be deemed received on the next business day.",
    ),
)
