"""Term lists as data: spaCy pattern files (JSONL) compiled into matchers.

Each line is `{"label": ..., "pattern": ...}`: a string pattern is matched case-insensitively as
a phrase (PhraseMatcher on LOWER); a list pattern is a spaCy `Matcher` token pattern.  Users add
or remove phrases per rule in the config without touching code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

CUSTOM_LABEL = "custom"


@dataclass(frozen=True)
class Match:
    label: str
    span: Span


class PatternSet:
    """Compiled phrase and token patterns for one rule."""

    def __init__(self, nlp: Language, entries: Iterable[dict[str, object]]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._tokens = Matcher(nlp.vocab)
        for entry in entries:
            label, pattern = str(entry["label"]), entry["pattern"]
            if isinstance(pattern, str):
                self._phrases.add(label, [nlp.make_doc(pattern)])
            else:
                self._tokens.add(label, [pattern])  # type: ignore[list-item]

    def __call__(self, doc: Doc) -> list[Match]:
        """Matches in document order; of overlapping matches the longest wins."""
        from spacy.util import filter_spans

        found: dict[tuple[int, int], str] = {}
        for matcher in (self._phrases, self._tokens):
            for match_id, start, end in matcher(doc):
                found.setdefault((start, end), doc.vocab.strings[match_id])
        spans = filter_spans([doc[s:e] for s, e in found])
        return [Match(found[(s.start, s.end)], s) for s in sorted(spans, key=lambda s: s.start)]


def read_json(file_name: str) -> dict[str, object]:
    """A JSON data file from rules/patterns/ (word lists and cue tables kept as data, not code)."""
    return json.loads(resources.files("contractlint.rules").joinpath("patterns", file_name).read_text("utf-8"))


@cache
def word_lists(file_name: str) -> dict[str, frozenset[str]]:
    """A JSON word list from rules/patterns/: each key names a set of words or phrases."""
    return {key: frozenset(values) for key, values in read_json(file_name).items()}  # type: ignore[arg-type]


def read_entries(file_name: str) -> list[dict[str, object]]:
    text = resources.files("contractlint.rules").joinpath("patterns", file_name).read_text("utf-8")
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{file_name}:{n}: invalid pattern line: {exc.msg}") from None
    return entries


@lru_cache(maxsize=64)
def compile_patterns(
    nlp: Language, file_name: str, extra: tuple[str, ...] = (), removed: tuple[str, ...] = ()
) -> PatternSet:
    drop = {r.lower() for r in removed}
    entries = [
        e for e in read_entries(file_name) if not (isinstance(e["pattern"], str) and e["pattern"].lower() in drop)
    ]
    entries += [{"label": CUSTOM_LABEL, "pattern": term} for term in extra]
    return PatternSet(nlp, entries)
