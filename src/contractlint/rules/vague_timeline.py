"""vague-timeline (TL01): a deadline or cadence with no date or bounded duration.

What it flags
    Time words that no calendar can check: "as soon as possible", "promptly", "in a timely
    manner", "within a reasonable time", "at a later date", "periodically", "regular updates".

Why it matters
    A deadline nobody can date cannot be missed, so it cannot be enforced or paid against.
    "Promptly" means an hour to an operations team and a month to a finance team; disputes
    about lateness start here.

How to fix
    Give a bounded duration or a date: "within 5 business days of receipt", "by 30 June
    2027", "weekly, every Monday by 10:00 ET".  A vague word followed by its bound ("promptly,
    and in any event within 48 hours") is not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates, clause_has_measure, negated

if TYPE_CHECKING:
    from spacy.tokens import Span

_MESSAGES = {
    "asap": "'{}' sets no deadline: state a bounded duration or a date",
    "prompt": "'{}' sets no deadline: say within how long",
    "timely": "'{}' is not a deadline: state the time limit",
    "reasonable-time": "'{}' leaves the time limit to later argument: give the number of days",
    "undated": "'{}' gives no date: name the date or the period",
    "cadence": "'{}' gives no frequency: say how often (weekly, monthly, on which day)",
    "custom": "'{}' is a vague time expression: give a date or a bounded duration",
}


def check(unit: Unit) -> Iterator[Hit]:
    for match, _sentence in candidates(unit):
        # "promptly, and in any event within 48 hours" supplies the bound itself.
        if (
            clause_has_measure(match.span, frequencies=match.label == "cadence")
            or _states_ability(match.span)
            or _anchored(match.span)
            or negated(match.span)
        ):
            continue
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


_ANCHORS = frozenset({"prior", "before", "after", "following", "preceding", "upon", "on", "thereafter"})


def _anchored(span: Span) -> bool:
    """'immediately prior to the merger' fixes a moment relative to an event: it is not vague."""
    following = span.doc[span.end : span.end + 1]
    return span.text.lower() == "immediately" and len(following) == 1 and following[0].lower_ in _ANCHORS


def _states_ability(span: Span) -> bool:
    """'users can immediately start testing' describes what is possible, not a deadline."""
    verb = span.root.head if span.root.dep_ == "advmod" else span.root
    return any(c.dep_ == "aux" and c.lower_ in ("can", "could", "might") for c in verb.children)


RULE = make_rule(
    __name__,
    check=check,
    code="TL01",
    name="vague-timeline",
    category="vague-timeline",
    severity=Severity.WARNING,
    summary="Deadline or cadence with no date or bounded duration",
    hint="Replace with a bounded duration or date, e.g. 'within 5 business days of receipt' or 'monthly, by the 5th'.",
    patterns="vague_timeline.jsonl",
    fires=(
        "The Contractor shall respond to all incidents as soon as possible.",
        "Vendor will provide regular status updates to the program office.",
        "Defects shall be corrected by the Contractor in a timely manner.",
        "Monthly service reports shall be submitted in a timely manner.",
        "Priority 1 incidents must be resolved promptly.",
        "The Supplier shall notify the Client promptly of any delay.",
        "The remaining modules will be delivered at a later date.",
    ),
    passes=(
        "The Contractor shall respond to all incidents within 4 hours.",
        "Vendor will provide weekly status updates every Monday.",
        "The Supplier shall notify the Client promptly, and in any event within 2 business days.",
        "Invoices are due by 30 June 2027.",
        "With the plugin installed, users can immediately start testing the API.",
        "Shareholders immediately prior to the merger keep their shares.",
        "The Buyer will not be obliged to purchase the goods at a later date.",
    ),
)
