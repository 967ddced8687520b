"""Output formats: golden files from one realistic SOW, plus what each format's consumer relies on.

`tests/fixtures/report_sow.md` is linted once per format through the CLI, with the rule codes that
run by default selected explicitly (and `--no-model` when `check` has it) so classifier findings never
enter the golden files.  Each output is compared with `tests/golden/report_sow.<format>` after
normalising what varies between runs and releases (the version).

Regenerate the golden files after an intended change to a format, then review the diff:

    CONTRACTLINT_UPDATE_GOLDEN=1 /work/venv/bin/python -m pytest tests/test_formats.py

Beyond the golden files: SARIF passes the official 2.1.0 schema (../shared/schemas), its fingerprints
survive a paragraph inserted above the findings, GitHub annotation lines parse, JUnit parses with
xml.etree and its counts match, and the CSV reads back with pandas as one row per finding.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner

import contractlint
from contractlint.cli import main
from contractlint.formats import FORMATS
from contractlint.formats.dataframe import COLUMNS
from contractlint.formats.github import escape_data, escape_property
from contractlint.rules import BY_CODE

from .conftest import SHARED

FIXTURE = Path(__file__).parent / "fixtures" / "report_sow.md"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CONTRACTLINT_UPDATE_GOLDEN") == "1"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
GOLDEN_FORMATS = ("text", "json", "sarif", "github", "junit", "csv", "html")
# Every rule that runs by default, spelled out: a rule added later must not change the golden files,
# and opt-in rules (which run only when selected by exact code) stay off.
SELECT = "GL01,KP01,MS01,NM01,OS01,OT01,PH01,TL01,UC01,UO01,UT01,UT02,UT04,VT01,WC01,WC02"
INSERTED = "The City's offices are open on weekdays.\n\n"
ANNOTATION = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def check(*args: str) -> str:
    """`contractlint check` with rules only; the report from stdout."""
    params = {p.name for p in main.commands["check"].params}
    no_model = ["--no-model"] if "no_model" in params else []
    result = CliRunner().invoke(main, ["check", *no_model, "--select", SELECT, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
    return result.stdout


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each golden format's report on the fixture, linted from a folder with no config file."""
    work = tmp_path_factory.mktemp("formats")
    (work / FIXTURE.name).write_text(FIXTURE.read_text("utf-8"), "utf-8")
    with contextlib.chdir(work):
        return {fmt: check("--format", fmt, FIXTURE.name) for fmt in GOLDEN_FORMATS}


@pytest.fixture(scope="module")
def sarif(outputs: dict[str, str]) -> dict:
    return json.loads(outputs["sarif"])


def normalise(text: str) -> str:
    return text.replace(contractlint.__version__, "<VERSION>")


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_golden(outputs: dict[str, str], fmt: str) -> None:
    golden = GOLDEN / f"report_sow.{fmt}"
    actual = normalise(outputs[fmt])
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, "utf-8", newline="\n")
    assert golden.exists(), f"{golden} missing: run with CONTRACTLINT_UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_text("utf-8"), f"{fmt} differs from {golden.name} (see the module docstring)"


def test_every_format_is_registered() -> None:
    assert set(GOLDEN_FORMATS) <= set(FORMATS)


# --- SARIF ----------------------------------------------------------------------------------------


def validate_sarif(data: dict) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} not present: the SARIF schema test needs the team's ../shared/schemas folder")
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_is_schema_valid(sarif: dict) -> None:
    validate_sarif(sarif)


