"""pandoc's simple, multiline and grid tables in Markdown read as tables, exactly as pipe tables are:
the same table-header/table-cell blocks and row/cell locations, exact offsets, deliverables found,
sections intact; anything that is not quite such a table stays prose, and hostile input loads."""

from __future__ import annotations

import dataclasses
import json
import string
from itertools import pairwise
from pathlib import Path

import pytest
from fuzz import targets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractlint.config import Config
from contractlint.deliverables import Deliverable, extract_deliverables
from contractlint.document import Block, Document
from contractlint.lint import parse_document
from contractlint.loaders import load, load_text

from .conftest import assert_exact_offsets, excerpts, lint, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
SIMPLE, GRID, MULTILINE = (FIXTURES / f"pandoc_{name}_sow.md" for name in ("simple", "grid", "multiline"))
RULES = Config(model=False)


def _cells(document: Document) -> list[tuple[str, str, int, int, int]]:
    """(kind, text, table, row, cell) of every table block."""
    return [
        (b.kind, b.text, *(dict(b.location)[k] for k in ("table", "row", "cell")))
        for b in document.blocks
        if b.kind in ("table-header", "table-cell")
    ]


def _line_pieces(document: Document, block: Block) -> list[str]:
    """The source text under a block, line by line: what a cell's offsets cover on each line."""
    text = document.text
    offsets = [at for char, at in zip(block.text, block.offsets, strict=True) if char != " "]
    pieces, start = [], offsets[0]
    for prev, cur in pairwise(offsets):
        if "\n" in text[prev:cur]:
            pieces.append(text[start : prev + 1])
            start = cur
    pieces.append(text[start : offsets[-1] + 1])
    return pieces


def _extract(document: Document) -> list[Deliverable]:
    return extract_deliverables(parse_document(document, dataclasses.replace(RULES, profile="sow")))


# --- the three fixture forms -------------------------------------------------------------------


def test_simple_table_cells() -> None:
    document = load(SIMPLE)
    h, c = "table-header", "table-cell"
    assert _cells(document) == [
        (h, "Deliverable", 1, 1, 1), (h, "Owner", 1, 1, 2), (h, "Due date", 1, 1, 3), (h, "Acceptance", 1, 1, 4),
        (c, "Project management plan", 1, 2, 1), (c, "Contractor", 1, 2, 2), (c, "10 days after award", 1, 2, 3),
        (c, "Approved in writing by the COR", 1, 2, 4),
        (c, "Data migration report", 1, 3, 1), (c, "Contractor", 1, 3, 2), (c, "TBD", 1, 3, 3),
        (c, "Zero critical defects", 1, 3, 4),
        (c, "Operations runbook", 1, 4, 1), (c, "Contractor", 1, 4, 2), (c, "31 March 2027", 1, 4, 3),
        # the same table in a frame of rules (pandoc's multiline form, rows one line each)
        (h, "Report", 2, 1, 1), (h, "Frequency", 2, 1, 2),
        (c, "Status report", 2, 2, 1), (c, "Every Friday", 2, 2, 2),
        (c, "Performance report", 2, 3, 1), (c, "By the 5th business day of each month", 2, 3, 2),
    ]  # fmt: skip
    for block in document.blocks:  # each cell is on one line: its source is its text (TBD's "*" are outside)
        if block.kind.startswith("table"):
            assert document.text[block.start : block.end] == block.text
    assert_exact_offsets(document)


def test_grid_table_cells_span_lines_and_map_back_line_by_line() -> None:
    document = load(GRID)
    h, c = "table-header", "table-cell"
    assert _cells(document) == [
        (h, "Deliverable", 1, 1, 1), (h, "Due date", 1, 1, 2), (h, "Acceptance criteria", 1, 1, 3),
        (c, "Transition-in plan", 1, 2, 1), (c, "15 business days after award", 1, 2, 2),
        (c, "Approved in writing by the Contracting Officer", 1, 2, 3),
        (c, "Staffing roster (agents and supervisors)", 1, 3, 1), (c, "Monthly, by the 3rd business day", 1, 3, 2),
        (c, "Quality audit report", 1, 4, 1), (c, "Quarterly", 1, 4, 2),
        (c, "95% of sampled calls meet the scoring rubric", 1, 4, 3),
    ]  # fmt: skip
    pieces = {b.text: _line_pieces(document, b) for b in document.blocks if b.kind == "table-cell"}
    assert pieces["15 business days after award"] == ["15 business days after", "award"]
    assert pieces["Staffing roster (agents and supervisors)"] == ["Staffing roster", "(agents and", "supervisors)"]
    assert pieces["Quality audit report"] == ["Quality **audit", "report"]  # the closing "**" is after the last word
    transition = next(b for b in document.blocks if b.text == "Transition-in plan")
    assert document.line_col(transition.start) == (12, 3)
    assert_exact_offsets(document)


