"""Deliverables laid out vertically (issue 13): "Label | value" tables in Markdown and Word, and the
"Label: value" / "Label value" lines that PDF text extraction leaves of them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from contractlint.api import lint_path
from contractlint.config import Config
from contractlint.deliverables import Deliverable, extract_deliverables, label_field
from contractlint.document import Document
from contractlint.loaders import load, load_text
from contractlint.parse import parse_document

from .conftest import assert_exact_offsets, lint

PWS = """\
# Performance Work Statement: Regional Fleet Telematics

## 5. Deliverables

| Deliverable 3 | Quarterly Fuel Usage Analysis |
|---|---|
| Due Date | 10 calendar days after the end of each quarter |
| Acceptable Quality Level | Accepted by the COR with no more than one round of corrections |
| Owner / Responsible | Contractor Fleet Analyst |
| Format | PDF and Excel |

| Deliverable 4: Driver Safety Briefing | |
|---|---|
| Frequency | As needed |
| Performance Standard | Approved by the Fleet Manager |
| POC | Contractor Safety Lead |

| Deliverable | Due date | Acceptance criteria |
|---|---|---|
| Telematics installation plan | Within 15 days of award | Approved in writing by the COR |

## 6. Points of Contact

| Name | Role |
|---|---|
| Ana Lima | Contracting Officer |
| Responsible | Fleet Program Office |
"""

FUEL = (
    "Quarterly Fuel Usage Analysis",
    "10 calendar days after the end of each quarter",
    "Accepted by the COR with no more than one round of corrections",
    "Contractor Fleet Analyst",
)
BRIEFING = ("Driver Safety Briefing", None, "Approved by the Fleet Manager", "Contractor Safety Lead")


def _deliverables(document: Document) -> list[Deliverable]:
    return extract_deliverables(parse_document(document, dataclasses.replace(Config(), profile="sow")))


def _rows(items: list[Deliverable]) -> list[tuple[str | None, ...]]:
    return [(d.name, d.due, d.acceptance, d.owner) for d in items]


def _assert_names_are_exact(document: Document, items: list[Deliverable]) -> None:
    for item in items:
        assert " ".join(document.text[item.start : item.end].split()) == item.name


def test_markdown_vertical_tables_beside_a_horizontal_one() -> None:
    document = load_text(PWS)
    items = _deliverables(document)
    assert _rows(items) == [
        FUEL,
        BRIEFING,
        ("Telematics installation plan", "Within 15 days of award", "Approved in writing by the COR", None),
    ]
    assert {d.source for d in items} == {"table"}
    assert [d.section for d in items] == ["5. Deliverables"] * 3
    _assert_names_are_exact(document, items)


def test_as_needed_beside_a_due_date_label_is_a_vague_timeline_by_default() -> None:
    result = lint(PWS, profile="sow")
    vague = [(f.code, f.excerpt) for f in result.findings if f.category == "vague-timeline"]
    assert vague == [("TL01", "As needed")]
    finding = next(f for f in result.findings if f.code == "TL01")
    assert result.document.text[finding.start : finding.end] == "As needed"
    assert result.document.text.count("As needed") == 1
    assert_exact_offsets(result.document, result.findings)
    # Beside another label the same words are no due date.
    other = PWS.replace("| Frequency | As needed |", "| Frequency | Monthly |").replace(
        "| POC | Contractor Safety Lead |", "| POC | As needed |"
    )
    assert not [f for f in lint(other, profile="sow").findings if f.code == "TL01"]


def test_tbd_due_date_is_a_gap_and_a_placeholder() -> None:
    text = PWS.replace("| Frequency | As needed |", "| Delivery Date | TBD |")
    items = _deliverables(load_text(text))
    assert items[1].name == "Driver Safety Briefing" and items[1].due is None and items[1].gaps == ("due",)
    result = lint(text, profile="sow", select=("PH01", "TL02"))
    assert sorted((f.code, f.excerpt) for f in result.findings) == [("PH01", "TBD"), ("TL02", "Driver Safety Briefing")]
    assert_exact_offsets(result.document, result.findings)


@pytest.mark.parametrize(
    "table",
    [
        "| Name | Role |\n|---|---|\n| Ana Lima | Contracting Officer |\n| Responsible | Fleet Office |\n",
        "| Contracting Officer | Ana Lima |\n|---|---|\n| Email | ana.lima@example.gov |\n| Due Date | 1 May 2027 |\n",
        "| Agenda Item | Time Allotted |\n|---|---|\n| Introductions | 5 minutes |\n",
        # A deliverable label with a description but no due, owner or acceptance row says too little.
        "| Deliverable 6 | Route Map Export |\n|---|---|\n| Format | GeoJSON |\n",
    ],
)
def test_two_column_tables_that_describe_no_deliverable_yield_none(table: str) -> None:
    assert _deliverables(load_text("## Deliverables\n\n" + table)) == []


def test_two_column_horizontal_table_is_still_read_by_its_header() -> None:
    text = "| Deliverable | Due date |\n|---|---|\n| Transition plan | 30 days before contract end |\n"
    assert _rows(_deliverables(load_text(text))) == [("Transition plan", "30 days before contract end", None, None)]


def test_label_lines_under_a_deliverable_line() -> None:
    text = """\