def test_sarif_rules_come_from_the_registry(sarif: dict) -> None:
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(BY_CODE)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(rules, BY_CODE.values(), strict=True):
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity.label]
        assert descriptor["properties"]["tags"] == [rule.category]
        assert rule.hint in descriptor["help"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_regions_point_at_the_excerpt(sarif: dict) -> None:
    text = FIXTURE.read_text("utf-8")
    lines = text.split("\n")
    results = sarif["runs"][0]["results"]
    located = [r for r in results if "region" in r["locations"][0]["physicalLocation"]]
    assert located and len(located) < len(results)  # document-level findings have no region
    for result in located:
        region = result["locations"][0]["physicalLocation"]["region"]
        excerpt = text[region["charOffset"] : region["charOffset"] + region["charLength"]]
        assert excerpt == region["snippet"]["text"]
        if region["startLine"] == region["endLine"]:
            line = lines[region["startLine"] - 1]
            assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == excerpt
    assert {uri(r) for r in results} == {FIXTURE.name}


def test_sarif_with_the_classifier(tmp_path: Path) -> None:
    """With the model on, scores and any ML codes still make a valid report (not a golden file)."""
    (tmp_path / FIXTURE.name).write_text(FIXTURE.read_text("utf-8"), "utf-8")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(main, ["check", "--format", "sarif", FIXTURE.name])
    data = json.loads(result.stdout)
    validate_sarif(data)
    run = data["runs"][0]
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def sarif_of(text: str, work: Path) -> dict:
    (work / "sow.md").write_text(text, "utf-8")
    with contextlib.chdir(work):
        return json.loads(check("--format", "sarif", "sow.md"))


def test_sarif_fingerprints_survive_a_paragraph_inserted_above(tmp_path: Path) -> None:
    original = FIXTURE.read_text("utf-8")
    at = original.index("## 2. Scope of Work")
    edited = original[:at] + INSERTED + original[at:]

    def by_finding(data: dict) -> dict[tuple[str, str], tuple[str, int | None]]:
        found = {}
        for r in data["runs"][0]["results"]:
            region = r["locations"][0]["physicalLocation"].get("region", {})
            key = (r["ruleId"], region.get("snippet", {}).get("text") or r["message"]["text"])
            found[key] = (r["partialFingerprints"]["contractlint/v1"], region.get("startLine"))
        return found

    before, after = by_finding(sarif_of(original, tmp_path)), by_finding(sarif_of(edited, tmp_path))
    assert before.keys() == after.keys()
    assert {k: v[0] for k, v in before.items()} == {k: v[0] for k, v in after.items()}
    moved = [k for k in before if before[k][1] is not None and before[k][1] > 8]
    assert moved and all(after[k][1] == before[k][1] + 2 for k in moved)  # same findings, new lines


def test_sarif_fingerprints_are_unique_within_a_file(sarif: dict) -> None:
    prints = [r["partialFingerprints"]["contractlint/v1"] for r in sarif["runs"][0]["results"]]
    assert len(prints) == len(set(prints))


def write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Statement of Work", level=1)
    document.add_paragraph("The Vendor shall reply to every ticket promptly.")
    table = document.add_table(rows=2, cols=2)
    cells = table.rows[0].cells + table.rows[1].cells
    for cell, value in zip(cells, ["Deliverable", "Due", "Report", "TBD"], strict=True):
        cell.text = value
    document.save(str(path))


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A .docx with findings in a paragraph and a table cell, a file that cannot be read, a clean file."""
    write_docx(tmp_path / "sow.docx")
    (tmp_path / "broken.txt").write_bytes(b"Payment \xff terms\n")
    (tmp_path / "clean.md").write_text("The Vendor shall reply to every ticket within 2 business days.\n", "utf-8")
    return tmp_path


def uri(result: dict) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_sarif_docx_read_errors_and_schema(mixed: Path) -> None:
    with contextlib.chdir(mixed):
        data = json.loads(check("--format", "sarif", "sow.docx", "broken.txt", "clean.md"))
    validate_sarif(data)
    run = data["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "broken.txt" in notification["message"]["text"]
    docx_results = [r for r in run["results"] if uri(r) == "sow.docx"]
    spans = [r for r in docx_results if "extractedTextRegion" in r["properties"]]
    assert {r["ruleId"] for r in spans} >= {"TL01", "PH01"}
    names = {r["locations"][0]["logicalLocations"][0]["name"] for r in spans}
    assert "paragraph 2" in names and "table 1, row 2, cell 2" in names
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in docx_results)


# --- GitHub annotations ---------------------------------------------------------------------------


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    match = ANNOTATION.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match["props"].split(","))
    unescape = {"%2C": ",", "%3A": ":", "%0A": "\n", "%0D": "\r", "%25": "%"}
    properties = {k: re.sub("%2C|%3A|%0A|%0D|%25", lambda m: unescape[m[0]], v) for k, v in properties.items()}
    message = re.sub("%0A|%0D|%25", lambda m: unescape[m[0]], match["message"])
    return match["level"], properties, message


def test_github_annotations_parse(outputs: dict[str, str], sarif: dict) -> None:
    lines = outputs["github"].splitlines()
    results = sarif["runs"][0]["results"]
    assert len(lines) == len(results)
    levels = {"error": "error", "warning": "warning", "note": "notice"}
    for line, result in zip(lines, results, strict=True):
        level, properties, message = parse_annotation(line)
        assert level == levels[result["level"]]
        assert properties["file"] == FIXTURE.name
        assert properties["title"].startswith(result["ruleId"] + " ")
        assert message.startswith(result["message"]["text"].split("\n")[0])
        region = result["locations"][0]["physicalLocation"].get("region")
        assert properties.get("line") == (str(region["startLine"]) if region else None)


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("dir/a:b,c%.md") == "dir/a%3Ab%2Cc%25.md"


def test_github_docx_and_read_errors(mixed: Path) -> None:
    with contextlib.chdir(mixed):
        lines = check("--format", "github", "sow.docx", "broken.txt", "clean.md").splitlines()
    parsed = [parse_annotation(line) for line in lines]
    errors = [p for p in parsed if p[1]["file"] == "broken.txt"]
    assert len(errors) == 1 and errors[0][0] == "error" and "line" not in errors[0][1]
    docx_lines = [p for p in parsed if p[1]["file"] == "sow.docx"]
    assert docx_lines and all("line" not in p[1] for p in docx_lines)
    assert any(p[2].startswith("table 1, row 2, cell 2: ") for p in docx_lines)


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_parses_and_counts_match(outputs: dict[str, str], sarif: dict) -> None:
    root = ET.fromstring(outputs["junit"])
    findings = len(sarif["runs"][0]["results"])
    assert root.tag == "testsuites"
    assert int(root.get("tests", -1)) == int(root.get("failures", -1)) == findings
    [suite] = root.findall("testsuite")
    assert suite.get("name") == FIXTURE.name
    assert len(suite.findall("testcase/failure")) == findings


def test_junit_clean_and_unreadable_files(mixed: Path) -> None:
    with contextlib.chdir(mixed):
        root = ET.fromstring(check("--format", "junit", "sow.docx", "broken.txt", "clean.md"))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"sow.docx", "broken.txt", "clean.md"}
    assert [c.get("name") for c in suites["clean.md"]] == ["contractlint"]
    assert suites["clean.md"].get("failures") == "0" and suites["clean.md"].get("tests") == "1"
    assert suites["broken.txt"].get("errors") == "1"
    assert suites["broken.txt"].find("testcase/error") is not None
    total = sum(int(s.get("tests", 0)) for s in suites.values())
    assert int(root.get("tests", -1)) == total


# --- CSV and the DataFrame -----------------------------------------------------------------------


def test_csv_reads_back_one_row_per_finding(outputs: dict[str, str], sarif: dict) -> None:
    frame = pd.read_csv(io.StringIO(outputs["csv"]))
    results = sarif["runs"][0]["results"]
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(results)
    assert list(frame["code"]) == [r["ruleId"] for r in results]
    spans = frame.dropna(subset=["line"])
    assert (spans["line"] == spans["line"].astype(int)).all()  # written as 12, not 12.0
    text = FIXTURE.read_text("utf-8")
    for row in spans.itertuples():
        assert text[int(row.start) : int(row.end)] == row.excerpt


def test_to_dataframe_api(mixed: Path) -> None:
    from contractlint.config import Config
    from contractlint.lint import lint_paths

    config = Config(select=tuple(SELECT.split(",")), model=False)
    results = lint_paths([mixed / "sow.docx", mixed / "broken.txt"], config)
    frame = contractlint.to_dataframe(results)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(COLUMNS)
    assert len(frame) == sum(len(r.findings) for r in results)
    cells = frame[frame["code"] == "PH01"]
    assert list(cells[["table", "row", "cell"]].iloc[0]) == [1, 2, 2]
    assert str(frame["line"].dtype) == "Int64"
    assert contractlint.to_dataframe([]).empty


def test_import_contractlint_does_not_import_pandas() -> None:
    code = "import sys, contractlint; assert 'pandas' not in sys.modules, 'pandas imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


MODEL_FIXTURE = Path(__file__).parent / "fixtures" / "model_agreement.md"


def test_json_report_with_the_classifier_on_matches_its_golden_file(tmp_path: Path) -> None:
    """The default run, classifier included: its scores, the rule findings it drops (this fixture's
    undefined terms) and any it adds.  Regenerate after retraining (CONTRACTLINT_UPDATE_GOLDEN=1)."""
    (tmp_path / MODEL_FIXTURE.name).write_text(MODEL_FIXTURE.read_text("utf-8"), "utf-8")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(main, ["check", "--profile", "agreement", "--format", "json", MODEL_FIXTURE.name])
    assert result.exit_code in (0, 1), result.output
    report = normalise(result.stdout)
    golden = GOLDEN / "model_agreement.json"
    if UPDATE:
        golden.write_text(report, "utf-8")
    assert report == golden.read_text("utf-8")
    assert any(f["score"] is not None for f in json.loads(report)["files"][0]["findings"])
