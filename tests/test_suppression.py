"""Inline `contractlint: ignore` directives: what they cover, and reporting the ones that cover nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlint.cli import main
from contractlint.lint import FileResult

from .conftest import lint

PARAGRAPH = "The Vendor shall reply promptly; the go-live date is TBD."  # TL01 and PH01
RULES = ("TL01", "PH01", "WC01")  # the directives are under test, not the rules; WC01 has nothing to match


def _by_line(result: FileResult) -> list[tuple[int, str]]:
    return [(result.document.line_col(f.start)[0], f.code) for f in result.findings]


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- contractlint: ignore TL01 -->\n",
        "<!-- contractlint: ignore TL01 -->\n\n",
        "<!--contractlint:ignore tl01-->\n",
    ],
    ids=["above", "blank-line-between", "compact-lowercase"],
)
def test_markdown_directive_covers_the_next_paragraph_only(directive: str) -> None:
    text = f"{directive}{PARAGRAPH}\n\n{PARAGRAPH}\n"
    first = text.count("\n", 0, text.index(PARAGRAPH)) + 1
    result = lint(text, select=RULES)
    assert _by_line(result) == [(first, "PH01"), (first + 2, "TL01"), (first + 2, "PH01")]
    assert result.unused_suppressions == []


@pytest.mark.parametrize(
    "directive",
    ["contractlint: ignore TL01\n", "contractlint: ignore TL01\n\n", "  CONTRACTLINT: ignore TL01, WC01\n"],
    ids=["above", "blank-line-between", "indented-two-codes"],
)
def test_plain_text_directive_covers_the_next_paragraph_only(directive: str) -> None:
    text = f"{directive}{PARAGRAPH}\n\n{PARAGRAPH}\n"
    first = text.count("\n", 0, text.index(PARAGRAPH)) + 1
    result = lint(text, markdown=False, select=RULES)
    assert [b.text for b in result.document.blocks] == [PARAGRAPH, PARAGRAPH]  # the directive is not text
    assert _by_line(result) == [(first, "PH01"), (first + 2, "TL01"), (first + 2, "PH01")]


def test_code_prefix_suppresses_the_family() -> None:
    result = lint(f"<!-- contractlint: ignore TL PH -->\n{PARAGRAPH}\n\n{PARAGRAPH}\n", select=RULES)
    assert _by_line(result) == [(4, "TL01"), (4, "PH01")]


@pytest.mark.parametrize("markdown", [True, False], ids=["md", "txt"])
def test_directive_without_codes_suppresses_everything(markdown: bool) -> None:
    directive = "<!-- contractlint: ignore -->" if markdown else "contractlint: ignore"
    result = lint(f"{directive}\n{PARAGRAPH}\n\n{PARAGRAPH}\n", markdown=markdown, select=RULES)
    assert _by_line(result) == [(4, "TL01"), (4, "PH01")]
    assert result.unused_suppressions == []


def test_directive_covers_a_whole_list() -> None:
    items = f"- {PARAGRAPH}\n- {PARAGRAPH}\n\n{PARAGRAPH}\n"
    assert _by_line(lint(items, select=("TL01",))) == [(1, "TL01"), (2, "TL01"), (4, "TL01")]
    assert _by_line(lint(f"<!-- contractlint: ignore TL01 -->\n{items}", select=("TL01",))) == [(5, "TL01")]


@pytest.mark.parametrize(
    ("text", "markdown", "line"),
    [
        (f"<!-- contractlint: ignore WC01 -->\n{PARAGRAPH}\n", True, 1),
        (f"{PARAGRAPH}\n\n<!-- contractlint: ignore TL01 -->\n", True, 3),
        (f"contractlint: ignore WC01\n{PARAGRAPH}\n", False, 1),
        (f"{PARAGRAPH}\n\ncontractlint: ignore TL01\n", False, 3),
    ],
    ids=["md-no-match", "md-end-of-file", "txt-no-match", "txt-end-of-file"],
)
def test_unused_suppression_is_reported(text: str, markdown: bool, line: int) -> None:
    result = lint(text, markdown=markdown, select=RULES)
    assert [f.code for f in result.findings] == ["TL01", "PH01"]
    assert [(s.line, s.column) for s in result.unused_suppressions] == [(line, 1)]


def test_partly_used_directive_is_not_unused() -> None:
    result = lint(f"<!-- contractlint: ignore TL01 WC01 -->\n{PARAGRAPH}\n", select=RULES)
    assert [f.code for f in result.findings] == ["PH01"]
    assert result.unused_suppressions == []


def test_directive_for_a_rule_that_did_not_run_is_not_unused() -> None:
    """`--select TL01` cannot tell whether `ignore PH01` is still needed; a typo'd code is still reported."""
    text = f"<!-- contractlint: ignore PH01 -->\n{PARAGRAPH}\n\n<!-- contractlint: ignore PH1O -->\n{PARAGRAPH}\n"
    result = lint(text, select=("TL01",))
    assert [f.code for f in result.findings] == ["TL01", "TL01"]
    assert [s.codes for s in result.unused_suppressions] == [("PH1O",)]


def test_unused_suppression_in_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sow.md").write_text(f"# Scope\n\n<!-- contractlint: ignore OT01 -->\n{PARAGRAPH}\n", "utf-8")
    runner = CliRunner()
    text = runner.invoke(main, ["check", "--select", "TL01,PH01,OT01", "sow.md"]).stdout.splitlines()
    assert "sow.md:3:1: unused suppression: 'contractlint: ignore OT01' matched nothing" in text
    data = json.loads(runner.invoke(main, ["check", "--format", "json", "--select", "TL01,PH01,OT01", "sow.md"]).stdout)
    (file,) = data["files"]
    assert file["unused_suppressions"] == [{"line": 3, "column": 1, "codes": ["OT01"]}]
    assert [f["code"] for f in file["findings"]] == ["TL01", "PH01"]
