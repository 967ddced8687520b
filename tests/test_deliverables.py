"""The deliverables table: extraction from tables, lists and Word files; TL02/GL02; the CLI command."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import Result

from contractlint.config import Config
from contractlint.deliverables import Deliverable, extract_deliverables
from contractlint.loaders import load, load_text
from contractlint.parse import parse_document

from .conftest import assert_exact_offsets, lint, run_cli

SOW = """\
# Statement of Work: Records Modernisation

## 1. Scope

The Contractor shall modernise the county's records management system.

## 2. Deliverables

| Deliverable | Owner | Due date | Acceptance criteria |
|---|---|---|---|
| Project management plan | Contractor | Within 10 business days of award | Approved in writing by the COR |
| Data migration report | Contractor | TBD | All records reconciled with zero critical defects |
| Training materials | Contractor | 30 June 2027 |  |

## 3. Milestones

- The Contractor shall deliver the pilot release by 15 March 2027, accepted when all acceptance tests pass.
- The Contractor shall deliver the user guide at the end of each sprint.
- Final handover package, accepted when approved by the Product Owner.

## 4. Payment

The County pays each accepted deliverable within 30 days of invoice.
"""
ALL_ACCEPTED = "\n## 5. Acceptance\n\nAll deliverables are accepted when approved in writing by the COR.\n"


def _extract(text: str, profile: str = "sow") -> list[Deliverable]:
    document = load_text(text)
    return extract_deliverables(parse_document(document, dataclasses.replace(Config(), profile=profile)))


def _rows(items: list[Deliverable]) -> list[tuple[str | None, ...]]:
    return [(d.name, d.owner, d.due, d.acceptance, d.source) for d in items]


def test_table_and_list_deliverables_are_extracted_exactly() -> None:
    items = _extract(SOW)
    assert _rows(items) == [
        ("Project management plan", "Contractor", "Within 10 business days of award", "Approved in writing by the COR",
         "table"),
        ("Data migration report", "Contractor", None, "All records reconciled with zero critical defects", "table"),
        ("Training materials", "Contractor", "30 June 2027", None, "table"),
        ("pilot release", "Contractor", "by 15 March 2027",
         "The Contractor shall deliver the pilot release by 15 March 2027, accepted when all acceptance tests pass.",
         "list"),
        ("user guide", "Contractor", "at the end of each sprint", None, "list"),
        ("Final handover package", None, None, "Final handover package, accepted when approved by the Product Owner.",
         "list"),
    ]
    assert [d.gaps for d in items] == [(), ("due",), ("acceptance",), (), ("acceptance",), ("owner", "due")]
    document = load_text(SOW)
    for item in items:
        assert document.text[item.start : item.end] == item.name


def test_a_statement_about_all_deliverables_covers_every_one() -> None:
    items = _extract(SOW + ALL_ACCEPTED)
    assert all(d.acceptance for d in items)
    assert [d.acceptance_scope for d in items] == ["deliverable", "deliverable", "document", "deliverable", "document",
                                                   "deliverable"]


def test_milestone_sections_give_their_date_team_and_criteria() -> None:
    proposal = """\
# Grant Proposal

## Milestone 1: Specification

**Team**: Ana Ruiz, Li Wei
**Date**: Jun 23, 2027 → Jul 30, 2027

### Deliverables

- A specification of the protocol
- A reference implementation in Rust

## Milestone 2 — Documentation — 15 days

For the successful completion of this milestone we define the following criteria:

1. The documentation site is published.
"""
    items = _extract(proposal, profile="proposal")
    assert _rows(items) == [
        ("A specification of the protocol", "Ana Ruiz, Li Wei", "Jun 23, 2027 → Jul 30, 2027", None, "list"),
        ("A reference implementation in Rust", "Ana Ruiz, Li Wei", "Jun 23, 2027 → Jul 30, 2027", None, "list"),
        ("Milestone 2 — Documentation — 15 days", None, "15 days",
         "For the successful completion of this milestone we define the following criteria:", "milestone"),
    ]


def test_tables_that_are_not_deliverables_are_ignored() -> None:
    text = """\
| Agenda Item | Time Allotted |
|---|---|
| Introductions | 5 minutes |

