"""open-scope (OS01): a list or task boundary left open, so scope can creep.

What it flags
    "including but not limited to", "etc.", "and so on", "as needed", "as required",
    "any other duties as assigned", "such other services as the Client may request", "and/or".

Why it matters
    The price was set for a scope; an open list lets either side argue that anything is in (or
    out).  Scope creep is the commonest source of outsourcing change orders and disputes.

How to fix
    Close the list ("the following three reports: ..."), or send additions through change
    control ("additional services require a signed change order").  "As required by Section
    4.2" points to a definite rule and is not flagged, nor are "any other services" that the
    same sentence sends to a separate SOW, change order or agreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates

_MESSAGES = {
    "not-limited": "'{}' leaves the list open: enumerate what is included",
    "etc": "'{}' leaves the list open: name every item",
    "other-duties": "'{}' makes the scope open-ended: route additions through change control",
    "as-determined": "'{}' lets one side set the scope later",
    "custom": "'{}' leaves the scope open",
}
# Words of clauses that allocate legal risk rather than describe work.
_LEGAL_CONTEXT = re.compile(
    r"indemnif|liabilit|liable|damages|claims?\b|confidential|warrant|\btax|intellectual property|breach|"
    r"infring|losses|remed|lawsuit|proceeding|governing law|disclos|\brights?\b|\bcosts\b|expenses|"
    r"\bcontrol\b|participate|compet|solicit|\blaws?\b|regulations|consent",
    re.IGNORECASE,
)


# Additions routed through change control or a separate agreement: the boundary is closed.
_CHANGE_CONTROL = re.compile(
    r"statement of work|\bSOW\b|change order|change request|separate agreement|further agreement|"
    r"written amendment|mutually agree|agreeable to both|agreed (?:upon |to )?by (?:both|the) parties|"
    r"at additional (?:cost|charge)|additional (?:fees|charges)",
    re.IGNORECASE,
)


def check(unit: Unit) -> Iterator[Hit]:
    for match, sentence in candidates(unit):
        if match.label == "not-limited" and _LEGAL_CONTEXT.search(sentence.text):
            continue
        if match.label == "other-duties" and _CHANGE_CONTROL.search(sentence.text):
            continue  # "any additional services shall be described in a signed SOW"
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


RULE = make_rule(
    __name__,
    check=check,
    code="OS01",
    name="open-scope",
    category="open-scope",
    severity=Severity.WARNING,
    summary="Open-ended list or task boundary ('including but not limited to', 'etc.', 'as needed')",
    hint="Close the list, or say that additions go through a written change order.",
    patterns="open_scope.jsonl",
    fires=(
        "Services include, but are not limited to, hosting and monitoring.",
        "The Contractor shall maintain servers, databases, etc.",
        "The Consultant shall perform any other duties as assigned.",
        "Key tasks include but are not limited to stakeholder interviews and usability testing.",
    ),
    passes=(
        "Services consist of hosting and monitoring of the three systems listed in Annex A.",
        "The Contractor shall provide on-site support on the first Monday of each month.",
        "Vendor shall indemnify Client against all claims, including without limitation claims of infringement.",
        "Any additional services shall be described in a separate statement of work signed by both parties.",
    ),
)
