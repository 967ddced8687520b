"""The Python API (`contractlint.lint_text`, `contractlint.lint_path`) and the spaCy component."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy

import contractlint
from contractlint.config import Config
from contractlint.finding import Finding
from contractlint.lint import FileResult

from .conftest import assert_exact_offsets

TEXT = "The Vendor shall reply to every ticket promptly.\n\nThe Contractor will use best efforts to migrate data.\n"


def test_lint_text_returns_typed_findings_with_exact_offsets() -> None:
    result = contractlint.lint_text(TEXT)
    assert isinstance(result, FileResult) and result.document is not None
    assert all(isinstance(f, Finding) for f in result.findings)
    assert {(f.code, f.excerpt) for f in result.findings} >= {("TL01", "promptly"), ("WC01", "best efforts")}
    assert_exact_offsets(result.document, result.findings)


def test_lint_text_profile_and_config() -> None:
    assert contractlint.lint_text(TEXT, profile="agreement").profile == "agreement"
    assert contractlint.lint_text(TEXT, config=Config(profile="proposal")).profile == "proposal"
    only = contractlint.lint_text(TEXT, markdown=False, config=Config(select=("WC",)))
    assert [f.code for f in only.findings] == ["WC01"]
    with pytest.raises(ValueError, match="unknown profile 'rfp'"):
        contractlint.lint_text(TEXT, profile="rfp")


def test_lint_path_reads_files_and_raises_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "sow.txt").write_text(TEXT, "utf-8")
    result = contractlint.lint_path(tmp_path / "sow.txt")
    assert "promptly" in [f.excerpt for f in result.findings]
    with pytest.raises(contractlint.LoadError, match=r"missing\.md: no such file"):
        contractlint.lint_path(tmp_path / "missing.md")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    with pytest.raises(contractlint.LoadError, match=r"bad\.docx: not a valid \.docx file"):
        contractlint.lint_path(str(tmp_path / "bad.docx"))


def test_import_stays_cheap() -> None:
    code = "import sys, contractlint; print(sorted(m for m in ('spacy', 'docx', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_spacy_factory_is_registered_by_entry_point() -> None:
    [point] = [e for e in entry_points(group="spacy_factories") if e.name == "contractlint"]
    assert point.value == "contractlint.spacy_component:make_component"


def test_spacy_component_puts_span_findings_in_doc_spans() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("contractlint")
    doc = nlp(TEXT)
    group = doc.spans["contractlint"]
    assert [(s.text, s.label_) for s in group] == [("promptly", "vague-timeline"), ("best efforts", "weak-commitment")]
    assert [f["code"] for f in group.attrs["findings"]] == ["TL01", "WC01"]
    assert "deadline" in group.attrs["findings"][0]["message"]
    assert all(s.label_ not in ("missing-section", "no-measurable-kpi") for s in group)


def test_spacy_component_profile_setting() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("contractlint", config={"profile": "sow"})
    assert nlp("Nothing to see here.").spans["contractlint"].attrs["findings"] == []
