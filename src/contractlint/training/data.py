"""Labelled units for training: the team's sow-sentences, the project's corpora, CLAUDETTE.

Every source becomes `LabelledUnit`s with a group (`doc`) for grouped splits.  Formats, picked
by what a folder holds:

- `sentences.jsonl` or `*.jsonl` — one {"id", "doc", "text", "labels": [{"category", ...}]} per line
  (sow-sentences and `corpora/labelled/`); an optional "categories" list says which categories the
  unit was labelled for (the corpora are written per category), absent = all of them;
- `sentences/en/original/*.txt` + `tags/en/original/*.txt` — CLAUDETTE, mapped to `one-sided-term`
  only (its tags say nothing about the other categories, so it trains that one category alone).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..finding import SPAN_CATEGORIES

# The risk-shifting CLAUDETTE tags (its README): arbitration, unilateral change, content removal,
# limitation of liability, unilateral termination, contract by using.  pinc/j/law are left out.
CLAUDETTE_ONE_SIDED = ("a", "ch", "cr", "ltd", "ter", "use")
CLAUDETTE_NEGATIVES_PER_POSITIVE = 2  # untagged ToS sentences kept per tagged one, chosen by hash


class DataError(ValueError):
    """A data folder is missing or not in a known format; the message says which and why."""


@dataclass(frozen=True)
class LabelledUnit:
    id: str
    doc: str  # the group: units of one document never sit on both sides of a split
    text: str
    labels: frozenset[str]
    source: str  # "sow" (jsonl in a data folder), "claudette"
    start: int | None = None  # offsets into the source document, when known
    end: int | None = None
    only: tuple[str, ...] | None = field(default=None)  # categories this unit is labelled for; None = all


def data_files(folder: Path) -> list[Path]:
    """The files a folder's units come from, in a stable order (hashed in models/README.md)."""
    if (folder / "sentences.jsonl").is_file():
        return [folder / "sentences.jsonl"]
    if (folder / "sentences" / "en" / "original").is_dir():
        base = folder / "sentences" / "en" / "original"
        tags = folder / "tags" / "en" / "original"
        return sorted([*base.glob("*.txt"), *tags.glob("*.txt")])
    return sorted(folder.glob("*.jsonl"))


def load_units(folder: Path) -> list[LabelledUnit]:
    if not folder.is_dir():
        raise DataError(f"{folder}: no such data folder")
    if (folder / "sentences" / "en" / "original").is_dir():
        return load_claudette(folder)
    files = data_files(folder)
    if not files:
        raise DataError(f"{folder}: no sentences.jsonl, *.jsonl or CLAUDETTE layout found")
    return [unit for path in files for unit in _jsonl_units(path)]


def _jsonl_units(path: Path) -> Iterable[LabelledUnit]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels = frozenset(x["category"] for x in row.get("labels", []))
            scope = tuple(row["categories"]) if "categories" in row else None
            unit = LabelledUnit(
                str(row["id"]),
                str(row["doc"]),
                str(row["text"]),
                labels,
                "sow",
                row.get("start"),
                row.get("end"),
                scope,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{path}:{number}: not a labelled unit ({exc})") from None
        unknown = (labels | set(scope or ())) - set(SPAN_CATEGORIES)
        if unknown:
            raise DataError(f"{path}:{number}: unknown categories {sorted(unknown)}")
        yield unit


def normalise(text: str) -> str:
    """Lower case, letters and digits only: the key that finds near-duplicate ToS sentences."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def load_claudette(folder: Path) -> list[LabelledUnit]:
    """Tagged one-sided sentences plus a hash-chosen sample of untagged ones, deduplicated.

    The same clause recurs across companies' terms ("We may change these terms at any time"), so
    sentences are deduplicated by normalised text across all documents: a duplicate keeps its first
    company only, and a text tagged anywhere counts as tagged."""
    base, tags = folder / "sentences" / "en" / "original", folder / "tags" / "en" / "original"
    seen: dict[str, tuple[str, str, bool]] = {}  # key -> (company, text, tagged)
    for path in sorted(base.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tag_lines = (tags / path.name).read_text(encoding="utf-8").splitlines()
        for text, tag_line in zip(lines, tag_lines + [""] * (len(lines) - len(tag_lines)), strict=True):
            key = normalise(text)
            if len(key.split()) < 4:
                continue  # headings and fragments
            tagged = any(re.sub(r"\d+$", "", t) in CLAUDETTE_ONE_SIDED for t in tag_line.split())
            if key in seen:
                company, first, was = seen[key]
                seen[key] = (company, first, was or tagged)
            else:
                seen[key] = (path.stem, text.strip(), tagged)
    positives = [(k, v) for k, v in seen.items() if v[2]]
    negatives = sorted((k for k, v in seen.items() if not v[2]), key=_stable_hash)
    negatives = negatives[: CLAUDETTE_NEGATIVES_PER_POSITIVE * len(positives)]
    chosen = sorted([k for k, _ in positives] + negatives, key=lambda k: (seen[k][0], _stable_hash(k)))
    return [
        LabelledUnit(
            f"claudette:{seen[k][0]}:{i}",
            f"claudette:{seen[k][0]}",
            seen[k][1],
            frozenset({"one-sided-term"}) if seen[k][2] else frozenset(),
            "claudette",
            only=("one-sided-term",),
        )
        for i, k in enumerate(chosen)
    ]


def _stable_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_document(folder: Path, unit: LabelledUnit) -> Path | None:
    """The unit's source document when the data folder sits in the team layout (data/X/../../docs)."""
    if unit.start is None:
        return None
    path = folder.parent.parent / "docs" / unit.doc
    return path if path.is_file() else None
