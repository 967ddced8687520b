"""Findings placed where a reviewer looks (issue 13, section 2).

- the text report names each finding's section, and the paragraph, table cell or page of a real
  .docx and PDF (generated here with python-docx and reportlab) instead of a line of extracted text;
- `-o FILE` says on stderr where the report went and what it holds;
- CSV opens in Excel: a BOM, the sentence around each finding, no cell that runs as a formula;
- a folder scan lists the files it skips;
- --select/--ignore replace the config's lists, --extend-* add to them, and per-file-ignores globs
  are read from the config file's folder.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.cli import main
from contractlint.config import Config
from contractlint.finding import Finding, Severity
from contractlint.formats import text as text_format
from contractlint.lint import FileResult
from contractlint.loaders import load

BOM = "\ufeff"
HOSTILE_HEADING = '=HYPERLINK("http://example.com")'
HOSTILE_CELL = "@SUM(1+1)"


def run(*args: str) -> Result:
    """The CLI, rules only (the classifier is not what these tests are about)."""
    command, *rest = args
    no_model = ["--no-model"] if command == "check" else []
    return CliRunner().invoke(main, [command, *no_model, *rest])


# --- text output: section, paragraph, table cell, page ------------------------------------------


def _docx(path: Path) -> Path:
    word = docx.Document()
    word.add_heading("3.2 Payment", level=2)  # paragraph 1
    word.add_paragraph("Invoices shall be paid promptly.")  # paragraph 2: TL01
    table = word.add_table(rows=2, cols=2)
    for col, text in enumerate(("Deliverable", "Due")):
        table.cell(0, col).text = text
    table.cell(1, 0).text = "Final report"
    table.cell(1, 1).text = "TBD"  # table 1, row 2, cell 2: PH01
    word.save(path)
    return path


def _pdf(path: Path, pages: list[list[str]]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 16 * i, line)
        pdf.showPage()
    pdf.save()
    return path


def _lines(result: Result, code: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if f": {code} [" in line]


def test_docx_text_names_paragraph_table_cell_and_section(tmp_path: Path) -> None:
    path = _docx(tmp_path / "contract.docx")
    result = run("check", "--select", "TL01,PH01", str(path))
    [timeline] = _lines(result, "TL01")
    assert timeline.startswith(f"{path}:¶2: TL01 [warning] ")
    assert timeline.endswith('"promptly" [§ 3.2 Payment]')
    [placeholder] = _lines(result, "PH01")
    assert placeholder.startswith(f"{path}:table 1 row 2 cell 2: PH01 [error] ")
    assert placeholder.endswith('"TBD" [§ 3.2 Payment]')


def test_pdf_text_names_the_page_and_section(tmp_path: Path) -> None:
    pages = [
        ["1. SCOPE", "The Vendor shall install the system by 1 March 2025."],
        ["2. SUPPORT", "The Vendor shall answer tickets promptly."],
    ]
    path = _pdf(tmp_path / "rfq.pdf", pages)
    [line] = _lines(run("check", "--select", "TL01", str(path)), "TL01")
    assert line.startswith(f"{path}:p.2: TL01 [warning] ")
    assert line.endswith('"promptly" [§ 2. SUPPORT]')


def test_a_document_level_finding_in_a_docx_has_no_made_up_place(tmp_path: Path) -> None:
    document = load(_docx(tmp_path / "contract.docx"))
    missing = Finding("MS01", "missing-section", "missing-section", Severity.ERROR, "missing change control", "Add it.")
    report = text_format.render([FileResult("contract.docx", document, "sow", findings=[missing])])
    assert report.startswith("contract.docx: MS01 [error] missing change control\n")


def test_sarif_names_the_section_as_a_logical_location(tmp_path: Path) -> None:
    path = _docx(tmp_path / "contract.docx")
    sarif = json.loads(run("check", "--select", "TL01", "--format", "sarif", str(path)).stdout)
    [result] = sarif["runs"][0]["results"]
    logical = result["locations"][0]["logicalLocations"]
    assert {"name": "paragraph 2", "fullyQualifiedName": "paragraph 2", "kind": "element"} in logical
    assert {"name": "3.2 Payment", "kind": "section"} in logical
    assert "region" not in result["locations"][0]["physicalLocation"]  # still no line of extracted text


# --- -o: one line on stderr -----------------------------------------------------------------------

SOW = """\
# Statement of Work

