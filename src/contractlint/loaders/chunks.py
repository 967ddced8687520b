"""Long blocks cut into bounded pieces, so that no paragraph can exhaust memory or time.

spaCy's parser needs memory in proportion to the text it is given at once (about 1.1 GB for a
single 400,000-character block with en_core_web_sm; lint.py parses blocks 64 at a time), and some
rules look at a whole sentence for each candidate, so their time grows with the square of a
sentence's length.  A file can hold megabytes without a blank line or a full stop.  A block longer
than `MAX_BLOCK_CHARS` is cut after the last sentence end in the second half of the window, else at
the last space, else at the limit itself.  Each piece keeps its slice of the offset map, so offsets
stay exact.

The limit is above almost every real paragraph: 25 of the 8,945 blocks of the team's 41 real
documents are longer, and cutting those at 3,000 characters changes no rule finding (at 2,000 one
finding more appears).  A 1 MiB single-line file lints in about half the time and 40% of the peak
memory it needs at 10,000 (fuzz/large_input.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Block

MAX_BLOCK_CHARS = 3_000
# A sentence end: punctuation, optional closing quotes/brackets, then the space the cut goes after.
_SENTENCE_END = re.compile(r"[.!?;:][\"')\]]* ")


def split_long_blocks(blocks: list[Block], limit: int = MAX_BLOCK_CHARS) -> list[Block]:
    if all(len(block.text) <= limit for block in blocks):
        return blocks
    return [piece for block in blocks for piece in _pieces(block, limit)]


def _pieces(block: Block, limit: int) -> Iterator[Block]:
    text = block.text
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start, start + limit)
        yield _slice(block, start, cut)
        start = cut
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        yield _slice(block, start, len(text))


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the piece text[start:...]: within its second half, preferably after a sentence."""
    floor = start + (end - start) // 2
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, end)]
    if sentence_ends:
        return sentence_ends[-1] - 1  # before the space, which the next piece skips
    space = text.rfind(" ", floor, end)
    return space if space > start else end


def _slice(block: Block, start: int, end: int) -> Block:
    while end > start and block.text[end - 1] == " ":
        end -= 1
    return Block(block.kind, block.text[start:end], block.offsets[start:end], block.level, block.location)
