"""Property tests: random Unicode, Markdown, .docx, PDF and bytes through the loaders and the whole
lint path.  No exception but `LoadError`, exact offsets, the same findings twice (fuzz/targets.py).

Kept small so the suite stays fast; `python fuzz/run.py --minutes 60` runs the same targets at length.
"""

from __future__ import annotations

import pytest
from fuzz import targets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractlint.config import Config

FAST = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
SLOW = settings(FAST, max_examples=15)  # each example writes and reads a real file
RULES = Config(model=False)  # tests/test_model_check.py covers the classifier; here the loaders and rules


@FAST
@given(targets.contract_text())
def test_plain_text_keeps_offsets_and_lints_deterministically(text: str) -> None:
    targets.check_lint(targets.check_text(text, markdown=False), RULES)


@FAST
@given(targets.markdown_text())
def test_markdown_keeps_offsets_and_lints_deterministically(text: str) -> None:
    targets.check_lint(targets.check_text(text, markdown=True), RULES)


@FAST
@given(st.text())
def test_any_unicode_string_loads_with_exact_offsets(text: str) -> None:
    targets.check_text(text, markdown=False)
    targets.check_text(text, markdown=True)


@SLOW
@given(targets.docx_bytes())
def test_generated_docx(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    result = targets.check_file(tmp_path_factory.getbasetemp() / "random.docx", data, RULES)
    assert result.error is None or result.error.startswith("no text to check"), result.error


@SLOW
@given(targets.mutated_docx())
def test_mutated_docx(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    targets.check_file(tmp_path_factory.getbasetemp() / "mutated.docx", data, RULES)


@SLOW
@given(targets.pdf_bytes())
def test_generated_and_damaged_pdf(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    targets.check_file(tmp_path_factory.getbasetemp() / "random.pdf", data, RULES)


@FAST
@given(targets.raw_bytes, st.sampled_from([".txt", ".md", ".docx", ".pdf"]))
def test_random_bytes_in_any_format(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    targets.check_file(tmp_path_factory.getbasetemp() / f"random{suffix}", data, RULES)


def test_the_classifier_path_keeps_offsets_too() -> None:
    """One fixed hostile input through the whole path with the classifier on (skipped by the others)."""
    text = "The\u200b Vendor shall\x00 reply prompt\u00adly.\n\n\u202eTBD \U0001f600 as soon as possible.\r\n"
    targets.check_lint(targets.check_text(text, markdown=True), Config())