## Scope

The Vendor shall reply promptly. The Vendor shall deliver the report by [insert date].
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sow.md").write_text(SOW, "utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["sarif", "text"])
def test_output_file_is_announced_on_stderr(project: Path, fmt: str) -> None:
    out = project / f"report.{fmt}"
    result = run("check", "--select", "TL01,PH01", "--format", fmt, "-o", str(out), str(project / "sow.md"))
    assert result.stdout == ""
    expected = f"contractlint: wrote 2 findings (1 error, 1 warning) in 1 file to {out} ({fmt})\n"
    assert result.stderr == expected
    assert out.is_file()


def test_deliverables_output_file_is_announced_and_quiet_silences_it(project: Path) -> None:
    out = project / "deliverables.csv"
    result = run("deliverables", "--format", "csv", "-o", str(out), str(project / "sow.md"))
    assert result.stderr.startswith("contractlint: wrote ")
    assert result.stderr.endswith(f"from 1 file to {out} (csv)\n")
    assert "deliverable" in result.stderr
    quiet = run("deliverables", "--format", "csv", "-q", "-o", str(out), str(project / "sow.md"))
    assert quiet.stderr == ""


def test_quiet_check_writes_no_note(project: Path) -> None:
    out = project / "report.json"
    result = run("check", "--format", "json", "-q", "-o", str(out), str(project / "sow.md"))
    assert result.stderr == ""


# --- CSV for Excel ----------------------------------------------------------------------------------

HOSTILE_SOW = f"""\
# Statement of Work

## {HOSTILE_HEADING}

The Vendor shall reply promptly. Reports are due by [insert date].

## Deliverables

| Deliverable | Owner | Due | Acceptance |
|---|---|---|---|
| {HOSTILE_CELL} | -Vendor | TBD | +approved by the City |
| Final report | Vendor | TBD | approved by the City |
"""


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[len(BOM) :])))


def _assert_no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for value in (*row.values(), *row.keys()):
            assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r")), (value, row)


def test_check_csv_opens_safely_in_excel(tmp_path: Path) -> None:
    (tmp_path / "hostile.md").write_text(HOSTILE_SOW, "utf-8")
    text = run("check", "--format", "csv", "--select", "TL01,PH01", str(tmp_path / "hostile.md")).stdout
    rows = _csv_rows(text)
    _assert_no_formula(rows)
    timeline = next(r for r in rows if r["code"] == "TL01")
    assert timeline["section"] == "'" + HOSTILE_HEADING  # shown as the text it is, not run
    assert timeline["sentence"] == "The Vendor shall reply promptly."  # the sentence, not the paragraph
    cell = next(r for r in rows if r["code"] == "PH01" and r["excerpt"] == "TBD")
    assert cell["sentence"] == "TBD" and cell["table"] == "1"


def test_deliverables_csv_opens_safely_in_excel(tmp_path: Path) -> None:
    (tmp_path / "hostile.md").write_text(HOSTILE_SOW, "utf-8")
    out = tmp_path / "deliverables.csv"
    run("deliverables", "--format", "csv", "-o", str(out), str(tmp_path / "hostile.md"))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(raw.decode("utf-8"))
    _assert_no_formula(rows)
    assert "'" + HOSTILE_CELL in [r["name"] for r in rows]


def test_neutralise_follows_owasp() -> None:
    from contractlint.formats.spreadsheet import neutralise

    for risky in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert neutralise(risky) == "'" + risky
    assert neutralise("TBD") == "TBD"
    assert neutralise(12) == 12


# --- folders never skip silently -----------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sow.md").write_text(SOW, "utf-8")
    (docs / "prices.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (docs / ".DS_Store").write_bytes(b"\x00")  # hidden: not a document anyone wrote
    return docs


def test_text_summary_names_skipped_files(folder: Path) -> None:
    result = run("check", "--select", "TL01", str(folder))
    lines = result.stdout.splitlines()
    assert f"{folder / 'prices.xlsx'}: skipped: unsupported file type .xlsx (a spreadsheet)" in lines
    assert lines[-1].startswith("1 finding (1 warning) in 1 file; 1 file skipped (unsupported type).")
    assert ".DS_Store" not in result.stdout


def test_quiet_keeps_the_count_of_skipped_files(folder: Path) -> None:
    result = run("check", "--select", "TL01", "--quiet", str(folder))
    assert "prices.xlsx" not in result.stdout
    assert result.stdout.splitlines()[-1] == "1 file skipped (listed without --quiet)"


def test_json_lists_skipped_files(folder: Path) -> None:
    data = json.loads(run("check", "--format", "json", str(folder)).stdout)
    assert data["skipped"] == [
        {"path": str(folder / "prices.xlsx"), "reason": "unsupported file type .xlsx (a spreadsheet)"}
    ]


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "html"])
def test_other_reports_name_skipped_files(folder: Path, fmt: str) -> None:
    result = run("check", "--format", fmt, str(folder))
    assert "prices.xlsx" in result.stdout
    assert f"{folder / 'prices.xlsx'}: skipped: " in result.stderr  # where unreadable files are named too