## Deliverables

**Deliverable 7: Data Dictionary**
Due Date: Within 20 business days of award
Acceptance Criteria: Approved by the Data Steward
Responsible Party: Contractor Data Architect

Deliverable 8 is accepted when the COR signs the receipt.
Due to staffing limits the Contractor may propose a phased plan.
"""
    document = load_text(text)
    items = _deliverables(document)
    assert _rows(items) == [
        (
            "Data Dictionary",
            "Within 20 business days of award",
            "Approved by the Data Steward",
            "Contractor Data Architect",
        ),
    ]
    _assert_names_are_exact(document, items)


# --- Word ---------------------------------------------------------------------------------------------


def _fill(table: docx.table.Table, rows: list[tuple[str, str]], first: int = 0) -> None:
    for row, values in zip(table.rows[first:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


@pytest.fixture
def word_pws(tmp_path: Path) -> Path:
    word = docx.Document()
    word.add_heading("5. Deliverables", level=1)
    _fill(
        word.add_table(rows=5, cols=2),
        [
            ("Deliverable 3", FUEL[0]),
            ("Due Date", FUEL[1]),
            ("Acceptable Quality Level", FUEL[2]),
            ("Owner / Responsible", FUEL[3]),
            ("Distribution", "COR and Fleet Manager"),
        ],
    )
    merged = word.add_table(rows=4, cols=2)
    header = merged.cell(0, 0).merge(merged.cell(0, 1))
    header.text = "Deliverable 4: Driver Safety Briefing"
    _fill(merged, [("Frequency", "As needed"), ("Performance Standard", BRIEFING[2]), ("POC", BRIEFING[3])], first=1)
    word.add_heading("6. Points of Contact", level=1)
    _fill(
        word.add_table(rows=3, cols=2),
        [("Name", "Role"), ("Ana Lima", "Contracting Officer"), ("Responsible", "Fleet Program Office")],
    )
    path = tmp_path / "pws.docx"
    word.save(str(path))
    return path


def test_word_vertical_tables(word_pws: Path) -> None:
    document = load(word_pws)
    items = _deliverables(document)
    assert _rows(items) == [FUEL, BRIEFING]
    assert [dict(d.block.location) for d in items] == [
        {"table": 1, "row": 1, "cell": 2},  # the value cell of "Deliverable 3 | ..."
        {"table": 2, "row": 1, "cell": 1},  # the merged header cell "Deliverable 4: ..."
    ]
    _assert_names_are_exact(document, items)


def test_word_as_needed_finding_points_at_the_value_cell(word_pws: Path) -> None:
    result = lint_path(word_pws)
    vague = [f for f in result.findings if f.category == "vague-timeline"]
    assert [(f.code, f.excerpt) for f in vague] == [("TL01", "As needed")]
    assert result.document.location(vague[0].start) == {"table": 2, "row": 2, "cell": 2}
    assert_exact_offsets(result.document, result.findings)


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_table_flattened_to_label_and_value_lines(tmp_path: Path) -> None:
    path = tmp_path / "pws.pdf"
    styles = getSampleStyleSheet()
    story = [
        Paragraph("Performance Work Statement: Regional Fleet Telematics", styles["Title"]),
        Paragraph("5. Deliverables", styles["Heading1"]),
        Paragraph("The Contractor shall provide the deliverables below.", styles["BodyText"]),
        Table(
            [
                ["Deliverable 3", FUEL[0]],
                ["Due Date", FUEL[1]],
                ["Acceptable Quality Level", Paragraph(FUEL[2], styles["BodyText"])],
                ["Owner / Responsible", FUEL[3]],
            ]
        ),
        Spacer(1, 12),
        Table(
            [
                ["Deliverable 4: Driver Safety Briefing", ""],
                ["Frequency", "As needed"],
                ["Performance Standard", BRIEFING[2]],
                ["POC", BRIEFING[3]],
            ]
        ),
    ]
    SimpleDocTemplate(str(path), pagesize=letter).build(story)
    document = load(path)
    assert "Acceptable Quality Level\n" in document.text  # the layout under test: labels on lines of their own
    items = _deliverables(document)
    assert _rows(items) == [FUEL, BRIEFING]
    _assert_names_are_exact(document, items)


def test_pdf_label_value_lines_and_what_ends_a_run(tmp_path: Path) -> None:
    path = tmp_path / "pws.pdf"
    page = canvas.Canvas(str(path), pagesize=letter)
    lines = [
        "7. DELIVERABLES",
        "The Contractor shall deliver each item below to the COR.",
        "Deliverable 12 Network Vulnerability Scan Summary",
        "Due Date Within 3 business days after each monthly scan",
        "Acceptable Quality Level No critical finding left without a remediation",
        "date",
        "Responsible Party: Contractor Security Engineer",
        "Deliverable 13",
        "Disaster Recovery Test Report",
        "Delivery Date TBD",
        "Acceptance Criteria Approved by the ISSO",
        "8. POINTS OF CONTACT",
        "Name Ana Lima",
        "Role Contracting Officer",
    ]
    for n, line in enumerate(lines):
        page.drawString(72, 740 - 16 * n, line)
    page.save()
    document = load(path)
    assert "Due Date Within 3 business days" in document.text
    items = _deliverables(document)
    assert _rows(items) == [
        (
            "Network Vulnerability Scan Summary",
            "Within 3 business days after each monthly scan",
            "No critical finding left without a remediation date",
            "Contractor Security Engineer",
        ),
        ("Disaster Recovery Test Report", None, "Approved by the ISSO", None),
    ]
    _assert_names_are_exact(document, items)


# --- labels -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Due Date", "due"),
        ("Frequency:", "due"),
        ("Delivery Date", "due"),
        ("Due Date(s)", "due"),
        ("Acceptable Quality Level (AQL)", "acceptance"),
        ("AQL", "acceptance"),
        ("Acceptance Criteria", "acceptance"),
        ("Performance Standard(s)", "acceptance"),
        ("Owner / Responsible", "owner"),
        ("Responsible Party", "owner"),
        ("POC", "owner"),
        ("**Format**", "other"),
        ("Distribution", "other"),
        ("Name", None),
        ("Role", None),
        ("Jane Roe", None),
        ("Due to staffing limits the Contractor may", None),
    ],
)
def test_label_field(label: str, field: str | None) -> None:
    assert label_field(label) == field


def test_pdf_as_needed_under_a_frequency_line_is_a_vague_timeline(tmp_path: Path) -> None:
    path = tmp_path / "pws.pdf"
    styles = getSampleStyleSheet()
    rows = [["Deliverable 4: Driver Safety Briefing", ""], ["Frequency", "As needed"], ["POC", BRIEFING[3]]]
    SimpleDocTemplate(str(path), pagesize=letter).build([Paragraph("5. Deliverables", styles["Heading1"]), Table(rows)])
    result = lint_path(path)
    assert [(f.code, f.excerpt) for f in result.findings if f.category == "vague-timeline"] == [("TL01", "As needed")]
    assert_exact_offsets(result.document, result.findings)
