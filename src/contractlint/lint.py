"""The one place that orchestrates: documents in, parsed once, rules run, findings out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .document import Block, Document, Suppression
from .finding import Finding
from .loaders import LoadError, load
from .nlp import load_pipeline
from .profile import detect_profile
from .rules import BY_CODE, REGISTRY
from .rules.base import Rule, Unit
from .rules.patterns import compile_patterns
from .suppress import apply_suppressions

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .rules.patterns import Match, PatternSet


@dataclass
class FileResult:
    """Everything a formatter needs about one input file."""

    path: str
    document: Document | None = None
    profile: str | None = None
    profile_detected: bool = False  # chosen by --profile auto rather than set by the user
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    unused_suppressions: list[Suppression] = field(default_factory=list)


def lint_paths(paths: Iterable[Path], config: Config) -> list[FileResult]:
    """Load and lint each file; a file that cannot be loaded gets an error and the rest go on."""
    results: list[FileResult] = []
    documents: list[Document] = []
    slots: list[int] = []
    for path in paths:
        try:
            documents.append(load(path))
            slots.append(len(results))
            results.append(FileResult(str(path)))
        except LoadError as exc:
            results.append(FileResult(str(path), error=str(exc)))
    for slot, result in zip(slots, lint_documents(documents, config), strict=True):
        results[slot] = result
    return results


def lint_documents(documents: Iterable[Document], config: Config) -> Iterator[FileResult]:
    nlp = load_pipeline()
    for document in documents:
        yield lint_document(document, config, nlp)


def lint_document(document: Document, config: Config, nlp: object | None = None) -> FileResult:
    nlp = nlp or load_pipeline()
    profile = config.profile if config.profile != "auto" else detect_profile(document)
    rules = [
        r for r in REGISTRY if profile in r.profiles and config.enabled(r.code, document.display_path, opt_in=r.opt_in)
    ]
    findings: list[Finding] = []
    parsed = nlp.pipe((b.text for b in document.blocks), batch_size=64)  # type: ignore[attr-defined]
    outline = _Outline()
    for block, doc in zip(document.blocks, parsed, strict=True):
        section = outline.enter(block)
        for rule in rules:
            if block.kind in ("heading", "table-header") and not rule.headings:
                continue
            unit = Unit(block, doc, document, profile, _patterns(nlp, rule, config), section)
            findings.extend(_findings(rule, unit, config))
    findings, unused = apply_suppressions(findings, document.suppressions, [r.code for r in rules], BY_CODE)
    findings = sorted(set(findings), key=Finding.sort_key)
    return FileResult(
        document.display_path,
        document,
        profile,
        findings=findings,
        profile_detected=config.profile == "auto",
        unused_suppressions=unused,
    )


class _Outline:
    """Tracks the headings above the current block, so rules know which section they are in."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def enter(self, block: Block) -> tuple[str, ...]:
        if block.kind == "heading":
            level = block.level or 1
            while self._stack and self._stack[-1][0] >= level:
                self._stack.pop()
            self._stack.append((level, block.text))
        return tuple(title for _, title in self._stack)


def _patterns(nlp: object, rule: Rule, config: Config) -> PatternSet | _Without | None:
    if not rule.patterns:
        return None
    overrides = config.terms.get(rule.code)
    extra, removed = (overrides.extra, overrides.remove) if overrides else ((), ())
    compiled = compile_patterns(nlp, rule.patterns, extra, removed)  # type: ignore[arg-type]
    return _Without(compiled, _phrase_regex(removed)) if removed else compiled


@dataclass(frozen=True)
class _Without:
    """A term list minus the phrases the config removes: no match inside one of them is kept.

    `compile_patterns` drops removed *phrase* entries, but a word inside a token pattern
    (`"promptly"` in `{"LOWER": {"IN": [...]}}`) or a shorter entry within a removed phrase
    ("as soon as" within "as soon as possible") can only be dropped from what matched.
    """

    patterns: PatternSet
    removed: re.Pattern[str]

    def __call__(self, doc: Doc) -> list[Match]:
        spans = [m.span() for m in self.removed.finditer(doc.text)]
        return [
            m for m in self.patterns(doc) if not any(s <= m.span.start_char and m.span.end_char <= e for s, e in spans)
        ]


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, case-insensitive, across any run of whitespace."""
    words = [r"\s+".join(map(re.escape, p.split())) for p in phrases if p.split()]
    return re.compile(rf"(?<!\w)(?:{'|'.join(words) or '(?!)'})(?!\w)", re.IGNORECASE)


def _findings(rule: Rule, unit: Unit, config: Config) -> Iterator[Finding]:
    block: Block = unit.block
    severity = config.severity_of(rule.code, rule.severity)
    for hit in rule.check(unit):
        start, end = block.source_span(hit.span.start_char, hit.span.end_char)
        yield Finding(
            code=rule.code,
            name=rule.name,
            category=rule.category,
            severity=severity,
            message=hit.message,
            hint=rule.hint,
            start=start,
            end=end,
            excerpt=unit.document.text[start:end],
        )
