"""Reviewed Word documents: the input with a review comment on the exact words of each finding.

Lawyers read findings where they already work: in Word's review pane.  For a .docx input the
output is a copy of the file in which only run boundaries move — a run is cut where a finding
starts or ends, both halves keeping its `w:rPr` — and `w:commentRangeStart`/`End` markers plus a
comment-reference run are added, so text and formatting are otherwise untouched.  A .md or .txt
input becomes a new .docx with one paragraph per block (headings and list items styled as such).

Offsets lead back to paragraphs through the .docx loader's own walk (`paragraph_lines`), so a
finding at `Document.text[start:end]` is anchored on exactly those characters.  Document-level
findings (a missing section, no KPI) are commented on the first paragraph with text.
"""

from __future__ import annotations

import bisect
import copy
import io
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from .document import Block, Document
from .finding import Finding
from .limits import Limits
from .lint import FileResult
from .loaders.docx import check_archive, paragraph_lines, visible_runs
from .loaders.errors import Budget, LoadError

AUTHOR = "contractlint"
INITIALS = "CL"
ANNOTATABLE = frozenset({"docx", "md", "txt"})

_RPR = qn("w:rPr")
_T = qn("w:t")
# Run content with a text equivalent: the elements python-docx's `CT_R.text` (and so the loader) reads.
_TEXT_TAGS = frozenset(qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:ptab"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Line = tuple[int, etree._Element]  # (offset in Document.text where the paragraph's line starts, w:p)


class AnnotateError(ValueError):
    """The input cannot be annotated (wrong format, or it changed while being read)."""


def comment_text(finding: Finding) -> str:
    return f"{finding.code} {finding.name}: {finding.message} — Fix: {finding.hint}"


def annotate(result: FileResult, limits: Limits | None = None) -> bytes:
    """The reviewed .docx for one linted file, as bytes; `limits` as the file was loaded with."""
    document = result.document
    if document is None or document.format not in ANNOTATABLE:
        kind = document.format if document else "unreadable"
        raise AnnotateError(f"cannot annotate a {kind} file (annotate reads .docx, .md and .txt)")
    if document.format == "docx":
        word, lines = _open_copy(document, limits or Limits())
    else:
        word, lines = _new_word(document)
    _add_comments(word, lines, result.findings)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _open_copy(document: Document, limits: Limits) -> tuple[docx.document.Document, list[Line]]:
    assert document.path is not None
    data = document.path.read_bytes()
    try:  # the file is read again: it must pass the same checks as when it was linted
        check_archive(data, limits, Budget(limits.max_extraction_seconds))
    except LoadError as exc:
        raise AnnotateError(f"{document.display_path}: {exc}") from None
    word = docx.Document(io.BytesIO(data))
    lines = paragraph_lines(word)
    if "\n".join(_line_text(p) for _, p in lines) != document.text:
        raise AnnotateError(f"{document.display_path}: the file changed while it was being linted")
    return word, lines


_STYLES = {"list-item": "List Bullet"}


def _new_word(document: Document) -> tuple[docx.document.Document, list[Line]]:
    """A new .docx with one paragraph per block, each holding the block's source text verbatim."""
    word = docx.Document()
    lines: list[Line] = []
    for block in document.blocks:
        paragraph = word.add_paragraph(style=_style(block))
        paragraph.add_run(_xml_safe(document.text[block.start : block.end]))
        lines.append((block.start, paragraph._p))
    if not lines:
        lines.append((0, word.add_paragraph()._p))
    return word, lines


def _style(block: Block) -> str | None:
    if block.kind == "heading":
        return f"Heading {min(block.level, 9)}"
    return _STYLES.get(block.kind)


def _xml_safe(text: str) -> str:
    """One character for one, so offsets hold: controls XML cannot carry (and the '\\r' python-docx
    would turn into a second line break) become spaces."""
    return "".join(" " if (c < " " and c not in "\t\n") else c for c in text)


def _add_comments(word: docx.document.Document, lines: Sequence[Line], findings: Sequence[Finding]) -> None:
    """One comment per finding, in the findings' order (so Word lists them as the report does)."""
    starts = [start for start, _ in lines]
    line_of = {f: bisect.bisect_right(starts, f.start) - 1 for f in findings if f.start is not None}
    cuts: dict[int, set[int]] = defaultdict(set)
    for finding, index in line_of.items():
        cuts[index].update((finding.start - starts[index], finding.end - starts[index]))  # type: ignore[operator]
    placed = {}
    for index, at in cuts.items():
        _split_runs(lines[index][1], at)
        placed[index] = _placed_runs(lines[index][1])
    first = next((i for i, (_, p) in enumerate(lines) if _line_text(p).strip()), 0)
    for finding in findings:
        index = line_of.get(finding, first)
        p = lines[index][1]
        if finding.start is None or finding.end is None:
            covered = [r for r, a, b in _placed_runs(p) if a < b] or [_empty_run(p)]
        else:
            start, end = finding.start - starts[index], finding.end - starts[index]
            covered = [r for r, a, b in placed[index] if start <= a and b <= end and a < b]
        _comment(word, p, covered, finding)


def _comment(word: docx.document.Document, p: etree._Element, runs: list[etree._Element], finding: Finding) -> None:
    paragraph = Paragraph(p, word._body)  # the proxies only carry the elements to python-docx
    word.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)], comment_text(finding), AUTHOR, INITIALS)


def _line_text(p: etree._Element) -> str:
    return "".join(r.text for r in visible_runs(p))


def _placed_runs(p: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """Each visible run with the [start, end) of its text within the paragraph's line."""
    placed, pos = [], 0
    for r in visible_runs(p):
        length = len(r.text)
        placed.append((r, pos, pos + length))
        pos += length
    return placed


def _split_runs(p: etree._Element, cuts: Iterable[int]) -> None:
    """Cut runs so that every position in `cuts` falls on a run boundary."""
    for cut in sorted(cuts, reverse=True):
        for r, a, b in _placed_runs(p):
            if a < cut < b:
                right = copy.deepcopy(r)  # the copy carries the run's w:rPr, so formatting is kept
                r.addnext(right)
                _keep(r, 0, cut - a)
                _keep(right, cut - a)
                break


def _keep(r: etree._Element, lo: int, hi: int | None = None) -> None:
    """Remove a run's content outside [lo, hi) of its text; text-less content (a field character,
    a drawing) stays with the side its position falls on, so nothing is duplicated."""
    hi = sys.maxsize if hi is None else hi
    pos = 0
    for child in list(r):
        if child.tag == _RPR:
            continue
        length = len(str(child)) if child.tag in _TEXT_TAGS else 0
        a, b = pos, pos + length
        pos = b
        if length == 0:
            if not lo <= a < hi:
                r.remove(child)
        elif b <= lo or a >= hi:
            r.remove(child)
        elif a < lo or b > hi:  # only a w:t is longer than one character, so only it straddles a cut
            child.text = str(child)[max(lo, a) - a : min(hi, b) - a]
            child.set(_XML_SPACE, "preserve")


def _empty_run(p: etree._Element) -> etree._Element:
    """A run with no text at the start of `p`, for a comment on a paragraph that has none."""
    r = p.makeelement(qn("w:r"), {})
    p_pr = p.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(r)
    else:
        p.insert(0, r)
    return r
