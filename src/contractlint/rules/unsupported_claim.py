"""unsupported-claim (UC01): a promotional or absolute claim with no evidence behind it.

What it flags
    "industry-leading", "world-class team", "best-in-class", "guaranteed satisfaction",
    "proven track record", "seamless integration", "uniquely qualified", "the first and only
    platform", "faster than competing platforms" — when the sentence offers no figure, named
    reference or certification.  Evaluation criteria written by the buyer ("superior technical
    capabilities" in a basis for award) are not claims.

Why it matters
    A proposal is evaluated on what can be verified.  Adjectives are not evidence; a selection
    made on them cannot be defended, and a claim with nothing behind it cannot be held against
    the vendor later.

How to fix
    Replace the claim with its evidence: a metric ("99.95% measured uptime in 2025"), a named
    reference ("as delivered for the State of Ohio, contact ..."), or a certification
    (ISO 27001, SOC 2 Type II, CMMI Level 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates, in_evaluation_section, negated, sentence_has_measure

if TYPE_CHECKING:
    from spacy.tokens import Span

# Evidence in the same sentence: certifications, citations, links, named references.
_EVIDENCE = re.compile(
    r"\b(?:ISO\s?\d{4,5}|SOC\s?[12]|CMMI|FedRAMP|PCI|HIPAA|certified|certification|award(?:ed)? by|"
    r"according to|as measured|case study|reference|references|for example|e\.g\.|such as|including|"
    r"https?://|www\.)",
    re.I,
)


def check(unit: Unit) -> Iterator[Hit]:
    if in_evaluation_section(unit):
        return  # "superior technical capabilities" in a basis for award is the buyer's criterion, not a boast
    for match, sentence in candidates(unit):
        if (
            sentence_has_measure(sentence)
            or _EVIDENCE.search(sentence.text)
            or negated(match.span)
            or _proper_name(match.span)
        ):
            continue
        if any(t.lower_ in _REQUIREMENT_MODALS for t in sentence):
            continue  # "personnel must have strong experience" asks for something; VT01's business
        yield Hit(
            match.span,
            f"'{match.span.text}' is a claim with no evidence: back it with a figure, reference or certification",
        )


_REQUIREMENT_MODALS = frozenset({"shall", "must", "should"})


def _proper_name(span: Span) -> bool:
    """'Premier Nutrition Company': a capitalised word inside a name is not a boast."""
    first = span[0]
    return len(span) == 1 and first.text[:1].isupper() and not first.is_sent_start and first.pos_ == "PROPN"


RULE = make_rule(
    __name__,
    check=check,
    code="UC01",
    name="unsupported-claim",
    category="unsupported-claim",
    severity=Severity.INFO,
    summary="Promotional or absolute claim with no metric, reference or certification",
    hint="Back the claim in the same sentence with a metric, a named client reference or a certification.",
    patterns="unsupported_claim.jsonl",
    fires=(
        "Our «world-class» team delivers «industry-leading» results.",
        "We have a «proven track record» in public-sector cloud migrations.",
        "Our platform offers «seamless integration» with any ERP.",
        "Our team is «uniquely qualified» to deliver this work.",
        "Our architecture is «faster than competing» platforms.",
        "Our engineers have «strong engineering skills».",
    ),
    passes=(
        "Proposed personnel must have strong technical experience in Python.",
        "There are no outstanding options granted by the Company.",
        "Agreed by Fonterra (USA) Inc. and Premier Nutrition Company, LLC.",
        "Our team delivered 14 cloud migrations for state agencies since 2019 (references in Annex C).",
        "We are ISO 27001 certified and hold a SOC 2 Type II report.",
        "The Contractor shall integrate the portal with the State's ERP using its REST API.",
    ),
)
