"""`Document`: the text every finding points into, its structural blocks, and the offset map.

Loaders (one module per format in `loaders/`) build a `Document`.  Each `Block` carries the
normalised text the parser sees plus, for every character of it, the offset in `Document.text`
it came from.  Markup, line-wrap whitespace and PDF hyphenation are thus hidden from spaCy while
every span still maps back to the exact source characters.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Literal, overload

BlockKind = Literal["heading", "paragraph", "list-item", "table-cell", "table-header"]

# Characters normalised one-for-one so term lists need one spelling (offsets are unchanged).
_CHAR_NORMAL = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2011": "-",
        "\u2010": "-",
    }
)
# Characters dropped from the parser's view: they carry no words and confuse the tokenizer.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
# What `MappedText.add` takes at a time: characters dropped (invisible, or control characters that
# are not whitespace), a run of characters kept, or any other gap of whitespace (one space).
_DROPPED = "".join(sorted(_INVISIBLE)) + "".join(chr(c) for c in range(32) if not chr(c).isspace())
_KEPT = rf"[^\s{re.escape(_DROPPED)}]+"
# Words with single spaces between them are kept as they are, in one run: the common case by far.
_RUNS = re.compile(rf"(?P<drop>[{re.escape(_DROPPED)}]+)|(?P<word>{_KEPT}(?: {_KEPT})*)|(?P<space>\s+)")
# A sentence ends at . ! ? and a space: a rough cut needing no parser, for reports and baselines,
# which run after the parse is gone.  Baseline fingerprints depend on it: change it and they go stale.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class OffsetMap(Sequence[int]):
    """A block's offset map, `offsets[i]` = position in `Document.text` of the block's character i,
    kept as runs in which the offset steps by one: a few numbers per line of source instead of eight
    bytes per character.  A 290k-character contract's Document pickles to about a tenth of what a
    per-character array took, which is what `--jobs` sends back for every file.  A read-only sequence:
    indexing, slicing, iteration and `bisect` work as on the array it replaces."""

    __slots__ = ("_length", "_sources", "_starts")

    @classmethod
    def from_runs(cls, length: int, starts: array[int], sources: array[int]) -> OffsetMap:
        """A map from its runs as they are stored (maximal: no run continues the one before it)."""
        built = cls.__new__(cls)
        built._length, built._starts, built._sources = length, starts, sources
        return built

    def __init__(self, offsets: Iterable[int] = ()) -> None:
        self._starts = array("q")  # index in the block's text where each run begins
        self._sources = array("q")  # the offset at that index
        length, previous = 0, None
        for index, offset in enumerate(offsets):
            if previous is None or offset != previous + 1:
                self._starts.append(index)
                self._sources.append(offset)
            previous, length = offset, index + 1
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> OffsetMap: ...
    def __getitem__(self, index: int | slice) -> int | OffsetMap:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step == 1:
                return self._slice(start, max(start, stop))
            return OffsetMap(self[i] for i in range(start, stop, step))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset map index out of range")
        run = bisect.bisect_right(self._starts, index) - 1
        return self._sources[run] + index - self._starts[run]

    def _slice(self, start: int, stop: int) -> OffsetMap:
        """[start:stop] from the runs it covers, without visiting every character (long blocks are
        cut into pieces this way)."""
        if start == stop:
            return OffsetMap()
        first = bisect.bisect_right(self._starts, start) - 1
        last = bisect.bisect_left(self._starts, stop)  # runs first..last-1 overlap [start, stop)
        starts, sources = array("q", [0]), array("q", [self._sources[first] + start - self._starts[first]])
        for run in range(first + 1, last):
            starts.append(self._starts[run] - start)
            sources.append(self._sources[run])
        return OffsetMap.from_runs(stop - start, starts, sources)

    def __iter__(self) -> Iterator[int]:
        if not self._length:
            return
        ends = [*self._starts[1:], self._length]
        for start, source, end in zip(self._starts, self._sources, ends, strict=True):
            yield from range(source, source + end - start)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._length, self._starts, self._sources) == (other._length, other._starts, other._sources)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> tuple[int, bytes, bytes]:
        return self._length, self._starts.tobytes(), self._sources.tobytes()

    def __setstate__(self, state: tuple[int, bytes, bytes]) -> None:
        self._length = state[0]
        self._starts, self._sources = array("q"), array("q")
        self._starts.frombytes(state[1])
        self._sources.frombytes(state[2])


class MappedText:
    """Accumulates pieces of source text into a normalised string with a per-character offset map.

    Whitespace runs collapse to one space and leading/trailing whitespace is dropped, so
    "shall be\\n   submitted" reads as "shall be submitted" while each kept character remembers
    its source offset.  Text is taken a run at a time (a word, a gap of whitespace, characters
    dropped) and the offset map is kept as the runs of `OffsetMap`: every document goes through
    here, and a loop over characters was most of the cost of loading one.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._last_char = ""  # the last character kept ("" before any)
        self._last_offset = -2  # its offset in the source
        self._starts = array("q")  # OffsetMap runs: index in the text where each begins...
        self._sources = array("q")  # ...and the source offset there

    def _keep(self, text: str, source: int) -> None:
        """Append `text`, whose characters come from source offsets source, source + 1, ..."""
        if source != self._last_offset + 1 or not self._starts:
            self._starts.append(self._length)
            self._sources.append(source)
        self._parts.append(text)
        self._length += len(text)
        self._last_char, self._last_offset = text[-1], source + len(text) - 1

    def add(self, piece: str, source_start: int) -> None:
        for run in _RUNS.finditer(piece):
            if run.lastgroup == "word":
                self._keep(run.group().translate(_CHAR_NORMAL), source_start + run.start())
            elif run.lastgroup == "space" and self._last_char not in ("", " "):
                self._keep(" ", source_start + run.start())

    def add_separator(self) -> None:
        """A word break that is not in the source (e.g. between two table-cell lines)."""
        if self._last_char not in ("", " "):
            offset = self._last_offset
            self._keep(" ", offset)  # the previous character's offset: never continues its run
            self._last_offset = offset

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        kept = len(text.rstrip(" "))
        starts, sources = self._starts, self._sources
        while starts and starts[-1] >= kept:  # runs made only of the trailing spaces dropped
            starts.pop()
            sources.pop()
        return text[:kept], OffsetMap.from_runs(kept, starts, sources)


