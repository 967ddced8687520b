"""The command line, end to end with click's CliRunner: exit codes, formats, options, files."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import docx
import jsonschema
import pytest
from click.testing import Result
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.rules import REGISTRY
from contractlint.rules.base import MARKS, unmark
from contractlint.rules.classifier import MODEL_RULES

from .conftest import run_cli

SAMPLE = """\
# Statement of Work

## Scope

The Contractor shall respond to all incidents as soon as possible.

| Deliverable | Due |
|-------------|-----|
| Final report | TBD |

- The Vendor will use commercially reasonable efforts to restore service.
"""
WARNINGS_ONLY = "The Vendor shall reply to every ticket promptly.\n"
CLEAN = "The Vendor shall reply to every ticket within 2 business days.\n"

# The categories of ../shared/TAXONOMY.md, spelled out: the JSON contract, independent of the code.
TAXONOMY_IDS = [
    "vague-term", "vague-timeline", "unmeasurable-goal", "weak-commitment", "open-scope", "placeholder",
    "unowned-obligation", "undefined-term", "number-mismatch", "unsupported-claim", "one-sided-term",
    "missing-section", "no-measurable-kpi",
]
_INT_OR_NULL = {"type": ["integer", "null"], "minimum": 0}
FINDING_FIELDS = (
    "code", "name", "category", "severity", "message", "hint", "start", "end", "line", "column", "excerpt",
    "source", "score",
)
REPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "side", "files", "skipped", "summary"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "side": {"enum": ["neutral", "buyer", "vendor"]},
        "files": {"type": "array", "items": {"$ref": "#/$defs/file"}},
        "skipped": {"type": "array", "items": {"$ref": "#/$defs/skipped"}},
        "summary": {
            "type": "object",
            "required": ["files", "findings", "errors", "by_category"],
            "additionalProperties": False,
            "properties": {
                "files": {"type": "integer", "minimum": 0},
                "findings": {"type": "integer", "minimum": 0},
                "errors": {"type": "integer", "minimum": 0},
                "by_category": {
                    "type": "object",
                    "propertyNames": {"enum": TAXONOMY_IDS},
                    "additionalProperties": {"type": "integer", "minimum": 1},
                },
                "by_severity": {
                    "type": "object",
                    "propertyNames": {"enum": ["error", "warning", "info"]},
                    "additionalProperties": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
    "$defs": {
        "skipped": {
            "type": "object",
            "required": ["path", "reason"],
            "additionalProperties": False,
            "properties": {"path": {"type": "string", "minLength": 1}, "reason": {"type": "string", "minLength": 1}},
        },
        "file": {
            "type": "object",
            "required": ["path", "profile", "parties", "error", "findings", "unused_suppressions"],
            "additionalProperties": False,
            "properties": {
                "path": {"type": "string", "minLength": 1},
                "profile": {"enum": ["sow", "proposal", "agreement", "other", None]},
                "parties": {
                    "oneOf": [
                        {"type": "null"},
                        {
                            "type": "object",
                            "required": ["buyer", "vendor"],
                            "additionalProperties": False,
                            "properties": {
                                "buyer": {"type": "array", "items": {"type": "string"}},
                                "vendor": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    ]
                },
                "error": {"type": ["string", "null"]},
                "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
                "unused_suppressions": {"type": "array", "items": {"$ref": "#/$defs/suppression"}},
            },
        },
        "finding": {
            "type": "object",
            "required": list(FINDING_FIELDS),
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "pattern": r"^[A-Z]{2}\d{2}$"},
                "name": {"type": "string", "pattern": r"^[a-z]+(-[a-z]+)*$"},
                "category": {"enum": TAXONOMY_IDS},
                "severity": {"enum": ["error", "warning", "info"]},
                "message": {"type": "string", "minLength": 1},
                "hint": {"type": "string", "minLength": 1},
                "start": _INT_OR_NULL,
                "end": _INT_OR_NULL,
                "line": {"type": ["integer", "null"], "minimum": 1},
                "column": {"type": ["integer", "null"], "minimum": 1},
                "excerpt": {"type": ["string", "null"]},
                "source": {"enum": ["rule", "model"]},
                "score": {"type": ["number", "null"]},
                "location": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
                "element": {"type": "string"},
                "section": {"type": "string"},
                "context": {"enum": ["standard-clause"]},
                "party": {"enum": ["buyer", "vendor", "both", "unknown"]},
                "favours": {"enum": ["buyer", "vendor", "both", "unknown"]},
                "also": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/reason"}},
            },
        },
        "reason": {
            "type": "object",
            "required": ["code", "category", "message"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "pattern": r"^[A-Z]{2}\d{2}$"},
                "category": {"enum": TAXONOMY_IDS},
                "message": {"type": "string", "minLength": 1},
            },
        },
        "suppression": {
            "type": "object",
            "required": ["line", "column", "codes"],
            "additionalProperties": False,
            "properties": {
                "line": {"type": "integer", "minimum": 1},
                "column": {"type": "integer", "minimum": 1},
                "codes": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Z0-9]+$"}},
            },
        },
    },
}
LINE = r"^{path}:\d+:\d+: [A-Z]{{2}}\d{{2}} \[(error|warning|info)\] .+"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the sample documents, as the current directory (so no config file is found)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sample.md").write_text(SAMPLE, "utf-8")
    (tmp_path / "warnings.md").write_text(WARNINGS_ONLY, "utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, "utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return run_cli(*args)


def report(*args: str) -> dict:
    result = run("check", "--format", "json", *args)
    data = json.loads(result.stdout)
    jsonschema.validate(data, REPORT_SCHEMA)
    return data


def finding_codes(data: dict) -> list[str]:
    return [f["code"] for file in data["files"] for f in file["findings"]]


def decoded(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


# --- exit codes --------------------------------------------------------------------------------


def test_findings_fail_the_run(workdir: Path) -> None:
    assert run("check", "sample.md").exit_code == 1


def test_fail_on_never(workdir: Path) -> None:
    result = run("check", "--fail-on", "never", "sample.md")
    assert result.exit_code == 0
    assert re.search(LINE.format(path="sample.md"), result.stdout, re.M)


def test_clean_document_passes(workdir: Path) -> None:
    result = run("check", "clean.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 findings in 1 file. Profile: sow (detected).\n"


def test_fail_on_error_ignores_warnings(workdir: Path) -> None:
    severities = {f["severity"] for file in report("warnings.md")["files"] for f in file["findings"]}
    assert severities == {"warning"}
    assert run("check", "warnings.md").exit_code == 1
    assert run("check", "--fail-on", "error", "warnings.md").exit_code == 0
    assert run("check", "--fail-on", "error", "sample.md").exit_code == 1  # it has a placeholder error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md"], "missing.md: error: no such file"),
        (["notes.rtf"], "notes.rtf: error: unsupported file type '.rtf'"),
        (["--select", "ZZ99", "sample.md"], "unknown rule code or prefix 'ZZ99'"),
        (["--ignore", "TL01,XX", "sample.md"], "unknown rule code or prefix 'XX'"),
        (["--config", "bad.toml", "sample.md"], "bad.toml:2: unknown key 'colour'"),
    ],
    ids=["missing-file", "unsupported-extension", "bad-select", "bad-ignore", "bad-config"],
)
def test_usage_and_input_errors_exit_2(workdir: Path, args: list[str], message: str) -> None:
    (workdir / "notes.rtf").write_text("{\\rtf1 hello}", "utf-8")
    (workdir / "bad.toml").write_text('select = ["TL"]\ncolour = "red"\n', "utf-8")
    result = run("check", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_bad_config_found_upward_exits_2(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "contractlint.toml").write_text("select = [\n", "utf-8")
    (workdir / "sub").mkdir()
    monkeypatch.chdir(workdir / "sub")
    result = run("check", "../sample.md")
    assert result.exit_code == 2
    assert "contractlint.toml: invalid TOML" in result.stderr


# --- one bad file among good ones --------------------------------------------------------------


@pytest.fixture
def with_bad_file(workdir: Path) -> Path:
    (workdir / "broken.txt").write_bytes(b"Payment \xff terms\n")
    return workdir


def test_bad_file_does_not_hide_good_findings_in_text(with_bad_file: Path) -> None:
    result = run("check", "broken.txt", "warnings.md")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("broken.txt")]
    assert errors == ["broken.txt: error: cannot decode as UTF-8 at byte 8 (0xff); "
                      "save the file as UTF-8 or UTF-16 with a byte-order mark"]
    assert any(re.match(LINE.format(path="warnings.md"), line) for line in lines)
    summary = r"\d+ findings? \(.+\) in 2 files; 1 file could not be read\. Profile: \w+ \(detected\)\."
    assert re.fullmatch(summary, lines[-1])


def test_bad_file_does_not_hide_good_findings_in_json(with_bad_file: Path) -> None:
    result = run("check", "--format", "json", "broken.txt", "warnings.md")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    jsonschema.validate(data, REPORT_SCHEMA)
    broken, good = data["files"]
    assert broken["path"] == "broken.txt" and "byte 8" in broken["error"] and broken["findings"] == []
    assert good["error"] is None and "TL01" in [f["code"] for f in good["findings"]]
    assert data["summary"]["errors"] == 1
    assert result.stderr.splitlines() == [f"broken.txt: error: {broken['error']}"]


# --- JSON --------------------------------------------------------------------------------------


def test_json_contract_and_offsets(workdir: Path) -> None:
    (workdir / "bom.md").write_bytes(codecs.BOM_UTF8 + b"Intro.\r\n\r\n" + WARNINGS_ONLY.encode("utf-8"))
    (workdir / "wide.txt").write_bytes(codecs.BOM_UTF16_LE + f"Résumé.\n\n{SAMPLE}".encode("utf-16-le"))
    data = report("sample.md", "bom.md", "wide.txt", "clean.md")
    assert [f["path"] for f in data["files"]] == ["sample.md", "bom.md", "wide.txt", "clean.md"]
    assert data["summary"]["files"] == 4 and data["summary"]["errors"] == 0
    assert data["summary"]["findings"] == sum(len(f["findings"]) for f in data["files"])
    assert {"TL01", "PH01", "WC01"} <= set(finding_codes(data))
    for file in data["files"]:
        text = decoded(workdir / file["path"])
        for finding in file["findings"]:
            start, end = finding["start"], finding["end"]
            assert text[start:end] == finding["excerpt"], (file["path"], finding)
            line_start = text.rfind("\n", 0, start) + 1
            assert (finding["line"], finding["column"]) == (text.count("\n", 0, start) + 1, start - line_start + 1)
    placeholder = next(f for f in data["files"][0]["findings"] if f["code"] == "PH01")
    assert placeholder["location"] == {"table": 1, "row": 2, "cell": 2}


def test_json_by_category_counts(workdir: Path) -> None:
    data = report("sample.md")
    counted: dict[str, int] = {}
    for finding in data["files"][0]["findings"]:
        counted[finding["category"]] = counted.get(finding["category"], 0) + 1
    assert data["summary"]["by_category"] == counted


CLAUSE_RFQ = """\
# Request for Quote

