"""Markdown loader: headings, paragraphs, list items and table cells from markdown-it's block map.

Pipe tables come from markdown-it; pandoc's simple, multiline and grid tables, which CommonMark
reads as paragraphs and rules, are found in the source lines (`pandoc_tables.py`) and give the same
table-header and table-cell blocks.

Offsets are into the decoded file text.  Inline markup (emphasis, link targets, HTML tags) is
kept out of the parser's view through the block offset map, never by rewriting the text.
`<!-- contractlint: ignore CODE... -->` suppresses those codes in the next block element.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..document import Block, BlockKind, Document, Suppression
from ..limits import Limits
from .errors import Budget
from .pandoc_tables import Table, TableFinder
from .text import LineNumbers, decode_within, parse_codes

_DIRECTIVE = re.compile(r"<!--\s*contractlint:\s*ignore\b(?P<codes>.*?)-->", re.IGNORECASE | re.DOTALL)
# Inline markup, matched left to right; the named group (if any) is the part that is text.  Every
# scan is bounded (possessively: no backtracking), and link texts and tags stop at the next bracket
# or "<", so a line of thousands of "[", "](" or "<" costs linear time, not quadratic: hostile input
# must not stall a run.  (A link URL may hold brackets: converters nest links in link targets.)
_INLINE = re.compile(
    r"!\[[^\[\]\n]{0,1000}+\]\([^)\n]{0,2000}+\)"  # image: dropped
    r"|\[(?P<link>[^\[\]]{0,1000}+)\]\([^)\s]{0,2000}+\)"  # [text](url): keep text, which may wrap lines
    r"|\[(?P<ref>[^\[\]]{1,1000}+)\]\[[^\]\n]{0,1000}+\]"  # [text][ref]: keep text
    r"|<(?:https?://|mailto:)[^<>\s]{0,2000}+>"  # autolink: dropped
    r"|</?[A-Za-z][^<>\n]{0,1000}+>"  # HTML tag: dropped (acts as a word break)
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|<>~])"  # backslash escape: keep the character
    r"|(?P<blank>_{4,})"  # a fill-in blank is text, not emphasis
    r"|`+"  # code span fences
    r"|\*{1,3}|~~"  # emphasis / strikethrough markers
    r"|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])"  # underscore emphasis, not snake_case
)
# A line with its ending, broken where markdown-it breaks lines (\r\n, \r, \n) and nowhere else:
# str.splitlines() also breaks at \f, \x85 and \u2028, which would misalign token.map line numbers.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<title>[^*_\n]{1,80}?)(:?)\1:?\s*$")

_PARSER = MarkdownIt("commonmark").enable("table")
# A pandoc table starts where markdown-it starts a paragraph (its header line) or a thematic break
# (its top rule), and its lines must be whole top-level blocks of any kind markdown-it makes of table
# lines: paragraphs, rules, the setext heading a multiline table's last row becomes, code blocks
# (indented continuation rows), list items (rows that start "1. ").  A fence, an HTML block (a
# directive) or a pipe table among them means the author meant something else: those lines stay
# as markdown-it reads them.
_TABLE_STARTS = frozenset({"paragraph_open", "hr"})
_NOT_IN_TABLES = frozenset({"fence", "html_block", "table_open"})


def load(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    return from_text(decode_within(data, limits), path=path, display_path=str(path), budget=budget)


def from_text(text: str, *, path: Path | None, display_path: str, budget: Budget | None = None) -> Document:
    lines = _LINE.findall(text)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    walker = _Walker(text, lines, line_starts)
    tokens = _PARSER.parse(text)
    if budget is not None:
        budget.check()
    walker.walk(_with_pandoc_tables(tokens, lines, line_starts))
    walker.finish()
    return Document(path, display_path, "md", text, walker.blocks, suppressions=walker.suppressions)


class _Walker:
    """Turns markdown-it's token stream into Blocks, remembering which container each is in."""

    def __init__(self, text: str, lines: list[str], line_starts: list[int]) -> None:
        self.text, self.lines, self.line_starts = text, lines, line_starts
        self.blocks: list[Block] = []
        self.suppressions: list[Suppression] = []
        self._pending: list[tuple[int, int, tuple[str, ...]]] = []  # (line, offset, codes)
        self._row_cells: dict[int, list[tuple[int, int]]] = {}  # cell spans of the table row last read
        self._line_number = LineNumbers(text)

    def walk(self, tokens: list[Token]) -> None:
        containers: list[str] = []
        table, row, cell = 0, 0, 0
        for i, tok in enumerate(tokens):
            if tok.nesting == 1 and tok.type not in ("th_open", "td_open"):
                containers.append(tok.type)
            elif tok.nesting == -1 and tok.type not in ("th_close", "td_close"):
                containers.pop()
            if tok.level == 0 and tok.map and tok.nesting != -1:
                self._attach_pending(tok)
            if tok.type == "html_block":
                self._directives(tok)
            elif tok.type == "table_open":
                table, row = table + 1, 0
            elif tok.type == "pandoc_table":
                table += 1
                self._pandoc_table(tok.meta["table"], table)
            elif tok.type == "tr_open":
                row, cell = row + 1, 0
            elif tok.type == "inline" and tok.map:
                parent = tokens[i - 1].type
                if parent in ("th_open", "td_open"):
                    cell += 1
                    kind: BlockKind = "table-header" if parent == "th_open" else "table-cell"
                    where = (("table", table), ("row", row), ("cell", cell))
                    self._cell(tok, kind, where, cell)
                else:
                    heading_level = int(tokens[i - 1].tag[1:]) if parent == "heading_open" else 0
                    self._inline(tok, heading_level, containers)

    def _attach_pending(self, tok: Token) -> None:
        if not self._pending or tok.type == "html_block":
            return
        start = self.line_starts[tok.map[0]]
        end = self.line_starts[min(tok.map[1], len(self.lines))]
        for line_no, _at, codes in self._pending:
            self.suppressions.append(Suppression(line_no, 1, codes, start, end))
        self._pending.clear()

    def finish(self) -> None:
        """Directives with no block after them cover nothing; keep them so they are reported unused."""
        for line_no, at, codes in self._pending:
            self.suppressions.append(Suppression(line_no, 1, codes, at, at))
        self._pending.clear()

    def _directives(self, tok: Token) -> None:
        start = self.line_starts[tok.map[0]]
        end = self.line_starts[min(tok.map[1], len(self.lines))]
        for match in _DIRECTIVE.finditer(self.text, start, end):
            self._pending.append((self._line_number(match.start()), match.start(), parse_codes(match["codes"])))

    def _inline(self, tok: Token, heading_level: int, containers: list[str]) -> None:
        pieces = list(self._content_pieces(tok))
        level = heading_level
        if heading_level:
            kind: BlockKind = "heading"
        elif "list_item_open" in containers:
            kind = "list-item"
        else:
            kind = "paragraph"
        if kind == "paragraph" and len(pieces) == 1 and _BOLD_LINE.match(pieces[0][0]):
            kind, level = "heading", 6  # a short bold line standing alone works as a heading
        block = Block.from_pieces(kind, _strip_inline(pieces), level=level)
        if block:
            self.blocks.append(block)

    def _content_pieces(self, tok: Token) -> Iterator[tuple[str, int]]:
        """Locate each line of the inline content inside its source line (prefixes such as
        '> ', '* ' or '## ' are what markdown-it removed)."""
        content_lines = tok.content.split("\n")
        for n, content in enumerate(content_lines):
            line_no = tok.map[0] + n
            if line_no >= len(self.lines) or not content:
                continue
            source = self.lines[line_no]
            col = source.rfind(content)
            if col < 0:
                col, content = 0, source.rstrip("\r\n")
            yield content, self.line_starts[line_no] + col

    def _cell(self, tok: Token, kind: BlockKind, where: tuple[tuple[str, int], ...], index: int) -> None:
        line_no = tok.map[0]
        source = self.lines[line_no]
        if not tok.content.strip():
            return
        # The cell's own source text, between its pipes: markdown-it's content has "\|" unescaped,
        # so it cannot be searched for in the source line.  A row's cells are found once, not per cell.
        if line_no not in self._row_cells:
            self._row_cells = {line_no: _cell_spans(source)}
        spans = self._row_cells[line_no]
        if index > len(spans):
            return
        col, end = spans[index - 1]
        self._add_cell(kind, [(source[col:end], self.line_starts[line_no] + col)], where)

    def _pandoc_table(self, table: Table, number: int) -> None:
        for cell in table.cells:
            kind: BlockKind = "table-header" if cell.header else "table-cell"
            self._add_cell(kind, list(cell.pieces), (("table", number), ("row", cell.row), ("cell", cell.column)))

    def _add_cell(self, kind: BlockKind, pieces: list[tuple[str, int]], where: tuple[tuple[str, int], ...]) -> None:
        """A cell from its source pieces (one per line it is on), inline markup hidden."""
        block = Block.from_pieces(kind, _strip_inline(pieces), location=where)
        if block:
            self.blocks.append(block)


