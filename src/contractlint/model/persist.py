"""The artifact on disk: skops (no pickle), loaded with an explicit list of trusted types.

Before `skops.io.load` runs we read the file's schema ourselves and refuse it, with a one-line
`ModelError`, if it names any type not on `TRUSTED` (skops alone would accept any scikit-learn
estimator), is not a skops zip, or carries another schema or version.  No pickle is involved.

The shipped artifact is package data: `src/contractlint/data/contractlint-classifier.skops`.
"""

from __future__ import annotations

import json
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import features as feat

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .train import Classifier

SCHEMA = "contractlint-classifier"
VERSION = 1
ARTIFACT_NAME = "contractlint-classifier.skops"

# Exactly the types a contractlint artifact may hold: plain data and numpy arrays, no estimator.  skops
# itself trusts every scikit-learn estimator by default, so we read the file's schema and check
# *every* node against this list; the TF-IDF vectorisers are stored as their terms and idf weights.
TRUSTED: tuple[str, ...] = (
    "builtins.bool",
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.dtype",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "numpy.str_",
)
_PARAMS = ("analyzer", "ngram_range", "lowercase", "min_df", "max_df", "max_features", "sublinear_tf", "token_pattern")


class ModelError(RuntimeError):
    """A model file is missing or is not a valid contractlint artifact."""


def shipped_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / ARTIFACT_NAME


def save(classifier: Classifier, path: Path) -> Path:
    import skops.io as sio

    state = {
        "schema": SCHEMA,
        "version": VERSION,
        "categories": list(classifier.categories),
        "word": vectoriser_state(classifier.word),
        "char": vectoriser_state(classifier.char),
        "coef": classifier.coef.astype(np.float32),
        "intercept": classifier.intercept.astype(np.float64),
        "platt": classifier.platt.astype(np.float64),
        "threshold": {k: float(v) for k, v in classifier.threshold.items()},
        "floor": {k: float(v) for k, v in classifier.floor.items()},
        "add": {k: float(v) for k, v in classifier.add.items()},
        "rule_columns": list(classifier.rule_columns),
        "cue_names": list(feat.CUE_NAMES),
        "meta": classifier.meta,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(state, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def read(path: Path) -> Classifier:
    """Load and validate one artifact (no caching; `load_model` caches)."""
    import skops.io as sio

    from .train import Classifier

    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    try:
        found = types_in(path)
        untrusted = found - set(TRUSTED)
        if untrusted:
            raise ModelError(f"{path}: refusing model file with unexpected types: {', '.join(sorted(untrusted))}")
        state = sio.load(path, trusted=sorted(t for t in found if not t.startswith("builtins.")))
    except ModelError:
        raise
    except Exception as exc:  # skops raises many kinds on a file it did not write
        raise ModelError(f"{path}: not a contractlint model artifact ({type(exc).__name__})") from None
    if not isinstance(state, dict) or state.get("schema") != SCHEMA:
        raise ModelError(f"{path}: not a contractlint model artifact (no {SCHEMA!r} schema)")
    if state.get("version") != VERSION:
        raise ModelError(f"{path}: model artifact version {state.get('version')!r}, expected {VERSION}; retrain it")
    if state.get("cue_names") != list(feat.CUE_NAMES):
        raise ModelError(f"{path}: model artifact built with other spaCy features; retrain it")
    word, char = feat.make_vectorisers()
    word, char = restore_vectoriser(word, state["word"], path), restore_vectoriser(char, state["char"], path)
    n_features = len(word.vocabulary_) + len(char.vocabulary_) + len(state["rule_columns"])
    if state["coef"].shape != (len(state["categories"]), n_features + len(feat.CUE_NAMES)):
        raise ModelError(f"{path}: model artifact is inconsistent (coefficient shape {state['coef'].shape})")
    return Classifier(
        word,
        char,
        list(state["categories"]),
        state["coef"],
        state["intercept"],
        state["platt"],
        dict(state["threshold"]),
        dict(state["floor"]),
        dict(state["add"]),
        tuple(state["rule_columns"]),
        dict(state["meta"]),
    )


def vectoriser_state(vectoriser: TfidfVectorizer) -> dict[str, object]:
    """Terms in column order, idf weights and the parameters that shape the features."""
    terms = vectoriser.get_feature_names_out().astype(str)
    params = {k: _plain(v) for k, v in vectoriser.get_params().items() if k in _PARAMS}
    return {"params": params, "terms": terms, "idf": vectoriser.idf_.astype(np.float64)}


def restore_vectoriser(vectoriser: TfidfVectorizer, state: dict, path: Path) -> TfidfVectorizer:
    """A vectoriser built as training built it, given the saved terms and idf weights."""
    expected = {k: _plain(v) for k, v in vectoriser.get_params().items() if k in _PARAMS}
    if state.get("params") != expected:
        raise ModelError(f"{path}: model artifact built with other n-gram settings; retrain it")
    vectoriser.vocabulary_ = {str(term): i for i, term in enumerate(state["terms"])}
    vectoriser.idf_ = np.asarray(state["idf"], dtype=np.float64)
    return vectoriser


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def types_in(path: Path) -> set[str]:
    """Every `module.class` named anywhere in a skops file's schema (raises on a non-skops file)."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    found: set[str] = set()
    stack: list[object] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__class__" in node and "__module__" in node:
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@lru_cache(maxsize=4)
def _cached(path: Path) -> Classifier:
    return read(path)


def load_model(path: Path | str | None = None) -> Classifier:
    """The artifact at `path` (default: the shipped one), loaded once per process."""
    return _cached(Path(path).resolve() if path is not None else shipped_path())
