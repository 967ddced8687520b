"""Findings as plain records: the fields every machine-readable format shares."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..document import Document, Suppression
from ..finding import Finding
from ..lint import FileResult


def finding_record(finding: Finding, document: Document | None) -> dict[str, Any]:
    line = column = None
    location: dict[str, int] = {}
    if finding.start is not None and document is not None:
        line, column = document.line_col(finding.start)
        location = document.location(finding.start)
    record: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "hint": finding.hint,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "excerpt": finding.excerpt,
        "source": finding.source,
        "score": finding.score,
    }
    if location:
        record["location"] = location
    if finding.element is not None:
        record["element"] = finding.element
    if finding.section is not None:
        record["section"] = finding.section
    return record


def suppression_record(suppression: Suppression) -> dict[str, Any]:
    return {"line": suppression.line, "column": suppression.column, "codes": list(suppression.codes)}


def summary(results: list[FileResult]) -> dict[str, Any]:
    findings = [f for r in results for f in r.findings]
    return {
        "files": len(results),
        "findings": len(findings),
        "errors": sum(1 for r in results if r.error),
        "by_category": dict(sorted(Counter(f.category for f in findings).items())),
        "by_severity": dict(sorted(Counter(f.severity.label for f in findings).items())),
    }
