"""JSON output: the stable contract (version 1) that reports and external checks depend on."""

from __future__ import annotations

import json

from ..lint import FileResult
from .records import finding_record, summary, suppression_record

VERSION = 1


def render(results: list[FileResult]) -> str:
    files = [
        {
            "path": r.path,
            "profile": r.profile,
            "error": r.error,
            "findings": [finding_record(f, r.document) for f in r.findings],
            "unused_suppressions": [suppression_record(s) for s in r.unused_suppressions],
        }
        for r in results
    ]
    return (
        json.dumps({"version": VERSION, "files": files, "summary": summary(results)}, indent=2, ensure_ascii=False)
        + "\n"
    )
