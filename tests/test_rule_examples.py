"""Every rule's own examples, run through the whole pipeline with only that rule selected."""

from __future__ import annotations

import pytest

from contractlint.rules import REGISTRY
from contractlint.rules.base import PROFILES, Rule

from .conftest import assert_exact_offsets, lint

FIRES = [
    pytest.param(rule, text, id=f"{rule.code}-fires-{n}") for rule in REGISTRY for n, text in enumerate(rule.fires)
]
PASSES = [
    pytest.param(rule, text, id=f"{rule.code}-passes-{n}") for rule in REGISTRY for n, text in enumerate(rule.passes)
]


def _profile(rule: Rule) -> str:
    """A rule limited to some document types is tried as the first of them; others auto-detect."""
    return "auto" if set(rule.profiles) >= set(PROFILES) else rule.profiles[0]


@pytest.mark.parametrize(("rule", "text"), FIRES)
def test_fires(rule: Rule, text: str) -> None:
    result = lint(text, select=(rule.code,), profile=_profile(rule))
    assert any(f.code == rule.code for f in result.findings), f"{rule.code} did not fire on: {text}"
    assert_exact_offsets(result.document, result.findings)


@pytest.mark.parametrize(("rule", "text"), PASSES)
def test_passes(rule: Rule, text: str) -> None:
    result = lint(text, select=(rule.code,), profile=_profile(rule))
    found = [(f.code, f.excerpt) for f in result.findings]
    assert not found, f"{rule.code} fired on its own passing example: {text}"


# Sentences that have tripped rules up: passive goals, stray punctuation, markup, odd spacing.
AWKWARD = (
    "Productivity shall be improved.",
    "The estimated cost shall be increased to the extent that the amount allotted is increased.",
    "Reports shall be submitted monthly, etc.",
    "The Vendor shall (where possible) reply promptly; and/or escalate as needed.",
    "\"Services\" means the services described in Annex A, as soon as possible.",
    "TBD",
    "- [ ] TBD: **as soon as** possible",
    "The fee is thirty (60) days , , ; etc. etc.",
)


@pytest.mark.parametrize("text", AWKWARD)
def test_no_rule_yields_an_empty_or_broken_span(text: str) -> None:
    result = lint(text, select=tuple(rule.code for rule in REGISTRY))
    for finding in result.findings:
        assert finding.excerpt, f"{finding.code} reported an empty span on: {text}"
    assert_exact_offsets(result.document, result.findings)


def test_angle_bracket_placeholder_in_plain_text() -> None:
    """Markdown reads '<vendor name>' as inline HTML and drops it; text and Word files keep it."""
    result = lint("The Contractor shall send the report to <vendor name> by Friday.", markdown=False, select=("PH01",))
    assert [f.excerpt for f in result.findings] == ["<vendor name>"]
    result = lint("Line one<br>line two, with <b>bold</b> text.", markdown=False, select=("PH01",))
    assert result.findings == []
