"""Offsets on real third-party documents from ../shared/docs: every finding points at its excerpt."""

from __future__ import annotations

import codecs

import pytest

from contractlint.config import Config
from contractlint.lint import FileResult, lint_paths

from .conftest import SHARED_DOCS, assert_exact_offsets, needs_shared

pytestmark = needs_shared

DOCUMENTS = (
    "013-searchgov-development-rfq.md",  # headings, lists and 40+ table rows
    "021-cuad-radialspark-consulting-msa.txt",  # an SEC-filed agreement, hard-wrapped
    "031-cuad-phasebio-development-large.txt",  # the largest: ~46k words, ~6 s
)


@pytest.fixture(scope="module")
def results() -> dict[str, FileResult]:
    """Each document linted once, with every rule (opt-in ones too), for all the tests here."""
    from contractlint.rules import REGISTRY

    config = Config(select=tuple(rule.code for rule in REGISTRY))
    linted = lint_paths([SHARED_DOCS / name for name in DOCUMENTS], config)
    return {name: result for name, result in zip(DOCUMENTS, linted, strict=True)}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_text_is_the_decoded_file(results: dict[str, FileResult], name: str) -> None:
    result = results[name]
    assert result.error is None and result.document is not None
    data = (SHARED_DOCS / name).read_bytes()
    assert result.document.text == data.decode("utf-8-sig")
    assert not data.startswith(codecs.BOM_UTF8) or not result.document.text.startswith("\ufeff")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_finding_points_at_its_excerpt(results: dict[str, FileResult], name: str) -> None:
    result = results[name]
    assert result.document is not None
    assert result.findings, f"{name}: expected findings on a real contract"
    assert_exact_offsets(result.document, result.findings)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_blocks_cover_the_document(results: dict[str, FileResult], name: str) -> None:
    """Nothing readable is lost: every word of the file (outside markup) is in some block."""
    document = results[name].document
    assert document is not None
    seen = sum(len(block.text.split()) for block in document.blocks)
    assert seen >= 0.9 * len(document.text.split()), f"{name}: blocks hold {seen} words"
    starts = [block.start for block in document.blocks]
    assert starts == sorted(starts)
