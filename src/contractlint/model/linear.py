"""The fitted classifier as `check` uses it: vectorisers, one linear model per category, calibration and
thresholds.  numpy only: scoring imports neither scikit-learn nor scipy (training does, in
`training/train.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from . import features as feat
from .vectorise import Vectoriser


@dataclass
class Classifier:
    word: Vectoriser
    char: Vectoriser
    categories: list[str]
    coef: np.ndarray  # (categories, features) float32: word terms, char terms, rule columns, cues
    intercept: np.ndarray  # (categories,)
    platt: np.ndarray  # (categories, 2): p = 1 / (1 + exp(a * d + b))
    threshold: dict[str, float]  # model only
    floor: dict[str, float]  # combined: keep a rule finding when p >= floor
    add: dict[str, float]  # combined: add a model-only finding when p >= add
    rule_columns: tuple[str, ...]  # the names `features.hit_names` can give, in column order
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        return len(self.word) + len(self.char) + len(self.rule_columns) + len(feat.CUE_NAMES)

    def static(self, texts: Sequence[str], hits: Sequence[frozenset[str] | set[str]]) -> np.ndarray:
        """The dense columns: the rules' hits on each text, then its lexical cues."""
        return np.hstack([feat.rule_matrix(hits, self.rule_columns), feat.cue_matrix(texts)])

    def decision(self, texts: Sequence[str], static: np.ndarray) -> np.ndarray:
        """(n, categories) linear decision values, the word and character rows batched per call."""
        words, chars = len(self.word), len(self.char)
        weights = self._weights
        return (
            self.word.transform(texts).dot(weights[:words])
            + self.char.transform(texts).dot(weights[words : words + chars])
            + static @ weights[words + chars :]
            + self.intercept
        )

    @cached_property
    def _weights(self) -> np.ndarray:
        """`coef` transposed, C-contiguous: (features, categories), so a row's terms are gathered at once."""
        return np.ascontiguousarray(self.coef.T)

    def probabilities(self, texts: Sequence[str], static: np.ndarray) -> np.ndarray:
        """(n, categories) calibrated probabilities."""
        return calibrate(self.decision(texts, static), self.platt)


def calibrate(decision: np.ndarray, platt: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp overflow is p = 0, as it should be
        return 1.0 / (1.0 + np.exp(platt[:, 0] * decision + platt[:, 1]))
