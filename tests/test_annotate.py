"""`contractlint annotate`: a reviewed Word document whose comments sit on exactly the flagged words."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree
from reportlab.pdfgen import canvas

from contractlint.annotate import AUTHOR, comment_text
from contractlint.cli import main
from contractlint.config import Config
from contractlint.lint import FileResult, lint_paths
from contractlint.loaders import load
from contractlint.loaders.docx import paragraph_lines, visible_runs

MARKDOWN = """\
# Statement of Work

## Scope

The Contractor shall respond to all incidents
as soon as possible.

- The Vendor will use commercially reasonable efforts to restore service.
"""


def _sample_docx(path: Path) -> Path:
    """Findings that cross run boundaries, sit in a hyperlink-free table cell and follow a tab."""
    word = docx.Document()
    word.add_heading("Statement of Work", 1)
    word.add_heading("Scope", 2)
    p = word.add_paragraph("The Contractor shall respond to all incidents ")
    p.add_run("as soon").bold = True
    p.add_run(" as possible").italic = True
    p.add_run(".")
    vendor = word.add_paragraph().add_run("The Vendor will use commercially reasonable efforts to restore service.")
    vendor.font.size = Pt(13)
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Deliverable", "Due", "Final report", "TBD"], strict=True):
        cell.text = text
    word.add_paragraph("Reports are delivered\tweekly and the Supplier shall fix defects promptly.")
    word.save(str(path))
    return path


def _anchored(word: docx.document.Document) -> dict[int, str]:
    """Comment id -> the text between its range markers, read in document order."""
    open_ids: set[str] = set()
    text: dict[str, list[str]] = {}
    for element in word.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
            text[element.get(qn("w:id"))] = []
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:r"):
            for comment_id in open_ids:
                text[comment_id].append(element.text)
    return {int(k): "".join(v) for k, v in text.items()}


def _formatted_chars(word: docx.document.Document) -> list[tuple[str, bytes]]:
    """Every character of the body text with its run's properties: what must survive annotation."""
    chars: list[tuple[str, bytes]] = []
    for _, p in paragraph_lines(word):
        for r in visible_runs(p):
            props = r.find(qn("w:rPr"))
            signature = etree.tostring(props, method="c14n") if props is not None else b""
            chars.extend((c, signature) for c in r.text)
        chars.append(("\n", b""))
    return chars


def _annotate(source: Path, out: Path) -> tuple[FileResult, docx.document.Document]:
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    linted = lint_paths([source], Config())[0]
    assert f"{len(linted.findings)} comments" in result.output
    return linted, docx.Document(str(out))


def _check_comments(linted: FileResult, word: docx.document.Document, first_line: str) -> None:
    comments = list(word.comments)
    assert len(comments) == len(linted.findings) > 0
    anchored = _anchored(word)
    for comment, finding in zip(comments, linted.findings, strict=True):
        assert comment.author == AUTHOR
        assert comment.text == comment_text(finding)
        assert " — Fix: " in comment.text and comment.text.startswith(f"{finding.code} {finding.name}: ")
        expected = finding.excerpt if finding.is_span else first_line
        assert anchored[comment.comment_id] == expected, finding


def test_docx_comments_sit_on_each_excerpt_and_nothing_else_changes(tmp_path: Path) -> None:
    source = _sample_docx(tmp_path / "sow.docx")
    before = docx.Document(str(source))
    linted, after = _annotate(source, tmp_path / "reviewed.docx")
    assert {"TL01", "WC01", "PH01"} <= {f.code for f in linted.findings}
    assert any(f.excerpt == "as soon as possible" for f in linted.findings)  # crosses three runs
    _check_comments(linted, after, "Statement of Work")
    assert _formatted_chars(after) == _formatted_chars(before)
    assert load(tmp_path / "reviewed.docx").text == linted.document.text  # type: ignore[union-attr]


def test_document_level_findings_go_on_the_first_paragraph(tmp_path: Path) -> None:
    source = tmp_path / "short.docx"
    word = docx.Document()
    word.add_paragraph("")  # an empty first paragraph is skipped
    word.add_paragraph("The Supplier shall deliver the report.")
    word.add_paragraph(" ".join(["The Supplier shall send the Client a status report by the 5th of each month."] * 8))
    word.save(str(source))
    linted, after = _annotate(source, tmp_path / "out.docx")
    assert any(not f.is_span for f in linted.findings)
    _check_comments(linted, after, "The Supplier shall deliver the report.")


def test_markdown_becomes_a_new_docx_with_one_paragraph_per_block(tmp_path: Path) -> None:
    source = tmp_path / "sow.md"
    source.write_text(MARKDOWN, "utf-8")
    linted, after = _annotate(source, tmp_path / "sow.docx")
    assert any(f.excerpt == "as soon as possible" for f in linted.findings)
    _check_comments(linted, after, "Statement of Work")
    styles = [(p.style.name, p.text) for p in after.paragraphs]
    assert styles[:2] == [("Heading 1", "Statement of Work"), ("Heading 2", "Scope")]
    assert styles[2] == ("Normal", "The Contractor shall respond to all incidents\nas soon as possible.")
    assert styles[3][0] == "List Bullet"


def test_refuses_to_overwrite_the_input_and_other_formats(tmp_path: Path) -> None:
    source = _sample_docx(tmp_path / "sow.docx")
    original = source.read_bytes()
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "refusing to overwrite an input document" in result.output
    assert source.read_bytes() == original
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 2 and "must be a .docx" in result.output
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "missing.md"), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 2 and "no such file" in result.output
    pdf = canvas.Canvas(str(tmp_path / "sow.pdf"))
    pdf.drawString(72, 720, "The Vendor shall reply promptly.")
    pdf.save()
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "sow.pdf"), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 2 and "cannot annotate a pdf file" in result.output
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_reviewed_document(tmp_path: Path) -> None:
    source = _sample_docx(tmp_path / "sow.docx")
    _annotate(source, tmp_path / "reviewed.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(tmp_path / "reviewed.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = (tmp_path / "reviewed.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    assert "as soon as possible" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_annotating_a_reviewed_document_keeps_its_comments(tmp_path: Path) -> None:
    source = _sample_docx(tmp_path / "sow.docx")
    first, once = _annotate(source, tmp_path / "once.docx")
    second, twice = _annotate(tmp_path / "once.docx", tmp_path / "twice.docx")
    assert len(second.findings) == len(first.findings)
    comments = list(twice.comments)
    assert [c.text for c in comments] == [c.text for c in once.comments] * 2
    anchored = _anchored(twice)
    new = comments[len(first.findings) :]
    assert [anchored[c.comment_id] for c in new] == [f.excerpt or "Statement of Work" for f in second.findings]
    assert _formatted_chars(twice) == _formatted_chars(once)
