"""Word (.docx) loader: body paragraphs and table cells in reading order, via python-docx.

`Document.text` holds one line per paragraph (table-cell paragraphs included, empty ones as empty
lines), so a block's offsets point at its paragraph.  Headers and footers are left out: they repeat
on every page and state no requirements.  Locations are `paragraph N` for body paragraphs (every
body paragraph counts, empty or not, so N matches what a reader counts) and `table/row/cell` for
table text.

Hostile archives are refused before python-docx opens them (`check_archive`): too many members,
too much uncompressed data or a member compressed like a zip bomb (sizes as declared: zipfile
never inflates a member past its declared size), per `Limits`.  Then every XML part is scanned
for a DTD: Word never writes `<!DOCTYPE` or `<!ENTITY`, and they are all that external-entity
(XXE) and entity-expansion ("billion laughs") attacks need.  python-docx's own parser is already
built with `resolve_entities=False`, no DTD loading and no network (lxml's defaults), and libxml2
caps entity amplification; the scan makes the refusal explicit, with a clear reason, instead of
depending on those defaults.  Parts must also be in an ASCII-compatible encoding (or UTF-16), so
that a DTD cannot hide in UTF-7 or EBCDIC.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from ..document import Block, BlockKind, Document
from ..limits import Limits, describe_size
from .errors import Budget, LoadError, over_limit, short_reason, too_much_text

# Parts below this size are exempt from the ratio rule: they are harmless, and real ones can be very
# repetitive (python-docx's document.xml for an empty 300x8 table compresses 108:1).
_RATIO_EXEMPT_BYTES = 10 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTENT_TYPES = "[Content_Types].xml"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
# Encodings in which "<!DOCTYPE" is visible as ASCII bytes (UTF-16/32 once NUL bytes are dropped).
_SCANNABLE_ENCODING = re.compile(
    rb"utf-?8|utf-?(16|32)(le|be)?|ucs-?[24]|(us-)?ascii|iso[-_]?8859-\d+|latin-?\d|(windows|cp)-?125\d", re.IGNORECASE
)
_CHUNK = 1024 * 1024
# For [Content_Types].xml, read by this module itself: no entities, no DTD, no network, no huge trees.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_SHORT_BOLD_WORDS = 12
_HEADING_STYLE = re.compile(r"heading\s*(\d)?", re.IGNORECASE)

_P, _TBL, _R = qn("w:p"), qn("w:tbl"), qn("w:r")
# Block-level wrappers (content controls, custom XML) whose paragraphs are ordinary body text.
_BLOCK_WRAPPERS = frozenset(qn(t) for t in ("w:sdt", "w:sdtContent", "w:customXml"))
# Inline wrappers whose runs are visible text; w:del and w:moveFrom (deleted text) are absent on purpose.
_INLINE_WRAPPERS = frozenset(
    qn(t)
    for t in (
        "w:hyperlink",
        "w:ins",
        "w:moveTo",
        "w:smartTag",
        "w:sdt",
        "w:sdtContent",
        "w:fldSimple",
        "w:customXml",
        "w:dir",
        "w:bdo",
    )
)
_OFF_VALUES = frozenset({"0", "false", "off", "none"})

Location = tuple[tuple[str, int], ...]


def load(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    check_archive(data, limits, budget)

    def guard(end: int) -> None:  # called after each paragraph with the length of the text so far
        if end > limits.max_characters:
            raise too_much_text(end, limits.max_characters, at_least=True)
        budget.check()

    # Only python-docx's own work is guarded: a bug in the walk below is ours, and must surface as an
    # internal error (with its traceback under --debug), never be reported as a corrupt file.
    try:
        word = docx.Document(io.BytesIO(data))
        styles = _paragraph_styles(word)
    except Exception as exc:
        raise LoadError(_describe_failure(exc)) from None
    budget.check()
    builder = _Builder(styles, guard)
    builder.body(_body(word))
    return Document(path, str(path), "docx", "\n".join(builder.lines), builder.blocks)


def _body(word: docx.document.Document) -> etree._Element:
    """The `w:body` of the main part; a damaged part whose root is not `w:document`, or has no body,
    is a corrupt file rather than an empty one."""
    body = getattr(word.element, "body", None)
    if body is None:
        raise LoadError("corrupt .docx file (word/document.xml has no w:document body)")
    return body


def paragraph_lines(word: docx.document.Document) -> list[tuple[int, etree._Element]]:
    """Every paragraph that `load` gives a line of `Document.text`, with the offset where that line
    starts: the same walk, so a finding's offsets lead back to the `w:p` element its words are in."""
    builder = _Builder(_paragraph_styles(word))
    builder.body(_body(word))
    return builder.paragraphs


def visible_runs(paragraph: etree._Element) -> list[etree._Element]:
    """The runs whose text makes up a paragraph's line of `Document.text`, in order."""
    return list(_runs(paragraph))