def test_multiline_table_rows_are_separated_by_blank_lines() -> None:
    document = load(MULTILINE)
    h, c = "table-header", "table-cell"
    assert _cells(document) == [
        (h, "Deliverable", 1, 1, 1), (h, "Due date", 1, 1, 2), (h, "Acceptance", 1, 1, 3),
        (c, "Audit plan", 1, 2, 1), (c, "5 business days after kickoff", 1, 2, 2),
        (c, "Approved by the Product Owner", 1, 2, 3),
        (c, "Accessibility audit report", 1, 3, 1), (c, "30 days after award", 1, 3, 2),
        (c, "Every failure cites the WCAG success criterion it breaks", 1, 3, 3),
        (c, "Remediation release", 1, 4, 1), (c, "as soon as possible", 1, 4, 2),
        (c, "No open level A or AA failures", 1, 4, 3),
    ]  # fmt: skip
    pieces = {b.text: _line_pieces(document, b) for b in document.blocks if b.kind == "table-cell"}
    assert pieces["Accessibility audit report"] == ["Accessibility audit", "report"]
    assert pieces["Every failure cites the WCAG success criterion it breaks"] == [
        "Every failure cites the WCAG",
        "success criterion it breaks",
    ]
    assert_exact_offsets(document)


@pytest.mark.parametrize("path", [SIMPLE, GRID, MULTILINE], ids=["simple", "grid", "multiline"])
def test_sections_see_the_tables_and_rules_make_no_text(path: Path) -> None:
    document = load(path)
    unit = parse_document(document, dataclasses.replace(RULES, profile="sow"))
    titles = [s.title for s in unit.outline.sections]
    assert titles[1:3] == [titles[1], "2. Deliverables"]
    assert all(t[0].isdigit() for t in titles[1:])  # no table row read as a (setext) heading
    cells = [i for i, b in enumerate(document.blocks) if b.kind.startswith("table")]
    assert {unit.outline.path(i)[-1] for i in cells} <= {"2. Deliverables", "3. Reporting"}
    for block in document.blocks:
        assert not set(block.text) <= set("-+=|: "), block  # borders and rules produce no text


def test_deliverables_come_from_each_form_with_their_due_dates() -> None:
    found = {path.name: _extract(load(path)) for path in (SIMPLE, GRID, MULTILINE)}
    rows = {name: [(d.name, d.due, d.source, d.section) for d in items] for name, items in found.items()}
    assert rows == {
        SIMPLE.name: [
            ("Project management plan", "10 days after award", "table", "2. Deliverables"),
            ("Data migration report", None, "table", "2. Deliverables"),  # TBD states no date
            ("Operations runbook", "31 March 2027", "table", "2. Deliverables"),
        ],
        GRID.name: [
            ("Transition-in plan", "15 business days after award", "table", "2. Deliverables"),
            (
                "Staffing roster (agents and supervisors)",
                "Monthly, by the 3rd business day",
                "table",
                "2. Deliverables",
            ),
            ("Quality audit report", "Quarterly", "table", "2. Deliverables"),
        ],
        MULTILINE.name: [
            ("Audit plan", "5 business days after kickoff", "table", "2. Deliverables"),
            ("Accessibility audit report", "30 days after award", "table", "2. Deliverables"),
            ("Remediation release", "as soon as possible", "table", "2. Deliverables"),
        ],
    }
    simple = found[SIMPLE.name]
    assert [(d.owner, d.acceptance) for d in simple] == [
        ("Contractor", "Approved in writing by the COR"),
        ("Contractor", "Zero critical defects"),
        ("Contractor", None),
    ]
    text = SIMPLE.read_text(encoding="utf-8")
    assert all(text[d.start : d.end] == d.name for d in simple)


def test_the_deliverables_command_reads_a_grid_table() -> None:
    result = run_cli("deliverables", "--format", "json", str(GRID))
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert [(d["name"], d["due"]) for d in entry["deliverables"]] == [
        ("Transition-in plan", "15 business days after award"),
        ("Staffing roster (agents and supervisors)", "Monthly, by the 3rd business day"),
        ("Quality audit report", "Quarterly"),
    ]


