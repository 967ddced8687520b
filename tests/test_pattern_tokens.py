"""Every word a token pattern names must be one token, as the pipeline's tokenizer splits text.

A token-level `Matcher` pattern compares one token's LOWER / ORTH / TEXT / LEMMA / NORM with a value;
spaCy's tokenizer splits "industry-standard" into "industry", "-", "standard", and "drafter's" into
"drafter", "'s", so a value like that can never equal a token's text and the entry is dead without
any error.  (Phrase entries, plain strings, are tokenized by the same tokenizer and are not
affected.)  Write a hyphenated word as a token sequence instead:
`{"LOWER": "industry"}, {"TEXT": "-", "OP": "?"}, {"LOWER": "standard"}`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import contractlint.rules
from contractlint.nlp import load_pipeline

PATTERNS_DIR = Path(contractlint.rules.__file__).parent / "patterns"
PATTERN_FILES = sorted(PATTERNS_DIR.glob("*.jsonl"))
TEXT_ATTRIBUTES = ("LOWER", "ORTH", "TEXT", "LEMMA", "NORM")

# Dead values the check may tolerate: none today.  The test fails when a listed one is fixed too
# (remove it from this set then), so the set cannot go stale.
KNOWN_DEAD: frozenset[tuple[str, str]] = frozenset()


def _token_values(path: Path) -> Iterator[tuple[int, str]]:
    """(line, value) for every word a token pattern of the file compares a token's text with."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        pattern = json.loads(line)["pattern"]
        if isinstance(pattern, str):
            continue  # a phrase: tokenized by the same tokenizer as the text
        for spec in pattern:
            for attribute in TEXT_ATTRIBUTES:
                value = spec.get(attribute)
                if isinstance(value, str):
                    yield number, value
                elif isinstance(value, dict):
                    for operator in ("IN", "NOT_IN"):
                        yield from ((number, word) for word in value.get(operator, ()))


def _splits(value: str) -> bool:
    """The tokenizer makes more than one token of the value, alone or between two words."""
    tokenizer = load_pipeline().tokenizer
    return any(len(tokenizer(context.format(value))) != n for context, n in (("{}", 1), ("a {} b", 3)))


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda p: p.name)
def test_token_pattern_values_are_single_tokens(path: Path) -> None:
    dead = {(number, value) for number, value in _token_values(path) if _splits(value)}
    unexpected = sorted(f"{path.name}:{n}: {v!r}" for n, v in dead if (path.name, v) not in KNOWN_DEAD)
    assert not unexpected, f"token pattern values the tokenizer splits, so they never match: {unexpected}"
    known_here = {v for name, v in KNOWN_DEAD if name == path.name}
    assert known_here <= {v for _n, v in dead}, f"fixed, remove from KNOWN_DEAD: {known_here - {v for _n, v in dead}}"


def test_the_check_sees_a_hyphenated_value() -> None:
    """The test above would pass vacuously if `_splits` never said yes."""
    assert _splits("industry-standard") and _splits("check-ins") and not _splits("standard")
