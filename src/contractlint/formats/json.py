"""JSON output: the stable contract (version 1) that reports and external checks depend on.

Keys are only ever added within a version (`skipped` was), never renamed or removed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..lint import FileResult
from ..paths import Skipped
from .records import finding_record, parties_record, side_of, skipped_record, summary, suppression_record

VERSION = 1


def render(results: list[FileResult], *, skipped: Sequence[Skipped] = ()) -> str:
    files = [
        {
            "path": r.path,
            "profile": r.profile,
            "parties": parties_record(r),
            "error": r.error,
            "findings": [finding_record(f, r.document) for f in r.findings],
            "unused_suppressions": [suppression_record(s) for s in r.unused_suppressions],
        }
        for r in results
    ]
    report = {
        "version": VERSION,
        "side": side_of(results),
        "files": files,
        "skipped": [skipped_record(s) for s in skipped],
        "summary": summary(results),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
