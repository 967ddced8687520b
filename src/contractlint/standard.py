"""Standard clause text: the passages of a document nobody negotiates, found once per document.

RFQs quote FAR and agency clauses, health-data agreements carry HIPAA business-associate terms, and
many agreements repeat the same boilerplate.  A passive duty or a hedge in such text ("must be
registered in CPARS", "if feasible") is real but not the reviewer's to fix, so `lint` gives the
findings inside it a `standard-clause` context (`apply_context`: reported as `info` by default,
`--standard-clauses hide` leaves them out, `keep` keeps their severity).  Two signals:

- **Citations**: a heading or title line that starts with a clause number ("FAR 52.217-9 Option to
  Extend the Term of the Contract (Mar 2000)", "52.212-4 Contract Terms and Conditions—Commercial
  Products", "DFARS 252.204-7012", "GSAR 552.212-4"), or that names clauses incorporated by
  reference or HIPAA / 45 CFR agreement terms, makes its section standard (a title that is a
  paragraph: from it to the end of the section it is in).  A sentence that cites a clause number,
  and a table row that starts with one (a list of clauses), is standard itself, nothing around it.
  A mere mention of HIPAA or a CFR part ("comply with HIPAA", a state requirement citing 42 CFR)
  is the document's own requirement and stays in scope.
- **Recurrence**: a sentence 80% of whose words fall in 8-word shingles that occur in at least
  three documents of a reference corpus.  Only the shingles' 64-bit hashes ship, in
  `data/standard-shingles.npy` (built by `scripts/build_shingles.py`); no reference text does.

Analysis only: `lint` applies the context after the rules, which never see it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .document import Block, Document
from .finding import STANDARD_CLAUSE, Finding, Severity
from .structure import Outline

SHINGLE_WORDS = 8
MIN_DOCUMENTS = 4  # a shingle is standard when this many reference documents hold it (scripts/build_shingles.py)
MIN_COVERAGE = 0.8  # share of a sentence's words inside known shingles that makes it standard
SHINGLES_FILE = Path(__file__).resolve().parent / "data" / "standard-shingles.npy"

# A clause number of the FAR (52.2xx-x), DFARS (252.2xx-7xxx) or GSAR (552.2xx-x); "52.232.18" is a typo seen in RFQs.
_CLAUSE = r"(?<![\d.])(?:52|252|552)\.2\d\d[-.]\d{1,4}(?![.\d]\d)"
_REGULATION = r"(?:FAR|DFARS|GSAR|AGAR|HSAR|DOSAR|EDAR|TAR|VAAR)"
_CLAUSE_CITED = re.compile(_CLAUSE)
# A title that starts with a clause citation, after an optional outline number ("7.1", "(b)").
_CLAUSE_TITLE = re.compile(
    rf"^\W*(?:(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]?\s+)?(?:{_REGULATION}\s+(?:(?:clause|provision|subpart)\s+)?)?{_CLAUSE}",
    re.IGNORECASE,
)
# Titles of clause lists, and of health-data terms written by regulation (HIPAA business associate terms).
_LIST_TITLE = re.compile(r"\b(?:clauses?|provisions?)\b.{0,60}\bincorporated\s+by\s+reference\b", re.IGNORECASE)
_HEALTH_LAW = re.compile(r"\bHIPAA\b|\bhealth\s+insurance\s+portability\b|\b\d+\s+C\.?\s?F\.?\s?R\b", re.IGNORECASE)
_TERMS = re.compile(r"\b(?:agreement|addendum|terms|clauses?)\b", re.IGNORECASE)
_TITLE_WORDS = 30  # a paragraph longer than this is body text, not a title line
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class StandardText:
    """The stretches of `Document.text` that are standard text, sorted and disjoint."""

    spans: tuple[tuple[int, int], ...] = ()

    def covers(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one standard stretch."""
        i = bisect.bisect_right(self.spans, (start, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= start and end <= self.spans[i][1]


def find_standard_text(document: Document, outline: Outline, shingles: np.ndarray | None = None) -> StandardText:
    """Standard text by citation and by recurrence; `shingles` defaults to the shipped set."""
    known = shipped_shingles() if shingles is None else shingles
    spans = [*cited_spans(document, outline), *recurring_spans(document.blocks, known)]
    return StandardText(_merged(spans))


# A blank or a wrong number in a standard clause is the document's own fill-in ("[insert the period
# of time]" in FAR 52.217-9), left undone: it keeps its severity and gets no context.
_FILL_INS = frozenset({"placeholder", "number-mismatch"})


def apply_context(findings: Iterable[Finding], standard: StandardText, mode: str = "info") -> list[Finding]:
    """Findings inside standard text get the `standard-clause` context and, by `mode`, the severity
    `info` ("info"), their own ("keep"), or are left out ("hide"); fill-ins left undone excepted."""
    out = []
    for finding in findings:
        if not _in_standard_text(finding, standard):
            out.append(finding)
        elif mode != "hide":
            severity = Severity.INFO if mode == "info" else finding.severity
            out.append(replace(finding, context=STANDARD_CLAUSE, severity=severity))
    return out


def _in_standard_text(finding: Finding, standard: StandardText) -> bool:
    if finding.category in _FILL_INS or finding.start is None or finding.end is None:
        return False
    return standard.covers(finding.start, finding.end)


# --- citations -----------------------------------------------------------------------------------


def cited_spans(document: Document, outline: Outline) -> Iterator[tuple[int, int]]:
    """Sections under a clause title, sentences that cite a clause number, rows of clause tables."""
    for section in outline.sections:
        if _is_title(section.title):
            yield section.start, section.end
    rows: dict[tuple[tuple[str, int], ...], list[Block]] = {}
    for block in document.blocks:
        if block.kind == "heading":
            continue
        if block.kind == "paragraph" and _is_title(block.text) and len(block.text.split()) <= _TITLE_WORDS:
            enclosing = outline.section_at(block.start)
            yield block.start, enclosing.end if enclosing else len(document.text)
        for start, end in _sentences(block):
            if _CLAUSE_CITED.search(block.text, start, end):
                yield block.offsets[start], block.offsets[end - 1] + 1
        if block.kind.startswith("table"):
            rows.setdefault(_row(block), []).append(block)
    for cells in rows.values():
        if any(_CLAUSE_TITLE.match(cell.text) for cell in cells):
            yield min(c.start for c in cells), max(c.end for c in cells)


def _is_title(text: str) -> bool:
    if _CLAUSE_TITLE.match(text) or _LIST_TITLE.search(text):
        return True
    return bool(_HEALTH_LAW.search(text) and _TERMS.search(text))


def _row(block: Block) -> tuple[tuple[str, int], ...]:
    return tuple((key, value) for key, value in block.location if key != "cell") or (("offset", block.start),)


# --- recurrence ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str  # case-folded
    start: int  # offsets in Document.text
    end: int


def words(blocks: Iterable[Block]) -> list[Word]:
    """The words of the blocks in reading order, as one stream: shingles run across block breaks,
    so a short list item inside a standard passage is covered like the sentences around it."""
    found = []
    for block in blocks:
        for match in _WORD.finditer(block.text):
            start, end = block.source_span(match.start(), match.end())
            found.append(Word(match.group().casefold(), start, end))
    return found


def shingle_hashes(texts: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """The 64-bit hash of each run of `size` consecutive words (blake2b: the same on every machine)."""
    count = max(len(texts) - size + 1, 0)
    values = [
        int.from_bytes(hashlib.blake2b(" ".join(texts[i : i + size]).encode(), digest_size=8).digest(), "little")
        for i in range(count)
    ]
    return np.array(values, dtype=np.uint64)


def recurring_spans(blocks: Sequence[Block], known: np.ndarray) -> Iterator[tuple[int, int]]:
    """Sentences whose words lie mostly inside shingles of the reference set."""
    # The stream of `words`, kept per block by position in the block's text: a sentence's words are
    # then a slice of its block's, found by bisection rather than by mapping each word's offsets.
    per_block = [[(m.start(), m.group().casefold()) for m in _WORD.finditer(block.text)] for block in blocks]
    stream = [text for found in per_block for _start, text in found]
    covered = _covered(shingle_hashes(stream), known, len(stream))
    first = 0  # index in the stream of the block's first word
    for block, found in zip(blocks, per_block, strict=True):
        starts = [start for start, _text in found]
        for start, end in _sentences(block):
            low, high = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            inside = high - low
            if inside and np.count_nonzero(covered[first + low : first + high]) >= MIN_COVERAGE * inside:
                yield block.offsets[start], block.offsets[end - 1] + 1
        first += len(found)


def _covered(hashes: np.ndarray, known: np.ndarray, length: int) -> np.ndarray:
    """For each word of the stream: is it inside at least one known shingle?"""
    covered = np.zeros(length, dtype=bool)
    if not len(hashes) or not len(known):
        return covered
    at = np.searchsorted(known, hashes).clip(max=len(known) - 1)
    for first in np.flatnonzero(known[at] == hashes):
        covered[first : first + SHINGLE_WORDS] = True
    return covered


def _sentences(block: Block) -> Iterator[tuple[int, int]]:
    start = 0
    for boundary in _SENTENCE_END.finditer(block.text):
        yield start, boundary.start()
        start = boundary.end()
    if start < len(block.text):
        yield start, len(block.text)


@lru_cache(maxsize=1)
def shipped_shingles() -> np.ndarray:
    """The shipped shingle hashes, sorted."""
    known = np.load(SHINGLES_FILE, allow_pickle=False)
    if known.dtype != np.uint64 or known.ndim != 1:
        raise ValueError(f"{SHINGLES_FILE}: expected a 1-d uint64 array, got {known.dtype} {known.shape}")
    return known


def _merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)
