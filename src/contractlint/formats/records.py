"""Findings as plain records: the fields every machine-readable format shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..deliverables import DeliverablesResult
from ..digest import ReportDocument
from ..document import Suppression
from ..finding import Finding
from ..lint import FileResult
from ..paths import Skipped


def finding_record(finding: Finding, document: ReportDocument | None) -> dict[str, Any]:
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
    if finding.context is not None:
        record["context"] = finding.context
    if finding.also:
        record["also"] = also_records(finding)
    if finding.party is not None:
        record["party"] = finding.party
    if finding.favours is not None:
        record["favours"] = finding.favours
    return record


def side_of(results: Sequence[FileResult]) -> str:
    """The reader's side the run took (`--side`); every file of a run shares it."""
    return next((r.side for r in results), "neutral")


def parties_record(result: FileResult) -> dict[str, list[str]] | None:
    return result.parties.as_record() if result.parties is not None else None


def also_records(finding: Finding) -> list[dict[str, str]]:
    """The other findings merged into this one (merge.py): what each said, nothing lost."""
    return [{"code": r.code, "category": r.category, "message": r.message} for r in finding.also]


def sentence(finding: Finding, document: ReportDocument | None) -> str | None:
    """The sentence(s) holding the finding's excerpt, from `Document.text` with whitespace collapsed."""
    if finding.start is None or finding.end is None or document is None:
        return None
    return document.sentence_text(finding.start, finding.end)


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


def skipped_record(skipped: Skipped) -> dict[str, str]:
    return {"path": str(skipped.path), "reason": skipped.reason}


def totals_phrase(results: list[FileResult]) -> str:
    """'17 findings (8 errors, 1 info, 8 warnings) in 2 files': the text summary and the `-o` note."""
    totals = summary(results)
    parts = [plural(totals["findings"], "finding")]
    parts += [plural(n, label) if label != "info" else f"{n} info" for label, n in totals["by_severity"].items()]
    text = f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]
    return f"{text} in {plural(totals['files'], 'file')}"


def notes(results: Sequence[FileResult | DeliverablesResult], skipped: Sequence[Skipped]) -> list[str]:
    """What else a reader must know about a run: files that could not be read or were skipped."""
    found = []
    if errors := sum(1 for r in results if r.error):
        found.append(f"{plural(errors, 'file')} could not be read")
    if skipped:
        found.append(f"{plural(len(skipped), 'file')} skipped (unsupported type)")
    return found


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
