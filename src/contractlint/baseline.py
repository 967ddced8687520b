"""Baselines: adopt contractlint on documents that already have findings, and fail only on new ones.

`check --write-baseline FILE` records every current finding; `check --baseline FILE` then drops
each finding the baseline accounts for.  A finding is fingerprinted by its rule code, its excerpt
and the sentence around it (case and whitespace normalised), never by offsets, so inserting or
rewriting text elsewhere in the document leaves the match intact, while rewording the flagged
sentence itself makes it a new finding.  Fingerprints are counted: a document with the same
problem sentence twice needs two entries, so a third copy is reported.

Paths are stored relative to the baseline file, so the baseline works from any directory.  The
file is JSON meant to be reviewed in a diff: one readable entry per finding.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .digest import ReportDocument
from .document import _CHAR_NORMAL
from .finding import Finding
from .lint import FileResult

VERSION = 1

Fingerprint = tuple[str, str, str, str]  # (path, code, excerpt, sentence context)


class BaselineError(ValueError):
    """The baseline file cannot be read; the message names the file and the reason."""


@dataclass(frozen=True)
class Outcome:
    """Results with baselined findings removed, and how the baseline was used."""

    results: list[FileResult]
    matched: int  # findings the baseline accounted for
    stale: int  # baseline entries nothing matched any more (fixed, or their sentence was reworded)


def fingerprint(finding: Finding, document: ReportDocument | None, path: str) -> Fingerprint:
    if not finding.is_span or document is None:
        return (path, finding.code, _normal(finding.element or finding.message), "")
    return (path, finding.code, _normal(finding.excerpt or ""), _normal(_sentence(document, finding.start or 0)))


def _normal(text: str) -> str:
    return " ".join(text.translate(_CHAR_NORMAL).split()).casefold()


def _sentence(document: ReportDocument, offset: int) -> str:
    """The sentence of the finding's block that holds `offset` (the block itself if it has one)."""
    return document.block_sentence(offset)


def _path_key(result: FileResult, base: Path) -> str:
    document = result.document
    if document is None or document.path is None:
        return result.path
    return Path(os.path.relpath(document.path.resolve(), base.resolve())).as_posix()


def _fingerprints(result: FileResult, base: Path) -> list[Fingerprint]:
    key = _path_key(result, base)
    return [fingerprint(f, result.document, key) for f in result.findings]


def render(results: Iterable[FileResult], baseline: Path) -> str:
    """The baseline file recording every finding of `results`."""
    names = ("path", "code", "excerpt", "context")
    entries = [dict(zip(names, fp, strict=True)) for r in results for fp in _fingerprints(r, baseline.parent)]
    return json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def load(baseline: Path) -> Counter[Fingerprint]:
    try:
        data = json.loads(baseline.read_text("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{baseline}: cannot read baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{baseline}: not a contractlint baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f"{baseline}: not a contractlint baseline file (expected version {VERSION})")
    try:
        return Counter((e["path"], e["code"], e["excerpt"], e["context"]) for e in data["findings"])
    except (KeyError, TypeError) as exc:
        raise BaselineError(f"{baseline}: malformed baseline entry ({exc!r})") from None


def apply(results: list[FileResult], known: Counter[Fingerprint], baseline: Path) -> Outcome:
    """Drop the findings the baseline accounts for, one entry per finding."""
    remaining = Counter(known)
    kept_results = []
    for result in results:
        kept = []
        for finding, fp in zip(result.findings, _fingerprints(result, baseline.parent), strict=True):
            if remaining[fp] > 0:
                remaining[fp] -= 1
            else:
                kept.append(finding)
        kept_results.append(replace(result, findings=kept))
    linted = {_path_key(r, baseline.parent) for r in results}
    matched = sum(known.values()) - sum(remaining.values())
    return Outcome(kept_results, matched, sum(n for fp, n in remaining.items() if fp[0] in linted))
