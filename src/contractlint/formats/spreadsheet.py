"""CSV that a spreadsheet opens safely, shared by `check --format csv` and `deliverables --format csv`.

- UTF-8 with a byte-order mark: without one Excel reads the file in the local code page, and
  "§", "é" or a curly quote in a heading turns into mojibake.
- No cell can run as a formula.  The text comes from documents written by others (a vendor's
  proposal may hold a heading `=HYPERLINK("http://...")`), so, as OWASP's CSV-injection guidance
  says, a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
  leading `'`, which spreadsheets read as "this is text".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with a leading `'` when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text with a BOM, every text cell neutralised (numbers stay numbers)."""
    from pandas.api.types import is_numeric_dtype

    safe = frame.copy()
    for column in safe.columns:
        if not is_numeric_dtype(safe[column]):  # text is `object` or `str` depending on the pandas version
            safe[column] = safe[column].map(neutralise)
    return BOM + safe.to_csv(index=False, lineterminator="\n")