def _with_pandoc_tables(tokens: list[Token], lines: list[str], line_starts: list[int]) -> list[Token]:
    """The token stream with each pandoc table's top-level tokens replaced by one `pandoc_table` token
    (its `meta["table"]` holds the cells), wherever markdown-it's blocks coincide with the table's lines."""
    tops = [i for i, tok in enumerate(tokens) if tok.level == 0 and tok.map and tok.nesting != -1]
    finder = TableFinder(lines, line_starts)
    out: list[Token] = []
    taken = 0  # tokens before this index are already in `out`
    for n, i in enumerate(tops):
        if i < taken or tokens[i].type not in _TABLE_STARTS:
            continue
        table = finder.at(tokens[i].map[0])
        after = _table_end(tokens, tops, n, table) if table else None
        if table is None or after is None:
            continue
        out += tokens[taken:i]
        out.append(Token("pandoc_table", "", 0, map=[table.first, table.end], meta={"table": table}))
        taken = after
    return out + tokens[taken:] if taken else tokens


def _table_end(tokens: list[Token], tops: list[int], n: int, table: Table) -> int | None:
    """Index of the first token after the table, if the table's lines are exactly whole top-level
    blocks of kinds a table can be read as; else None."""
    for j in range(n, len(tops)):  # not tops[n:]: a copy per table would make many tables quadratic
        i = tops[j]
        start, end = tokens[i].map
        if start >= table.end:
            return i
        if end > table.end or tokens[i].type in _NOT_IN_TABLES:
            return None
    return len(tokens)


