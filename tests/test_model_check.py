"""The classifier inside `check`: rules-only equality with --no-model, model findings, scores, options."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from contractlint.cli import main
from contractlint.config import Config
from contractlint.finding import SPAN_CATEGORIES, Finding
from contractlint.model import persist
from contractlint.model.check import MAX_TRIGGER_WORDS, trigger_span
from contractlint.rules import BY_CODE, REGISTRY
from contractlint.rules.classifier import MODEL_RULES

from .conftest import assert_exact_offsets, lint
from .test_cli import REPORT_SCHEMA

TEXT = """\
# Statement of Work

## Scope

The vendor aims to improve customer satisfaction and reduce costs.

Reports shall be submitted to the agency.

The Contractor will try to deliver the monthly report on time if resources permit.

The Contractor shall use commercially reasonable efforts to migrate all data, including but not limited to archives.

Our team has unparalleled experience and world-class expertise in cloud migrations.

The Contractor shall deliver the final report by 1 June 2027.
"""


def _check(path: Path, *options: str) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", *options, str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    jsonschema.validate(report, REPORT_SCHEMA)
    return report


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no config file found
    path = tmp_path / "sow.md"
    path.write_text(TEXT, "utf-8")
    return path


def test_no_model_gives_exactly_the_rule_findings(sample: Path) -> None:
    rules_only = lint(TEXT, config=Config(model=False))
    assert all(f.source == "rule" and f.score is None for f in rules_only.findings)
    report = _check(sample, "--no-model")
    found = [(f["code"], f["start"], f["end"], f["message"], f["score"]) for f in report["files"][0]["findings"]]
    assert found == [(f.code, f.start, f.end, f.message, None) for f in rules_only.findings]


def test_model_findings_are_well_formed(sample: Path) -> None:
    result = lint(TEXT, config=Config(min_score=0.01))
    model = [f for f in result.findings if f.source == "model"]
    assert model, "a threshold of 0.01 should let the classifier add findings"
    for finding in model:
        assert finding.code in BY_CODE and BY_CODE[finding.code].scope == "model"
        assert finding.category in SPAN_CATEGORIES and BY_CODE[finding.code].category == finding.category
        assert finding.score is not None and 0.01 <= finding.score <= 1.0
        assert finding.excerpt is not None and len(finding.excerpt.split()) <= MAX_TRIGGER_WORDS
        assert " ".join(finding.excerpt.split()) in finding.message  # says what it saw, in words
        assert "score" not in finding.message
    assert_exact_offsets(result.document, result.findings)


LONG = (
    "Our firm will deliver robust and seamless integrations across every system that the agency operates today, "
    "and we are widely recognised as the industry leader in this field."
)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["industry leader", "seamless"], "industry leader"),  # 20 words apart: the best-ranked term alone
        (["robust", "seamless"], "robust and seamless"),  # close together: one span covering both
        (["not in the text"], " ".join(LONG.split()[:MAX_TRIGGER_WORDS])),  # nothing found: the first words
    ],
)
def test_trigger_span_is_the_best_terms_within_a_dozen_words(terms: list[str], expected: str) -> None:
    first, last = trigger_span(LONG, terms)
    assert LONG[first:last] == expected
    assert len(LONG[first:last].split()) <= MAX_TRIGGER_WORDS


def test_rule_findings_carry_scores_and_the_model_filters_only(sample: Path) -> None:
    with_model = lint(TEXT, config=Config())
    rules_only = lint(TEXT, config=Config(model=False))
    scored = [f for f in with_model.findings if f.source == "rule"]
    assert any(f.code == "WC01" for f in scored)
    assert all(0.0 < (f.score or 0.0) <= 1.0 for f in scored if f.category != "placeholder")
    plain = {(f.code, f.start, f.end) for f in rules_only.findings}
    assert {(f.code, f.start, f.end) for f in scored} <= plain  # kept, never moved or invented


def test_model_findings_below_the_precise_threshold_are_only_info(sample: Path) -> None:
    """A model-only finding is a warning only where validation showed the model alone precise
    (`thresholds().model`); under it — including anything a low --min-score lets through — it is info
    and says it is tentative."""
    from contractlint.finding import Severity
    from contractlint.model import thresholds

    limits = thresholds()
    result = lint(TEXT, config=Config(min_score=0.01))
    model = [f for f in result.findings if f.source == "model"]

    def precise(f: Finding) -> bool:
        return (f.score or 0.0) >= max(limits.model.get(f.category, 1.0), limits.add[f.category])

    below = [f for f in model if not precise(f)]
    assert below, "a threshold of 0.01 should add findings under the precise thresholds"
    assert all(f.severity == Severity.INFO and "tentative" in f.message for f in below)
    assert all("tentative" not in f.message and f.severity == BY_CODE[f.code].severity for f in model if precise(f))


def test_min_score_one_suppresses_model_only_findings(sample: Path) -> None:
    assert any(f["source"] == "model" for f in _check(sample, "--min-score", "0.01")["files"][0]["findings"])
    assert not any(f["source"] == "model" for f in _check(sample, "--min-score", "1.0")["files"][0]["findings"])
    ignored = _check(sample, "--min-score", "0.01", "--ignore", "ML")["files"][0]["findings"]
    assert not any(f["source"] == "model" for f in ignored)


def test_config_keys(tmp_path: Path, sample: Path) -> None:
    (tmp_path / "contractlint.toml").write_text("model = false\n", "utf-8")
    assert _check(sample) == _check(sample, "--no-model")
    (tmp_path / "contractlint.toml").write_text("min-score = 0.01\n", "utf-8")
    assert any(f["source"] == "model" for f in _check(sample)["files"][0]["findings"])
    (tmp_path / "contractlint.toml").write_text("min-score = 2\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(sample)])
    assert result.exit_code == 2 and "min-score" in result.output


def test_broken_artifact_is_a_one_line_error(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr(persist, "shipped_path", lambda: broken)
    result = CliRunner().invoke(main, ["check", str(sample)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not a contractlint model artifact" in result.output
    assert CliRunner().invoke(main, ["check", "--no-model", "--fail-on", "never", str(sample)]).exit_code == 0


def test_model_codes_in_the_catalogue() -> None:
    codes = [r.code for r in MODEL_RULES]
    assert codes == [f"ML{i:02d}" for i in range(1, len(SPAN_CATEGORIES) + 1)]
    assert [r.category for r in MODEL_RULES] == list(SPAN_CATEGORIES)
    assert not set(codes) & {r.code for r in REGISTRY}
    assert len({r.name for r in (*REGISTRY, *MODEL_RULES)}) == len(REGISTRY) + len(MODEL_RULES)
    for rule in MODEL_RULES:
        assert rule.code in rule.doc.splitlines()[0]
        assert all(section in rule.doc for section in ("What it flags", "Why it matters", "How to fix"))
    explained = CliRunner().invoke(main, ["explain", "ml04"])
    assert explained.exit_code == 0 and "weak-commitment" in explained.output


AGREEMENT = (Path(__file__).parent / "fixtures" / "model_agreement.md").read_text("utf-8")


def test_rule_findings_below_their_categorys_floor_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default classifier filter, tested: rule findings whose sentence scores under the category's
    validated floor are dropped; with every floor at zero the same text keeps them all."""
    import dataclasses

    from contractlint.model import check, thresholds

    def key(f: Finding) -> tuple[str, int | None, int | None]:
        return (f.code, f.start, f.end)

    config = dataclasses.replace(Config(), profile="agreement")
    rules_only = lint(AGREEMENT, config=dataclasses.replace(config, model=False)).findings
    with_model = lint(AGREEMENT, config=config).findings
    kept = {key(f) for f in with_model}
    dropped = [f for f in rules_only if key(f) not in kept]
    limits = thresholds()
    assert dropped, "the fixture's undefined capitalised terms should score under the undefined-term floor"
    assert all(limits.floor.get(f.category, 0.0) > 0.0 for f in dropped)
    for finding in with_model:
        if finding.source == "rule" and finding.score is not None:
            assert finding.score >= limits.floor.get(finding.category, 0.0)

    open_floors = dataclasses.replace(limits, floor=dict.fromkeys(limits.floor, 0.0))
    monkeypatch.setattr(check, "thresholds", lambda _path=None: open_floors)
    unfiltered = {key(f) for f in lint(AGREEMENT, config=config).findings if f.source == "rule"}
    assert {key(f) for f in rules_only} <= unfiltered
