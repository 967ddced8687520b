"""The trained sentence classifier: data, features, training, evaluation and the shipped artifact.

Public API (what `check` uses):

- `score_texts(texts, rule_categories)` — calibrated probability per span-level category per text;
- `thresholds()` — per-category decision thresholds chosen on grouped validation data;
- `top_terms(text, category, k)` — the words of an excerpt that push the score for a category up;
- `load_model(path)` — the artifact, loaded lazily once; `ModelError` when a file is not one.

Training and evaluation (`contractlint train` / `contractlint evaluate`) live in `train.py` and
`evaluate.py`; scikit-learn, scipy and spaCy are imported only there: scoring needs numpy alone.
"""

from __future__ import annotations

from .api import score_texts, thresholds, top_terms
from .persist import ModelError, load_model

__all__ = ["ModelError", "load_model", "score_texts", "thresholds", "top_terms"]
