"""CSV: the DataFrame of `to_dataframe`, one row per finding, for spreadsheets and BI tools.

Written for Excel (`spreadsheet.py`): UTF-8 with a BOM, and no cell that would run as a formula.
Files skipped in folders are not rows (a row is a finding); the command lists them on stderr.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lint import FileResult
from ..paths import Skipped
from .dataframe import to_dataframe
from .spreadsheet import to_csv


def render(results: list[FileResult], *, skipped: Sequence[Skipped] = ()) -> str:
    return to_csv(to_dataframe(results))
