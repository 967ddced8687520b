"""Term lists as data: spaCy pattern files (JSONL) compiled into matchers.

Each line is `{"label": ..., "pattern": ...}`: a string pattern is matched case-insensitively as
a phrase (PhraseMatcher on LOWER); a list pattern is a spaCy `Matcher` token pattern.  Users add
or remove phrases per rule in the config without touching code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..termlists import read_entries

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

CUSTOM_LABEL = "custom"


@dataclass(frozen=True)
class Match:
    label: str
    span: Span


class PatternSet:
    """Compiled phrase and token patterns for one rule.

    Token patterns run through a `GatedMatcher` (fastpath.py): with `gated`, a group of patterns runs
    only on a doc containing a word the group cannot match without; the matches are the same.
    """

    def __init__(self, nlp: Language, entries: Iterable[dict[str, object]], *, gated: bool = True) -> None:
        from spacy.matcher import PhraseMatcher

        from ..fastpath import GatedMatcher

        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._label_order: dict[str, int] = {}
        token_patterns: list[tuple[str, list[dict[str, object]]]] = []
        for entry in entries:
            label, pattern = str(entry["label"]), entry["pattern"]
            self._label_order.setdefault(label, len(self._label_order))
            if isinstance(pattern, str):
                self._phrases.add(label, [nlp.make_doc(pattern)])
            else:
                token_patterns.append((label, pattern))  # type: ignore[arg-type]
        self._tokens = GatedMatcher(nlp, token_patterns, gated=gated)

    def __call__(self, doc: Doc) -> list[Match]:
        """Matches in document order; of overlapping matches the longest wins; of matches on the same
        words, a phrase entry's label wins, then the label listed first in the term list."""
        from spacy.util import filter_spans

        labels: dict[tuple[int, int], str] = {}
        for match_id, start, end in self._phrases(doc):
            labels.setdefault((start, end), doc.vocab.strings[match_id])
        token_labels: dict[tuple[int, int], str] = {}
        for match_id, start, end in self._tokens(doc):
            label = doc.vocab.strings[match_id]
            known = token_labels.get((start, end))
            if known is None or self._label_order[label] < self._label_order[known]:
                token_labels[(start, end)] = label
        for key, label in token_labels.items():
            labels.setdefault(key, label)
        spans = filter_spans([doc[s:e] for s, e in labels])
        return [Match(labels[(s.start, s.end)], s) for s in sorted(spans, key=lambda s: s.start)]


@lru_cache(maxsize=64)
def compile_patterns(
    nlp: Language, file_name: str, extra: tuple[str, ...] = (), removed: tuple[str, ...] = (), *, gated: bool = True
) -> PatternSet:
    drop = {r.lower() for r in removed}
    entries = [
        e for e in read_entries(file_name) if not (isinstance(e["pattern"], str) and e["pattern"].lower() in drop)
    ]
    entries += [{"label": CUSTOM_LABEL, "pattern": term} for term in extra]
    return PatternSet(nlp, entries, gated=gated)