The Contractor shall reply promptly.

**FAR 52.299-1 Widget Registration (Jan 2030)**

Receipts must be submitted as soon as possible.
"""


@pytest.mark.parametrize(("option", "severity"), [((), "info"), (("--standard-clauses", "keep"), "warning")])
def test_standard_clause_context_in_json_text_and_sarif(workdir: Path, option: tuple[str, ...], severity: str) -> None:
    (workdir / "rfq.md").write_text(CLAUSE_RFQ, "utf-8")
    findings = report("--select", "TL01", *option, "rfq.md")["files"][0]["findings"]
    assert [(f["excerpt"], f["severity"], f.get("context")) for f in findings] == [
        ("promptly", "warning", None),
        ("as soon as possible", severity, "standard-clause"),
    ]
    text = run("check", "--select", "TL01", *option, "rfq.md").stdout
    assert re.search(rf"rfq\.md:7:\d+: TL01 \[{severity}\] \(standard clause\) ", text)
    sarif = json.loads(run("check", "--format", "sarif", "--select", "TL01", *option, "rfq.md").stdout)
    assert [r["properties"].get("context") for r in sarif["runs"][0]["results"]] == [None, "standard-clause"]


def test_standard_clauses_hide(workdir: Path) -> None:
    (workdir / "rfq.md").write_text(CLAUSE_RFQ, "utf-8")
    findings = report("--select", "TL01", "--standard-clauses", "hide", "rfq.md")["files"][0]["findings"]
    assert [f["excerpt"] for f in findings] == ["promptly"]
    assert run("check", "--standard-clauses", "drop", "rfq.md").exit_code == 2


# --- selection and text output -----------------------------------------------------------------


def test_select_prefix(workdir: Path) -> None:
    found = finding_codes(report("--select", "TL", "sample.md"))
    assert found and all(code.startswith("TL") for code in found)


def test_ignore_code(workdir: Path) -> None:
    assert "TL01" in finding_codes(report("sample.md"))
    found = finding_codes(report("--ignore", "TL01", "sample.md"))
    assert found and "TL01" not in found


def test_profile_option(workdir: Path) -> None:
    assert report("sample.md")["files"][0]["profile"] == "sow"  # "Statement of Work" in the title
    assert report("--profile", "agreement", "sample.md")["files"][0]["profile"] == "agreement"


def test_text_lines_and_summary(workdir: Path) -> None:
    lines = run("check", "sample.md").stdout.splitlines()
    *findings, summary = lines
    assert findings and all(re.match(LINE.format(path="sample.md"), line) for line in findings)
    expected = r"\d+ findings \(.*\) in 1 file\. Profile: (sow|proposal|agreement) \((detected|set)\)\."
    assert re.fullmatch(expected, summary)
    # line:column for a text file, the section it is in at the end of the line
    assert any(line.startswith("sample.md:5:47: TL01 [warning] ") and line.endswith('"as soon as possible" [§ Scope]')
               for line in findings)


def test_quiet_drops_the_summary(workdir: Path) -> None:
    loud = run("check", "sample.md").stdout.splitlines()
    quiet = run("check", "--quiet", "sample.md").stdout.splitlines()
    assert quiet == loud[:-1]
    assert run("check", "-q", "clean.md").stdout.strip() == ""


def test_rules_lists_every_code() -> None:
    result = run("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == [rule.code for rule in (*REGISTRY, *MODEL_RULES)]  # the classifier's ML codes last


def test_explain() -> None:
    result = run("explain", "tl01")
    assert result.exit_code == 0
    rule = next(r for r in REGISTRY if r.code == "TL01")
    flagged = [unmark(example)[0] for example in rule.fires]
    for part in ("What it flags", "Why it matters", "How to fix", rule.hint, *flagged, *rule.passes):
        assert part in result.stdout
    assert not set(MARKS) & set(result.stdout), "explain shows examples without their «marks»"


def test_explain_unknown_code() -> None:
    result = run("explain", "XX99")
    assert result.exit_code == 2
    assert "unknown rule code 'XX99'" in result.stderr


# --- output file -------------------------------------------------------------------------------


def test_output_file(workdir: Path) -> None:
    result = run("check", "--format", "json", "-o", "out/report.json", "sample.md")
    assert result.exit_code == 1 and result.stdout == ""
    data = json.loads((workdir / "out" / "report.json").read_text("utf-8"))
    jsonschema.validate(data, REPORT_SCHEMA)
    assert data["files"][0]["path"] == "sample.md"
    assert not [p.name for p in (workdir / "out").iterdir() if p.name != "report.json"]  # no temp files left
    (workdir / "plain").touch()  # a report gets the permissions of any new file, not mkstemp's 0600
    assert (workdir / "out" / "report.json").stat().st_mode & 0o777 == (workdir / "plain").stat().st_mode & 0o777


@pytest.mark.parametrize("target", ["sample.md", "./sample.md"])
def test_output_refuses_to_overwrite_an_input(workdir: Path, target: str) -> None:
    result = run("check", "-o", target, "sample.md")
    assert result.exit_code == 2
    assert "refusing to overwrite an input document" in result.stderr
    assert (workdir / "sample.md").read_text("utf-8") == SAMPLE


def test_output_refuses_to_overwrite_a_document_in_a_folder(workdir: Path) -> None:
    (workdir / "docs").mkdir()
    (workdir / "docs" / "a.md").write_text(WARNINGS_ONLY, "utf-8")
    result = run("check", "-o", "docs/a.md", "docs")
    assert result.exit_code == 2
    assert (workdir / "docs" / "a.md").read_text("utf-8") == WARNINGS_ONLY


# --- folders -----------------------------------------------------------------------------------


def _docx(path: Path, text: str) -> None:
    word = docx.Document()
    word.add_paragraph(text)
    word.save(path)


def _pdf(path: Path, text: str) -> None:
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawString(72, 760, text)
    page.save()


def test_folder_recurses_over_supported_files(workdir: Path) -> None:
    root = workdir / "bundle"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.md").write_text(WARNINGS_ONLY, "utf-8")
    (root / "nested" / "b.txt").write_text(WARNINGS_ONLY, "utf-8")
    _docx(root / "nested" / "c.docx", WARNINGS_ONLY.strip())
    _pdf(root / "nested" / "deeper" / "d.pdf", WARNINGS_ONLY.strip())
    for skipped in ("notes.rtf", "page.html", "data.json", "image.png"):
        (root / skipped).write_text("The Vendor shall reply promptly.", "utf-8")
    (root / ".hidden" / "e.md").write_text(WARNINGS_ONLY, "utf-8")
    data = report("bundle")
    paths = [Path(f["path"]).relative_to("bundle").as_posix() for f in data["files"]]
    assert paths == ["a.md", "nested/b.txt", "nested/c.docx", "nested/deeper/d.pdf"]
    for file in data["files"]:
        assert file["error"] is None
        assert "TL01" in [f["code"] for f in file["findings"]], file


def test_folder_without_documents_exits_2(workdir: Path) -> None:
    (workdir / "empty").mkdir()
    (workdir / "empty" / "notes.rtf").write_text("x", "utf-8")
    result = run("check", "empty")
    assert result.exit_code == 2
    assert "no supported files found" in result.stderr
