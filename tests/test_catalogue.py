"""The rule catalogue: every rule registered, documented, exemplified, and its term lists valid."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import contractlint.rules
from contractlint.finding import CATEGORIES
from contractlint.nlp import load_pipeline
from contractlint.rules import BY_CODE, REGISTRY
from contractlint.rules.base import MARKS, Rule, unmark
from contractlint.rules.classifier import MODEL_RULES
from contractlint.rules.patterns import compile_patterns

from .conftest import SHARED, needs_shared

RULES_DIR = Path(contractlint.rules.__file__).parent
PATTERNS_DIR = RULES_DIR / "patterns"
SECTIONS = ("What it flags", "Why it matters", "How to fix")


def _rule_id(rule: Rule) -> str:
    return rule.code


def _rule_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(RULES_DIR)]))


def test_codes_are_unique_and_well_formed() -> None:
    found = [rule.code for rule in REGISTRY]
    assert len(found) == len(set(found)), found
    assert len(BY_CODE) == len(REGISTRY) + len(MODEL_RULES)  # the classifier's codes: tests/test_model_check.py
    for code in found:
        assert re.fullmatch(r"[A-Z]{2}\d{2}", code), code


def test_names_are_unique() -> None:
    names = [rule.name for rule in REGISTRY]
    assert len(names) == len(set(names)), names


def test_registry_lists_every_rule_module() -> None:
    registered = {id(rule) for rule in REGISTRY}
    defining = []
    for name in _rule_modules():
        module = importlib.import_module(f"contractlint.rules.{name}")
        if hasattr(module, "RULE"):
            defining.append(name)
            assert id(module.RULE) in registered, f"rules/{name}.py defines RULE but is not in REGISTRY"
    assert len(defining) == len(REGISTRY)


@pytest.mark.parametrize("rule", REGISTRY, ids=_rule_id)
def test_rule_metadata(rule: Rule) -> None:
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name), f"{rule.code}: name {rule.name!r} is not kebab-case"
    assert rule.category in CATEGORIES
    assert rule.summary.strip() and "\n" not in rule.summary
    assert rule.hint.strip()
    assert len(rule.fires) >= 2, f"{rule.code}: needs at least 2 firing examples"
    assert len(rule.passes) >= 2, f"{rule.code}: needs at least 2 passing examples"
    assert not {unmark(example)[0] for example in rule.fires} & set(rule.passes)


@pytest.mark.parametrize("rule", REGISTRY, ids=_rule_id)
def test_firing_examples_mark_their_excerpts(rule: Rule) -> None:
    """A span rule's firing examples mark the words it must report (tests/test_rule_examples.py checks
    them); a document rule's are all marked or, when its findings have no span, all unmarked."""
    marked = [bool(unmark(example)[1]) for example in rule.fires]  # unmark also rejects unbalanced marks
    if rule.scope == "span":
        assert all(marked), f"{rule.code}: every firing example must «mark» the excerpt it expects"
    else:
        assert len(set(marked)) == 1, f"{rule.code}: mark every firing example's excerpts, or none"
    unmarked = all(mark not in text for text in rule.passes for mark in MARKS)
    assert unmarked, f"{rule.code}: passing examples have nothing to mark"


@pytest.mark.parametrize("rule", REGISTRY, ids=_rule_id)
def test_rule_docstring_has_the_three_sections(rule: Rule) -> None:
    doc = rule.doc
    assert rule.code in doc.splitlines()[0], f"{rule.code}: the first docstring line should name the code"
    positions = []
    for section in SECTIONS:
        match = re.search(rf"^{section}\n\s+\S", doc, re.M)
        assert match, f"{rule.code}: docstring lacks a '{section}' section with text under it"
        positions.append(match.start())
    assert positions == sorted(positions), f"{rule.code}: sections out of order"


@pytest.mark.parametrize("rule", [r for r in REGISTRY if r.patterns], ids=_rule_id)
def test_referenced_pattern_file_exists(rule: Rule) -> None:
    assert rule.patterns is not None
    assert (PATTERNS_DIR / rule.patterns).is_file(), f"{rule.code}: rules/patterns/{rule.patterns} is missing"


def test_every_pattern_file_is_used() -> None:
    sources = "\n".join(path.read_text("utf-8") for path in RULES_DIR.parent.rglob("*.py"))
    referenced = {rule.patterns for rule in REGISTRY if rule.patterns}
    for path in sorted(PATTERNS_DIR.iterdir()):
        assert path.name in referenced or path.name in sources, f"rules/patterns/{path.name} is used by nothing"


PATTERN_FILES = sorted(PATTERNS_DIR.glob("*.jsonl"))


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda p: p.name)
def test_pattern_lines_are_valid(path: Path) -> None:
    entries = 0
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{where}: not valid JSON: {exc.msg}")
        assert isinstance(entry, dict), where
        assert isinstance(entry.get("label"), str) and entry["label"], f"{where}: needs a 'label'"
        pattern = entry.get("pattern")
        if isinstance(pattern, str):
            assert pattern.strip(), f"{where}: empty phrase"
        else:
            assert isinstance(pattern, list) and pattern, f"{where}: 'pattern' must be a phrase or token list"
            assert all(isinstance(token, dict) for token in pattern), f"{where}: token patterns are objects"
        entries += 1
    assert entries, f"{path.name} has no patterns"


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda p: p.name)
def test_pattern_files_compile_in_spacy(path: Path) -> None:
    """spaCy's Matcher validates token patterns when they are added: a typo in an attribute fails here."""
    compile_patterns(load_pipeline(), path.name)


@pytest.mark.parametrize("path", sorted(PATTERNS_DIR.glob("*.json")), ids=lambda p: p.name)
def test_word_list_files_are_valid(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    assert isinstance(data, dict) and data, path.name
    for key, words in data.items():
        assert isinstance(words, list) and words, f"{path.name}: {key!r} must be a non-empty list"
        assert all(isinstance(w, str) and w.strip() for w in words), f"{path.name}: {key!r} holds a non-word"


def test_rules_run_in_code_order() -> None:
    assert [r.code for r in REGISTRY] == sorted(r.code for r in REGISTRY)


@needs_shared
def test_categories_are_the_taxonomy() -> None:
    """finding.CATEGORIES spells exactly the ids of ../shared/TAXONOMY.md, in its order."""
    taxonomy = (SHARED / "TAXONOMY.md").read_text("utf-8")
    assert tuple(re.findall(r"^\| `([a-z-]+)` \|", taxonomy, re.M)) == CATEGORIES
