"""Evasion cues the linter's rules do not raise: hedged commitments ("we aim to"), conditions
("where feasible", "subject to"), deferrals ("planned for a later release") and token staffing
("a small team ... as needed").  The phrases are data: rules/patterns/evasions.json maps each kind
(named in the row's reason) to lower-case phrases, matched whole-word and case-blind; this module
finds them in the sentences of an answer that speak to the requirement.

Only a sentence that uses one of the requirement's key terms counts: a proposal's "as needed"
about its meetings says nothing about the uptime it promised in the next sentence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

# A sentence ends at a full stop, a semicolon, a blank line or a new list item; a lone line break
# inside a paragraph is only where the writer's editor wrapped it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
_STEM = 5


def stem(word: str) -> str:
    """A word's first letters, a plural's -s dropped first: "document" meets "documentation" and
    "tools" meets "tool"."""
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:_STEM]


def stems_of(terms: Iterable[str]) -> set[str]:
    return {stem(term) for term in terms if term.isalpha()}


@cache
def cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) for every phrase of evasions.json."""
    raw = json.loads(files("contractlint").joinpath("rules/patterns/evasions.json").read_text(encoding="utf-8"))
    found = []
    for kind, phrases in raw.items():
        for phrase in phrases:
            body = r"\s+".join(re.escape(word) for word in phrase.split())
            found.append((kind, re.compile(rf"\b{body}\b", re.I)))
    return tuple(found)


@cache
def any_cue() -> re.Pattern[str]:
    """Every phrase of evasions.json in one pattern: it finds a cue wherever one of them would."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in cues()), re.I)


def evasion_cues(answer: str, stems: set[str] | None) -> list[str]:
    """Each cue in a sentence of `answer` that shares a stem with the requirement, in words:
    "deferred 'planned for'"; with `stems` None, each cue in any sentence."""
    said: list[str] = []
    for sentence in _SENTENCE_END.split(answer):
        words = re.findall(r"[a-z0-9]+", sentence.lower())
        if stems is not None and not any(stem(word) in stems for word in words):
            continue
        if not any_cue().search(sentence):  # most sentences hold none: one search instead of one per phrase
            continue
        for kind, pattern in cues():
            match = pattern.search(sentence)
            phrase = f"{kind} '{' '.join(match.group(0).split())}'" if match else ""
            if match and phrase not in said:
                said.append(phrase)
    return said
