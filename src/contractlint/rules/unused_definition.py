"""unused-definition (UT02): a term defined but never used anywhere else in the document.

What it flags
    A definition (`"Services" means ...`, `(the "Vendor")`, a Definitions entry or a row of a
    definitions table) whose term never appears again, in the singular or the plural.

Why it matters
    An unused definition is usually the trace of an edit: a clause was cut, or the term was renamed
    and the old name kept its definition.  Either way the reader is left to wonder which clause the
    definition was meant to govern, and a later amendment may revive it by accident.

How to fix
    Delete the definition, or use the term where the document meant it (often a lower-case or
    differently spelled use of the same idea: "service levels" for "Service Levels").

Opt-in (`--select UT02`): an unused definition is a tidiness defect, not one that makes a deal fail,
and the annotators counted none of the 15 labelled units it flagged in the development data as a problem.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Severity
from ..terms import USED_KINDS, extract_definitions, is_acronym, usage_pattern
from .base import DocumentUnit, Hit, make_rule


def check(unit: DocumentUnit) -> Iterator[Hit]:
    blocks = unit.document.blocks
    definitions = extract_definitions(blocks)
    defining = {(d.block_index, d.start) for d in definitions}
    reported: set[str] = set()
    for definition in definitions:
        term = definition.term
        if definition.kind not in USED_KINDS or is_acronym(term) or term in reported:
            continue
        pattern = usage_pattern(term)
        used = any(
            (index, match.start()) not in defining
            for index, block in enumerate(blocks)
            for match in pattern.finditer(block.text)
        )
        if used:
            continue
        reported.add(term)
        block, doc = unit.parsed[definition.block_index]
        span = doc.char_span(definition.start, definition.end, alignment_mode="expand")
        if span is not None:
            yield Hit(span, f"'{term}' is defined but never used", block=block)


RULE = make_rule(
    __name__,
    check=check,
    code="UT02",
    name="unused-definition",
    category="undefined-term",
    severity=Severity.INFO,
    summary="Term defined but never used",
    hint="Delete the definition or use the term where the document means it.",
    scope="document",
    opt_in=True,
    fires=(
        '"Services" means the hosting services in Exhibit A. "«Service Levels»" means the targets in Exhibit C.\n\n'
        "The Vendor shall perform the Services.",
        'Acme Inc. (the "«Client»") engages Beta LLC (the "Vendor").\n\nThe Vendor shall report monthly.',
    ),
    passes=(
        '"Services" means the hosting services in Exhibit A. "Service Levels" means the targets in Exhibit C.\n\n'
        "The Vendor shall perform the Services and meet each Service Level.",
        'Acme Inc. (the "Client") engages Beta LLC (the "Vendor").\n\nThe Vendor shall report to the Client.',
    ),
)
