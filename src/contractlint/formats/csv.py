"""CSV: the DataFrame of `to_dataframe`, one row per finding, for spreadsheets and BI tools."""

from __future__ import annotations

from ..lint import FileResult
from .dataframe import to_dataframe


def render(results: list[FileResult]) -> str:
    return to_dataframe(results).to_csv(index=False, lineterminator="\n")
