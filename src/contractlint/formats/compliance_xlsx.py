"""The compliance matrix as an Excel workbook, what evaluators work in: a Summary sheet comparing
the proposals (requirements per status), then one sheet per proposal with a row per requirement:
frozen header, filters on every column, the status cell coloured, long text wrapped.

pandas writes the cells through openpyxl; openpyxl styles them.  Text from the documents goes
through the same formula neutralising as the CSV (`spreadsheet.neutralise`): openpyxl stores a
string starting with "=" as a formula, which Excel would run.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from ..compliance import STATUSES, ComplianceReport
from .compliance import flat_rows
from .spreadsheet import neutralise

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SUMMARY_SHEET = "Summary"
SHEET_COLUMNS = (
    ("id", "ID", 16), ("section", "Section", 24), ("kind", "Kind", 12), ("requirement", "Requirement", 60),
    ("status", "Status", 11), ("score", "Score", 8), ("reason", "Reason", 60), ("missing_terms", "Never mentioned", 24),
    ("evidence", "Evidence", 70), ("evidence_sections", "Evidence section", 24), ("start", "RFP start", 10),
    ("end", "RFP end", 10), ("evidence_start", "Evidence start", 12), ("evidence_end", "Evidence end", 12),
)  # fmt: skip
# Excel's own "Good", "Neutral" and "Bad" cell style fills.
STATUS_FILLS = {"addressed": "C6EFCE", "partial": "FFEB9C", "missing": "FFC7CE"}
_WRAPPED = frozenset({"requirement", "reason", "evidence", "missing_terms", "evidence_sections", "section"})
_SHEET_NAME_CHARS = 31  # Excel's limit
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(report: ComplianceReport) -> bytes:
    import pandas as pd

    rows = flat_rows(report)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _summary(report).to_excel(writer, sheet_name=SUMMARY_SHEET, index=False)
        _style(writer.sheets[SUMMARY_SHEET], widths=[50, 12, 12, 12, 14, 40])
        names = {SUMMARY_SHEET}
        for matrix in report.proposals:
            mine = [r for r in rows if r["proposal"] == matrix.path]
            frame = pd.DataFrame(
                [{title: _cell(r[key]) for key, title, _ in SHEET_COLUMNS} for r in mine],
                columns=[title for _, title, _ in SHEET_COLUMNS],
            )
            name = sheet_name(matrix.path, names)
            frame.to_excel(writer, sheet_name=name, index=False)
            _style(writer.sheets[name], widths=[width for _, _, width in SHEET_COLUMNS], matrix=True)
    return buffer.getvalue()


def _cell(value: object) -> object:
    return None if value is None or value == "" else neutralise(value)


def _summary(report: ComplianceReport) -> object:
    import pandas as pd

    records = []
    for matrix in report.proposals:
        counts = matrix.counts()
        records.append(
            {
                "Proposal": neutralise(matrix.path),
                **{status.capitalize(): counts[status] for status in STATUSES},
                "Requirements": len(matrix.rows),
                "Error": neutralise(matrix.error) if matrix.error else None,
            }
        )
    columns = ["Proposal", *(s.capitalize() for s in STATUSES), "Requirements", "Error"]
    return pd.DataFrame(records, columns=columns)


def sheet_name(path: str, taken: set[str]) -> str:
    """The file's name as a valid, unique Excel sheet name (31 characters, no []:*?/\\)."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
    base = _BAD_SHEET_CHARS.sub("_", stem)[:_SHEET_NAME_CHARS] or "proposal"
    name, counter = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({counter})"
        name, counter = base[: _SHEET_NAME_CHARS - len(suffix)] + suffix, counter + 1
    taken.add(name)
    return name


def _style(sheet: Worksheet, widths: list[int], matrix: bool = False) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if not matrix:
        return
    keys = [key for key, _, _ in SHEET_COLUMNS]
    status_column = keys.index("status") + 1
    wrapped = {i + 1 for i, key in enumerate(keys) if key in _WRAPPED}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column in wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
        status = row[status_column - 1]
        if status.value in STATUS_FILLS:
            colour = STATUS_FILLS[str(status.value)]
            status.fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
