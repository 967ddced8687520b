"""Shared helpers: lint a string with the real pipeline, check offsets, find the team's shared data."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contractlint.cli import main
from contractlint.config import Config
from contractlint.document import _CHAR_NORMAL, Document
from contractlint.finding import Finding
from contractlint.lint import FileResult, lint_document
from contractlint.loaders import load_text

# ../shared beside the project root (tests/ -> project root -> its parent): read-only team data.
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DOCS = SHARED / "docs"
SHARED_MISSING = "../shared not present: real-document tests need the team's shared data"
needs_shared = pytest.mark.skipif(not SHARED_DOCS.is_dir(), reason=SHARED_MISSING)


def lint(text: str, *, markdown: bool = True, config: Config | None = None, **fields: object) -> FileResult:
    """Lint an in-memory document; `fields` override `Config` fields (select=("TL01",), ...).

    Rules only unless `config` says otherwise: rule tests test the rules, not the classifier's
    opinion of them (tests/test_model_check.py tests the two together)."""
    document = load_text(text, markdown=markdown)
    return lint_document(document, dataclasses.replace(config or Config(model=False), **fields))


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]


def excerpts(result: FileResult, code: str) -> list[str]:
    return [f.excerpt or "" for f in result.findings if f.code == code]


def assert_exact_offsets(document: Document, findings: Iterable[Finding] = ()) -> None:
    """Every finding points at exactly its excerpt, and every character the parser saw maps back
    to the source character it came from (the invariant behind `text[start:end] == excerpt`)."""
    text = document.text
    for finding in findings:
        if not finding.is_span:
            continue
        assert finding.start is not None and finding.end is not None
        assert 0 <= finding.start < finding.end <= len(text), finding
        assert text[finding.start : finding.end] == finding.excerpt, finding
        # A span starts and ends on a word the parser saw, never on markup-free whitespace.
        assert finding.excerpt == finding.excerpt.strip(), finding
        assert document.block_at(finding.start) is not None, finding
    for block in document.blocks:
        assert len(block.text) == len(block.offsets)
        for char, offset in zip(block.text, block.offsets, strict=True):
            assert 0 <= offset < len(text)
            if char != " ":
                assert text[offset].translate(_CHAR_NORMAL) == char, (block.text, offset, text[offset])


def run_cli(*args: str) -> Result:
    """Invoke the CLI in-process; whatever the exit code, no traceback may reach the user."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty cache folder: a CLI run never writes .contractlint_cache into the
    repository, and no test sees another's cached findings (CONTRACTLINT_CACHE_DIR, cache.py)."""
    folder = tmp_path_factory.mktemp("cache") / "contractlint_cache"
    monkeypatch.setenv("CONTRACTLINT_CACHE_DIR", str(folder))
    return folder
