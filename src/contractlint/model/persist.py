"""The artifact on disk: one `.npz` of plain numeric arrays and a JSON header, nothing that runs code.

Layout (numpy's own zip of `.npy` members, written with `np.savez_compressed`):

- `header`: the UTF-8 bytes of a JSON object (uint8): schema name, version, categories, the n-gram
  settings and the terms of both vectorisers, rule columns, cue names, thresholds and the training
  record;
- `word_idf`, `char_idf` (float64), `coef` (float32, categories x features), `intercept` (float64),
  `platt` (float64, categories x 2).

`read` opens the zip itself first and refuses, with a one-line `ModelError`, anything that is not
exactly these members within a size limit; then every member is read with `allow_pickle=False` (an
object array cannot load) and must have exactly its dtype and shape, the header exactly its keys and
types, and the schema, version, settings and cue names must be this code's.  Loading imports
neither scikit-learn nor scipy: about 0.02 s.

The shipped artifact is package data: `src/contractlint/data/contractlint-classifier.npz`.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..finding import SPAN_CATEGORIES
from ..paths import write_atomically
from . import features as feat
from .linear import Classifier
from .vectorise import Settings, Vectoriser

SCHEMA = "contractlint-classifier"
VERSION = 2  # 1 was a skops file with spaCy cue features
ARTIFACT_NAME = "contractlint-classifier.npz"
MAX_UNPACKED = 256 * 1024 * 1024  # bytes: refuse a zip that would inflate beyond this
# member -> dtype; shapes are checked against the header in `_classifier`
MEMBERS: dict[str, np.dtype] = {
    "header": np.dtype(np.uint8),
    "word_idf": np.dtype(np.float64),
    "char_idf": np.dtype(np.float64),
    "coef": np.dtype(np.float32),
    "intercept": np.dtype(np.float64),
    "platt": np.dtype(np.float64),
}
HEADER_KEYS = frozenset(
    {"schema", "version", "categories", "word", "char", "rule_columns", "cue_names"}
    | {"threshold", "floor", "add", "meta"}
)


class ModelError(RuntimeError):
    """A model file is missing or is not a valid contractlint artifact."""


def shipped_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / ARTIFACT_NAME


def save(classifier: Classifier, path: Path) -> Path:
    header = {
        "schema": SCHEMA,
        "version": VERSION,
        "categories": list(classifier.categories),
        "word": {"settings": classifier.word.settings.as_json(), "terms": list(classifier.word.terms)},
        "char": {"settings": classifier.char.settings.as_json(), "terms": list(classifier.char.terms)},
        "rule_columns": list(classifier.rule_columns),
        "cue_names": list(feat.CUE_NAMES),
        "threshold": {k: float(v) for k, v in classifier.threshold.items()},
        "floor": {k: float(v) for k, v in classifier.floor.items()},
        "add": {k: float(v) for k, v in classifier.add.items()},
        "meta": classifier.meta,
    }
    encoded = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()  # built in memory, then written atomically: a killed `train` leaves the old artifact
    np.savez_compressed(
        buffer,
        header=np.frombuffer(encoded, dtype=np.uint8),
        word_idf=classifier.word.idf.astype(np.float64),
        char_idf=classifier.char.idf.astype(np.float64),
        coef=classifier.coef.astype(np.float32),
        intercept=classifier.intercept.astype(np.float64),
        platt=classifier.platt.astype(np.float64),
    )
    write_atomically(path, buffer.getvalue())
    return path


def read(path: Path) -> Classifier:
    """Load and validate one artifact (no caching; `load_model` caches)."""
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    arrays = _arrays(path)
    try:
        if arrays["header"].ndim != 1:
            raise ValueError("header is not a byte string")
        header = json.loads(arrays["header"].tobytes().decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise ModelError(f"{path}: not a contractlint model artifact (unreadable header)") from None
    if not isinstance(header, dict) or header.get("schema") != SCHEMA:
        raise ModelError(f"{path}: not a contractlint model artifact (no {SCHEMA!r} schema)")
    if header.get("version") != VERSION:
        raise ModelError(f"{path}: model artifact version {header.get('version')!r}, expected {VERSION}; retrain it")
    if set(header) != HEADER_KEYS:
        raise ModelError(f"{path}: model artifact header has keys {sorted(header)}, expected {sorted(HEADER_KEYS)}")
    if header["cue_names"] != list(feat.CUE_NAMES):
        raise ModelError(f"{path}: model artifact built with other cue features; retrain it")
    try:
        return _classifier(header, arrays)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{path}: model artifact is inconsistent ({exc})") from None


def _arrays(path: Path) -> dict[str, np.ndarray]:
    """Exactly the expected members, each a plain array of its dtype; nothing else is read."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        names = [info.filename for info in infos]
        if sorted(names) != sorted(f"{m}.npy" for m in MEMBERS):
            raise ModelError(f"{path}: not a contractlint model artifact (members {sorted(names)})")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise ModelError(f"{path}: not a contractlint model artifact (unpacks beyond {MAX_UNPACKED:,} bytes)")
        with np.load(path, allow_pickle=False) as members:
            arrays = {name: members[name] for name in MEMBERS}
    except ModelError:
        raise
    except Exception as exc:  # a corrupt zip or .npy raises many kinds; an object array raises ValueError
        raise ModelError(f"{path}: not a contractlint model artifact ({type(exc).__name__})") from None
    for name, dtype in MEMBERS.items():
        if arrays[name].dtype != dtype:
            raise ModelError(f"{path}: model artifact member {name!r} is {arrays[name].dtype}, expected {dtype}")
    return arrays