@dataclass(frozen=True)
class Block:
    """A structural unit: heading, paragraph, list item or table cell.  Sentences never cross blocks."""

    kind: BlockKind
    text: str  # normalised text the parser sees
    offsets: OffsetMap = field(repr=False)  # offsets[i] = position in Document.text of text[i]
    level: int = 0  # heading level (1 = top); 0 for other blocks
    location: tuple[tuple[str, int], ...] = ()  # e.g. (("paragraph", 12),) or (("table", 1), ("row", 2))

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1

    def source_span(self, char_start: int, char_end: int) -> tuple[int, int]:
        """Map a [start, end) range of `text` to a [start, end) range of `Document.text`."""
        return self.offsets[char_start], self.offsets[char_end - 1] + 1

    def sentence_bounds(self, at: int) -> tuple[int, int]:
        """[start, end) in `text` of the sentence that holds character `at`."""
        start = 0
        for boundary in _SENTENCE_END.finditer(self.text):
            if boundary.start() >= at:
                return start, boundary.start()
            start = boundary.end()
        return start, len(self.text)

    def index_of(self, offset: int) -> int:
        """The index in `text` of the first character at or after `offset` of `Document.text`."""
        return bisect.bisect_left(self.offsets, offset)

    @classmethod
    def from_pieces(
        cls,
        kind: BlockKind,
        pieces: Iterable[tuple[str, int]],
        *,
        level: int = 0,
        location: tuple[tuple[str, int], ...] = (),
    ) -> Block | None:
        """Build a block from (source piece, source offset) pairs; None when nothing readable is left."""
        mapped = MappedText()
        for piece, start in pieces:
            if piece is None:
                mapped.add_separator()
            else:
                mapped.add(piece, start)
        text, offsets = mapped.build()
        if not text:
            return None
        return cls(kind=kind, text=text, offsets=offsets, level=level, location=location)


