"""TF-IDF over word and character n-grams, in numpy alone: fitted in training, applied in `check`.

scikit-learn's `TfidfVectorizer` would do the same arithmetic, but importing scikit-learn costs about
a second at every process start and its transform walks every character n-gram of every word in
Python.  Here the analyser is ours on both sides (training and scoring use the same code, so their
features cannot drift apart), a word's character n-grams are looked up once per process, and rows
come out as plain CSR arrays (`Rows`) that training hands to scipy and scoring multiplies in numpy.

The arithmetic is scikit-learn's with `smooth_idf=True, sublinear_tf=True, norm="l2"`:
idf = ln((1 + n) / (1 + df)) + 1; a row is (1 + ln tf) * idf, scaled to unit length.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

WORD_PATTERN = r"(?u)\b\w[\w'-]*\b"
_CACHE_LIMIT = 200_000  # words whose character n-grams are remembered; cleared when full


@dataclass(frozen=True)
class Settings:
    """What shapes the features; stored in the artifact and checked on load."""

    analyzer: str  # "word" (token n-grams) or "char_wb" (character n-grams inside words, space-padded)
    ngram_range: tuple[int, int]
    max_features: int
    min_df: int = 1
    max_df: float = 1.0  # a share of the documents

    def as_json(self) -> dict[str, object]:
        return {
            "analyzer": self.analyzer,
            "ngram_range": list(self.ngram_range),
            "max_features": self.max_features,
            "min_df": self.min_df,
            "max_df": self.max_df,
        }


@dataclass(frozen=True)
class Rows:
    """Sparse rows in CSR layout (`indptr`, `indices`, `data`), `width` columns wide."""

    indptr: np.ndarray  # (n + 1,) int64
    indices: np.ndarray  # (nnz,) int64
    data: np.ndarray  # (nnz,) float32
    width: int

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """(n, k): each row times `weights`, of shape (width, k) (C-contiguous: rows are gathered)."""
        n = len(self)
        out = np.zeros((n, weights.shape[1]))
        filled = np.diff(self.indptr) > 0
        if filled.any():
            contributions = weights[self.indices] * self.data[:, None]  # (nnz, k)
            out[filled] = np.add.reduceat(contributions, self.indptr[:-1][filled], axis=0)
        return out


@dataclass(frozen=True)
class Vectoriser:
    """A fitted TF-IDF vectoriser: the settings, the terms in column order and their idf weights."""

    settings: Settings
    terms: tuple[str, ...]
    idf: np.ndarray  # (len(terms),) float64
    index: dict[str, int] = field(init=False, repr=False, compare=False)
    _grams: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {term: i for i, term in enumerate(self.terms)})
        object.__setattr__(self, "_grams", {})

    def __len__(self) -> int:
        return len(self.terms)

    def transform(self, texts: Sequence[str]) -> Rows:
        """All texts at once: their columns gathered, then counted, weighted and normalised in numpy."""
        columns: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            found = self._columns(text)
            columns.extend(found)
            lengths[i] = len(found)
        width = max(len(self.terms), 1)
        keys = np.repeat(np.arange(len(texts), dtype=np.int64), lengths) * width + np.asarray(columns, dtype=np.int64)
        keys, counts = np.unique(keys, return_counts=True)  # sorted: by row, then by column
        row_of, index = np.divmod(keys, width)
        values = (1.0 + np.log(counts)) * self.idf[index]
        norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(texts)))
        values /= norms[row_of]
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=len(texts)))])
        return Rows(indptr.astype(np.int64), index, values.astype(np.float32), len(self.terms))

    def _columns(self, text: str) -> list[int]:
        if self.settings.analyzer == "word":
            index = self.index
            return [index[g] for g in analyse(text, self.settings) if g in index]
        columns: list[int] = []
        cache = self._grams
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        for word in text.lower().split():
            known = cache.get(word)
            if known is None:
                index = self.index
                known = cache[word] = tuple(index[g] for g in _word_char_ngrams(word, self.settings) if g in index)
            columns.extend(known)
        return columns


def analyse(text: str, settings: Settings) -> list[str]:
    """The n-grams of one text, in order, with repeats (what gets counted)."""
    low = text.lower()
    if settings.analyzer == "word":
        tokens = re.findall(WORD_PATTERN, low)
        lo, hi = settings.ngram_range
        return [" ".join(tokens[i : i + n]) for n in range(lo, hi + 1) for i in range(len(tokens) - n + 1)]
    if settings.analyzer == "char_wb":
        return [g for word in low.split() for g in _word_char_ngrams(word, settings)]
    raise ValueError(f"unknown analyzer {settings.analyzer!r}")


def _word_char_ngrams(word: str, settings: Settings) -> list[str]:
    padded = f" {word} "
    lo, hi = settings.ngram_range
    grams: list[str] = []
    for n in range(lo, hi + 1):
        if len(padded) <= n:
            grams.append(padded)  # a short word counts once, whole
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def fit(texts: Sequence[str], settings: Settings) -> Vectoriser:
    """Terms with min_df <= document frequency <= max_df * n, the `max_features` most frequent
    (ties by term), in alphabetical column order; smoothed idf."""
    df: Counter[str] = Counter()
    tf: Counter[str] = Counter()
    for text in texts:
        grams = analyse(text, settings)
        tf.update(grams)
        df.update(set(grams))
    n = len(texts)
    allowed = [t for t, d in df.items() if settings.min_df <= d <= settings.max_df * n]
    kept = sorted(sorted(allowed, key=lambda t: (-tf[t], t))[: settings.max_features])
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float64)
    return Vectoriser(settings, tuple(kept), idf)