def _classifier(header: dict, arrays: dict[str, np.ndarray]) -> Classifier:
    categories = _strings(header["categories"], "categories")
    if categories != [c for c in SPAN_CATEGORIES if c in categories]:
        raise ValueError("categories are not span categories in taxonomy order")
    word = _vectoriser(header["word"], arrays["word_idf"], feat.WORD, "word")
    char = _vectoriser(header["char"], arrays["char_idf"], feat.CHAR, "char")
    rule_columns = tuple(_strings(header["rule_columns"], "rule_columns"))
    n = len(categories)
    n_features = len(word) + len(char) + len(rule_columns) + len(feat.CUE_NAMES)
    for name, shape in (("coef", (n, n_features)), ("intercept", (n,)), ("platt", (n, 2))):
        if arrays[name].shape != shape:
            raise ValueError(f"{name} has shape {arrays[name].shape}, expected {shape}")
        if not np.isfinite(arrays[name]).all():
            raise ValueError(f"{name} holds a value that is not finite")
    return Classifier(
        word,
        char,
        categories,
        arrays["coef"],
        arrays["intercept"],
        arrays["platt"],
        _thresholds(header["threshold"], categories, "threshold"),
        _thresholds(header["floor"], categories, "floor"),
        _thresholds(header["add"], categories, "add"),
        rule_columns,
        _meta(header["meta"]),
    )


def _vectoriser(state: object, idf: np.ndarray, expected: Settings, name: str) -> Vectoriser:
    if not isinstance(state, dict) or set(state) != {"settings", "terms"}:
        raise ValueError(f"{name} vectoriser is not {{settings, terms}}")
    if state["settings"] != expected.as_json():
        raise ValueError(f"{name} vectoriser built with other n-gram settings; retrain it")
    terms = _strings(state["terms"], f"{name} terms")
    if len(set(terms)) != len(terms) or idf.shape != (len(terms),) or not np.isfinite(idf).all():
        raise ValueError(f"{name} terms and idf weights disagree")
    return Vectoriser(expected, tuple(terms), idf)


def _strings(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} is not a list of strings")
    return value


def _thresholds(value: object, categories: list[str], name: str) -> dict[str, float]:
    if not isinstance(value, dict) or not set(value) <= set(categories):
        raise ValueError(f"{name} is not a map from the artifact's categories")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value.values()):
        raise ValueError(f"{name} holds a value that is not a number")
    return {k: float(v) for k, v in value.items()}


def _meta(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ValueError("meta is not an object")
    return value


@lru_cache(maxsize=4)
def _cached(path: Path) -> Classifier:
    return read(path)


def load_model(path: Path | str | None = None) -> Classifier:
    """The artifact at `path` (default: the shipped one), loaded once per process."""
    return _cached(Path(path).resolve() if path is not None else shipped_path())
