"""conflicting-definition (UT03): the same term defined twice with different meanings.

What it flags
    A term given two different explicit definitions in one document (`"Services" means ...` in
    the definitions section and again, differently, in a later clause or a definitions table).
    Parenthetical labels (`(the "Vendor")`) are not compared: restating a party's label is usual.

Why it matters
    When a document gives one word two meanings, every clause that uses it can be read either
    way, and the party that benefits from the other reading will argue for it.  Two definitions
    usually mean two drafts were merged without reconciling them.

How to fix
    Keep one definition and delete the other, or give the two ideas different names
    ("Services" and "Additional Services").

Opt-in
    Long agreements often redefine a term on purpose inside one schedule ("for this Schedule,
    Availability means ..."), so this rule runs only when selected (`--select UT03`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..finding import Severity
from ..terms import Definition, extract_definitions, term_key
from .base import DocumentUnit, Hit, make_rule

_EXPLICIT = frozenset({"means", "table", "glossary"})


def check(unit: DocumentUnit) -> Iterator[Hit]:
    first: dict[str, Definition] = {}
    for definition in extract_definitions(unit.document.blocks):
        if definition.kind not in _EXPLICIT or not definition.definition:
            continue
        key = term_key(definition.term)
        earlier = first.setdefault(key, definition)
        if earlier is definition or _normal(earlier.definition) == _normal(definition.definition):
            continue
        block, doc = unit.parsed[definition.block_index]
        span = doc.char_span(definition.start, definition.end, alignment_mode="expand")
        if span is not None:
            line, _ = unit.document.line_col(unit.document.blocks[earlier.block_index].start)
            message = f"'{definition.term}' is defined again with a different meaning (first defined at line {line})"
            yield Hit(span, message, block=block)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


RULE = make_rule(
    __name__,
    check=check,
    code="UT03",
    name="conflicting-definition",
    category="undefined-term",
    severity=Severity.WARNING,
    summary="Term defined twice with different meanings",
    hint="Keep one definition, or give the two meanings different names.",
    scope="document",
    opt_in=True,
    fires=(
        '"Services" means the hosting services in Exhibit A.\n\n"«Services»" means all work performed by the Vendor.',
        '"Business Day" means a day other than a weekend.\n\n'
        '"«Business Day»" shall mean a day on which banks in London are open.',
    ),
    passes=(
        '"Services" means the hosting services in Exhibit A.\n\n"Fees" means the amounts in Exhibit B.',
        '"Services" means the hosting services in Exhibit A.\n\n"Services" means the hosting services in Exhibit A.',
    ),
)
