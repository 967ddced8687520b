"""The trained sentence classifier at check time: the artifact, its features and numpy scoring.

Public API (what `check` uses):

- `score_texts(texts, rule_categories)` — calibrated probability per span-level category per text;
- `thresholds()` — per-category decision thresholds chosen on grouped validation data;
- `top_terms(text, category, k)` — the words of an excerpt that push the score for a category up;
- `load_model(path)` — the artifact, loaded lazily once; `ModelError` when a file is not one.

This package never imports `lint`, the rule registry, `contractlint.training`, scikit-learn or
scipy (the import contracts in pyproject.toml): `lint` hands it the rule findings of a document
(`check.apply_model`).  Training and evaluation (`contractlint train` / `contractlint evaluate`),
which lint a corpus to compute rule hits and fit with scikit-learn, live in `contractlint.training`.
"""

from __future__ import annotations

from .api import score_texts, thresholds, top_terms
from .persist import ModelError, load_model

__all__ = ["ModelError", "load_model", "score_texts", "thresholds", "top_terms"]