@dataclass
class Document:
    """A loaded input: `text` is what finding offsets index into (the decoded file for .txt/.md)."""

    path: Path | None
    display_path: str
    format: str
    text: str
    blocks: list[Block]
    page_starts: list[int] = field(default_factory=list)  # PDF: offset where each page begins
    suppressions: list[Suppression] = field(default_factory=list)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        text = self.text
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        return starts

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    @cached_property
    def _line_runs(self) -> tuple[list[int], list[int], list[int]] | None:
        """Starts, ends and block indices of each block's characters line by line, sorted; None when
        no two blocks interleave.  Multi-line table cells do (pandoc grid and multiline tables): a
        cell's second line comes after the next cell's first, so block starts alone cannot say
        which cell holds an offset."""
        blocks, text = self.blocks, self.text
        if all(a.end <= b.start for a, b in pairwise(blocks)):
            return None
        runs: list[tuple[int, int, int]] = []
        for index, block in enumerate(blocks):
            offsets = block.offsets
            start = offsets[0]
            for prev, cur in pairwise(offsets):
                if cur - prev > 1 and any(text.find(nl, prev, cur) >= 0 for nl in "\r\n"):
                    runs.append((start, prev + 1, index))
                    start = cur
            runs.append((start, offsets[-1] + 1, index))
        runs.sort()
        return [r[0] for r in runs], [r[1] for r in runs], [r[2] for r in runs]

    def block_at(self, offset: int) -> Block | None:
        if self._line_runs is not None:
            starts, ends, indices = self._line_runs
            i = bisect.bisect_right(starts, offset) - 1
            if i >= 0 and offset < ends[i]:
                return self.blocks[indices[i]]
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    def sentence_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The [start, end) in `text` of the sentence(s) holding the span [start, end) of one block:
        what a reviewer reads around an excerpt.  None outside every block."""
        block = self.block_at(start)
        if block is None:
            return None
        first, _ = block.sentence_bounds(block.index_of(start))
        _, last = block.sentence_bounds(min(block.index_of(max(end - 1, start)), len(block.text) - 1))
        return block.offsets[first], block.offsets[last - 1] + 1

    def sentence_text(self, start: int, end: int) -> str | None:
        """The sentence(s) around the span [start, end), whitespace collapsed: what a spreadsheet
        row shows beside a finding."""
        bounds = self.sentence_span(start, end)
        return " ".join(self.text[bounds[0] : bounds[1]].split()) if bounds else None

    def block_sentence(self, offset: int) -> str:
        """The sentence of the block holding `offset`, as the block's text has it (baseline context)."""
        block = self.block_at(offset)
        if block is None:
            return ""
        start, end = block.sentence_bounds(block.index_of(offset))
        return block.text[start:end]

    def location(self, offset: int) -> dict[str, int]:
        """Paragraph/table/page coordinates of an offset, for formats where lines mean little."""
        where: dict[str, int] = {}
        if self.page_starts:
            where["page"] = bisect.bisect_right(self.page_starts, offset)
        block = self.block_at(offset)
        if block is not None:
            where.update(block.location)
        return where


@dataclass(frozen=True)
class Suppression:
    """An inline `contractlint: ignore CODE...` directive covering [start, end) of the text."""

    line: int
    column: int
    codes: tuple[str, ...]  # empty = every rule
    start: int
    end: int
