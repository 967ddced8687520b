"""Document structure, built once per document: the outline of sections and the table of contents.

Rules use it to say which section a finding is in, to skip tables of contents, and (for the
document-level rules) to look for what a document never says.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .document import Block, Document

_TOC_TITLE = re.compile(r"^\s*(?:table of contents|contents)\s*$", re.IGNORECASE)
# "3.2 Deliverables ........ 14" or "Deliverables 14": a table-of-contents entry.
_TOC_ENTRY = re.compile(r"^(?:[\w.]+\s+)?[A-Z][^.]{0,80}?(?:\s*\.{3,}\s*|\s+)\d{1,3}$")


@dataclass(frozen=True)
class Section:
    """A heading and the stretch of text it governs (until the next heading of its level or above)."""

    title: str
    level: int
    block_index: int  # index of the heading block in Document.blocks
    start: int  # offset of the heading in Document.text
    end: int  # offset where the section ends


@dataclass
class Outline:
    sections: list[Section]
    toc_blocks: frozenset[int] = frozenset()  # block indices inside a table of contents
    _paths: list[tuple[str, ...]] = field(default_factory=list, repr=False)

    def path(self, block_index: int) -> tuple[str, ...]:
        """Titles of the sections enclosing a block, outermost first."""
        return self._paths[block_index] if block_index < len(self._paths) else ()

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing an offset."""
        starts = [s.start for s in self.sections]
        i = bisect.bisect_right(starts, offset) - 1
        while i >= 0:
            if self.sections[i].start <= offset < self.sections[i].end:
                return self.sections[i]
            i -= 1
        return None


def build_outline(document: Document) -> Outline:
    blocks = document.blocks
    sections: list[Section] = []
    open_sections: list[tuple[int, int, str, int]] = []  # (level, block index, title, start)
    paths: list[tuple[str, ...]] = []

    def close(until_level: int, at: int) -> None:
        while open_sections and open_sections[-1][0] >= until_level:
            level, index, title, start = open_sections.pop()
            sections.append(Section(title, level, index, start, at))

    for index, block in enumerate(blocks):
        if block.kind == "heading":
            level = block.level or 1
            close(level, block.start)
            open_sections.append((level, index, block.text, block.start))
        paths.append(tuple(title for _, _, title, _ in open_sections))
    close(0, len(document.text))
    sections.sort(key=lambda s: (s.start, s.level))
    return Outline(sections, _toc_blocks(blocks), paths)


def _toc_blocks(blocks: list[Block]) -> frozenset[int]:
    """Blocks under a 'Table of Contents' heading that read as TOC entries, and runs of entries."""
    toc: set[int] = set()
    in_toc = False
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            in_toc = bool(_TOC_TITLE.match(block.text))
            if in_toc:
                toc.add(index)
            continue
        if in_toc and (_TOC_ENTRY.match(block.text) or len(block.text) < 100):
            toc.add(index)
        else:
            in_toc = False
    return frozenset(toc)
