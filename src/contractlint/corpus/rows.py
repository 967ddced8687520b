"""One file's rows for the corpus dataset: a row per finding, and one row for the document.

The per-file job (`CORPUS`) runs in the shared run loop (`lint.run_file`), in a `--jobs` process or
on a Dask worker: it lints the file as `check` does and turns the result into plain rows there, so
what travels back is small, picklable and free of spaCy objects.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import Cache
from ..config import Config
from ..document import Document
from ..finding import CATEGORIES, Severity
from ..formats.records import finding_record
from ..lint import FileResult, PerFile, lint_document

Row = dict[str, object]
WEIGHTS = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}  # for the risk score


def category_column(category: str) -> str:
    return category.replace("-", "_")


@dataclass
class FileRows:
    """What one file adds to the dataset.  `take()` hands the rows over once, so a run over 10,000
    files does not keep every finding in memory until the run loop returns."""

    document: Row
    findings: list[Row] = field(default_factory=list)

    def take(self) -> tuple[Row, list[Row]]:
        findings, self.findings = self.findings, []
        return self.document, findings


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _corpus_run(document: Document, config: Config, nlp: object, cache: Cache | None) -> FileRows:
    result = lint_document(document, config, nlp, cache)
    return rows_of(result, document, sha256_of(Path(document.path)) if document.path else None)


def _corpus_failed(path: str, error: str) -> FileRows:
    return FileRows(document_row(path, sha256_of(Path(path)), None, None, error, []))


CORPUS: PerFile[FileRows] = PerFile(_corpus_run, _corpus_failed)


def rows_of(result: FileResult, document: Document, sha256: str | None) -> FileRows:
    words = len(document.text.split())
    findings = []
    for finding in result.findings:
        record = finding_record(finding, document)
        flat = {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
            for key, value in record.items()
        }
        findings.append({"path": result.path, "sha256": sha256, "profile": result.profile, **flat})
    row = document_row(result.path, sha256, words, result.profile, None, result.findings)
    return FileRows(row, findings)


def document_row(
    path: str, sha256: str | None, words: int | None, profile: str | None, error: str | None, findings: list
) -> Row:  # type: ignore[type-arg]
    """path, sha256, words, profile, error; counts per severity and per category; a risk summary:
    severity-weighted findings per 1,000 words, and the required sections that are missing."""
    row: Row = {"path": path, "sha256": sha256, "words": words, "profile": profile, "error": error}
    row["findings"] = len(findings)
    for severity in Severity:
        row[f"{severity.label}s"] = sum(1 for f in findings if f.severity is severity)
    for category in CATEGORIES:
        row[category_column(category)] = sum(1 for f in findings if f.category == category)
    weighted = sum(WEIGHTS[f.severity] for f in findings)
    row["risk_score"] = round(1000 * weighted / words, 3) if words else None
    row["missing_sections"] = ",".join(f.element for f in findings if f.code == "MS01" and f.element)
    return row