def check_archive(data: bytes, limits: Limits, budget: Budget) -> None:
    """Reject non-zip input, legacy/encrypted Word files, zip bombs and DTDs before python-docx sees them."""
    if data.startswith(_OLE_MAGIC):
        # Password-protected .docx files are OLE containers too, so the two cannot be told apart cheaply.
        raise LoadError("encrypted or legacy .doc file (OLE compound document); save it as .docx without a password")
    if not data.startswith(b"PK"):
        raise LoadError("not a valid .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members, limits)
            for info in _xml_parts(archive, members):
                _check_xml_part(archive, info, budget)
    except LoadError:
        raise
    except RuntimeError:  # zipfile's "File is encrypted, password required for extraction"
        raise LoadError("encrypted .docx file (password-protected zip members)") from None
    except NotImplementedError:
        raise LoadError("corrupt .docx file (unsupported zip compression method)") from None
    except etree.XMLSyntaxError as exc:
        raise LoadError(_describe_failure(exc)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError):
        raise LoadError("corrupt .docx file (damaged or truncated zip archive)") from None


def _check_members(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_docx_zip_members:
        found, limit = f"refusing .docx: {len(members):,} zip members", f"{limits.max_docx_zip_members:,}-member"
        raise over_limit(found, limit, "max_docx_zip_members")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_EXEMPT_BYTES and ratio > limits.max_docx_compression_ratio:
            found = f"refusing .docx: member {info.filename!r} has compression ratio {ratio:,.0f}:1"
            limit = f"{limits.max_docx_compression_ratio:,}:1"
            raise over_limit(found, limit, "max_docx_compression_ratio", "a zip bomb?")
    total = sum(info.file_size for info in members)
    if total > limits.max_docx_uncompressed_size:
        found, limit = (
            f"refusing .docx: {describe_size(total)} uncompressed",
            describe_size(limits.max_docx_uncompressed_size),
        )
        raise over_limit(found, limit, "max_docx_uncompressed_size")
    if not any(info.filename == _CONTENT_TYPES for info in members):
        raise LoadError(f"not a valid .docx file (zip archive without {_CONTENT_TYPES})")


def _xml_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The members python-docx may parse as XML: [Content_Types].xml, relationships, and every part
    whose content type (by name, or by extension as a default) is XML, whatever it is called."""
    types = next(info for info in members if info.filename == _CONTENT_TYPES)
    _check_xml_part(archive, types, None)
    root = etree.fromstring(archive.read(types), _SAFE_PARSER)
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in root:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag == "Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif tag == "Override":
            overrides[element.get("PartName", "").lstrip("/").lower()] = element.get("ContentType", "")
    parts = []
    for info in members:
        name = info.filename.lower()
        content_type = overrides.get(name) or defaults.get(name.rpartition(".")[2], "")
        if info is not types and (name.endswith(".rels") or content_type.lower().endswith("xml")):
            parts.append(info)
    return parts


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget | None) -> None:
    """Refuse a part with a DTD or in an encoding that could hide one; read in chunks, never whole."""
    with archive.open(info) as handle:
        chunk = handle.read(_CHUNK)
        _check_xml_start(info.filename, chunk.replace(b"\x00", b""))
        carry = b""
        while chunk:
            window = carry + chunk.replace(b"\x00", b"")  # UTF-16/32 text reads as ASCII without its NULs
            if _DTD.search(window):
                raise LoadError(
                    f"refusing .docx: part {info.filename!r} declares a DTD or entities, which Word never writes "
                    "(XXE or entity-expansion attack?)"
                )
            carry = window[-16:]
            if budget is not None:
                budget.check()
            chunk = handle.read(_CHUNK)


def _check_xml_start(name: str, head: bytes) -> None:
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if head and not head.startswith(b"<"):
        raise LoadError(f"corrupt .docx file (part {name!r} is not XML)")
    declared = _XML_ENCODING.match(head)
    if declared and not _SCANNABLE_ENCODING.fullmatch(declared[1]):
        encoding = declared[1].decode("ascii")
        raise LoadError(f"refusing .docx: part {name!r} declares encoding {encoding!r} (Word writes UTF-8)")


def _describe_failure(exc: Exception) -> str:
    if isinstance(exc, ValueError) and "not a Word file" in str(exc):
        return "not a Word document (the zip holds another Office format)"
    if isinstance(exc, KeyError):
        return "corrupt .docx file (a part it refers to is missing)"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"corrupt .docx file (malformed XML: {short_reason(exc)})"
    # Anything else is python-docx tripping over an element it did not expect; its message would
    # name Python internals, which tell the user nothing.
    return "corrupt .docx file (unexpected document structure)"


@dataclass(frozen=True)
class _Style:
    """What the loader needs of a paragraph style: its name and whether its text is bold."""

    name: str
    bold: bool


def _paragraph_styles(word: docx.document.Document) -> dict[str | None, _Style]:
    """Paragraph styles by style id; key None is the default style (paragraphs with no pStyle)."""
    styles: dict[str | None, _Style] = {}
    for style in word.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            styles[style.style_id] = _Style(style.name or "", _style_bold(style))
    default = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    styles[None] = styles.get(default.style_id, _Style("", False)) if default else _Style("", False)
    return styles


def _style_bold(style: object) -> bool:
    """Bold as set on the style or inherited from its base styles (depth-capped: files can loop)."""
    for _ in range(10):
        if style is None:
            return False
        bold = style.font.bold  # type: ignore[attr-defined]
        if bold is not None:
            return bool(bold)
        style = style.base_style  # type: ignore[attr-defined]
    return False


class _Builder:
    """Accumulates the lines of `Document.text` and the blocks while walking the body."""

    def __init__(self, styles: dict[str | None, _Style], guard: Callable[[int], None] | None = None) -> None:
        self.styles = styles
        self._guard = guard  # called with the text's length after each line: limits and time budget
        self.lines: list[str] = []
        self.blocks: list[Block] = []
        self.paragraphs: list[tuple[int, etree._Element]] = []  # (offset of its line, w:p) for every line
        self._pos = 0
        self._paragraphs = 0
        self._tables = 0

    def body(self, body: etree._Element) -> None:
        for element in _block_elements(body):
            if element.tag == _P:
                self._paragraphs += 1
                self._body_paragraph(element, (("paragraph", self._paragraphs),))
            else:
                self._table(element)

    def _add_line(self, text: str, paragraph: etree._Element) -> int:
        start = self._pos
        self.lines.append(text)
        self.paragraphs.append((start, paragraph))
        self._pos += len(text) + 1
        if self._guard is not None:
            self._guard(self._pos - 1)
        return start

    def _body_paragraph(self, p: etree._Element, where: Location) -> None:
        runs = list(_runs(p))
        text = "".join(r.text for r in runs)
        start = self._add_line(text, p)
        if not text.strip():
            return
        kind, level = self._classify(p, runs, text)
        self._add_block(kind, text, start, level, where)

    def _table(self, tbl: etree._Element) -> None:
        self._tables += 1
        table_no = self._tables
        for row_no, tr in enumerate(tbl.tr_lst, 1):
            kind: BlockKind = "table-header" if row_no == 1 and _is_header_row(tr) else "table-cell"
            column = tr.grid_before
            for tc in tr.tc_lst:
                cell_no, column = column + 1, column + tc.grid_span
                if tc.vMerge == "continue":  # its text belongs to the cell above, already read
                    continue
                self._cell(tc, kind, (("table", table_no), ("row", row_no), ("cell", cell_no)))

    def _cell(self, tc: etree._Element, kind: BlockKind, where: Location) -> None:
        for element in _block_elements(tc):
            if element.tag == _TBL:
                self._table(element)
                continue
            text = "".join(r.text for r in _runs(element))
            start = self._add_line(text, element)
            if text.strip():
                self._add_block(kind, text, start, 0, where)

    def _add_block(self, kind: BlockKind, text: str, start: int, level: int, where: Location) -> None:
        block = Block.from_pieces(kind, [(text, start)], level=level, location=where)
        if block:
            self.blocks.append(block)

    def _classify(self, p: etree._Element, runs: list[etree._Element], text: str) -> tuple[BlockKind, int]:
        style = self.styles.get(p.style) or self.styles[None]
        if style.name == "Title":
            return "heading", 1
        heading = _HEADING_STYLE.match(style.name)
        if heading:
            return "heading", int(heading[1] or 1)
        if _all_bold(runs, style.bold) and _is_short_title(text):
            return "heading", 6  # a short bold line standing alone (numbered or not) works as a heading
        if style.name.startswith("List") or _has_numbering(p):
            return "list-item", 0
        return "paragraph", 0


def _block_elements(container: etree._Element) -> Iterator[etree._Element]:
    """`w:p` and `w:tbl` children in document order, looking through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _block_elements(child)


def _runs(element: etree._Element) -> Iterator[etree._Element]:
    """Visible runs of a paragraph, including tracked insertions and hyperlinks, not deletions."""
    for child in element:
        if child.tag == _R:
            yield child
        elif child.tag in _INLINE_WRAPPERS:
            yield from _runs(child)


def _is_on(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return (element.get(qn("w:val")) or "true").lower() not in _OFF_VALUES


def _is_header_row(tr: etree._Element) -> bool:
    return bool(_is_on(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")))


def _has_numbering(p: etree._Element) -> bool:
    num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return False
    num_id = num_pr.find(qn("w:numId"))
    return num_id is None or num_id.get(qn("w:val")) != "0"  # numId 0 switches inherited numbering off


def _all_bold(runs: list[etree._Element], style_bold: bool) -> bool:
    texts = [r for r in runs if r.text.strip()]
    return bool(texts) and all(_run_bold(r, style_bold) for r in texts)


def _run_bold(run: etree._Element, style_bold: bool) -> bool:
    direct = _is_on(run.find(f"{qn('w:rPr')}/{qn('w:b')}"))
    return style_bold if direct is None else direct


def _is_short_title(text: str) -> bool:
    stripped = text.strip()
    return len(stripped.split()) <= _SHORT_BOLD_WORDS and not stripped.endswith((".", ";", ","))