def _cell_spans(row: str) -> list[tuple[int, int]]:
    """[start, end) columns of each cell of a pipe-table row, in order; an escaped pipe is cell text."""
    stripped = row.lstrip()
    pos = len(row) - len(stripped) + (1 if stripped.startswith("|") else 0)
    spans = []
    while (pipe := _next_pipe(row, pos)) >= 0:
        spans.append((pos, pipe))
        pos = pipe + 1
    spans.append((pos, max(pos, len(row.rstrip("\r\n")))))
    return spans


def _next_pipe(row: str, pos: int) -> int:
    while True:
        nxt = row.find("|", pos)
        if nxt <= 0 or row[nxt - 1] != "\\":
            return nxt
        pos = nxt + 1


def _strip_inline(pieces: list[tuple[str, int]]) -> list[tuple[str | None, int]]:
    """Replace the content lines by their text parts, dropping inline markup; tags act as word breaks.

    The lines are joined first so that a link whose text wraps onto the next line is still seen
    as one link."""
    joined = "\n".join(piece for piece, _ in pieces)
    line_starts, pos = [], 0
    for piece, _ in pieces:
        line_starts.append(pos)
        pos += len(piece) + 1
    out: list[tuple[str | None, int]] = []

    def keep(a: int, b: int) -> None:
        """Emit joined[a:b] as pieces that each stay inside one source line."""
        while a < b:
            line = bisect.bisect_right(line_starts, a) - 1
            line_end = min(b, line_starts[line] + len(pieces[line][0]))
            if a < line_end:
                out.append((joined[a:line_end], pieces[line][1] + a - line_starts[line]))
            if line_end < b:
                out.append((" ", pieces[line][1] + len(pieces[line][0])))  # the line break
            a = line_end + 1

    pos = 0
    for match in _INLINE.finditer(joined):
        keep(pos, match.start())
        kept = next((g for g in ("link", "ref", "escaped", "blank") if match[g] is not None), None)
        if kept:
            keep(match.start(kept), match.end(kept))
        elif match[0].startswith("<"):
            out.append((None, 0))
        pos = match.end()
    keep(pos, len(joined))
    return out
