"""PDF loader: text per page via pypdf, split into paragraphs, list items and headings.

`Document.text` is the extracted text of every page joined by "\\n\\f\\n"; `page_starts` records
where each page begins, so `Document.location()` reports the page.  Running headers and footers
(lines that recur at the top or bottom of most pages) and bare page numbers stay in the text but
in no block, so they are never analysed.  A word hyphenated across a line end is joined in the
block text while its offsets still point at the real characters.

pypdf's default extraction emits no blank line between paragraphs, so blocks are also split where a
line ends a sentence and the next opens a list item or reads as a heading.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pypdf import PasswordType, PdfReader
from pypdf.errors import LimitReachedError

from ..document import Block, BlockKind, Document
from ..limits import Limits
from .errors import Budget, LoadError, over_limit, short_reason, too_much_text
from .text import ITEM_START, heading_level_of

T = TypeVar("T")

PAGE_SEPARATOR = "\n\f\n"
_EDGE_LINES = 2  # how many non-empty lines at the top and bottom of a page may be header/footer
_HEADER_SCAN_BYTES = 1024  # the PDF spec allows junk before %PDF; readers look this far

_PAGE_NUMBER = re.compile(r"\s*(?:page\s+)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?\s*(?:(?:of|/)\s*\d{1,4})?\s*", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"(?:[.:;]|[;,]\s+(?:and|or))\s*$")  # "(a) ...; and" ends an item too
_BULLET = re.compile(r"\s*[•▪◦·]\s")  # glyphs that never start a wrapped line of prose
_HYPHEN_END = re.compile(r"[^\W\d_][-\u00ad\u2010]$")  # a letter, then a hyphen, at the line end

Line = tuple[int, str]  # (offset in Document.text, line without its newline)


def load(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    if b"%PDF" not in data[:_HEADER_SCAN_BYTES]:
        raise LoadError("not a PDF file (no %PDF header)")
    with _quiet_pypdf():
        pages = _page_texts(data, limits, budget)
    if not any(page.strip() for page in pages):
        raise LoadError("no extractable text (scanned PDF? run OCR first)")
    page_starts = _page_starts(pages)
    page_lines = [_lines(page, start) for page, start in zip(pages, page_starts, strict=True)]
    repeated = _repeated_edge_lines(page_lines)
    blocks = [block for lines in page_lines for block in _page_blocks(lines, repeated)]
    return Document(path, str(path), "pdf", PAGE_SEPARATOR.join(pages), blocks, page_starts=page_starts)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf while it reads: it logs (at warning and error level, with multi-line messages) and
    warns about every flaw it works around, which the user cannot act on.  A flaw it cannot work
    around is an exception, and so the file's one-line error."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(previous)


def _page_texts(data: bytes, limits: Limits, budget: Budget) -> list[str]:
    reader = _pypdf(lambda: PdfReader(io.BytesIO(data)))
    _decrypt(reader)
    count = _pypdf(lambda: len(reader.pages))
    if count > limits.max_pdf_pages:
        raise over_limit(f"PDF has {count:,} pages", f"{limits.max_pdf_pages:,}-page", "max_pdf_pages")
    texts: list[str] = []
    length = 0
    for index in range(count):  # one page at a time: the limits stop a huge file part-way
        budget.check()
        texts.append(_pypdf(lambda i=index: reader.pages[i].extract_text()) or "")
        length += len(texts[-1]) + len(PAGE_SEPARATOR)
        if length > limits.max_characters + len(PAGE_SEPARATOR):
            raise too_much_text(length, limits.max_characters, at_least=True)
    return texts


def _pypdf(call: Callable[[], T]) -> T:
    """One call into pypdf, whose failures on a damaged file become the file's one-line error.  Only
    the library's calls are guarded: a bug in our own code is an internal error, not a "corrupt PDF"."""
    try:
        return call()
    except LimitReachedError as exc:  # pypdf's own caps on decompressed streams, cmaps, page trees
        raise LoadError(f"refusing PDF: {short_reason(exc)} (decompression bomb?)") from None
    except Exception as exc:
        raise LoadError(f"corrupt PDF: {short_reason(exc)}") from None


