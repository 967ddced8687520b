"""Fuzz targets: hypothesis strategies for hostile inputs and the invariants every input must keep.

Shared by the fast property tests (tests/test_fuzz.py) and the long run (fuzz/run.py).  The
invariants: loading raises nothing but `LoadError`; linting raises nothing; every finding's offsets
lie inside the text and `document.text[start:end] == excerpt`; the same input gives the same
findings twice.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from tests.conftest import assert_exact_offsets

from contractlint.config import Config
from contractlint.document import Document
from contractlint.lint import FileResult, lint_document, lint_file
from contractlint.loaders import LoadError, load, load_text

# Words that make the rules fire, so the offsets of real findings are what gets checked.
WORDS = (
    "The", "Vendor", "Contractor", "shall", "will", "may", "should", "deliver", "promptly", "as soon as possible",
    "TBD", "[insert date]", "reasonable efforts", "best efforts", "and/or", "including but not limited to",
    "thirty (60) days", "within 5 business days", "99.9%", "Section 14.2", "Exhibit C", '"Services" means',
    "Services", "is responsible for", "will be provided", "state-of-the-art", "sole discretion", "etc.",
    "Deliverables", "Acceptance Criteria", "$10,000 (ten thousand dollars)", "monthly report", ".", ",", ";",
)  # fmt: skip
# Characters that have broken offset arithmetic elsewhere: BOMs, marks, joiners, controls, astral.
SPECIALS = (
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f", "\x85", "\u00a0", "\u00ad", "\u200b", "\u200c",
    "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2028", "\u2029", "\u2060", "\ufeff", "\ufffd", "\r", "\t",
    "\r\n", "\u0301", "e\u0301", "\U0001f600", "\U0001d400", "\u05d0\u05d1", "\u0627\u0644", "٣", "²", "½", "İ",
    "ß", "ﬁ", "\u3000", "*", "_", "`", "#", "|", "<", ">", "[", "]", "(", ")", "!", "\\", "&", "&amp;", "-", "•",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", "\n", "\n\n", "\t", "\r\n", "\r\n\r\n", "  \n")

_xml_char = st.characters(codec="utf-8").filter(lambda c: c in "\t\n" or (c >= " " and c not in "\ufffe\uffff"))
_pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(SPECIALS), st.text(max_size=6))


@st.composite
def contract_text(draw: st.DrawFn, max_pieces: int = 60) -> str:
    """Contract words, hostile characters and random Unicode, with random separators."""
    pieces = draw(st.lists(st.tuples(_pieces, st.sampled_from(SEPARATORS)), max_size=max_pieces))
    return "".join(piece + sep for piece, sep in pieces)


_MD_LINES = (
    "# {}", "## {}", "### {}", "#### {}", "- {}", "* {}", "1. {}", "2) {}", "  - {}", "> {}", "> - {}", "**{}**",
    "__{}__", "*{}*", "[{}](http://example.com/x)", "[{}][ref]", "`{}`", "| {} | {} |", "|---|---|", "|:-|-:|",
    "```", "~~~", "    {}", "<!-- contractlint: ignore TL01 -->", "<!-- contractlint: ignore -->", "<div>{}</div>",
    "{}", "{}", "{}", "", "", "---", "***", "{} \\", "{}  ", "[ref]: http://example.com", "<br>", "{}_{}_",
    "![img]({})", "\\| {} \\|", "{} | {}",
    # pandoc's grid, simple and multiline tables: borders, rules and aligned rows
    "+-----+-----+", "+=====+=====+", "| x   | {} |", "| {} |     |", "  ----- -----", "  --------------",
    "  x     {}", "  {}   y", "              {}",
)  # fmt: skip


@st.composite
def markdown_text(draw: st.DrawFn) -> str:
    """Random Markdown structure: headings, lists, quotes, tables, fences, directives, inline markup."""
    lines = []
    for template in draw(st.lists(st.sampled_from(_MD_LINES), max_size=25)):
        fills = [draw(contract_text(max_pieces=6)).replace("\n", " ") for _ in range(template.count("{}"))]
        lines.append(template.format(*fills))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


_docx_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(_xml_char, max_size=8)), max_size=12).map(" ".join)
_STYLES = (None, "Heading 1", "Heading 2", "Title", "List Bullet", "List Number", "Quote")


@st.composite
def docx_bytes(draw: st.DrawFn) -> bytes:
    """A real .docx from python-docx: random paragraphs (styles, bold runs) and tables (merged, nested)."""
    word = docx.Document()
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 3)) == 0:
            _table(draw, word.add_table(rows=draw(st.integers(1, 3)), cols=draw(st.integers(1, 3))), nest=True)
            continue
        paragraph = word.add_paragraph(style=draw(st.sampled_from(_STYLES)))
        for _run in range(draw(st.integers(0, 3))):
            paragraph.add_run(draw(_docx_text)).bold = draw(st.sampled_from([None, True, False]))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _table(draw: st.DrawFn, table: docx.table.Table, *, nest: bool) -> None:
    rows, cols = len(table.rows), len(table.columns)
    for row in range(rows):
        for col in range(cols):
            table.cell(row, col).text = draw(_docx_text)
    if rows > 1 and draw(st.booleans()):
        table.cell(0, 0).merge(table.cell(rows - 1, 0))  # a vertical merge
    if nest and draw(st.booleans()):
        _table(draw, table.cell(0, cols - 1).add_table(rows=1, cols=2), nest=False)


# Elements dropped into document.xml at random places: structure the loader must walk or refuse.
_XML_SNIPPETS = (
    "<w:p>", "</w:p>", "<w:r><w:t>promptly TBD</w:t></w:r>", "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    "<w:tr>", "<w:tc>", "</w:tc>", "<w:sdt><w:sdtContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    '<w:gridSpan w:val="-3"/>', '<w:vMerge w:val="continue"/>', '<w:gridBefore w:val="999999999"/>',
    '<w:pStyle w:val="Nope"/>', "<w:numPr><w:numId/></w:numPr>", "<w:ins><w:r><w:t>y</w:t></w:r></w:ins>",
    "<w:del><w:r><w:delText>z</w:delText></w:r></w:del>", "<w:br/>", "<w:tab/>", '<w:b w:val="maybe"/>',
    "&#0;", "&#xFFFF;", "&amp;", "<![CDATA[x]]>", "<?pi x?>", "<!-- c -->", "\u202e", "\U0001f600",
)  # fmt: skip


@st.composite
def mutated_docx(draw: st.DrawFn) -> bytes:
    """A generated .docx whose document.xml has random slices cut, repeated or replaced by snippets."""
    with zipfile.ZipFile(io.BytesIO(draw(docx_bytes()))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        a = draw(st.integers(0, len(xml)))
        b = draw(st.integers(a, min(len(xml), a + 200)))
        edit = draw(st.sampled_from(["cut", "repeat", "insert"]))
        middle = {"cut": "", "repeat": xml[a:b] * 2, "insert": draw(st.sampled_from(_XML_SNIPPETS))}[edit]
        xml = xml[:a] + middle + xml[b:]
    parts["word/document.xml"] = xml.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


@st.composite
def pdf_bytes(draw: st.DrawFn) -> bytes:
    """A real PDF from reportlab: pages of random lines, then maybe a few bytes overwritten."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    for _ in range(draw(st.integers(1, 3))):
        for i, line in enumerate(draw(st.lists(contract_text(max_pieces=8), max_size=8))):
            pdf.drawString(72, 760 - 16 * i, line.replace("\n", " "))
        pdf.showPage()
    pdf.save()
    data = bytearray(out.getvalue())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data) - 1))
        data[at : at + 1] = draw(st.binary(min_size=0, max_size=4))
    return bytes(data)


