"""A parsed document cut into the units a compliance matrix speaks of: sentences of paragraphs,
whole list items, and table rows (a row of cells is one line of a milestone or deliverables table).

Both sides use it: the RFP's units become requirements, the proposal's units the passages that
may answer them.  Offsets are `Document.text` offsets, as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..parse import ParsedDocument

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..document import Block

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
# Words every requirement and answer uses: naming them as "never mentioned" would tell nothing.
_GENERIC = frozenset(
    [
        "provide",
        "include",
        "ensure",
        "make",
        "use",
        "need",
        "able",
        "also",
        "well",
        "etc",
        "e.g.",
        "i.e.",
        "shall",
        "must",
        "will",
        "should",
        "may",
        "project",
        "team",
        "work",
        "contractor",
        "offeror",
        "vendor",
        "proposal",
        "proposer",
        "applicant",
        "service",
        "services",
        "tbd",
        "tba",
    ]
)


@dataclass(frozen=True)
class Unit:
    text: str  # as the parser sees it (markup hidden)
    start: int
    end: int
    kind: str  # the block kind: "paragraph", "list-item", "table-row"
    block_index: int  # the (first) block's index
    spans: tuple[Span, ...]  # the spaCy sentences (or cells) the unit is made of
    section: tuple[str, ...]  # heading path, outermost first
    label: tuple[str, ...] = ()  # a numbered table row's name from its header: ("milestone", "4")

    @property
    def tokens(self) -> Iterator[Token]:
        for span in self.spans:
            yield from span


def content_lemmas(tokens: Iterator[Token]) -> tuple[str, ...]:
    """Lower-case lemmas of the words that carry content: what retrieval compares and key terms name.
    A hyphenated compound also gives its joined form ("mock-ups" -> "mockup", "front-end" ->
    "frontend"), as writers spell it both ways."""
    out = []
    for token in tokens:
        joined = _joined(token)
        if joined:
            out.append(joined)
        if token.is_stop or token.is_punct or token.like_url or not (token.is_alpha or token.like_num):
            continue
        lemma = token.lemma_.lower()
        if (len(lemma) > 1 or token.like_num) and lemma not in _GENERIC:
            out.append(lemma)
    return tuple(out)


def _joined(token: Token) -> str | None:
    """At the hyphen of "mock-ups": the two halves as one word, if both are letters and unspaced."""
    if token.text != "-" or token.i == 0 or token.i + 1 >= len(token.doc) or token.whitespace_:
        return None
    left, right = token.doc[token.i - 1], token.doc[token.i + 1]
    if left.whitespace_ or not (left.is_alpha and right.is_alpha):
        return None
    return (left.lower_ + right.lemma_.lower()).lower()


def key_terms(tokens: Iterator[Token]) -> tuple[str, ...]:
    """The requirement's own words that an answer should echo: content nouns, verbs and adjectives."""
    seen: dict[str, None] = {}
    for token in tokens:
        joined = _joined(token)
        if joined and joined not in _GENERIC:
            seen.setdefault(joined, None)
        lemma = token.lemma_.lower()
        content = token.pos_ in _CONTENT_POS and token.is_alpha and not token.is_stop
        if content and len(lemma) > 2 and lemma not in _GENERIC:
            seen.setdefault(lemma, None)
    return tuple(seen)


def units(parsed: ParsedDocument) -> Iterator[Unit]:
    """Every unit in reading order; headings, table headers and tables of contents are not units."""
    outline = parsed.outline
    row: list[tuple[int, Doc]] = []
    row_key: tuple[int, int] | None = None
    headers: dict[int, Doc] = {}  # each table's first header cell ("Milestone No.")
    for index, (block, doc) in enumerate(parsed.parsed):
        key = _row_key(block.location) if block.kind == "table-cell" else None
        if block.kind == "table-header" and (header_key := _row_key(block.location)):
            headers.setdefault(header_key[0], doc)
        if row and key != row_key:
            yield from _table_row_or_header(row, parsed, headers)
            row = []
        row_key = key
        if index in outline.toc_blocks or block.kind in ("heading", "table-header"):
            continue
        if key is not None:
            row.append((index, doc))
            continue
        path = outline.path(index)
        if block.kind == "list-item":
            start, end = block.source_span(0, len(block.text))
            yield Unit(block.text.strip(), start, end, "list-item", index, (doc[:],), path)
            continue
        for sentence in doc.sents:
            if not sentence.text.strip():
                continue
            start, end = block.source_span(sentence.start_char, sentence.end_char)
            yield Unit(sentence.text.strip(), start, end, block.kind, index, (sentence,), path)
    if row:
        yield from _table_row_or_header(row, parsed, headers)


def _row_key(location: tuple[tuple[str, int], ...]) -> tuple[int, int] | None:
    where = dict(location)
    return (where["table"], where["row"]) if "table" in where and "row" in where else None


_HEADER_CELL_WORDS = 4


def _table_row_or_header(
    cells: list[tuple[int, Doc]], parsed: ParsedDocument, headers: dict[int, Doc]
) -> Iterator[Unit]:
    """A table's row, unless it is the table's first row and reads as column titles (short, no
    figures): Word and PDF tables do not say which row is the header, as Markdown's do."""
    first = parsed.parsed[cells[0][0]][0]
    where = dict(first.location)
    titles = all(len(doc) <= _HEADER_CELL_WORDS and not any(t.like_num for t in doc) for _, doc in cells)
    if where.get("row") == 1 and titles and where.get("table", -1) not in headers:
        headers[where.get("table", -1)] = cells[0][1]
        return
    yield _table_row(cells, parsed, headers)


def _table_row(cells: list[tuple[int, Doc]], parsed: ParsedDocument, headers: dict[int, Doc]) -> Unit:
    first, last = parsed.parsed[cells[0][0]][0], parsed.parsed[cells[-1][0]][0]
    text = " | ".join(doc.text.strip() for _, doc in cells)
    path = parsed.outline.path(cells[0][0])
    spans = tuple(doc[:] for _, doc in cells)
    return Unit(text, first.start, last.end, "table-row", cells[0][0], spans, path, _row_label(cells, first, headers))


_ROW_NUMBER = re.compile(r"^\s*([A-Z]?\d{1,3}|[A-Z])\.?\s*$")


def _row_label(cells: list[tuple[int, Doc]], first: Block, headers: dict[int, Doc]) -> tuple[str, ...]:
    """A row whose first cell is only a number is named by its column header and that number
    ("Milestone No." and "2": milestone 2), as a proposal names what answers it."""
    number = _ROW_NUMBER.match(cells[0][1].text)
    header = headers.get(dict(first.location).get("table", -1))
    if number is None or header is None:
        return ()
    return (*content_lemmas(iter(header)), number.group(1).lower())