@pytest.mark.parametrize("path", [SIMPLE, GRID, MULTILINE], ids=["simple", "grid", "multiline"])
def test_findings_in_table_cells_point_at_their_words(path: Path) -> None:
    document = load(path)
    result = lint(document.text, config=RULES)
    assert_exact_offsets(result.document, result.findings)
    for finding in result.findings:
        if finding.is_span:
            assert finding.excerpt and finding.excerpt[0] not in "-+|=", finding


def test_a_finding_in_a_cell_has_its_table_location() -> None:
    result = lint(MULTILINE.read_text(encoding="utf-8"), select=("TL01",))
    assert excerpts(result, "TL01") == ["as soon as possible"]
    (finding,) = result.findings
    assert result.document.location(finding.start) == {"table": 1, "row": 4, "cell": 2}


def test_block_at_finds_the_cell_whose_lines_interleave_with_its_neighbours() -> None:
    document = load(GRID)
    for block in document.blocks:
        for offset in block.offsets:
            if document.text[offset] != " ":
                assert document.block_at(offset) is block


def test_a_directive_before_a_pandoc_table_covers_it() -> None:
    text = (
        "<!-- contractlint: ignore TL01 -->\n"
        "  Task      When\n  --------- -------------------\n  Fixes     as soon as possible\n"
    )
    result = lint(text, select=("TL01",))
    assert [b.kind for b in result.document.blocks] == ["table-header", "table-header", "table-cell", "table-cell"]
    assert result.findings == [] and result.unused_suppressions == []


def test_pandoc_and_pipe_tables_are_numbered_together() -> None:
    text = "| A | B |\n|---|---|\n| x | y |\n\n  A     B\n  ----- -----\n  x     y\n\n| C |\n|---|\n| z |\n"
    assert [(t, r, c) for _k, _t, t, r, c in _cells(load_text(text))] == [
        (1, 1, 1), (1, 1, 2), (1, 2, 1), (1, 2, 2), (2, 1, 1), (2, 1, 2), (2, 2, 1), (2, 2, 2), (3, 1, 1), (3, 2, 1),
    ]  # fmt: skip


# --- what stays as it was --------------------------------------------------------------------


NOT_TABLES = {
    "setext heading": ("Deliverables\n------------\n\nText follows.\n", ["heading", "paragraph"]),
    "thematic break": ("Before.\n\n---\n\nAfter.\n", ["paragraph", "paragraph"]),
    "front matter rules": ("---\n# Title\n---\n- item\n", ["heading", "list-item"]),
    "rule, blank, rule": ("-----\n\nIssued by the Agency.\n\n-----\n", ["paragraph"]),
    "single column, enclosed": ("-----\nItem\n-----\nPlan\n-----\n", ["heading", "heading"]),
    "fenced code": ("```\n  A     B\n  ----- -----\n  x     y\n```\n", []),
    "indented code": ("    A     B\n    ----- -----\n    x     y\n", []),
    "in a list item": ("- A     B\n  ----- -----\n  x     y\n", ["list-item", "list-item"]),
    "ragged columns": ("  Task      When\n  --------- ------\n  Monthly report due\n", ["paragraph", "paragraph"]),
    "header names one column": ("  Task\n  --------- ------\n  Fixes     today\n", ["paragraph", "paragraph"]),
    "no rows": ("  Task      When\n  --------- ------\n\nText.\n", ["paragraph", "paragraph"]),
    "tab in a row": ("  Task      When\n  --------- ------\n  Fixes\ttoday\n", ["paragraph", "paragraph"]),
    "multiline without closing rule": (
        "-----------------\n  Task      When\n  --------- ------\n  Fixes     soon\n\n  Reports   later\n",
        ["table-header", "table-header", "table-cell", "table-cell", "paragraph"],  # a simple table, as pandoc
    ),
    "grid without closing border": ("+-----+-----+\n| a   | b   |\n", ["paragraph"]),
    "grid with a misplaced pipe": ("+-----+-----+\n| a   | b   |\n| c |   d   |\n+-----+-----+\n", ["paragraph"]),
    "grid with a column span": (
        "+-----+-----+\n| a   | b   |\n+-----------+\n| wide      |\n+-----------+\n",
        ["paragraph"],
    ),
    "grid with an empty row": ("+-----+\n+-----+\n| a   |\n+-----+\n", ["paragraph"]),
    "grid followed by text": ("+-----+\n| a   |\n+-----+\nMore text.\n", ["paragraph"]),
}


