"""unmeasurable-goal (GL01): an objective or improvement with no metric, target value or deadline.

What it flags
    "The vendor will improve system performance.", "The goal is to reduce operating costs.",
    "to enhance customer satisfaction" — a goal verb (improve, reduce, increase, optimise...)
    stated as an objective in a sentence that gives no number, percentage or date.

Why it matters
    This is the missing KPI: without a baseline, a target and a date nobody can say whether
    the goal was met, so success cannot be paid for and failure cannot be remedied.  "Failing
    to clearly define expectations: goals, timelines, budget constraints and KPIs" is the first
    lesson of failed outsourcing deals.

How to fix
    Name the KPI, its baseline and target, and the date: "reduce average call handling time
    from 9 to 6 minutes by Q4 2027".  Goals that carry a figure in the same sentence are not
    flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import in_quotation, is_definition, sentence_has_measure

if TYPE_CHECKING:
    from spacy.tokens import Token

_MAX_SPAN_TOKENS = 10


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return word_lists("goal.json")


def check(unit: Unit) -> Iterator[Hit]:
    lists = _lists()
    nominal = _nominal_goal_item(unit, lists)
    if nominal is not None:
        yield nominal
        return
    for verb in unit.doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lists["goal_verbs"]:
            continue
        sentence = verb.sent
        if sentence_has_measure(sentence) or is_definition(sentence) or in_quotation(sentence[0:1]):
            continue
        obj = _object(verb)
        if obj is None or obj.lower_ in lists["contract_objects"] or any(c.dep_ == "neg" for c in verb.children):
            continue
        if obj.lower_ in lists["money_words"] and (obj.dep_ == "nsubjpass" or verb.lemma_ in ("increase", "raise")):
            continue  # "the estimated cost shall be increased", "may increase the fees": price terms, not goals
        if not _stated_as_goal(verb, lists):
            continue
        # The object may precede the verb ("Productivity shall be improved"): span at least the verb.
        end = max(min(max(t.i for t in obj.subtree) + 1, verb.i + _MAX_SPAN_TOKENS), verb.i + 1)
        span = unit.doc[verb.i : end]
        yield Hit(span, f"'{span.text}' states a goal with no metric, target or date")


def _object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "pobj", "nsubjpass"):
            return child
    for child in verb.children:  # "improve on X", "increase in adoption"
        if child.dep_ == "prep":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _nominal_goal_item(unit: Unit, lists: dict[str, frozenset[str]]) -> Hit | None:
    """A list item or table cell that is only a noun phrase such as 'UI performance improvements'."""
    doc = unit.doc
    if unit.block.kind not in ("list-item", "table-cell") or len(doc) > 8 or sentence_has_measure(doc[:]):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in doc):
        return None
    heads = [t for t in doc if t.dep_ == "ROOT"]
    if heads and heads[0].lower_ in lists["nominal_goals"]:
        return Hit(doc[:], f"'{doc.text}' names an improvement with no metric, target or date")
    return None


def _stated_as_goal(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """To-infinitive of purpose, a 'will' promise, a goal-verb list item, a present-tense claim
    by the project ('This milestone improves ...'), or a sentence about goals/objectives."""
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if verb.i == verb.sent.start and verb.tag_ == "VB":
        return True  # "- Enhance reporting, data access and auditability"
    if verb.tag_ in ("VBZ", "VBP") and verb.dep_ == "ROOT":
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in lists["goal_subjects"]:
            return True
    if "will" in aux or "shall" in aux:
        return True
    if "to" in aux or verb.tag_ == "VBG":
        head = verb.head
        if verb.dep_ in ("advcl", "relcl", "acl", "xcomp", "ccomp", "ROOT", "conj", "pcomp", "csubj", "nsubj"):
            return True
        return head.lemma_.lower() in lists["purpose_heads"] or head.lower_ in lists["goal_nouns"]
    words = {t.lower_ for t in verb.sent}
    return bool(words & lists["goal_nouns"])


RULE = make_rule(
    __name__,
    check=check,
    code="GL01",
    name="unmeasurable-goal",
    category="unmeasurable-goal",
    severity=Severity.WARNING,
    summary="Objective or improvement with no metric, target value or deadline",
    hint="State the KPI, baseline, target and date: 'reduce call handling time from 9 to 6 minutes by Q4 2027'.",
    fires=(
        "The vendor will improve system performance.",
        "The goal of this project is to reduce operating costs.",
        "This initiative seeks to enhance customer satisfaction.",
    ),
    passes=(
        "The vendor will reduce average call handling time from 9 to 6 minutes by Q4 2027.",
        "The Provider may increase the fees once per year.",
        "The Contractor shall deliver the migration plan.",
    ),
)
