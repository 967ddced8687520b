"""Folders: `check DIR` in parallel (`--jobs`) gives the same report, and a progress bar on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlint import cli

DOCUMENTS = {
    "a-sow.md": "# Scope\n\nThe Contractor shall respond to all incidents as soon as possible.\n",
    "b-rfq.txt": "Bidders will use best efforts to reply promptly.\n\nPricing: TBD.\n",
    "c/notes.md": "The Vendor shall deliver the report within 5 business days.\n",
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, text in DOCUMENTS.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, "utf-8")
    return tmp_path / "docs"


def test_parallel_jobs_give_the_same_report_in_the_same_order(folder: Path) -> None:
    (folder / "broken.docx").write_bytes(b"not a zip")  # a load error keeps its place too
    serial = CliRunner().invoke(cli.main, ["check", "--format", "json", "--jobs", "1", "docs"])
    parallel = CliRunner().invoke(cli.main, ["check", "--format", "json", "--jobs", "2", "docs"])
    assert serial.exit_code == parallel.exit_code == 2
    assert parallel.stdout == serial.stdout
    assert '"path": "docs/a-sow.md"' in serial.stdout and "TL01" in serial.stdout


def test_jobs_auto_uses_the_cpus_this_process_may_use_and_no_more_than_the_files() -> None:
    from contractlint.lint import available_cpus, resolve_jobs

    assert resolve_jobs(None, 1) == 1  # one file: no pool at all
    assert resolve_jobs(None, 10_000) == available_cpus()
    assert resolve_jobs(3, 2) == 2 and resolve_jobs(1, 50) == 1


def test_jobs_auto_is_the_default_and_gives_the_report_of_jobs_1(folder: Path) -> None:
    serial = CliRunner().invoke(cli.main, ["check", "--format", "json", "--jobs", "1", "docs"])
    default = CliRunner().invoke(cli.main, ["check", "--format", "json", "docs"])
    auto = CliRunner().invoke(cli.main, ["check", "--format", "json", "--jobs", "auto", "docs"])
    assert serial.exit_code == default.exit_code == auto.exit_code == 1
    assert default.stdout == auto.stdout == serial.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _stderr(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO) -> None:
    monkeypatch.setattr(cli, "_stderr", lambda: stream)


def test_progress_bar_on_a_terminal_for_more_than_three_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "d.md").write_text("The Supplier shall fix defects within 2 days.\n", "utf-8")
    terminal = _Terminal()
    _stderr(monkeypatch, terminal)
    result = CliRunner().invoke(cli.main, ["check", "--no-model", "docs"])
    assert result.exit_code == 1
    assert "Linting" in terminal.getvalue() and "4/4" in terminal.getvalue()
    assert "Linting" not in result.stdout


@pytest.mark.parametrize(("extra_file", "stream"), [(False, _Terminal), (True, io.StringIO)], ids=["3-files", "no-tty"])
def test_no_progress_bar_for_few_files_or_without_a_terminal(
    folder: Path, monkeypatch: pytest.MonkeyPatch, extra_file: bool, stream: type[io.StringIO]
) -> None:
    if extra_file:
        (folder / "d.md").write_text("The Supplier shall fix defects within 2 days.\n", "utf-8")
    captured = stream()
    _stderr(monkeypatch, captured)
    CliRunner().invoke(cli.main, ["check", "--no-model", "docs"])
    assert captured.getvalue() == ""
