"""weak-commitment (WC02): "should" or "may" where the document needs "shall".

What it flags
    A requirement stated with a permissive modal: "The Contractor should provide weekly
    reports", "The Vendor may provide training", "Backups should be tested".  Only main
    clauses are checked: "if the Contractor should fail" or "which should survive" set no duty.

Why it matters
    "Should" is a recommendation and "may" a permission: neither binds the supplier, so the
    requirement is optional at exactly the moment it matters.  "May" giving the *client* a right
    ("The Client may terminate") is a different thing and is not flagged; nor is "should" in
    instructions to bidders ("Quotes should be submitted by email", "any Offeror planning to
    ... should consult", "describe the approach you would use").  A document titled "Request
    for Quotation" or "Grant Proposal" is not itself a section of instructions: its statement
    of work is checked.

How to fix
    Use "shall" (or "must"/"will") for what is required, and keep "may" for rights and options.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import in_bidder_instructions, in_quotation, is_definition

if TYPE_CHECKING:
    from spacy.tokens import Token

_SKIP_AFTER_SHOULD = frozenset(
    {
        "note",
        "noted",
        "notice",
        "understand",
        "understood",
        "consider",
        "contact",
        "survive",
        "construe",
        "interpret",
        "deem",
    }
)
_PREDICTION_VERBS = frozenset(
    {"allow", "lead", "enable", "help", "result", "make", "mean", "take", "suffice", "be", "give", "reduce"}
)
_NARROW_MAY_VERBS = frozenset({"provide", "deliver", "supply", "furnish", "offer", "perform", "support", "assist"})


@lru_cache(maxsize=1)
def parties() -> dict[str, frozenset[str]]:
    return word_lists("parties.json")


def check(unit: Unit) -> Iterator[Hit]:
    if in_bidder_instructions(unit):
        return  # "The staffing plan should be no more than 6 pages": advice to bidders
    for token in unit.doc:
        if token.tag_ != "MD" or token.lower_ not in ("should", "may"):
            continue
        sentence = token.sent
        if is_definition(sentence) or in_quotation(sentence[0:1]):
            continue
        verb = token.head
        if verb.pos_ not in ("VERB", "AUX") or verb.i < token.i or not _in_main_clause(verb):
            continue
        if any(c.dep_ == "neg" for c in verb.children) or any(
            c.lower_ == "have" and c.dep_ == "aux" for c in verb.children
        ):
            continue  # "cannot be corrected", "should have discovered": not a duty being softened
        message = _verdict(token, verb)
        if message:
            yield Hit(
                unit.doc[token.i : verb.i + 1] if verb.i - token.i <= 3 else token.doc[token.i : token.i + 1], message
            )


def _verdict(modal: Token, verb: Token) -> str | None:
    subject = _subject(verb)
    subject_word = subject.lower_ if subject is not None else ""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    lists = parties()
    if modal.lower_ == "should":
        if _conditional_inversion(modal) or _addresses_bidder(subject, modal) or verb.lemma_ in _SKIP_AFTER_SHOULD:
            return None
        if subject_word in ("this", "it", "that", "which") and verb.lemma_ in _PREDICTION_VERBS:
            return None  # "This should allow DAOs to ..." predicts an effect
        if _asks_question(modal):
            return None
        words = modal.doc[modal.i : verb.i + 1].text if 0 < verb.i - modal.i <= 3 else modal.text
        return f"'{words}' recommends rather than requires: use 'shall' if this is required"
    # "may": only when the supplier is given a choice about performing its own service.
    if verb.lemma_ not in _NARROW_MAY_VERBS:
        return None
    if subject_word in lists["supplier"] and not passive:
        return f"'{modal.text} {verb.text}' makes the supplier's duty optional: use 'shall' if it is required"
    return None


def _addresses_bidder(subject: Token | None, modal: Token) -> bool:
    """Advice to bidders: an offeror as the subject (also inside a misparsed subject phrase, 'any
    Quoter planning to ...'), or a sentence speaking to the reader ('the approach you would use')."""
    bidder = parties()["bidder"]
    if subject is not None and any(t.lower_ in bidder and t.lower_ != "you" for t in subject.subtree):
        return True
    return (subject is not None and subject.lower_ == "you") or any(t.lower_ in ("you", "your") for t in modal.sent)


def _subject(verb: Token) -> Token | None:
    head = verb
    while True:
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                return child
        if head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
            continue
        return None


def _in_main_clause(verb: Token) -> bool:
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT" and not any(c.dep_ == "mark" for c in verb.children)


def _conditional_inversion(modal: Token) -> bool:
    """'Should the Contractor fail to ...' is a condition, not a duty."""
    sentence = modal.sent
    previous = modal.doc[modal.i - 1] if modal.i > sentence.start else None
    return previous is None or previous.text in (",", ";", "(", "and", "or") or previous.lower_ in ("if", "unless")


def _asks_question(modal: Token) -> bool:
    return modal.sent.text.rstrip().endswith("?")


RULE = make_rule(
    __name__,
    check=check,
    code="WC02",
    name="permissive-modal",
    category="weak-commitment",
    severity=Severity.WARNING,
    summary="'should' or 'may' used for a supplier duty",
    hint="Use 'shall' (or 'must') for requirements; keep 'may' for rights and options.",
    fires=(
        "The Contractor «should provide» weekly status reports.",
        "The Vendor «may provide» on-site training.",
        "Backups «should be tested» every quarter.",
    ),
    passes=(
        "The Client may terminate this Agreement for convenience.",
        "Quotes should be submitted by email to the Contracting Officer.",
        "Offerors should describe their approach in no more than 10 pages.",
        "Should the Contractor fail to deliver, the Government may withhold payment.",
        "The Contractor shall provide weekly status reports.",
        "If the defect cannot be corrected, the Client may terminate.",
        "Any Offeror planning to take exception to a term should consult the Contracting Officer first.",
        "This section should describe the approach you would use.",
    ),
)