| Milestone | Budget |
|---|---|
| Milestone 1 | $10,000 |
| Total | $10,000 |
"""
    assert _extract(text) == []


def _word_file(path: Path) -> Path:
    word = docx.Document()
    word.add_heading("Deliverables", level=1)
    table = word.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [("Deliverable", "Due", "Acceptance"), ("Security plan", "Within 15 days of award", "Approved by the ISSO"),
         ("Final report", "", "")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    word.save(str(path))
    return path


def test_word_table_first_row_is_read_as_the_header(tmp_path: Path) -> None:
    document = load(_word_file(tmp_path / "sow.docx"))
    items = extract_deliverables(parse_document(document, dataclasses.replace(Config(), profile="sow")))
    assert _rows(items) == [
        ("Security plan", None, "Within 15 days of award", "Approved by the ISSO", "table"),
        ("Final report", None, None, None, "table"),
    ]
    assert [dict(d.block.location) for d in items] == [{"table": 1, "row": 2, "cell": 1},
                                                        {"table": 1, "row": 3, "cell": 1}]


def test_findings_point_at_the_deliverable_names() -> None:
    result = lint(SOW, select=("TL02", "GL02"), profile="sow")
    found = [(f.code, f.excerpt) for f in result.findings]
    assert found == [
        ("TL02", "Data migration report"),
        ("GL02", "Training materials"),
        ("GL02", "user guide"),
        ("TL02", "Final handover package"),
    ]
    assert {f.category for f in result.findings} == {"vague-timeline", "unmeasurable-goal"}
    assert_exact_offsets(result.document, result.findings)
    covered = lint(SOW + ALL_ACCEPTED, select=("GL02",), profile="sow")
    assert covered.findings == []


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sow.md").write_text(SOW, "utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return run_cli("deliverables", *args)


def test_text_output_marks_the_gaps(workdir: Path) -> None:
    result = run("sow.md")
    assert result.exit_code == 0, result.output
    assert "6 deliverables, 4 with gaps" in result.output
    assert "Data migration report" in result.output
    assert "no date" in result.output and "no acceptance" in result.output and "no owner / no date" in result.output
    assert "—" in result.output


def test_json_output(workdir: Path) -> None:
    result = run("sow.md", "--format", "json")
    assert result.exit_code == 0
    files = json.loads(result.output)
    assert [f["path"] for f in files] == ["sow.md"]
    records = files[0]["deliverables"]
    assert len(records) == 6
    assert records[1] == {
        "path": "sow.md", "name": "Data migration report", "owner": "Contractor", "due": None,
        "acceptance": "All records reconciled with zero critical defects", "acceptance_scope": "deliverable",
        "gaps": ["due"], "source": "table", "section": "2. Deliverables", "line": 12,
        "start": records[1]["start"], "end": records[1]["end"],
    }


def test_csv_output_reads_back_with_pandas(workdir: Path) -> None:
    result = run("sow.md", "--format", "csv")
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.output))
    assert list(frame.columns[:6]) == ["path", "name", "owner", "due", "acceptance", "gaps"]
    assert len(frame) == 6
    assert frame.loc[1, "gaps"] == "due" and frame.loc[5, "gaps"] == "owner;due"


def test_missing_file_exits_2_and_the_other_file_is_still_reported(workdir: Path) -> None:
    result = run("missing.md", "sow.md", "--format", "json")
    assert result.exit_code == 2
    files = json.loads(result.stdout)
    assert files[0]["error"] == "no such file" and len(files[1]["deliverables"]) == 6
    assert "missing.md: error: no such file" in result.stderr
    text = run("missing.md", "sow.md")
    assert text.exit_code == 2
    assert "missing.md: error: no such file" in text.output and "Data migration report" in text.output


def test_output_file_and_refusal_to_overwrite_an_input(workdir: Path) -> None:
    assert run("sow.md", "--format", "csv", "-o", "out/table.csv").exit_code == 0
    assert len(pd.read_csv(workdir / "out" / "table.csv")) == 6
    refused = run("sow.md", "-o", "sow.md")
    assert refused.exit_code == 2
    assert "refusing to overwrite an input document" in refused.output
    assert (workdir / "sow.md").read_text("utf-8") == SOW


def test_one_bad_file_never_empties_the_others_in_the_shared_run_loop(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`deliverables` runs through the same loop as `check`: a file that breaks the extraction (here a
    planted bug on one file) gets its own one-line internal error, the others keep their deliverables,
    with --jobs as without."""
    import contractlint.deliverables as analysis

    (workdir / "broken.md").write_text("# Broken\n\nThe Contractor shall deliver a plan.\n", "utf-8")
    (workdir / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    real = analysis.extract_deliverables

    def fails_on_broken(parsed):  # type: ignore[no-untyped-def]
        if parsed.document.display_path.endswith("broken.md"):
            raise KeyError("planted bug")
        return real(parsed)

    monkeypatch.setattr("contractlint.lint.extract_deliverables", fails_on_broken)
    result = run("broken.md", "corrupt.docx", "sow.md", "--format", "json", "--jobs", "1")  # planted in this process
    assert result.exit_code == 2, result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)}
    assert files["broken.md"]["error"].startswith("internal error (KeyError")
    assert files["corrupt.docx"]["error"] and "internal" not in files["corrupt.docx"]["error"]
    assert len(files["sow.md"]["deliverables"]) == 6
    parallel = run("corrupt.docx", "sow.md", "--format", "json", "--jobs", "2")
    assert parallel.exit_code == 2, parallel.output
    assert parallel.stdout, parallel.output
    assert [len(f["deliverables"]) for f in json.loads(parallel.stdout)] == [0, 6]
