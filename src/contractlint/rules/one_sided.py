"""one-sided-term (OT01): a clause that shifts risk or discretion to one party.

What it flags
    "at its sole discretion", "without notice", "shall not be liable for any", "provided
    'as is'", "automatically renew", "non-refundable", "may change the fees at any time",
    "reserves the right to", "exclusive remedy".

Why it matters
    These terms let one side decide alone — to change the price, end the service, or walk away
    from losses — and they are where outsourcing disputes are lost.  A reviewer should see every
    one before signing, and either accept it knowingly or negotiate it.

How to fix
    Make the term mutual ("either party may ... with 30 days' written notice"), bound it (a cap,
    a notice period, objective criteria for the discretion), or give the other party a remedy
    (a right to terminate, a refund).  Terms binding both parties are not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates, in_condition, is_mutual

_MESSAGES = {
    "discretion": "'{}' gives one party unchecked discretion: bound it with criteria or notice",
    "no-notice": "'{}' lets one party act with no warning or reason",
    "liability": "'{}' shifts the risk of loss to the other party",
    "as-is": "'{}' disclaims responsibility for what is delivered",
    "renewal": "'{}' renews the commitment unless someone remembers to stop it",
    "refund": "'{}' leaves the paying party no way back",
    "change": "'{}' lets one party change the deal alone",
    "custom": "'{}' favours one party",
}


def check(unit: Unit) -> Iterator[Hit]:
    for match, sentence in candidates(unit):
        if is_mutual(sentence) or in_condition(match.span):
            continue  # "either party may ..." binds both sides; "if X terminates without cause" is a trigger
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


RULE = make_rule(
    __name__,
    check=check,
    code="OT01",
    name="one-sided-term",
    category="one-sided-term",
    severity=Severity.WARNING,
    summary="Clause that shifts risk or discretion to one party",
    hint="Make it mutual, bound it (cap, notice period, objective criteria) or give the other party a remedy.",
    patterns="one_sided.jsonl",
    fires=(
        "Provider may suspend the Service at its sole discretion.",
        "The Vendor shall not be liable for any damages arising from the Services.",
        'The Software is provided "as is" without warranty of any kind.',
        "This Agreement shall automatically renew for successive one-year terms.",
        "All fees are non-refundable.",
        "Provider may change the fees at any time.",
    ),
    passes=(
        "Either party may terminate this Agreement with 30 days' written notice.",
        "Neither party shall be liable for any indirect damages.",
        "The Vendor shall refund any prepaid fees for the terminated period.",
    ),
)
