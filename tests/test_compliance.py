"""`contractlint compliance`: requirements, answers, statuses, outputs and exit codes, on a
synthetic RFP/proposal written here and on the real pairs in ../shared/docs (PAIRS.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from contractlint.compliance import build_report
from contractlint.compliance.passages import proposal_passages
from contractlint.config import Config
from contractlint.loaders import load
from contractlint.nlp import load_pipeline
from contractlint.parse import parse_document

from .conftest import SHARED_DOCS, needs_shared, run_cli

RFP = """# Request for Proposals: County Records Portal

## Background

The county keeps court filings on paper and microfiche. We will host a bidders' conference.

## Deliverables

- A public records search portal that indexes all county court filings by party name and case number.
- Nightly backups of the records database, each kept for 90 days.
- An accessibility audit of the portal against WCAG 2.1 AA before launch.
- Training for clerks in two sessions, with a printed quick reference guide.

## Requirements

The Contractor shall migrate the legacy microfiche archive into the portal within 6 months.
The Contractor shall staff a telephone help desk from 8am to 6pm on business days.

## Submission Instructions

Proposals must not exceed 20 pages in 12-point font.
Proposals are due by 5 May 2025.
"""

ANSWERS = {
    "portal": "We will build a public records search portal that indexes every county court filing by party "
    "name and case number.",
    "backups": "We will run nightly backups of the records database and keep each backup for 90 days.",
    "audit": "An independent firm will audit the portal against WCAG 2.1 AA, and we will fix every issue "
    "before launch.",
    "training": "We will train the clerks in two sessions and hand each a printed quick reference guide.",
    "microfiche": "We will migrate the legacy microfiche archive into the portal within 6 months of award.",
    "help desk": "Our telephone help desk is staffed from 8am to 6pm on business days.",
}


def proposal(answers: dict[str, str]) -> str:
    return "# Proposal: County Records Portal\n\n## Our approach\n\n" + "\n\n".join(answers.values()) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def matrix(rfp: Path, answer: Path, **options: bool) -> dict[str, str]:
    rows = build_report(rfp, [answer], Config(model=False), **options).proposals[0].rows
    return {row.requirement.text[:40]: row.status for row in rows}


def test_requirements_are_the_deliverables_and_duties_not_the_submission_instructions(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    found = build_report(rfp, [], Config(model=False)).requirements
    texts = [r.text for r in found]
    assert len(texts) == 6, texts
    assert not any("pages" in t or "due by" in t or "bidders" in t for t in texts)
    assert [r.id for r in found] == [
        "deliverables.1", "deliverables.2", "deliverables.3", "deliverables.4", "requirements.1", "requirements.2"
    ]  # fmt: skip
    assert all(RFP[r.start : r.end].endswith(r.text[-10:]) for r in found)
    with_instructions = build_report(rfp, [], Config(model=False), include_instructions=True).requirements
    assert [r.text for r in with_instructions][6:] == ["Proposals must not exceed 20 pages in 12-point font."]


def test_a_full_answer_addresses_everything_and_dropped_answers_are_exactly_the_missing(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    full = matrix(rfp, write(tmp_path, "full.md", proposal(ANSWERS)))
    assert set(full.values()) == {"addressed"}, full
    cut = {k: v for k, v in ANSWERS.items() if k not in ("backups", "microfiche")}
    statuses = matrix(rfp, write(tmp_path, "cut.md", proposal(cut)))
    missing = {text for text, status in statuses.items() if status == "missing"}
    assert missing == {"Nightly backups of the records database,", "The Contractor shall migrate the legacy "}


def test_an_evasive_answer_or_a_number_short_of_the_ask_is_partial_with_the_reason(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    evasive = dict(ANSWERS)
    evasive["backups"] = "We will run nightly backups of the records database and keep each backup for 30 days."
    evasive["microfiche"] = (
        "We will endeavour to migrate the legacy microfiche archive into the portal within 6 months."
    )
    rows = build_report(rfp, [write(tmp_path, "evasive.md", proposal(evasive))], Config(model=False)).proposals[0].rows
    by_text = {row.requirement.text[:30]: row for row in rows}
    backups, microfiche = by_text["Nightly backups of the records"], by_text["The Contractor shall migrate t"]
    assert backups.status == "partial" and "asks 90 days, the answer says 30 days" in backups.reason
    assert microfiche.status == "partial" and "weak-commitment" in microfiche.reason
    assert microfiche.findings and microfiche.findings[0].startswith("WC")


def test_json_rows_carry_the_contract_fields(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    answer = write(tmp_path, "answer.md", proposal(ANSWERS))
    result = run_cli(*["compliance", str(rfp), str(answer), "--format", "json", "--no-model"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["rfp"]["requirements"] == 6
    rows = report["proposals"][0]["rows"]
    keys = {"id", "text", "start", "end", "section", "status", "score", "reason", "evidence"}
    assert all(keys <= set(row) for row in rows)
    text = answer.read_text(encoding="utf-8")
    for row in rows:
        assert row["evidence"], row
        for evidence in row["evidence"]:
            assert set(evidence) >= {"start", "end", "excerpt", "section"}
            assert " ".join(text[evidence["start"] : evidence["end"]].split()) == evidence["excerpt"]
    assert report["summary"]["by_status"] == {"addressed": 6, "partial": 0, "missing": 0}


def test_the_readers_side_is_recorded_and_never_changes_a_status(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    answer = write(tmp_path, "answer.md", proposal(ANSWERS))
    reports = {}
    for side in ("neutral", "buyer", "vendor"):
        result = run_cli(*["compliance", str(rfp), str(answer), "--format", "json", "--no-model", "--side", side])
        assert result.exit_code == 0, result.output
        reports[side] = json.loads(result.stdout)
    assert [reports[s]["side"] for s in reports] == ["neutral", "buyer", "vendor"]
    assert reports["buyer"]["proposals"][0]["parties"]["vendor"] == ["we"]  # a proposal's "we" is the vendor
    statuses = {s: [r["status"] for r in reports[s]["proposals"][0]["rows"]] for s in reports}
    assert statuses["buyer"] == statuses["vendor"] == statuses["neutral"]


def test_the_workbook_reads_back_with_the_same_rows_frozen_filtered_and_a_summary(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    cut = {k: v for k, v in ANSWERS.items() if k != "backups"}
    cut["formula"] = '=HYPERLINK("http://example.com") is not a formula here.'
    answers = [write(tmp_path, "full.md", proposal(ANSWERS)), write(tmp_path, "cut.md", proposal(cut))]
    out = tmp_path / "matrix.xlsx"
    as_json = run_cli(*["compliance", str(rfp), *map(str, answers), "--format", "json", "--no-model"])
    result = run_cli(*["compliance", str(rfp), *map(str, answers), "--format", "xlsx", "-o", str(out), "--no-model"])
    assert result.exit_code == 1  # the cut proposal misses one requirement
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "full", "cut"]
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert summary[0][:5] == ["Proposal", "Addressed", "Partial", "Missing", "Requirements"]
    assert [row[3] for row in summary[1:]] == [0, 1]
    expected = json.loads(as_json.stdout)["proposals"]
    for sheet_name, proposal_json in zip(["full", "cut"], expected, strict=True):
        sheet = book[sheet_name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        header = [c.value for c in sheet[1]]
        cells = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
        assert [(c["ID"], c["Status"], c["Requirement"]) for c in cells] == [
            (r["id"], r["status"], r["text"]) for r in proposal_json["rows"]
        ]
        status_column = header.index("Status") + 1
        for row in sheet.iter_rows(min_row=2):
            status = row[status_column - 1]
            colour = {"addressed": "C6EFCE", "partial": "FFEB9C", "missing": "FFC7CE"}[status.value]
            assert status.fill.start_color.rgb.endswith(colour)
            assert row[header.index("Requirement")].alignment.wrap_text
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for ws in book for row in ws.iter_rows() for c in row
    )


def test_csv_and_html_outputs(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    answer = write(tmp_path, "answer.md", proposal(ANSWERS))
    csv_out = run_cli(*["compliance", str(rfp), str(answer), "--format", "csv", "--no-model"]).stdout
    assert csv_out.startswith("\ufeffproposal,id,kind,section,requirement")
    assert csv_out.count("\n") >= 7
    html = run_cli(*["compliance", str(rfp), str(answer), "--format", "html", "--no-model"]).stdout
    assert "Content-Security-Policy" in html and html.count('<td class="addressed">') == 6
    for anchor in ('href="#p1-r', 'href="#p1-a'):
        target = html.split(anchor, 1)[1].split('"', 1)[0]
        assert f'id="{anchor[7:]}{target}"' in html


def test_exit_codes(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    full = write(tmp_path, "full.md", proposal(ANSWERS))
    evasive = dict(ANSWERS, backups="We will keep each nightly backup of the records database for 30 days.")
    partial = write(tmp_path, "partial.md", proposal(evasive))
    cut = write(tmp_path, "cut.md", proposal({k: v for k, v in ANSWERS.items() if k != "backups"}))

    def code(*args: str) -> int:
        return run_cli(*["compliance", str(rfp), *args, "--no-model"]).exit_code

    assert code(str(full)) == 0
    assert code(str(partial)) == 0
    assert code(str(partial), "--fail-on", "partial") == 1
    assert code(str(cut)) == 1
    assert code(str(cut), "--fail-on", "never") == 0
    assert code(str(full), str(tmp_path / "absent.md")) == 2  # the other proposal is still reported
    assert code(str(full), "--format", "xlsx") == 2  # a workbook needs -o


def test_a_proposal_given_as_the_rfp_is_refused_unless_forced(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    answer = write(tmp_path, "answer.md", proposal(ANSWERS))
    result = run_cli(*["compliance", str(answer), str(rfp), "--no-model"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"contractlint: error: {answer}: reads as a proposal, not an RFP or SOW; give the RFP first "
        "(--force to use it anyway)"
    ]
    assert run_cli(*["compliance", str(answer), str(rfp), "--no-model", "--force", "--fail-on", "never"]).exit_code == 0


def test_an_unreadable_rfp_is_one_line_naming_it(tmp_path: Path) -> None:
    answer = write(tmp_path, "answer.md", proposal(ANSWERS))
    empty, broken = tmp_path / "empty.md", tmp_path / "broken.docx"
    empty.write_bytes(b"")
    broken.write_bytes(b"\x00\x01 not a zip archive")
    for rfp, problem in ((empty, "empty file"), (broken, "not a valid .docx file")):
        result = run_cli(*["compliance", str(rfp), str(answer), "--no-model"])
        assert result.exit_code == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"contractlint: error: {rfp}: {problem}")


PAIR = ("073-rfp-filecoin-consensus-visualization-tool.md", "074-proposal-filecoin-consensus-visualization-tool.md")
# Lines of the real proposal that answer two requirements of the RFP (found by reading both).
DELETED = {
    "works with a Filecoin node API": ("lotus", "node api", "api endpoint"),
    "has tutorials with demo usage": ("tutorial",),
}


@needs_shared
def test_a_real_proposal_with_answers_deleted_misses_exactly_those(tmp_path: Path) -> None:
    """From the real 074, every line holding an answer to two of 073's requirements is deleted.
    Newly missing must be those two, and no others but requirements that ask about the deleted
    subject themselves ("... interoperability with a Filecoin node API") or whose only evidence
    was a deleted line or an item nested under one (it matched through its parent's words)."""
    rfp, original = SHARED_DOCS / PAIR[0], SHARED_DOCS / PAIR[1]
    text = original.read_text(encoding="utf-8")
    phrases = [p for group in DELETED.values() for p in group]
    kept, deleted_spans, under_deleted, at = [], [], [], 0
    deleted_indent: int | None = None  # a list item nested under a deleted one lost what it belonged to
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if deleted_indent is not None and line.strip() and indent <= deleted_indent:
            deleted_indent = None
        if any(p in line.lower() for p in phrases):
            deleted_spans.append((at, at + len(line)))
            deleted_indent = indent
        else:
            kept.append(line)
            if deleted_indent is not None:
                under_deleted.append((at, at + len(line)))
        at += len(line)
    cut = write(tmp_path, PAIR[1], "".join(kept))
    report = build_report(rfp, [original, cut], Config(model=False))
    before, after = report.proposals[0].rows, report.proposals[1].rows

    def only_deleted(row: object) -> bool:
        spans = [(e.start, e.end) for e in row.evidence]  # type: ignore[attr-defined]
        gone = deleted_spans + under_deleted
        return bool(spans) and all(any(s < de and ds < e for ds, de in gone) for s, e in spans)

    targets = {r.requirement.id for r in before if r.requirement.text.startswith(tuple(DELETED))}
    assert len(targets) == 2
    newly = {b.requirement.id for b, a in zip(before, after, strict=True) if a.status == "missing" != b.status}
    assert targets <= newly
    about_deleted = {b.requirement.id for b in before if any(p in b.requirement.text.lower() for p in phrases)}
    assert newly <= targets | about_deleted | {b.requirement.id for b in before if only_deleted(b)}
    assert {b.requirement.id for b in before if b.status == "missing"} <= {
        a.requirement.id for a in after if a.status == "missing"
    }


@needs_shared
def test_the_real_rfps_are_read_as_rfps_and_the_real_proposals_refused() -> None:
    for rfp, answer in (PAIR, ("077-rfp-filecoin-block-explorer.md", "078-proposal-filexplorer-org.md")):
        refused = run_cli(*["compliance", str(SHARED_DOCS / answer), str(SHARED_DOCS / rfp), "--no-model"])
        assert refused.exit_code == 2 and "reads as a proposal" in refused.stderr
        report = build_report(SHARED_DOCS / rfp, [SHARED_DOCS / answer], Config(model=False))
        assert report.rfp_profile == "sow" and len(report.requirements) >= 25


LABELS = Path(__file__).resolve().parents[1] / "corpora" / "compliance" / "labels.jsonl"


@needs_shared
def test_labels_point_at_their_snippets_and_the_evaluation_runs() -> None:
    """Our labels still point at the words they were written for; the scores are computed (the
    figures themselves are in the README, from scripts/compliance_eval.py)."""
    from contractlint.compliance.evaluate import read_labels, score
    from contractlint.loaders import load

    lines = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    for item in lines:
        text = load(SHARED_DOCS / item["rfp"]).text
        assert " ".join(text[item["start"] : item["end"]].split()).startswith(item["snippet"][:20]), item
        assert len(item["snippet"].split()) <= 8
    labels = [label for label in read_labels(LABELS) if label.rfp == PAIR[0]]
    rows = build_report(SHARED_DOCS / PAIR[0], [SHARED_DOCS / PAIR[1]], Config()).proposals[0].rows
    result = score(labels, rows)
    assert result.recall >= 0.9


def test_word_documents_with_a_milestone_table(tmp_path: Path) -> None:
    """A .docx RFP: its table's title row is no requirement, each milestone row is, and a
    proposal's "Milestone 1" answers "1 | ..." with its own duration."""
    import docx

    rfp = docx.Document()
    rfp.add_heading("Request for Proposals: Records Portal", 1)
    rfp.add_heading("Milestones", 2)
    table = rfp.add_table(rows=3, cols=3)
    rows = [
        ["Milestone", "Description", "Timeframe"],
        ["1", "Portal design", "4 weeks"],
        ["2", "Portal launch", "6 weeks"],
    ]
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    rfp.save(tmp_path / "rfp.docx")
    answer = docx.Document()
    answer.add_heading("Proposal: Records Portal", 1)
    for number, text in ((1, "Portal design in 5 weeks."), (2, "Portal launch in 6 weeks.")):
        answer.add_heading(f"Milestone {number}", 2)
        answer.add_paragraph(text)
    answer.save(tmp_path / "answer.docx")
    found = build_report(tmp_path / "rfp.docx", [tmp_path / "answer.docx"], Config(model=False)).proposals[0].rows
    assert [(r.requirement.text, r.status) for r in found] == [
        ("1 | Portal design | 4 weeks", "partial"),
        ("2 | Portal launch | 6 weeks", "addressed"),
    ]
    assert "asks 4 weeks, the answer says 5 weeks" in found[0].reason
    assert found[0].evidence[0].section == "Milestone 1"


RFP_SUBJECTS = """# Request for Proposals: Records Scanning

## Scope of Work

The Agency shall provide the scanners on site.
Our staff will review every batch within two days.
The project must have been delivered by the offeror, not by a parent or an affiliated company.
The Contractor shall scan 10,000 pages a week.
"""


def test_the_buyers_own_duties_are_not_requirements_whoever_else_the_sentence_names(tmp_path: Path) -> None:
    """The buyer is told by its subject's head (parties.py's role words, and "we"/"our" of the
    RFP): "The Agency shall", "Our staff will" bind the buyer; a company named later in the
    sentence does not make the offeror's duty the buyer's."""
    rfp = write(tmp_path, "rfp.md", RFP_SUBJECTS)
    found = [r.text for r in build_report(rfp, [], Config(model=False)).requirements]
    assert found == [
        "The project must have been delivered by the offeror, not by a parent or an affiliated company.",
        "The Contractor shall scan 10,000 pages a week.",
    ]


NESTED_PROPOSAL = """# Proposal

## Deliverables

* Open-sourced repository, licensed under MIT and Apache:
    * Sub-repo for the front end
    * Sub-repo for the back end
* Well-documented codebase hosted on our own server.
"""


def test_a_list_items_lead_in_covers_only_the_items_indented_under_it(tmp_path: Path) -> None:
    """A sub-list's lead-in ("... licensed under MIT and Apache:") is context for its own items, not
    for the sibling after the sub-list ends, which would otherwise answer a licensing requirement."""
    path = write(tmp_path, "proposal.md", NESTED_PROPOSAL)
    parsed = parse_document(load(path), replace(Config(model=False), profile="proposal"), load_pipeline())
    context = {p.text: p.context_lemmas for p in proposal_passages(parsed)}
    assert "apache" in context["Sub-repo for the back end"]
    assert "apache" not in context["Well-documented codebase hosted on our own server."]
