"""open-scope (OS02, opt-in): "and/or", "as needed", "as required" — quantity or choice left open.

What it flags
    "and/or", "as needed", "as required", "as necessary", "as requested", "as directed",
    "as may be required" — except where a definite rule follows ("as required by Section 4.2",
    "as required by law").

Why it matters
    "Support as needed" prices an unknown amount of work; "A and/or B" leaves open whether both
    are owed.  In a statement of work these are scope questions.  They are also so common in
    legal drafting that most reviewers accept them there, so this rule is opt-in: enable it
    with `--select OS02` or `select = ["OS02"]` where your team wants it.

How to fix
    Say how much and when ("up to 40 hours of on-site support per quarter, on request with
    5 days' notice"); write "A, B or both" or "A and B" instead of "A and/or B".
"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates

_MESSAGES = {
    "andor": "'{}' leaves open whether one or both are required",
    "as-needed": "'{}' leaves the amount of work open: say when and how much",
    "custom": "'{}' leaves the scope open",
}
_POINTERS = frozenset({"by", "under", "in", "pursuant", "per"})


def check(unit: Unit) -> Iterator[Hit]:
    for match, _sentence in candidates(unit):
        span = match.span
        following = span.doc[span.end : span.end + 1]
        if match.label == "as-needed" and len(following) and following[0].lower_ in _POINTERS:
            continue  # "as required by Section 4.2" / "as required by law" is definite
        yield Hit(span, _MESSAGES[match.label].format(span.text))


RULE = make_rule(
    __name__,
    check=check,
    code="OS02",
    name="open-qualifier",
    category="open-scope",
    severity=Severity.INFO,
    summary="'and/or', 'as needed', 'as required': quantity or choice left open (opt-in)",
    hint="State the amount and trigger ('up to 40 hours per quarter, on request'); write 'A, B or both'.",
    patterns="open_qualifier.jsonl",
    opt_in=True,
    fires=(
        "The Vendor shall provide on-site support «as needed».",
        "Reports shall be delivered in PDF «and/or» Word format.",
    ),
    passes=(
        "The Vendor shall keep records as required by Section 4.2.",
        "Reports shall be delivered in PDF format.",
    ),
)
