"""Plain-text loader: paragraphs split on blank lines, list items and heading lines recognised.

Offsets are into the decoded file text.  A line holding only `contractlint: ignore CODE...`
suppresses those codes in the next paragraph.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from ..document import Block, Document, Suppression
from ..limits import Limits
from .encoding import decode
from .errors import Budget, check_characters, too_much_text

# "a)", "(iv)", "1.", "2.3", "3.2.1", "-", "*", "•" at the start of a line open a new block.
ITEM_START = re.compile(r"\s*(?:[-*•▪◦·]|\(?(?:[a-z]|[ivx]{1,5}|\d{1,3})\)|(?:\d{1,3}\.)+\d{0,3})\s+\S")
_NUMBERED_HEADING = re.compile(
    r"\s*(?:(?:section|article)\s+)?(\d{1,3}(?:\.\d{1,3})*)\.?\s+[A-Z][^.;:]{0,70}[.:]?\s*$", re.IGNORECASE
)
_DIRECTIVE = re.compile(r"^\s*contractlint:\s*ignore\b(?P<codes>[^\n]*)$", re.IGNORECASE)


def load(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    return from_text(decode_within(data, limits), path=path, display_path=str(path))


def decode_within(data: bytes, limits: Limits) -> str:
    """The decoded text, refused before any parsing when it is over `limits.max-characters` (and
    before decoding when the byte count alone proves it: no character takes more than 4 bytes)."""
    if len(data) > 4 * limits.max_characters + 4:
        raise too_much_text(len(data), limits.max_characters, at_least=True)
    text = decode(data)
    check_characters(len(text), limits.max_characters)
    return text


def from_text(text: str, *, path: Path | None, display_path: str) -> Document:
    blocks: list[Block] = []
    suppressions: list[Suppression] = []
    pending: list[tuple[int, int, tuple[str, ...]]] = []  # directives waiting for their paragraph
    line_number = LineNumbers(text)
    for paragraph in _paragraphs(text):
        # Directive lines open a paragraph, alone or directly above the lines they cover.
        while paragraph and (directive := _DIRECTIVE.match(paragraph[0][1])):
            at = paragraph[0][0]
            pending.append((at, line_number(at), parse_codes(directive["codes"])))
            paragraph = paragraph[1:]
        if not paragraph:
            continue
        start, end = paragraph[0][0], paragraph[-1][0] + len(paragraph[-1][1])
        for _at, line_no, codes in pending:
            suppressions.append(Suppression(line_no, 1, codes, start, end))
        pending.clear()
        blocks.extend(_blocks_of(paragraph))
    for at, line_no, codes in pending:  # a directive at the end of the file covers nothing
        suppressions.append(Suppression(line_no, 1, codes, at, at))
    return Document(path, display_path, "txt", text, blocks, suppressions=suppressions)


def parse_codes(raw: str) -> tuple[str, ...]:
    return tuple(c.upper() for c in re.split(r"[\s,]+", raw.strip()) if c)


class LineNumbers:
    """1-based line number of an offset (lines end at "\\n"), by bisection over line starts found once:
    counting newlines per directive would be quadratic in a file of thousands of directives."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def __call__(self, offset: int) -> int:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in re.finditer("\n", self._text))]
        return bisect.bisect_right(self._starts, offset)


def _paragraphs(text: str) -> list[list[tuple[int, str]]]:
    """Group (offset, line) pairs into runs separated by blank lines."""
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            current.append((pos, body))
        elif current:
            groups.append(current)
            current = []
        pos += len(line)
    if current:
        groups.append(current)
    return groups


def _blocks_of(paragraph: list[tuple[int, str]]) -> list[Block]:
    """Split a paragraph where a line opens a list item or is a heading of its own."""
    blocks: list[Block] = []
    run: list[tuple[int, str]] = []
    kind = "paragraph"

    def flush() -> None:
        if run:
            # Each line's own break goes in too, so "as soon\nas possible" reads "as soon as possible".
            pieces = [piece for at, line in run for piece in ((line, at), ("\n", at + len(line)))]
            block = Block.from_pieces(kind, pieces)  # type: ignore[arg-type]
            if block:
                blocks.append(block)

    for at, line in paragraph:
        heading_level = heading_level_of(line) if len(paragraph) == 1 or not run else 0
        if heading_level:
            flush()
            run, kind = [], "heading"
            block = Block.from_pieces("heading", [(line, at)], level=heading_level)
            if block:
                blocks.append(block)
            continue
        if ITEM_START.match(line) or not run:
            flush()
            run, kind = [], ("list-item" if ITEM_START.match(line) else "paragraph")
        run.append((at, line))
    flush()
    return blocks


def heading_level_of(line: str) -> int:
    """1+ when a line reads as a heading: short ALL-CAPS text, or a short numbered title."""
    stripped = line.strip()
    if len(stripped) > 90:  # before split(): a line can be megabytes long
        return 0
    words = stripped.split()
    if not words or len(words) > 12:
        return 0
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters) and not stripped.endswith((",", ";")):
        return 1
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered and len(words) <= 8 and _is_title(words[1:]):
        return numbered[1].count(".") + 1
    return 0


_MINOR_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def _is_title(words: list[str]) -> bool:
    """Title-case words ("Payment Terms", "Scope of Work") rather than a sentence."""
    content = [w for w in words if w.lower() not in _MINOR_WORDS and w[:1].isalpha()]
    return bool(content) and all(w[0].isupper() for w in content)
