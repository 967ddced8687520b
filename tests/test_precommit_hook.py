"""`.pre-commit-hooks.yaml`: the hook pre-commit installs runs `contractlint check` on contract files."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from contractlint.cli import main

HOOKS = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def _hook() -> dict[str, str]:
    """The file's single hook as flat `key: value` pairs (the file is kept that simple on purpose)."""
    lines = [line for line in HOOKS.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0].startswith("- id: "), "one hook, as a list item"
    pairs = (line.lstrip("- ").split(": ", 1) for line in lines)
    return {key.strip(): value.strip() for key, value in pairs}


def test_hook_declares_a_python_hook_named_contractlint() -> None:
    hook = _hook()
    assert hook["id"] == "contractlint" and hook["language"] == "python"
    assert hook["entry"] == "contractlint check"
    assert hook["types_or"] == "[markdown, text, pdf, binary]"


def test_hook_files_pattern_takes_contract_documents_only() -> None:
    files = re.compile(_hook()["files"])
    assert all(files.search(name) for name in ("sow.md", "docs/rfq.txt", "Agreement.docx", "proposal.pdf"))
    assert not any(files.search(name) for name in ("setup.py", "logo.png", "sow.md.bak", "sow.doc"))


def test_hook_entry_runs_on_the_files_pre_commit_passes(tmp_path: Path) -> None:
    (tmp_path / "sow.md").write_text("The Vendor shall reply promptly.\n", "utf-8")
    args = [*shlex.split(_hook()["entry"])[1:], "--no-model", str(tmp_path / "sow.md")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "TL01" in result.stdout  # a finding fails the commit
