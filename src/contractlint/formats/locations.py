"""Where a finding is, as CI formats (SARIF, GitHub annotations, JUnit) spell it.

Line and column mean something only for text inputs: for .docx and .pdf they index the extracted
text, which no viewer shows, so those formats name the paragraph, table cell or page instead.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..digest import ReportDocument
from ..finding import Finding

TEXT_FORMATS = frozenset({"md", "txt"})


@dataclass(frozen=True)
class Span:
    """1-based start and end line/column; the end column is the one just past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


def artifact_path(path: str) -> str:
    """The path relative to the working directory when inside it, with forward slashes.

    CI tools match reports to files in the checkout by relative path, on every OS."""
    pure = PurePath(path)
    if pure.is_absolute():
        with contextlib.suppress(ValueError):  # outside the working directory: keep it absolute
            pure = Path(path).resolve().relative_to(Path.cwd().resolve())
    return pure.as_posix()


def is_text(document: ReportDocument | None) -> bool:
    """Whether line/column point into the file as stored (so an editor shows the right place)."""
    return document is not None and document.format in TEXT_FORMATS


def span(finding: Finding, document: ReportDocument | None) -> Span | None:
    if finding.start is None or finding.end is None or document is None:
        return None
    line, column = document.line_col(finding.start)
    end_line, end_column = document.line_col(finding.end)
    return Span(line, column, end_line, end_column)


def describe(finding: Finding, document: ReportDocument | None) -> str:
    """'paragraph 12', 'table 1, row 2, cell 3', 'page 4, paragraph 2'; empty when unknown."""
    if finding.start is None or document is None:
        return ""
    return ", ".join(f"{key} {value}" for key, value in document.location(finding.start).items())


def place(finding: Finding, document: ReportDocument | None) -> str:
    """Where a reader finds the words: `12:5` (line:column) in a text file, which editors jump to;
    `¶14`, `table 1 row 2 cell 3` or `p.3` in a .docx or PDF, as Word and PDF viewers count.
    Empty for a document-level finding in a .docx or PDF (a text file's is `1:1`, for editors)."""
    if is_text(document) or document is None:
        found = span(finding, document)
        return f"{found.line}:{found.column}" if found else "1:1"
    if finding.start is None:
        return ""
    location = document.location(finding.start)
    parts = [_PLACE.get(key, f"{key} {{}}").format(value) for key, value in location.items()]
    return " ".join(parts)


# How each `Document.location` key reads in a text report; docx paragraphs use Word's pilcrow.
_PLACE = {"page": "p.{}", "paragraph": "¶{}", "table": "table {}", "row": "row {}", "cell": "cell {}"}
