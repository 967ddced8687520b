"""Term lists kept as data: the JSON word lists and JSONL pattern files under `rules/patterns/`.

Only reading them lives here, on the ground floor, so that analyses (deliverables) and rules both
read the same files without an analysis importing the rule package.  Compiling pattern files into
spaCy matchers is the rules' business (`rules/patterns.py`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.abc import Traversable


def _pattern_file(file_name: str) -> Traversable:
    # Anchored at the root package: `resources.files("contractlint.rules")` would import the rule
    # registry just to find a data file.
    return resources.files("contractlint").joinpath("rules", "patterns", file_name)


def read_json(file_name: str) -> dict[str, object]:
    """A JSON data file from rules/patterns/ (word lists and cue tables kept as data, not code)."""
    return json.loads(_pattern_file(file_name).read_text("utf-8"))


@cache
def word_lists(file_name: str) -> dict[str, frozenset[str]]:
    """A JSON word list from rules/patterns/: each key names a set of words or phrases."""
    return {key: frozenset(values) for key, values in read_json(file_name).items()}  # type: ignore[arg-type]


def read_entries(file_name: str) -> list[dict[str, object]]:
    """The entries of a JSONL pattern file; `//` lines are comments."""
    text = _pattern_file(file_name).read_text("utf-8")
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{file_name}:{n}: invalid pattern line: {exc.msg}") from None
    return entries


@cache
def month_names() -> frozenset[str]:
    """Month names and their usual abbreviations, lower-case (rules/patterns/calendar.json)."""
    lists = word_lists("calendar.json")
    return lists["months"] | lists["month_abbreviations"]


@cache
def calendar_words() -> frozenset[str]:
    """Full month and weekday names, lower-case: words that name a date, never a party or a term."""
    lists = word_lists("calendar.json")
    return lists["months"] | lists["weekdays"]


@cache
def month_alternation() -> str:
    """A regex alternation (no group) of every month name and abbreviation, longest first, so that
    "sept" is tried before "sep" and "june" before "jun"."""
    return "|".join(sorted(month_names(), key=lambda w: (-len(w), w)))
