"""Every rule's own examples, run through the whole pipeline with only that rule selected.

A firing example marks, with «guillemets», the exact words each of the rule's findings must point
at: `"Defects shall be corrected «in a timely manner»."`.  The marks are stripped before linting
(`rules.base.unmark`; `contractlint explain` prints the examples without them), and the test asserts
that the (start, end) spans of the rule's findings on the stripped text are exactly the marked
ones: no finding missing, none extra, none wider or narrower.  An example that marks two places
expects two findings.

Document-level findings with no span (MS01 missing-section, KP01 no-measurable-kpi) leave their
examples unmarked: the test asserts that such an example yields no span at all, and that the
elements its findings name are exactly those `ELEMENTS` lists for it (what the example leaves out,
as the rule module's comments say).  Document rules that report spans (GL02, TL02, UT01-UT04)
mark them like any span rule.
"""

from __future__ import annotations

import pytest

from contractlint.rules import REGISTRY
from contractlint.rules.base import PROFILES, Rule, unmark

from .conftest import assert_exact_offsets, lint

FIRES = [
    pytest.param(rule, n, example, id=f"{rule.code}-fires-{n}")
    for rule in REGISTRY
    for n, example in enumerate(rule.fires)
]
PASSES = [
    pytest.param(rule, text, id=f"{rule.code}-passes-{n}") for rule in REGISTRY for n, text in enumerate(rule.passes)
]

# The element each unmarked (span-less) firing example must report missing, in the order of `fires`.
ELEMENTS: dict[str, tuple[str, ...]] = {
    "MS01": ("change-control", "acceptance", "liability"),
    "KP01": ("kpi", "kpi"),
}


def _profile(rule: Rule) -> str:
    """A rule limited to some document types is tried as the first of them; others auto-detect."""
    return "auto" if set(rule.profiles) >= set(PROFILES) else rule.profiles[0]


@pytest.mark.parametrize(("rule", "n", "example"), FIRES)
def test_fires_exactly_on_the_marked_words(rule: Rule, n: int, example: str) -> None:
    text, marked = unmark(example)
    result = lint(text, select=(rule.code,), profile=_profile(rule))
    findings = [f for f in result.findings if f.code == rule.code]
    assert findings, f"{rule.code} did not fire on: {text}"
    assert_exact_offsets(result.document, findings)
    spans = {(f.start, f.end) for f in findings if f.is_span}
    reported = sorted((f.excerpt, f.start) for f in findings if f.is_span)
    assert spans == set(marked), f"{rule.code} reported {reported}, the example marks {sorted(marked)}: {example}"
    assert [result.document.text[start:end] for start, end in sorted(spans)] == [text[s:e] for s, e in marked]
    if not marked and rule.code in ELEMENTS:
        expected = ELEMENTS[rule.code][n]
        assert {f.element for f in findings} == {expected}, f"{rule.code}: expected only {expected!r} missing"


def test_every_spanless_example_names_its_element() -> None:
    for code, elements in ELEMENTS.items():
        rule = next(r for r in REGISTRY if r.code == code)
        assert len(elements) == len(rule.fires), f"{code}: ELEMENTS needs one element per firing example"


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
    '"Services" means the services described in Annex A, as soon as possible.',
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