def test_a_folder_of_nothing_readable_names_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'old.doc'}: skipped: unsupported file type .doc (Word 97-2003: save it as .docx)" in (
        result.stderr
    )


# --- configuration like ruff's -----------------------------------------------------------------------

TWO_PROBLEMS = "The Vendor shall reply promptly and use commercially reasonable efforts, as needed.\n"


def _codes(*args: str) -> set[str]:
    data = json.loads(run("check", "--format", "json", *args).stdout)
    return {f["code"] for file in data["files"] for f in file["findings"]}


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    (tmp_path / "contractlint.toml").write_text('select = ["TL01", "WC01"]\nignore = ["WC01"]\n', "utf-8")
    (tmp_path / "sow.md").write_text(TWO_PROBLEMS, "utf-8")
    return tmp_path


def test_extend_ignore_keeps_the_config_ignores(configured: Path) -> None:
    with contextlib.chdir(configured):
        assert _codes("sow.md") == {"TL01"}
        assert _codes("--extend-ignore", "TL01", "sow.md") == set()  # WC01 still ignored, TL01 too


def test_ignore_on_the_command_line_replaces_the_config_list(configured: Path) -> None:
    with contextlib.chdir(configured):
        assert _codes("--ignore", "TL01", "sow.md") == {"WC01"}


def test_extend_select_adds_to_the_config_selection(configured: Path) -> None:
    with contextlib.chdir(configured):
        assert _codes("--extend-select", "OS02", "sow.md") == {"TL01", "OS02"}  # an opt-in rule, by code
        assert _codes("--select", "OS02", "sow.md") == {"OS02"}  # --select replaces


def test_extend_select_with_no_config_selection_keeps_every_default_rule(tmp_path: Path) -> None:
    (tmp_path / "sow.md").write_text(TWO_PROBLEMS, "utf-8")
    with contextlib.chdir(tmp_path):
        assert {"TL01", "WC01", "OS02"} <= _codes("--extend-select", "OS02", "sow.md")


def test_per_file_ignores_are_relative_to_the_config_folder(tmp_path: Path) -> None:
    config = Config(per_file_ignores={"docs/*.md": ("TL01",), "*.txt": ("WC",)}, source=tmp_path / "x.toml")
    assert config.file_ignores(str(tmp_path / "docs" / "a.md")) == ("TL01",)
    assert config.file_ignores(str(tmp_path / "other" / "docs" / "a.md")) == ()
    assert config.file_ignores(str(tmp_path / "docs" / "sub" / "a.md")) == ()  # `*` stays in its folder
    assert config.file_ignores(str(tmp_path / "deep" / "notes.txt")) == ("WC",)  # no `/`: the file name
    deep = Config(per_file_ignores={"docs/**/*.md": ("TL01",)}, source=tmp_path / "x.toml")
    assert deep.file_ignores(str(tmp_path / "docs" / "sub" / "a.md")) == ("TL01",)


def test_per_file_ignores_from_another_working_directory(tmp_path: Path) -> None:
    """The glob is anchored at the config file, whatever folder contractlint is run from."""
    (tmp_path / "contractlint.toml").write_text('[per-file-ignores]\n"docs/*.md" = ["TL01"]\n', "utf-8")
    for folder in ("docs", "other/docs"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "a.md").write_text(TWO_PROBLEMS, "utf-8")
    with contextlib.chdir(tmp_path / "other"):
        config = ["--config", str(tmp_path / "contractlint.toml"), "--select", "TL01"]
        assert _codes(*config, str(tmp_path / "docs" / "a.md")) == set()
        assert _codes(*config, "docs/a.md") == {"TL01"}
