"""Baselines: after `--write-baseline`, only findings new since then are reported and fail the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import run_cli

SOW = """\
# Statement of Work

## Scope

The Contractor shall respond to all incidents as soon as possible.

The Vendor will use commercially reasonable efforts to restore service.
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sow.md").write_text(SOW, "utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return run_cli(*args)


def reported(*args: str) -> tuple[int, list[tuple[str, str]]]:
    result = run("check", "--no-model", "--format", "json", *args)
    findings = [(f["code"], f["excerpt"]) for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    return result.exit_code, findings


def test_only_the_new_finding_is_reported_after_edits_elsewhere(workdir: Path) -> None:
    code, before = reported("sow.md")
    assert code == 1 and ("TL01", "as soon as possible") in before
    written = run("check", "--no-model", "--write-baseline", "baseline.json", "sow.md")
    assert written.exit_code == 0 and written.stdout == ""
    assert f"recorded {len(before)} findings in baseline.json" in written.stderr
    assert reported("--baseline", "baseline.json", "sow.md") == (0, [])

    edited = SOW.replace(
        "## Scope\n", "## Scope\n\nThis paragraph was inserted above the old findings, and moves them.\n"
    )
    edited += "\nThe Supplier shall fix defects promptly.\n"
    (workdir / "sow.md").write_text(edited, "utf-8")
    assert reported("--baseline", "baseline.json", "sow.md") == (1, [("TL01", "promptly")])
    # --fail-on error: the new finding is a warning, so only it decides, and it does not fail.
    assert reported("--baseline", "baseline.json", "--fail-on", "error", "sow.md")[0] == 0


def test_identical_findings_need_one_entry_each(workdir: Path) -> None:
    sentence = "The Supplier shall fix defects promptly.\n"
    (workdir / "sow.md").write_text(SOW + "\n" + sentence, "utf-8")
    run("check", "--no-model", "--write-baseline", "baseline.json", "sow.md")
    (workdir / "sow.md").write_text(SOW + "\n" + sentence + "\n" + sentence, "utf-8")
    assert reported("--baseline", "baseline.json", "sow.md") == (1, [("TL01", "promptly")])


def test_rewording_the_flagged_sentence_makes_it_new_and_the_old_entry_stale(workdir: Path) -> None:
    run("check", "--no-model", "--write-baseline", "baseline.json", "sow.md")
    (workdir / "sow.md").write_text(SOW.replace("all incidents", "every incident"), "utf-8")
    result = run("check", "--no-model", "--baseline", "baseline.json", "sow.md")
    assert result.exit_code == 1 and "as soon as possible" in result.stdout
    assert "1 baseline entries no longer match" in result.stderr


def test_baseline_paths_are_relative_to_the_baseline_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "ci").mkdir()
    run("check", "--no-model", "--write-baseline", "ci/baseline.json", "sow.md")
    entries = json.loads((workdir / "ci" / "baseline.json").read_text("utf-8"))["findings"]
    assert {e["path"] for e in entries} == {"../sow.md"}
    monkeypatch.chdir(workdir / "ci")
    assert reported("--baseline", "baseline.json", "../sow.md") == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read baseline"), ("[1, 2]", "not a contractlint baseline file"), ("{", "not a contractlint")],
)
def test_unreadable_baseline_is_a_usage_error(workdir: Path, content: str | None, message: str) -> None:
    if content is not None:
        (workdir / "baseline.json").write_text(content, "utf-8")
    result = run("check", "--no-model", "--baseline", "baseline.json", "sow.md")
    assert result.exit_code == 2 and message in result.stderr
