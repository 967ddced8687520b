"""What a rule is: metadata, documentation, examples and one check function.

A rule module defines `RULE = Rule(...)` and a `check(unit)` generator yielding `Hit`s; the
engine in `lint.py` turns hits into `Finding`s.  Span rules (the default) see one parsed block at
a time (`Unit`); document rules (`scope="document"`) see the whole parsed document once
(`DocumentUnit`) and may report spans anywhere or findings with no span at all.  The module
docstring (What it flags / Why it matters / How to fix) is what `contractlint explain CODE` prints.

A firing example marks the words each finding must point at with «guillemets»:
`"Defects shall be corrected «in a timely manner»."`; `unmark` strips them before the example is
linted or shown.  Findings with no span (MS01, KP01) leave their examples unmarked.

Rules read a parsed document (`parse.py`) and the analyses below it (structure, terms,
references, deliverables); none imports `lint`, the classifier or an output format (the import
contracts in pyproject.toml hold that).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..finding import CATEGORIES, Severity
from ..parse import ParsedDocument

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..document import Block, Document
    from .patterns import PatternSet

PROFILES = ("sow", "proposal", "agreement", "other")  # other: attachments and forms (no document-level checks)
MARKS = ("«", "»")  # around the excerpt a firing example's finding must report
_MARKED = re.compile("«([^«»]+)»")


@dataclass(frozen=True)
class Hit:
    """A rule's verdict: a span of a parsed block (or None for a document-level finding) and a
    one-line message specific to the words.  Document rules also say which block the span is
    in, and for missing elements which element is missing."""

    span: Span | None
    message: str
    block: Block | None = None  # document rules: the block whose parse `span` belongs to
    element: str | None = None  # document-level findings: what is missing


@dataclass(frozen=True)
class Unit:
    """One parsed block, as a span rule sees it."""

    block: Block
    doc: Doc
    document: Document
    profile: str
    patterns: PatternSet | None = None  # the rule's term list, with config additions/removals applied
    section: tuple[str, ...] = ()  # titles of the enclosing headings, outermost first

    def check_hits(self, rule: Rule) -> Iterator[Hit]:
        """Run a span rule on this block, attaching the block to each hit for offset mapping."""
        for hit in rule.check(self):  # type: ignore[arg-type]
            yield hit if hit.block is not None else replace(hit, block=self.block)


@dataclass(frozen=True)
class DocumentUnit(ParsedDocument):
    """A whole parsed document, as a document-level rule sees it: the parse, plus the rule's term list."""

    patterns: PatternSet | None = None

    @classmethod
    def of(cls, parsed: ParsedDocument, patterns: PatternSet | None) -> DocumentUnit:
        return cls(parsed.document, parsed.parsed, parsed.outline, parsed.profile, patterns)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    summary: str
    hint: str
    doc: str
    fires: tuple[str, ...]  # each with its expected excerpts «marked» (see `unmark`)
    passes: tuple[str, ...]
    check: Callable[[Unit], Iterable[Hit]] | Callable[[DocumentUnit], Iterable[Hit]]
    patterns: str | None = None  # file name under rules/patterns/
    headings: bool = False  # also check headings and table headers
    opt_in: bool = False  # runs only when selected by its exact code (noisy on some document types)
    scope: str = "span"  # "span": check(Unit) per block; "document": check(DocumentUnit) once
    profiles: tuple[str, ...] = PROFILES

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.code}: unknown category {self.category!r}")


def unmark(example: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A firing example's text without its «marks», and the (start, end) of each marked excerpt in it."""
    pieces = _MARKED.split(example)  # unmarked, marked, unmarked, ...: marked pieces at odd indexes
    if any(mark in piece for piece in pieces for mark in MARKS):
        raise ValueError(f"unbalanced, nested or empty {MARKS[0]} {MARKS[1]} in example: {example!r}")
    text = ""
    spans: list[tuple[int, int]] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            spans.append((len(text), len(text) + len(piece)))
        text += piece
    return text, tuple(spans)


def make_rule(module_name: str, *, check: Callable[[Unit], Iterator[Hit]], **fields: object) -> Rule:
    """Build a Rule whose documentation is its module's docstring."""
    import sys

    doc = inspect.cleandoc(sys.modules[module_name].__doc__ or "")
    return Rule(doc=doc, check=check, **fields)  # type: ignore[arg-type]
