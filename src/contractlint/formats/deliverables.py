"""Renderers for `contractlint deliverables`: a table for people, JSON and CSV for tools.

Pure functions from extraction results to a string.  Every format marks what the document leaves
unstated the same way: the field is empty (text: "—") and `gaps` names it.  CSV is written for Excel
(`spreadsheet.py`: a BOM, no cell that runs as a formula).
"""

from __future__ import annotations

import io
import json
from typing import Any

from ..deliverables import Deliverable, DeliverablesResult
from .spreadsheet import to_csv

GAP_LABELS = {"owner": "no owner", "due": "no date", "acceptance": "no acceptance"}
COLUMNS = ("path", "name", "owner", "due", "acceptance", "gaps", "source", "section", "line", "start", "end")
_MISSING = "—"
_TEXT_WIDTH = 160
_ACCEPTANCE_CHARS = 90


def gap_text(item: Deliverable) -> str:
    return " / ".join(GAP_LABELS[g] for g in item.gaps)


def record(item: Deliverable, result: DeliverablesResult) -> dict[str, Any]:
    line = result.document.line_col(item.start)[0] if result.document is not None else None
    return {
        "path": result.path,
        "name": item.name,
        "owner": item.owner,
        "due": item.due,
        "acceptance": item.acceptance,
        "acceptance_scope": item.acceptance_scope,
        "gaps": list(item.gaps),
        "source": item.source,
        "section": item.section,
        "line": line,
        "start": item.start,
        "end": item.end,
    }


def render_json(results: list[DeliverablesResult]) -> str:
    files = [
        {
            "path": r.path,
            "profile": r.profile,
            "error": r.error,
            "deliverables": [record(d, r) for d in r.deliverables],
        }
        for r in results
    ]
    return json.dumps(files, indent=2, ensure_ascii=False) + "\n"


def render_csv(results: list[DeliverablesResult]) -> str:
    import pandas as pd

    rows = [record(d, r) for r in results for d in r.deliverables]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["gaps"] = frame["gaps"].map(lambda gaps: ";".join(gaps), na_action="ignore")
    return to_csv(frame)


def render_text(results: list[DeliverablesResult], *, width: int = _TEXT_WIDTH) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, soft_wrap=False, emoji=False, highlight=False)
    for result in results:
        if result.error:
            console.print(f"{result.path}: error: {result.error}", markup=False)
            continue
        count = len(result.deliverables)
        gaps = sum(1 for d in result.deliverables if d.gaps)
        title = f"{result.path} ({result.profile}): {count} deliverable{'s' if count != 1 else ''}, {gaps} with gaps"
        console.print(title, markup=False)
        if not count:
            console.print("  no deliverables found (no deliverables table, list or milestone)\n", markup=False)
            continue
        table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False)
        table.add_column("Line", justify="right", no_wrap=True)
        table.add_column("Deliverable", ratio=3)
        table.add_column("Owner", ratio=1)
        table.add_column("Due", ratio=2)
        table.add_column("Acceptance", ratio=3)
        table.add_column("Gaps", no_wrap=True)
        for item in result.deliverables:
            line = result.document.line_col(item.start)[0] if result.document is not None else ""
            owner, due = item.owner or _MISSING, item.due or _MISSING
            cells = (str(line), item.name, owner, due, _acceptance(item), gap_text(item))
            table.add_row(*(Text(cell) for cell in cells))  # Text: '[insert date]' is words, not rich markup
        console.print(table)
    return out.getvalue()


def _acceptance(item: Deliverable) -> str:
    if item.acceptance is None:
        return _MISSING
    text = " ".join(item.acceptance.split())
    if len(text) > _ACCEPTANCE_CHARS:
        text = text[: _ACCEPTANCE_CHARS - 1] + "…"
    return f"(all deliverables) {text}" if item.acceptance_scope == "document" else text
