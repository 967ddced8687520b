"""The .docx and .pdf loaders, on real files generated with python-docx and reportlab."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.document import Block, Document
from contractlint.limits import Limits
from contractlint.loaders import LoadError, load

HEADER = "ACME Corp Master Services Agreement"


def _block(document: Document, words: str) -> Block:
    found = [b for b in document.blocks if words in b.text]
    assert len(found) == 1, (words, [b.text for b in document.blocks])
    return found[0]


def _assert_offsets_cover_text(document: Document) -> None:
    """Each character a block shows the parser is the source character its offset points at."""
    for block in document.blocks:
        assert block.start < block.end <= len(document.text)
        for char, offset in zip(block.text, block.offsets, strict=True):
            assert char == " " or document.text[offset] == char, (block.text, offset)
        assert document.text[block.start : block.end].split()[0] == block.text.split()[0]


# --- .docx -----------------------------------------------------------------------------------------


@pytest.fixture
def docx_path(tmp_path: Path) -> Path:
    word = docx.Document()
    word.add_heading("Scope of Work", level=1)  # paragraph 1
    word.add_paragraph("The Supplier shall deliver the goods on time.")  # paragraph 2
    word.add_paragraph("")  # paragraph 3: empty, still counted
    word.add_paragraph("Deliveries are made to the Customer's site.")  # paragraph 4
    word.add_paragraph("Provide a monthly report", style="List Bullet")  # paragraph 5
    table = word.add_table(rows=2, cols=3)
    for row in range(2):
        for col in range(3):
            table.cell(row, col).text = f"cell r{row + 1} c{col + 1}"
    word.add_paragraph().add_run("Payment Terms").bold = True  # paragraph 6: short bold line
    word.add_paragraph("Invoices are payable within 30 days.")  # paragraph 7
    word.sections[0].header.paragraphs[0].text = "Confidential header text"
    path = tmp_path / "contract.docx"
    word.save(path)
    return path


def test_docx_blocks_kinds_and_texts(docx_path: Path) -> None:
    document = load(docx_path)
    summary = [(b.kind, b.level, b.text) for b in document.blocks]
    assert summary == [
        ("heading", 1, "Scope of Work"),
        ("paragraph", 0, "The Supplier shall deliver the goods on time."),
        ("paragraph", 0, "Deliveries are made to the Customer's site."),
        ("list-item", 0, "Provide a monthly report"),
        *[("table-cell", 0, f"cell r{r} c{c}") for r in (1, 2) for c in (1, 2, 3)],
        ("heading", 6, "Payment Terms"),
        ("paragraph", 0, "Invoices are payable within 30 days."),
    ]
    assert document.format == "docx"
    assert "Confidential header text" not in document.text
    _assert_offsets_cover_text(document)


def test_docx_locations(docx_path: Path) -> None:
    document = load(docx_path)
    assert document.location(_block(document, "Scope of Work").start) == {"paragraph": 1}
    assert document.location(_block(document, "Deliveries").start) == {"paragraph": 4}
    assert document.location(_block(document, "monthly report").end - 1) == {"paragraph": 5}
    assert document.location(_block(document, "cell r2 c3").start) == {"table": 1, "row": 2, "cell": 3}
    assert document.location(_block(document, "Invoices").start) == {"paragraph": 7}
    assert document.text.split("\n")[2] == ""  # the empty paragraph keeps its line


def test_docx_merged_nested_and_header_cells(tmp_path: Path) -> None:
    word = docx.Document()
    table = word.add_table(rows=3, cols=3)
    header_row = table.rows[0]
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for col, title in enumerate(["Item", "Due", "Owner"]):
        table.cell(0, col).text = title
    table.cell(1, 0).merge(table.cell(1, 1)).text = "spans two columns"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "spans two rows"
    table.cell(2, 0).add_table(rows=1, cols=1).cell(0, 0).text = "nested text"
    path = tmp_path / "tables.docx"
    word.save(path)

    document = load(path)
    kinds = {b.text: (b.kind, dict(b.location)) for b in document.blocks}
    assert kinds["Item"] == ("table-header", {"table": 1, "row": 1, "cell": 1})
    assert kinds["spans two columns"] == ("table-cell", {"table": 1, "row": 2, "cell": 1})
    assert kinds["spans two rows"] == ("table-cell", {"table": 1, "row": 2, "cell": 3})
    assert kinds["nested text"] == ("table-cell", {"table": 2, "row": 1, "cell": 1})
    assert sum(b.text == "spans two rows" for b in document.blocks) == 1  # merged cells read once


def test_docx_tracked_changes_and_numbering(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("The Supplier shall ")
    inserted, deleted = OxmlElement("w:ins"), OxmlElement("w:del")
    inserted.append(copy.deepcopy(paragraph.runs[0]._r))
    inserted[0].find(qn("w:t")).text = "promptly "
    deleted.append(copy.deepcopy(paragraph.runs[0]._r))
    deleted[0].find(qn("w:t")).tag = qn("w:delText")
    paragraph._p.append(inserted)
    paragraph._p.append(deleted)
    paragraph.add_run("notify the Customer.")
    numbered = word.add_paragraph("A numbered obligation.")
    num_pr = numbered._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 1
    path = tmp_path / "tracked.docx"
    word.save(path)

    blocks = load(path).blocks
    assert blocks[0].text == "The Supplier shall promptly notify the Customer."
    assert (blocks[1].kind, blocks[1].text) == ("list-item", "A numbered obligation.")


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_docx_zip_bomb_refused_before_decompression(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):  # 300 MB of zeros, compressed ~1000:1, never held in memory
                member.write(chunk)
    with pytest.raises(LoadError, match=r"compression ratio .* zip bomb"):
        load(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"just some text, not a zip\n", r"^not a valid \.docx file \(not a zip archive\)$"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), r"^encrypted or legacy \.doc file"),
        (_zip_bytes({"readme.txt": b"hello"}), r"without \[Content_Types\]\.xml"),
        (_zip_bytes({"[Content_Types].xml": b"<Types/>"}), r"^corrupt \.docx file"),
    ],
    ids=["text-file", "ole-compound", "plain-zip", "no-document-part"],
)
def test_docx_unreadable_inputs(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load(path)


def test_docx_truncated(tmp_path: Path, docx_path: Path) -> None:
    data = docx_path.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match=r"^corrupt \.docx file \(damaged or truncated zip archive\)$"):
        load(path)


def test_docx_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    path.write_bytes(_zip_bytes({f"part{i}.xml": b"<x/>" for i in range(3)}))
    with pytest.raises(LoadError, match=r"3 zip members, over the 2-member limit \(limits.max-docx-zip-members\)"):
        load(path, Limits(max_docx_zip_members=2))


# --- .pdf ------------------------------------------------------------------------------------------

PAGES = [
    [
        "1. SCOPE OF SERVICES",
        "The Supplier shall meet all the require-",
        "ments listed in this agreement.",
        "(a) the Supplier shall provide support;",
        "(b) the Customer shall pay each invoice.",
        "1.1 Delivery Terms",
        "Delivery shall occur within thirty days of",
        "the order date.",
    ],
    [
        "2. PAYMENT",
        "Invoices are payable within 30 days of receipt",
        "by the Customer.",
        "- late payments bear interest at 2%.",
    ],
    [
        "3. TERMINATION",
        "Either party may terminate this agreement on",
        "ninety days written notice.",
    ],
]


def _write_pdf(path: Path, pages: list[list[str]], *, header: str | None = HEADER) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, lines in enumerate(pages, 1):
        if header:
            pdf.drawString(72, 800, header)
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 16 * i, line)
        if header:
            pdf.drawString(260, 40, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def pdf_document(tmp_path: Path) -> Document:
    return load(_write_pdf(tmp_path / "contract.pdf", PAGES))


def test_pdf_blocks_and_pages(pdf_document: Document) -> None:
    summary = [(b.kind, b.level, b.text) for b in pdf_document.blocks]
    assert summary == [
        ("heading", 1, "1. SCOPE OF SERVICES"),
        ("paragraph", 0, "The Supplier shall meet all the requirements listed in this agreement."),
        ("list-item", 0, "(a) the Supplier shall provide support;"),
        ("list-item", 0, "(b) the Customer shall pay each invoice."),
        ("heading", 2, "1.1 Delivery Terms"),
        ("paragraph", 0, "Delivery shall occur within thirty days of the order date."),
        ("heading", 1, "2. PAYMENT"),
        ("paragraph", 0, "Invoices are payable within 30 days of receipt by the Customer."),
        ("list-item", 0, "- late payments bear interest at 2%."),
        ("heading", 1, "3. TERMINATION"),
        ("paragraph", 0, "Either party may terminate this agreement on ninety days written notice."),
    ]
    assert pdf_document.format == "pdf"
    assert len(pdf_document.page_starts) == 3
    assert pdf_document.location(_block(pdf_document, "SCOPE").start) == {"page": 1}
    assert pdf_document.location(_block(pdf_document, "late payments").end - 1) == {"page": 2}
    assert pdf_document.location(_block(pdf_document, "ninety days").start) == {"page": 3}
    _assert_offsets_cover_text(pdf_document)


def test_pdf_running_header_and_footer_in_no_block(pdf_document: Document) -> None:
    assert pdf_document.text.count(HEADER) == 3  # still in the text...
    for block in pdf_document.blocks:  # ...but never analysed
        assert "ACME" not in block.text
        assert "Page" not in block.text


def test_pdf_hyphenated_word_maps_to_source(pdf_document: Document) -> None:
    block = _block(pdf_document, "requirements")
    at = block.text.index("requirements")
    start, end = block.source_span(at, at + len("requirements"))
    assert pdf_document.text[start:end] == "require-\nments"


def test_pdf_two_pages_keep_repeated_lines_as_content(tmp_path: Path) -> None:
    # Two pages are too little evidence for a running header: a sentence repeated on both is
    # content and must still be linted.
    body = "Payment is due within thirty (60) days."
    path = _write_pdf(tmp_path / "two.pdf", [[body], [body]], header=None)
    texts = [b.text for b in load(path).blocks]
    assert texts == [body, body]


def test_pdf_edge_line_on_one_page_is_kept_and_bare_page_numbers_dropped(tmp_path: Path) -> None:
    pages = [
        ["Draft for discussion only.", "Body of page one."],
        ["Body of page two."],
        ["Body of page three."],
    ]
    pdf = canvas.Canvas(str(tmp_path / "numbers.pdf"), pagesize=A4)
    for number, lines in enumerate(pages, 1):
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 16 * i, line)
        pdf.drawString(290, 40, f"- {number} -")
        pdf.showPage()
    pdf.save()
    document = load(tmp_path / "numbers.pdf")
    assert [b.text for b in document.blocks] == [
        "Draft for discussion only. Body of page one.",  # no blank line between them in pypdf's text
        "Body of page two.",
        "Body of page three.",
    ]
    assert "- 2 -" in document.text


def test_pdf_empty_user_password_is_opened(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(_write_pdf(tmp_path / "plain.pdf", PAGES)))
    writer.encrypt(user_password="", owner_password="owner-secret")
    path = tmp_path / "permissions-only.pdf"
    writer.write(path)
    assert _block(load(path), "requirements").kind == "paragraph"


def test_pdf_encrypted(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(_write_pdf(tmp_path / "plain.pdf", PAGES)))
    writer.encrypt(user_password="secret", owner_password="owner-secret")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(LoadError, match=r"^encrypted PDF; remove the password first$"):
        load(path)


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (PNG_BYTES, r"^not a PDF file \(no %PDF header\)$"),
        (b"%PDF-1.7\nthis is not really a pdf\n", r"^corrupt PDF: "),
    ],
    ids=["png-renamed", "garbage-after-header"],
)
def test_pdf_unreadable_inputs(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load(path)


def test_pdf_without_text(tmp_path: Path) -> None:
    path = _write_pdf(tmp_path / "scan.pdf", [[], []], header=None)
    with pytest.raises(LoadError, match=r"no extractable text \(scanned PDF\? run OCR first\)"):
        load(path)


def test_pdf_page_limit(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^PDF has 3 pages, over the 2-page limit \(limits.max-pdf-pages\)$"):
        load(_write_pdf(tmp_path / "long.pdf", PAGES), Limits(max_pdf_pages=2))