def _decrypt(reader: PdfReader) -> None:
    """Many PDFs are 'encrypted' only to set permissions, with an empty user password: open those."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:
        opened = False
    if not opened:
        raise LoadError("encrypted PDF; remove the password first")


def _page_starts(pages: list[str]) -> list[int]:
    starts: list[int] = []
    pos = 0
    for page in pages:
        starts.append(pos)
        pos += len(page) + len(PAGE_SEPARATOR)
    return starts


def _lines(page: str, start: int) -> list[Line]:
    lines: list[Line] = []
    pos = start
    for line in page.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    return lines


def _edge_indices(lines: list[Line]) -> set[int]:
    """Indices of the first and last few non-empty lines: where running headers and footers sit."""
    filled = [i for i, (_, line) in enumerate(lines) if line.strip()]
    return set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])


def _line_key(line: str) -> str:
    """Page-independent form of a line: "Page 3 of 10" and "Page 4 of 10" compare equal."""
    return " ".join(re.sub(r"\d+", "#", line).split())


def _repeated_edge_lines(page_lines: list[list[Line]]) -> frozenset[str]:
    """Keys of short edge lines found on at least half the pages of a file of three or more pages.

    Two pages are too little evidence: a repeated sentence there is more likely content than a
    running header (bare page numbers are dropped regardless).  Long lines and lines ending in a
    hyphen are prose, never headers."""
    if len(page_lines) < 3:
        return frozenset()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update({_line_key(lines[i][1]) for i in _edge_indices(lines) if _may_be_running_head(lines[i][1])})
    needed = max(2, (len(page_lines) + 1) // 2)
    return frozenset(key for key, n in counts.items() if n >= needed)


def _may_be_running_head(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= 12 and not stripped.endswith("-")


def _page_blocks(lines: list[Line], repeated: frozenset[str]) -> Iterator[Block]:
    edges = _edge_indices(lines)
    for run in _runs(lines, edges, repeated):
        for kind, level, part in _split(run):
            block = Block.from_pieces(kind, _pieces(part), level=level)
            if block:
                yield block


def _runs(lines: list[Line], edges: set[int], repeated: frozenset[str]) -> Iterator[list[Line]]:
    """Runs of lines between blank lines; a dropped header/footer line also ends a run."""
    run: list[Line] = []
    for i, (at, line) in enumerate(lines):
        dropped = i in edges and (_line_key(line) in repeated or bool(_PAGE_NUMBER.fullmatch(line)))
        if dropped or not line.strip():
            if run:
                yield run
            run = []
        else:
            run.append((at, line))
    if run:
        yield run


def _split(run: list[Line]) -> Iterator[tuple[BlockKind, int, list[Line]]]:
    """Cut a run where a heading or a list item begins after a line that ends a sentence."""
    part: list[Line] = []
    for at, line in run:
        after_sentence = not part or bool(_ENDS_SENTENCE.search(part[-1][1]))
        level = heading_level_of(line) if after_sentence else 0
        opens_item = bool(_BULLET.match(line)) or (after_sentence and bool(ITEM_START.match(line)))
        if part and (level or opens_item):
            yield _kind(part), 0, part
            part = []
        if level:
            yield "heading", level, [(at, line)]
        else:
            part.append((at, line))
    if part:
        yield _kind(part), 0, part


def _kind(part: list[Line]) -> BlockKind:
    return "list-item" if ITEM_START.match(part[0][1]) else "paragraph"


def _pieces(part: list[Line]) -> list[tuple[str, int]]:
    """Source pieces of a block: a line-end hyphen before a lowercase letter is skipped with its
    newline, so "require-\\nments" reads "requirements"; other line breaks read as spaces."""
    pieces: list[tuple[str, int]] = []
    for i, (at, line) in enumerate(part):
        lead = len(line) - len(line.lstrip())
        body = line[lead:].rstrip()
        following = part[i + 1][1].lstrip() if i + 1 < len(part) else ""
        if _HYPHEN_END.search(body) and following[:1].islower():
            pieces.append((body[:-1], at + lead))
        else:
            pieces.append((body + "\n", at + lead))
    return pieces