_PREFIXES = (b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xd0\xcf\x11\xe0")
raw_bytes = st.tuples(st.sampled_from(_PREFIXES), st.binary(max_size=512)).map(b"".join)


def check_loaded(document: Document) -> None:
    assert_exact_offsets(document)
    for block in document.blocks:
        assert block.text and block.text == block.text.strip(), block


def check_text(text: str, *, markdown: bool) -> Document:
    """Loading a string keeps it as the document text, and every block maps back to it exactly."""
    document = load_text(text, markdown=markdown)
    assert document.text == text
    check_loaded(document)
    return document


def check_lint(document: Document, config: Config) -> FileResult:
    """Linting raises nothing, findings point at their excerpts, and a second run finds the same."""
    result = lint_document(document, config)
    assert_exact_offsets(document, result.findings)
    again = lint_document(document, config)
    assert again.findings == result.findings and again.profile == result.profile
    return result


def check_file(path: Path, data: bytes, config: Config) -> FileResult:
    """A file on disk: the loader gives a Document or a `LoadError`, never another exception, and
    `lint_file` (the CLI's path) reports no internal error."""
    path.write_bytes(data)
    try:
        document = load(path, config.limits)
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc), exc
    else:
        check_loaded(document)
    result = lint_file(path, config, debug=True)  # debug: an unexpected exception surfaces as itself
    if result.document is not None:
        assert_exact_offsets(result.document, result.findings)
    return result
