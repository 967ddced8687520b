"""Pandoc's simple, multiline and grid tables, found in the source lines and cut into cells.

pandoc writes Word tables as these when a cell holds more than a pipe table can.  CommonMark (and
so markdown-it) knows only pipe tables: it reads a simple table as a paragraph, a thematic break and
another paragraph, the last row of a multiline table as a setext heading, and a grid table as one
paragraph of borders.  This module recognises those tables, with or without a header row, as
pandoc's manual describes them (https://pandoc.org/MANUAL.html#tables), and says where each cell's
text is in the source; the Markdown loader decides whether markdown-it's blocks allow a table there
and builds the Blocks.

Columns are found by position, as pandoc finds them; a line whose text crosses a column boundary,
a tab (pandoc expands tabs, so positions would not line up), a misplaced `|` or `+`, a missing
closing border or a cell spanning columns means "not a table here", and the lines stay prose.

Every scan from a candidate line stops at the next rule line (or, for a grid, at the end of the run
of lines of that grid's shape), and a grid run is scanned once, so hostile input (thousands of
lines of dashes or of `+---+`) costs time in proportion to its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

# A rule of dashes: up to three spaces of indent (more is a code block), dash groups split by spaces.
# Possessive quantifiers: a long line that almost matches fails in one pass, without backtracking.
_DASH_LINE = re.compile(r" {0,3}-++(?: ++-++)*+ *+")
_DASH_GROUP = re.compile(r"-+")
# A grid table's top border: "+---+:---:+", up to three spaces of indent.
_GRID_TOP = re.compile(r" {0,3}\+(?:[-:]++\+)++ *+")

Span = tuple[int, int | None]  # [start, end) columns of one table column in a line; None: to the end
Piece = tuple[str, int]  # (cell text on one source line, its offset in the document text)


@dataclass(frozen=True)
class Cell:
    row: int  # 1-based, header rows first
    column: int  # 1-based, counting empty cells
    header: bool
    pieces: tuple[Piece, ...]  # one per source line the cell's text is on, in order


@dataclass(frozen=True)
class Table:
    first: int  # first source line (0-based)
    end: int  # the line after the last
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class _Row:
    lines: tuple[int, ...]
    header: bool


class TableFinder:
    """Parses a pandoc table starting at a given line, if there is one.  Candidates must be asked
    for in increasing line order (the grid memo relies on it)."""

    def __init__(self, lines: Sequence[str], line_starts: Sequence[int]) -> None:
        self._lines = [line.rstrip("\r\n") for line in lines]
        self._starts = line_starts
        self._grid_scanned = 0  # lines before this were scanned as part of an earlier grid run

    def at(self, first: int) -> Table | None:
        return self._grid(first) or self._enclosed(first) or self._headerless(first) or self._simple(first)

    # --- simple, multiline and headerless tables: columns from a rule of dash groups -----------

    def _simple(self, first: int) -> Table | None:
        """Header line, dash groups under it, one row per line until a blank line (or a closing rule)."""
        lines = self._lines
        if first + 2 >= len(lines) or not self._text_line(first):
            return None
        groups = self._groups(first + 1)
        if groups is None or len(groups) < 2:
            return None
        spans = _spans(groups)
        # Unenclosed, a paragraph line over a thematic break could look like this: ask for a header
        # naming at least two columns.
        if sum(1 for a, b in spans if lines[first][a:b].strip()) < 2:
            return None
        end = first + 2
        while end < len(lines) and self._text_line(end):
            end += 1
        rows = [_Row((line,), False) for line in range(first + 2, end)]
        if end < len(lines) and self._groups(end) is not None:
            end += 1  # pandoc allows a closing rule
        if not rows or not self._blank_or_eof(end):
            return None
        return self._aligned(first, end, spans, [_Row((first,), True), *rows])

    def _enclosed(self, first: int) -> Table | None:
        """A rule, header line(s), dash groups, rows, a closing rule: pandoc's multiline table, and
        the same frame around a simple table."""
        if self._groups(first) is None or not self._text_line(first + 1):
            return None
        rule = first + 1
        while self._text_line(rule):
            rule += 1
        groups = self._groups(rule)
        if groups is None or len(groups) < 2:
            return None
        return self._framed(first, rule, groups, [_Row(tuple(range(first + 1, rule)), True)])

    def _headerless(self, first: int) -> Table | None:
        """Dash groups, rows, a closing rule: a table without a header row."""
        groups = self._groups(first)
        if groups is None or len(groups) < 2:
            return None
        return self._framed(first, first, groups, [])

    def _framed(self, first: int, rule: int, groups: list[tuple[int, int]], header: list[_Row]) -> Table | None:
        """The table whose body runs from the dash groups at `rule` to a closing rule.

        Rows separated by blank lines are multiline rows (pandoc's multiline table, whose writer
        also leaves a blank line after a single row).  With no blank line at all, each line is a
        row: a hand-made simple table in a frame.  (pandoc would read all its lines as one row; no
        author means that, and pandoc's own writer never produces it.)"""
        lines = self._lines
        if not self._text_line(rule + 1):
            return None
        close = rule + 1
        while close < len(lines) and self._groups(close) is None:
            close += 1
        if close == len(lines) or not self._blank_or_eof(close + 1):
            return None
        body = range(rule + 1, close)
        if any(self._blank(line) for line in body):
            rows = [_Row(tuple(run), False) for run in _runs(body, self._blank)]
        else:
            rows = [_Row((line,), False) for line in body]
        return self._aligned(first, close + 1, _spans(groups), [*header, *rows])

    # --- grid tables: columns from the "+" of the top border -----------------------------------

    def _grid(self, first: int) -> Table | None:
        top = self._lines[first].rstrip(" ")
        if first < self._grid_scanned or not _GRID_TOP.fullmatch(top) or "-" not in top:
            return None
        pluses = [i for i, ch in enumerate(top) if ch == "+"]
        rows: list[_Row] = []
        current: list[int] = []
        header_seen = False
        line = first + 1
        while line < len(self._lines):
            kind = self._grid_line(line, pluses)
            if kind is None:
                break
            if kind == "|":
                current.append(line)
            elif not current:
                break  # two borders in a row: an empty row, or a span pandoc 3 draws; not ours
            else:
                rows.append(_Row(tuple(current), False))
                current = []
                if kind == "=" and not header_seen:  # rows above the first "+===+" are the header
                    header_seen = True
                    rows = [_Row(r.lines, True) for r in rows]
            line += 1
        # A later candidate inside this run would find the same rows and the same end: skip it.
        self._grid_scanned = line
        if not rows or current:
            return None
        end = rows[-1].lines[-1] + 2  # the border under the last row
        spans: list[Span] = [(a + 1, b) for a, b in pairwise(pluses)]
        return self._build(first, end, spans, rows)

    def _grid_line(self, line: int, pluses: list[int]) -> str | None:
        """'|' for a row line, '-' or '=' for a border, None for anything else (or a misfit)."""
        text = self._lines[line].rstrip(" ")
        if len(text) != pluses[-1] + 1 or text[: pluses[0]].strip(" "):
            return None
        marks = {text[p] for p in pluses}
        if marks == {"|"}:
            return "|" if "\t" not in text else None
        if marks != {"+"} or text.count("+") != len(pluses):
            return None
        fill = set(text[pluses[0] :]) - {"+", ":"}
        return fill.pop() if fill in ({"-"}, {"="}) else None

    # --- lines and cells ------------------------------------------------------------------------

    def _groups(self, line: int) -> list[tuple[int, int]] | None:
        """[start, end) of each dash group if the line is a rule of dashes, else None."""
        if line >= len(self._lines) or not _DASH_LINE.fullmatch(self._lines[line]):
            return None
        return [m.span() for m in _DASH_GROUP.finditer(self._lines[line])]

    def _blank(self, line: int) -> bool:
        return not self._lines[line].strip(" \t")

    def _blank_or_eof(self, line: int) -> bool:
        return line >= len(self._lines) or self._blank(line)

    def _text_line(self, line: int) -> bool:
        return line < len(self._lines) and not self._blank(line) and self._groups(line) is None

    def _fits(self, line: int, spans: list[Span]) -> bool:
        """No tab, and no word runs across a column boundary (pandoc would cut it in two)."""
        text = self._lines[line]
        if "\t" in text:
            return False
        return all(b >= len(text) or text[b - 1] == " " or text[b] == " " for _a, b in spans if b is not None)

    def _aligned(self, first: int, end: int, spans: list[Span], rows: list[_Row]) -> Table | None:
        """A table whose columns are dash groups, unless some line does not fit them."""
        if not all(self._fits(line, spans) for row in rows for line in row.lines):
            return None
        return self._build(first, end, spans, rows)

    def _build(self, first: int, end: int, spans: list[Span], rows: list[_Row]) -> Table:
        cells = tuple(
            Cell(number, column, row.header, pieces)
            for number, row in enumerate(rows, 1)
            for column, span in enumerate(spans, 1)
            if (pieces := tuple(self._pieces(row.lines, span)))
        )
        return Table(first, end, cells)

    def _pieces(self, lines: tuple[int, ...], span: Span) -> Iterator[Piece]:
        """The cell's text on each of its lines, without the padding, with its document offset."""
        start, end = span
        for line in lines:
            segment = self._lines[line][start:end]
            text = segment.strip()
            if text:
                yield text, self._starts[line] + start + len(segment) - len(segment.lstrip())


def _spans(groups: list[tuple[int, int]]) -> list[Span]:
    """Each column runs from its dash group to the next one (pandoc's rule); the first from the
    line start, the last to the line end."""
    starts = [0] + [a for a, _ in groups[1:]]
    return [(a, b) for a, b in zip(starts, [*starts[1:], None], strict=True)]


def _runs(lines: range, blank: Callable[[int], bool]) -> Iterator[list[int]]:
    """Maximal runs of non-blank lines."""
    run: list[int] = []
    for line in lines:
        if blank(line):
            if run:
                yield run
            run = []
        else:
            run.append(line)
    if run:
        yield run
