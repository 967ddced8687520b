"""What `check` calls: scores per category for sentences, the thresholds, the words behind a score."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .persist import load_model


@dataclass(frozen=True)
class Thresholds:
    """Per-category decisions, all chosen on grouped validation data (see train.py).

    - `model`: the model alone flags a sentence when p >= model[c];
    - `floor`: a rule finding of category c is kept when p >= floor[c] (the combined design);
    - `add`: where no rule of category c fired, the model adds a finding when p >= add[c].
    A category missing from a map has no trained model: keep rule findings, add none."""

    model: dict[str, float]
    floor: dict[str, float]
    add: dict[str, float]


def score_texts(
    texts: Sequence[str],
    rule_categories: Sequence[set[str] | frozenset[str]],
    *,
    model_path: Path | str | None = None,
) -> list[dict[str, float]]:
    """Calibrated probability per span category for each text (one sentence or list item each).

    `rule_categories[i]` is what the rules found in text i: the categories *and the rule codes* of the
    findings overlapping it and the document's profile (`features.hit_names(findings, profile)`), as
    in training.  The scorer never runs the rules itself: `lint` passes their findings in (and
    `training.rulehits.hits_in_texts` computes them for loose texts).  Every other feature is read
    from the texts alone, all of them in one batch."""
    texts = list(texts)
    if not texts:
        return []
    classifier = load_model(model_path)
    hits = list(rule_categories)
    if len(hits) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(hits)} rule-category sets")
    probabilities = classifier.probabilities(texts, classifier.static(texts, hits))
    trained = [j for j, c in enumerate(classifier.categories) if c in classifier.threshold]
    return [{classifier.categories[j]: _probability(row[j]) for j in trained} for row in probabilities]


def _probability(value: float) -> float:
    """Six places, kept inside (0, 1): a calibrated score is never a certainty (and --min-score 1.0 is off)."""
    return min(max(round(float(value), 6), 1e-6), 0.999999)


def thresholds(model_path: Path | str | None = None) -> Thresholds:
    classifier = load_model(model_path)
    return Thresholds(dict(classifier.threshold), dict(classifier.floor), dict(classifier.add))


def top_terms(text: str, category: str, k: int = 3, *, model_path: Path | str | None = None) -> list[str]:
    """The k word n-grams in `text` that raise its score for `category` most (tf-idf x weight).

    Word n-grams only: character n-grams carry weight too but do not read as evidence."""
    classifier = load_model(model_path)
    if category not in classifier.categories:
        raise ValueError(f"unknown category {category!r}")
    word = classifier.word
    row = word.transform([text])
    weights = classifier.coef[classifier.categories.index(category), : len(word)]
    contributions = {word.terms[i]: float(v * weights[i]) for i, v in zip(row.indices, row.data, strict=True)}
    ranked = [t for t, c in sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0])) if c > 0]
    chosen: list[str] = []
    for term in ranked:  # one of "efforts" and "efforts to" is enough
        if not any(_within(term, other) or _within(other, term) for other in chosen):
            chosen.append(term)
        if len(chosen) == k:
            break
    return chosen


def _within(short: str, long: str) -> bool:
    return re.search(rf"\b{re.escape(short)}\b", long) is not None
