"""Features: word and character n-grams, the rules' own hits, and spaCy cues, built in one batch.

- word 1–2-gram and char_wb 3–5-gram TF-IDF (sublinear tf, capped vocabularies so the artifact stays
  small); these are fitted, so they live in the artifact;
- the rules' hits on the unit: one column per span category and per rule code;
- spaCy cues, computed once per text with `nlp.pipe`: modal verbs, passive voice with and without
  an agent, numbers, percentages, money, dates, units of time or quantity, first-person voice,
  length, list-item and heading shape.  These are what separate "reduce costs" from "reduce costs
  by 12% by FY2028", and "Reports shall be submitted" from "shall be approved by the COR".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..finding import SPAN_CATEGORIES

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer
    from spacy.tokens import Doc, Span

WORD_VOCABULARY = 12_000
CHAR_VOCABULARY = 25_000

MODALS = ("shall", "must", "will", "should", "may", "can", "could", "would", "might")
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTH})\b|(?:{_MONTH})\s+\d{{1,2}}\b|(?:19|20)\d\d\b|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    r"q[1-4]\b|fy\s?\d{2,4})",
    re.IGNORECASE,
)
MONEY = re.compile(r"[$€£]\s?\d|\b(?:usd|eur|gbp|dollars?)\b", re.IGNORECASE)
PERCENT = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent(?:age)?\b", re.IGNORECASE)
UNIT = re.compile(
    r"\b(?:business|calendar|working)?\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|quarters?|"
    r"ms|hrs?|gb|tb|mb|users?|copies|pages|times)\b",
    re.IGNORECASE,
)
QUANTITY = re.compile(rf"\d[\d,.]*\s*(?:%|{UNIT.pattern[2:-2]})", re.IGNORECASE)
LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\(?(?:[a-z]|[ivx]{1,5}|\d{1,3})\)|(?:\d{1,3}\.)+\d{0,3})\s")

CUE_NAMES: tuple[str, ...] = (
    *(f"modal:{m}" for m in MODALS),
    "passive",
    "passive-with-agent",
    "number",
    "percent",
    "money",
    "date",
    "unit",
    "quantity",
    "first-person",
    "negation",
    "log-length",
    "short",
    "list-item",
    "all-caps",
    "no-verb",
)


def rule_columns() -> tuple[str, ...]:
    from ..rules import REGISTRY

    return (*SPAN_CATEGORIES, *sorted(r.code for r in REGISTRY if r.scope == "span"))


def make_vectorisers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        lowercase=True,
        min_df=2,
        max_df=0.5,
        sublinear_tf=True,
        max_features=WORD_VOCABULARY,
        token_pattern=r"(?u)\b\w[\w'-]*\b",
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        lowercase=True,
        min_df=3,
        sublinear_tf=True,
        max_features=CHAR_VOCABULARY,
        dtype=np.float32,
    )
    return word, char


def drop_stop_words(vectoriser: TfidfVectorizer) -> TfidfVectorizer:
    """`stop_words_` holds every pruned n-gram (megabytes); sklearn documents it as safe to drop."""
    if hasattr(vectoriser, "stop_words_"):
        del vectoriser.stop_words_
    return vectoriser


def cue_matrix(texts: Sequence[str], parsed: Sequence[Doc | Span] | None = None) -> np.ndarray:
    """spaCy cues for all texts, parsed in one `nlp.pipe` batch, or read from `parsed` (one parse per
    text, e.g. the sentences of a document `check` has already parsed: no second parse)."""
    if parsed is None:
        from ..nlp import load_pipeline

        parsed = list(load_pipeline().pipe(texts, batch_size=128))
    if len(parsed) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(parsed)} parses")
    rows = [_cues(doc) for doc in parsed]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(CUE_NAMES))


def rule_matrix(hits: Sequence[frozenset[str] | set[str]], names: Sequence[str]) -> np.ndarray:
    """One-hot of the rule categories and codes that fired; `names` is the artifact's column list, so a
    rule added after training is ignored rather than shifting the columns."""
    columns = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(hits), len(columns)), dtype=np.float32)
    for row, unit_hits in enumerate(hits):
        for name in unit_hits:
            if name in columns:
                matrix[row, columns[name]] = 1.0
    return matrix


def combine(word: csr_matrix, char: csr_matrix, static: np.ndarray) -> csr_matrix:
    from scipy.sparse import csr_matrix, hstack

    return hstack([word, char, csr_matrix(static)], format="csr", dtype=np.float32)


def _cues(doc: Doc | Span) -> list[float]:
    text = doc.text
    lowers = [t.lower_ for t in doc]
    modal_counts = [float(any(t.lower_ == m and t.tag_ == "MD" for t in doc)) for m in MODALS]
    deps = {t.dep_ for t in doc}
    words = [t for t in doc if not t.is_punct and not t.is_space]
    letters = [c for c in text if c.isalpha()]
    return [
        *modal_counts,
        float("auxpass" in deps or "nsubjpass" in deps),
        float("agent" in deps),
        float(any(t.like_num for t in doc)),
        float(bool(PERCENT.search(text))),
        float(bool(MONEY.search(text))),
        float(bool(DATE.search(text))),
        float(bool(UNIT.search(text))),
        float(bool(QUANTITY.search(text))),
        float(any(w in ("we", "our", "us") for w in lowers)),
        float(any(t.dep_ == "neg" for t in doc)),
        min(math.log1p(len(words)) / math.log(100), 1.5),
        float(len(words) < 6),
        float(bool(LIST_MARKER.match(text))),
        float(len(letters) >= 3 and all(c.isupper() for c in letters)),
        float(not any(t.pos_ in ("VERB", "AUX") for t in doc)),
    ]
