"""weak-commitment (WC01): an obligation softened by an effort clause, hedge or escape condition.

What it flags
    "best efforts", "commercially reasonable efforts", "endeavour to", "where possible", "to the
    extent practicable", "subject to availability", "as is reasonably necessary", "reasonably
    cooperate", "will likely", "tentative", "ideally".  Not a prohibition ("shall not ... attempt
    to"), though a duty with its own modal after a denial still counts ("cannot guarantee results
    but shall use reasonable efforts"); not narration ("when trying to reproduce the defect").

Why it matters
    An effort standard promises trying, not doing: courts read "reasonable efforts" very
    differently, and the supplier decides what is "possible".  The obligation cannot be
    measured, so failure to deliver is not a breach.

How to fix
    State the result that is owed ("The Supplier shall restore service within 4 hours"), or
    define the effort (named resources, hours, steps) and what happens if it is not enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates, clause_verb, in_condition, negated

if TYPE_CHECKING:
    from spacy.tokens import Span

_MESSAGES = {
    "effort": "'{}' promises effort, not a result: state what must be achieved",
    "reasonably": "'{}' leaves the extent of the duty open: say what must be done",
    "escape": "'{}' lets the obligated party decide whether to perform",
    "hedge": "'{}' is a hedge, not a commitment",
    "custom": "'{}' weakens the obligation",
}


def check(unit: Unit) -> Iterator[Hit]:
    for match, _sentence in candidates(unit):
        if match.label != "escape" and negated(match.span, own_modal=True):
            continue  # "shall not ... or otherwise attempt to discover": a prohibition, not a soft duty
        # An escape condition weakens a denial as much as a duty: "warrants that, to its knowledge,
        # the Services do not infringe"; "is not part of the standard service and subject to availability".
        if _reads_the_agreement(match.span):
            continue  # "Whenever possible, each provision will be interpreted ...": how a court reads it
        if match.label != "escape" and in_condition(match.span):
            continue  # "unless correction is normally performed by dial-up": a trigger, not the duty
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


# Verbs of reading the agreement (severability, construction): no party performs them.
_READING = frozenset({"interpret", "construe", "reform"})


def _reads_the_agreement(span: Span) -> bool:
    """The effort or escape governs how the text is interpreted, not what a party delivers."""
    verb = clause_verb(span)
    verbs = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    while verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
        verbs.append(verb)
    return any(v.lemma_ in _READING or any(c.lemma_ in _READING for c in v.conjuncts) for v in verbs)


RULE = make_rule(
    __name__,
    check=check,
    code="WC01",
    name="weak-commitment",
    category="weak-commitment",
    severity=Severity.WARNING,
    summary="Effort clause, hedge or escape condition that makes a duty unenforceable",
    hint="State the result owed ('shall restore service within 4 hours') instead of the effort to be made.",
    patterns="weak_commitment.jsonl",
    fires=(
        "The Vendor will use «commercially reasonable efforts» to restore service.",
        "The Contractor shall, «where possible», reuse existing components.",
        "Support is provided «subject to availability» of resources.",
        "The Supplier shall «endeavour to answer» all tickets the same day.",
        "Provider will «reasonably cooperate» with the Customer's auditors.",
        "The Supplier will «make best efforts» to restore service by any means available.",
        "The Consultant cannot guarantee results but shall use «commercially reasonable efforts» to obtain them.",
        "The milestone dates below are «tentative».",
        "The Consultant shall take «all reasonable precautions» to keep the source code confidential.",
        "The Vendor «will reasonably protect» the Customer's account data.",
        "The Provider will, «insofar as possible», assist the Customer with audits.",
        "The Supplier warrants that, «to its knowledge», the software does not infringe any patent.",
        "Weekend cover is not included in the fee and is «subject to availability».",
        "The Consultant shall «do its utmost» to finish the data migration in March.",
        "The Vendor will use its «utmost efforts» to keep the portal online.",
        "The hosting fee for the second year is «subject to change».",
        "«For the time being», the team will host the prototype on a single server.",
        "The page layouts are «not set in stone» and will evolve during testing.",
    ),
    passes=(
        "The Vendor shall restore service within 4 hours.",
        "The Contractor shall reuse the existing components listed in Annex B.",
        "Support is provided from 08:00 to 18:00 ET on business days.",
        "Licensee shall not decompile the Software or otherwise attempt to discover its source code.",
        "When trying to reproduce the defect, the team found a workaround.",
        "The Customer shall provide such information as the Vendor may reasonably request.",
        "Site visits are included unless the repair is normally performed remotely.",
        "Whenever possible, each clause of this Agreement shall be interpreted so as to remain valid.",
        "The fixed price in Schedule 2 is not subject to change during the initial term.",
    ),
)
