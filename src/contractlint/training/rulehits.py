"""The rules' own verdicts on each unit, from the real rule engine, as `check` would give them.

Training is a face: it runs the whole linter (`lint.lint_document`) over its corpus to compute the
rule columns of the feature matrix.  At check time `lint` hands the rule findings to the scorer
instead (`model/check.py`): scoring never lints again.

A unit whose source document is at hand is judged inside that document (one lint run per
document, findings mapped to units by overlap — exactly how `../shared/tools/score_spans.py`
counts them, so "rules only" here is the scorer's number).  Units without a source document
(the project's corpora, CLAUDETTE, the texts given to `score_texts`) are linted as one plain-text
pseudo-document per group: units joined by blank lines, so the pipeline runs once per group.

Each unit's hits are a set holding the categories and the rule codes of the findings on it, and the
profile (sow, proposal, agreement, other) its document was linted with.  The rules
run without the classifier (`Config(model=False)`): its own findings are never its features.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..config import Config
from ..finding import SPAN_CATEGORIES, Finding
from ..lint import lint_document
from ..loaders import load, load_text
from ..model.features import hit_names
from ..rules import REGISTRY
from ..rules.base import PROFILES

SEPARATOR = "\n\n"


def hits_in_document(path: Path, spans: Sequence[tuple[int, int]]) -> list[frozenset[str]]:
    """Lint one source document; the categories and codes of findings overlapping each span."""
    result = lint_document(load(path), Config(model=False))
    findings = [f for f in result.findings if f.is_span]
    return [_overlapping(findings, start, end, result.profile or "") for start, end in spans]


def hits_in_texts(texts: Sequence[str]) -> list[frozenset[str]]:
    """Lint the texts as one plain-text document (one paragraph each); hits per text."""
    if not texts:
        return []
    spans: list[tuple[int, int]] = []
    pieces: list[str] = []
    at = 0
    for text in texts:
        # A newline inside a unit would split it into blocks or paragraphs; a space keeps offsets.
        flat = text.replace("\r", " ").replace("\n", " ")
        spans.append((at, at + len(flat)))
        pieces.append(flat)
        at += len(flat) + len(SEPARATOR)
    document = load_text(SEPARATOR.join(pieces), markdown=False, name="<units>")
    result = lint_document(document, Config(model=False))
    findings = [f for f in result.findings if f.is_span]
    return [_overlapping(findings, start, end, result.profile or "") for start, end in spans]


def hits_by_group(groups: Sequence[str], texts: Sequence[str]) -> list[frozenset[str]]:
    """`hits_in_texts` once per group (document) of units, results in input order."""
    members: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        members[group].append(index)
    result: list[frozenset[str]] = [frozenset()] * len(texts)
    for indices in members.values():
        for index, hits in zip(indices, hits_in_texts([texts[i] for i in indices]), strict=True):
            result[index] = hits
    return result


def _overlapping(findings: Sequence[Finding], start: int, end: int, profile: str) -> frozenset[str]:
    hit = [f for f in findings if f.start is not None and f.end is not None and f.start < end and f.end > start]
    return hit_names(hit, profile)


def rule_columns() -> tuple[str, ...]:
    """The names `hit_names` can give a unit, in the classifier's column order: categories, span
    rule codes, and the document's profile.  Stored in the artifact, so scoring never needs the
    registry to know them."""
    codes = sorted(r.code for r in REGISTRY if r.scope == "span")
    return (*SPAN_CATEGORIES, *codes, *(f"profile={p}" for p in PROFILES))
