"""From data folders to a training `Batch`: load units, get the rules' hits, record data hashes."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .data import LabelledUnit, data_files, load_units, sha256, source_document
from .rulehits import hits_by_group, hits_in_document
from .train import Batch, build_batch


@dataclass
class Dataset:
    units: list[LabelledUnit]
    hits: list[frozenset[str]]
    batch: Batch
    files: dict[str, str]  # data file -> sha256


def prepare(data: Sequence[Path], extra: Sequence[Path] = (), *, progress: bool = False) -> Dataset:
    """Units from `data` validate and are evaluated (primary); units from `extra` only ever train."""
    units: list[LabelledUnit] = []
    primary: list[bool] = []
    folders: list[Path] = []
    files: dict[str, str] = {}
    for folder, is_primary in [*((d, True) for d in data), *((e, False) for e in extra)]:
        loaded = load_units(folder)
        units.extend(loaded)
        primary.extend([is_primary] * len(loaded))
        folders.extend([folder] * len(loaded))
        for path in data_files(folder):
            files[str(path)] = sha256(path)
        _say(progress, f"{folder}: {len(loaded)} units")
    hits = rule_hits(units, folders, progress=progress)
    _say(progress, "features ...")
    batch = build_batch(
        [u.text for u in units],
        hits,
        [u.labels for u in units],
        [u.doc for u in units],
        primary,
        [u.only for u in units],
    )
    return Dataset(units, hits, batch, files)


def rule_hits(
    units: Sequence[LabelledUnit], folders: Sequence[Path], *, progress: bool = False
) -> list[frozenset[str]]:
    """Hits from the unit's whole source document when it is at hand, else from its group's units."""
    by_document: dict[Path, list[int]] = defaultdict(list)
    loose: list[int] = []
    for index, (unit, folder) in enumerate(zip(units, folders, strict=True)):
        source = source_document(folder, unit)
        (by_document[source] if source is not None else loose).append(index)
    hits: list[frozenset[str]] = [frozenset()] * len(units)
    _say(progress, f"rules: {len(by_document)} source documents, {len(loose)} units without one ...")
    for path, indices in sorted(by_document.items()):
        spans = [(units[i].start or 0, units[i].end or 0) for i in indices]
        for index, unit_hits in zip(indices, hits_in_document(path, spans), strict=True):
            hits[index] = unit_hits
    loose_hits = hits_by_group([units[i].doc for i in loose], [units[i].text for i in loose])
    for index, unit_hits in zip(loose, loose_hits, strict=True):
        hits[index] = unit_hits
    return hits


def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)
