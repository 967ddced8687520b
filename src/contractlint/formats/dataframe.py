"""Findings as a pandas DataFrame: one row per finding, the columns of the JSON finding record.

`contractlint.to_dataframe(results)` for notebooks and contract-workflow tools; the CSV format is
this frame written out.  pandas is imported only when a frame is built, so `import contractlint`
stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..lint import FileResult
from .records import finding_record, sentence

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "path", "code", "name", "category", "severity", "message", "hint", "start", "end", "line", "column",
    "excerpt", "sentence", "source", "score", "context", "section", "element",
    "page", "paragraph", "table", "row", "cell",
)  # fmt: skip
# `sentence`: the sentence around the excerpt, as the document has it (whitespace collapsed), so a
# reviewer reading a spreadsheet row needs no trip back to the document.
# `Document.location` keys, flattened into columns: .docx paragraph/table/row/cell, .pdf page.
LOCATION_FIELDS = ("page", "paragraph", "table", "row", "cell")
_INTEGERS = ("start", "end", "line", "column", *LOCATION_FIELDS)


def to_dataframe(results: FileResult | Iterable[FileResult]) -> pd.DataFrame:
    """One row per finding of every result (files that could not be read add none)."""
    import pandas as pd

    if isinstance(results, FileResult):
        results = [results]
    rows = []
    for result in results:
        for finding in result.findings:
            record = finding_record(finding, result.document)
            location = record.pop("location", {})
            where = {k: location.get(k) for k in LOCATION_FIELDS}
            rows.append({"path": result.path, **record, "sentence": sentence(finding, result.document), **where})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    # Nullable integers: a document-level finding has no line, and the rest must not turn into 12.0.
    return frame.astype({column: "Int64" for column in _INTEGERS} | {"score": "Float64"})