@pytest.mark.parametrize("text, kinds", NOT_TABLES.values(), ids=NOT_TABLES.keys())
def test_what_is_not_a_pandoc_table_stays_as_markdown_it_reads_it(text: str, kinds: list[str]) -> None:
    document = targets.check_text(text, markdown=True)
    assert [b.kind for b in document.blocks] == kinds


def test_pipe_tables_headings_and_lists_are_unchanged() -> None:
    text = "# Plan\n\n- one\n- two\n\n| Task | When |\n|---|---|\n| Fixes | today |\n\nTitle\n-----\n\nEnd.\n"
    document = load_text(text)
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "Plan"), ("list-item", "one"), ("list-item", "two"), ("table-header", "Task"),
        ("table-header", "When"), ("table-cell", "Fixes"), ("table-cell", "today"), ("heading", "Title"),
        ("paragraph", "End."),
    ]  # fmt: skip


# --- hostile input: loads (in linear time: see the sizes), offsets exact ------------------------


HOSTILE = {
    "dash lines": "-----\n" * 5000,
    "dash groups": "----- -----\n" * 5000,
    "grid borders": "+---+\n" * 5000,
    "grid borders and blanks": "+---+\n\n" * 3000,
    "grid rows without end": "+---+---+\n" + "| a | b |\n" * 5000,
    "grid tables after headings": "+---+\n| a |\n+---+\n# h\n" * 2000,
    "frames without end": "------\nhead  x\n---- ----\n" + "a     b\n\n" * 3000,
    "headerless chain": "--- ---\nx   y\n\n" * 3000,
    "simple chain": "a   b\n--- ---\nx   y\n# h\n" * 2000,
    "wide grid": "+" + "-+" * 8000 + "\n" + "|a" * 8000 + "|\n" + "+" + "-+" * 8000 + "\n",
    "long almost-border": "+" + "-" * 200_000 + "x\n",
    "long almost-rule": "- " * 100_000 + "x\n",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_tables_load_with_exact_offsets(text: str) -> None:
    targets.check_text(text, markdown=True)


@pytest.mark.parametrize("name", ["grid rows without end", "frames without end", "simple chain"])
def test_malformed_tables_lint(name: str) -> None:
    targets.check_lint(targets.check_text(HOSTILE[name][:4000], markdown=True), RULES)


# --- property: random tables round-trip --------------------------------------------------------

# Cell words: no Markdown markup (it would be hidden from the text), no dashes (a cell of dashes is
# a rule); each line of the first column starts with a letter, so no row reads as a list item.
_word = st.text(string.ascii_letters + string.digits + ".,;:()%$/'?&", min_size=1, max_size=7)
_first_word = st.builds(str.__add__, st.sampled_from(string.ascii_letters), st.text(string.ascii_letters, max_size=5))
_line = st.lists(_word, min_size=1, max_size=3).map(" ".join)
Grid = list[list[list[str]]]  # rows of cells; a cell is its lines of text (none: empty)


@st.composite
def _table(draw: st.DrawFn, *, multiline: bool) -> tuple[Grid, list[list[str]]]:
    """Random header (every cell filled) and body rows; cells of one line, or several if multiline."""
    columns = draw(st.integers(2, 4))
    max_lines = 3 if multiline else 1

    def cell(column: int, filled: bool) -> list[str]:
        lines = draw(st.lists(_line, min_size=1 if filled else 0, max_size=max_lines))
        if column == 0:
            lines = [draw(_first_word) + " " + line for line in lines]
        return lines

    header = [cell(c, True) for c in range(columns)]
    body = [[cell(c, c == 0) for c in range(columns)] for _ in range(draw(st.integers(1, 4)))]
    return [header, *body], [[" ".join(lines) for lines in row] for row in [header, *body]]


class _Writer:
    """Writes table lines and remembers where each cell line's text was put."""

    def __init__(self, prefix: str) -> None:
        self.text = prefix
        self.placed: dict[tuple[int, int], list[tuple[int, str]]] = {}

    def line(self, parts: list[tuple[str, tuple[int, int] | None, int]], end: str = "\n") -> None:
        """parts: (text, (row, column) or None, width to pad to)."""
        for text, where, width in parts:
            if where is not None and text:
                self.placed.setdefault(where, []).append((len(self.text), text))
            self.text += text.ljust(width)
        self.text = self.text.rstrip(" ") + end


def _write_grid(rows: Grid, widths: list[int], out: _Writer) -> None:
    def border(fill: str) -> None:
        out.line([("+" + "+".join(fill * (w + 2) for w in widths) + "+", None, 0)])

    border("-")
    for r, row in enumerate(rows):
        for k in range(max(1, *(len(cell) for cell in row))):
            parts: list[tuple[str, tuple[int, int] | None, int]] = [("|", None, 0)]
            for c, (cell, width) in enumerate(zip(row, widths, strict=True)):
                parts += [(" ", None, 1), (cell[k] if k < len(cell) else "", (r, c), width), (" |", None, 2)]
            out.line(parts)
        border("=" if r == 0 else "-")


def _write_aligned(rows: Grid, widths: list[int], out: _Writer, *, framed: bool, blank_rows: bool) -> None:
    """A simple table (framed or not) or, with blank lines between rows, a multiline table."""
    rule = "  " + " ".join("-" * w for w in widths)
    frame = "  " + "-" * (sum(widths) + len(widths) - 1)
    if framed:
        out.line([(frame, None, 0)])
    for r, row in enumerate(rows):
        if r == 1:
            out.line([(rule, None, 0)])
        if r > 1 and blank_rows:
            out.line([("", None, 0)])
        for k in range(max(1, *(len(cell) for cell in row))):
            parts: list[tuple[str, tuple[int, int] | None, int]] = [("  ", None, 2)]
            for c, (cell, width) in enumerate(zip(row, widths, strict=True)):
                parts += [(cell[k] if k < len(cell) else "", (r, c), width), (" ", None, 1)]
            out.line(parts)
    if blank_rows and len(rows) == 2:
        out.line([("", None, 0)])  # pandoc's writer, too, marks a single multiline row so
    if framed:
        out.line([(frame, None, 0)])


FORMS = st.sampled_from(["grid", "simple", "framed simple", "multiline"])
PROPERTY = settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _written(form: str, data: st.DataObject) -> tuple[_Writer, list[list[str]]]:
    """A short document around a random table of the form; the writer knows where each cell went."""
    rows, texts = data.draw(_table(multiline=form in ("grid", "multiline")))
    widths = [max(len(line) for row in rows for line in row[c] or [""]) or 1 for c in range(len(rows[0]))]
    out = _Writer("# Deliverables\n\n")
    if form == "grid":
        _write_grid(rows, widths, out)
    else:
        _write_aligned(rows, widths, out, framed=form != "simple", blank_rows=form == "multiline")
    out.line([("", None, 0)])
    out.line([("The Contractor shall deliver each item.", None, 0)])
    return out, texts


@PROPERTY
@given(FORMS, st.data())
def test_random_tables_round_trip(form: str, data: st.DataObject) -> None:
    out, texts = _written(form, data)
    document = targets.check_text(out.text, markdown=True)
    expected = [
        ("table-header" if r == 0 else "table-cell", text, r + 1, c + 1)
        for r, row in enumerate(texts)
        for c, text in enumerate(row)
        if text
    ]
    assert [(kind, text, row, cell) for kind, text, _t, row, cell in _cells(document)] == expected, out.text
    cells = [b for b in document.blocks if b.kind.startswith("table")]
    for block, (_kind, _text, r, c) in zip(cells, expected, strict=True):
        placed = out.placed[(r - 1, c - 1)]
        assert _line_pieces(document, block) == [text for _at, text in placed]
        assert block.start == placed[0][0] and block.end == placed[-1][0] + len(placed[-1][1])
    assert [b.kind for b in document.blocks][-1] == "paragraph"


@PROPERTY
@given(FORMS, st.data())
def test_damaged_tables_load_with_exact_offsets(form: str, data: st.DataObject) -> None:
    """A table with characters cut, doubled or replaced by table syntax: a table or prose, never an
    exception, and every block maps back exactly."""
    text = _written(form, data)[0].text
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        middle = data.draw(st.sampled_from(["", text[at : at + cut] * 2, "-", "+", "|", "=", " ", "\t", "\n", "\r\n"]))
        text = text[:at] + middle + text[at + cut :]
    targets.check_text(text, markdown=True)
