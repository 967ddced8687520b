"""What a rule is: metadata, documentation, examples and one check function.

A rule module defines `RULE = Rule(...)` and a `check(unit)` generator yielding `Hit`s; the
engine in `lint.py` turns hits into `Finding`s.  The module docstring (What it flags / Why it
matters / How to fix) is what `contractlint explain CODE` prints.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..finding import CATEGORIES, Severity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..document import Block, Document
    from .patterns import PatternSet

PROFILES = ("sow", "proposal", "agreement")


@dataclass(frozen=True)
class Hit:
    """A rule's verdict on a span of a parsed block; the message is one line, specific to the words."""

    span: Span
    message: str


@dataclass(frozen=True)
class Unit:
    """One parsed block, as a span rule sees it."""

    block: Block
    doc: Doc
    document: Document
    profile: str
    patterns: PatternSet | None = None  # the rule's term list, with config additions/removals applied
    section: tuple[str, ...] = ()  # titles of the enclosing headings, outermost first


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    summary: str
    hint: str
    doc: str
    fires: tuple[str, ...]
    passes: tuple[str, ...]
    check: Callable[[Unit], Iterable[Hit]]
    patterns: str | None = None  # file name under rules/patterns/
    headings: bool = False  # also check headings and table headers
    opt_in: bool = False  # runs only when selected by its exact code (noisy on some document types)
    profiles: tuple[str, ...] = PROFILES
    options: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.code}: unknown category {self.category!r}")


def make_rule(module_name: str, *, check: Callable[[Unit], Iterator[Hit]], **fields: object) -> Rule:
    """Build a Rule whose documentation is its module's docstring."""
    import sys

    doc = inspect.cleandoc(sys.modules[module_name].__doc__ or "")
    return Rule(doc=doc, check=check, **fields)  # type: ignore[arg-type]
