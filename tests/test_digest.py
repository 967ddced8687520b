"""A report from digests (digest.py) is the report from whole documents, in every format, and a
digest is far smaller than its document."""

from __future__ import annotations

import pickle
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.baseline import render as render_baseline
from contractlint.config import Config
from contractlint.digest import DocumentDigest
from contractlint.document import Document
from contractlint.formats import FORMATS
from contractlint.lint import CHECK, REPORT, REPORT_WITH_TEXT, run_files

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "helpdesk-sow.md"
SENTENCES = [
    "The Contractor shall respond to incidents as soon as possible.",
    "The Vendor may use commercially reasonable efforts to resolve tickets, including but not limited to outages.",
    "Reports will be delivered TBD.",
    "The Provider may suspend the Services at its sole discretion.",
]


def _inputs(tmp_path: Path) -> list[Path]:
    word = docx.Document()
    word.add_heading("1. Scope of Work", level=1)
    for sentence in SENTENCES:
        word.add_paragraph(sentence)
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Deliverable", "Due"
    table.cell(1, 0).text, table.cell(1, 1).text = "Monthly report", "TBD"
    word.save(tmp_path / "sow.docx")
    pdf = canvas.Canvas(str(tmp_path / "sow.pdf"), pagesize=A4)
    for page in (SENTENCES[:2], SENTENCES[2:]):
        for row, sentence in enumerate(page):
            pdf.drawString(40, 780 - 20 * row, sentence)
        pdf.showPage()
    pdf.save()
    # A long agreement-sized file: the sample, then hundreds of clauses with nothing to report.
    clean = [
        f"{n}. The Contractor shall deliver report {n} to the Contracting Officer within 5 business days "
        f"after the end of month {n}, in the format set out in Attachment {n}."
        for n in range(1, 400)
    ]
    (tmp_path / "long.md").write_text("\n\n".join([SAMPLE.read_text("utf-8"), *clean]), "utf-8")
    return [SAMPLE, tmp_path / "sow.docx", tmp_path / "sow.pdf", tmp_path / "long.md"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:  # type: ignore[type-arg]
    paths = _inputs(tmp_path_factory.mktemp("digest"))
    config = Config(model=False)
    return {name: run_files(job, paths, config) for name, job in (("whole", CHECK), ("digest", REPORT))} | {
        "digest+text": run_files(REPORT_WITH_TEXT, paths, config)
    }


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_the_same_from_digests(reports: dict[str, list], name: str) -> None:  # type: ignore[type-arg]
    digests = reports["digest+text"] if name == "html" else reports["digest"]
    assert all(isinstance(r.document, DocumentDigest) for r in digests)
    assert FORMATS[name](digests) == FORMATS[name](reports["whole"])


def test_a_baseline_written_from_digests_is_the_same(reports: dict[str, list], tmp_path: Path) -> None:  # type: ignore[type-arg]
    target = tmp_path / "baseline.json"
    assert render_baseline(reports["digest"], target) == render_baseline(reports["whole"], target)
    assert '"context": ""' not in render_baseline(reports["digest"], target).split('"code": "TL01"')[1][:400]


def test_a_digest_is_much_smaller_than_its_document(reports: dict[str, list]) -> None:  # type: ignore[type-arg]
    whole, slim = reports["whole"][-1], reports["digest"][-1]
    assert isinstance(whole.document, Document) and whole.findings
    assert slim.document.text is None
    # What `--jobs` sends back per file: the findings, and a digest a fraction of the document's size.
    assert len(pickle.dumps(slim.document)) * 3 < len(pickle.dumps(whole.document))
