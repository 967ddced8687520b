"""What `contractlint train` and `contractlint evaluate` do, kept out of the CLI module."""

from __future__ import annotations

import datetime
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

from ..model.persist import ARTIFACT_NAME, save
from .data import DataError


def resolve_dirs(data: Sequence[Path], extra: Sequence[Path] | None) -> tuple[list[Path], list[Path]]:
    """The data folders as given: no default reaches into a checkout or beside it (an installed
    package has neither), so every run names its data and is reproducible from its command line."""
    if not data:
        raise DataError("no --data folder given (the labelled units to train and validate on)")
    data_dirs, extra_dirs = list(data), list(extra or ())
    for folder in (*data_dirs, *extra_dirs):
        if not folder.is_dir():
            raise DataError(f"{folder}: no such data folder")
    return data_dirs, extra_dirs


def train(data: Sequence[Path], extra: Sequence[Path] | None, out: Path, *, progress: bool = True) -> str:
    """Fit on everything and save the artifact; returns a short summary (path, thresholds)."""
    from .dataset import prepare
    from .train import fit

    data_dirs, extra_dirs = resolve_dirs(data, extra)
    dataset = prepare(data_dirs, extra_dirs, progress=progress)
    meta = _meta(dataset.files, len(dataset.units))
    classifier = fit(dataset.batch, meta=meta)
    path = _artifact_path(out)
    save(classifier, path)
    lines = [f"wrote {path} ({path.stat().st_size:,} bytes)", "category             model  floor  add"]
    for cat in classifier.categories:
        if cat in classifier.threshold:
            t, f, a = classifier.threshold[cat], classifier.floor[cat], classifier.add[cat]
            lines.append(f"{cat:20s} {t:5.2f}  {f:5.2f}  {a:4.2f}")
        else:
            lines.append(f"{cat:20s} (no validated model: too few labelled units or documents; rule findings kept)")
    return "\n".join(lines) + "\n"


def evaluate(
    data: Sequence[Path], extra: Sequence[Path] | None, metrics_path: Path | None, *, progress: bool = True
) -> str:
    """Grouped cross-validation; writes the metrics JSON and returns the Markdown table."""
    from .dataset import prepare
    from .evaluate import cross_validate, render, write_metrics

    data_dirs, extra_dirs = resolve_dirs(data, extra)
    dataset = prepare(data_dirs, extra_dirs, progress=progress)
    metrics = cross_validate(dataset.batch, progress=progress)
    metrics["meta"] = _meta(dataset.files, len(dataset.units))
    if metrics_path is not None:
        write_metrics(metrics, metrics_path)
    systems = metrics["systems"]
    summary = ", ".join(
        f"{s}: P {systems[s]['micro']['precision']:.3f} R {systems[s]['micro']['recall']:.3f} "  # type: ignore[index]
        f"F1 {systems[s]['micro']['f1']:.3f}"  # type: ignore[index]
        for s in systems  # type: ignore[union-attr]
    )
    header = (
        f"grouped {metrics['folds']}-fold cross-validation by document: {metrics['units']} units, "
        f"{metrics['documents']} documents\n\n"
    )
    return header + render(metrics) + f"\nmicro — {summary}\n"


def _artifact_path(out: Path) -> Path:
    """`--out` is required: writing into the installed package by default would replace the model every
    user of this installation checks with (the shipped artifact is rebuilt with `--out src/contractlint/data`)."""
    return out if out.suffix == ".npz" else out / ARTIFACT_NAME


def _meta(files: dict[str, str], units: int) -> dict[str, object]:
    import sklearn
    import spacy

    return {
        "trained": datetime.date.today().isoformat(),
        "command": " ".join(["contractlint", *sys.argv[1:]]) if sys.argv else "",
        "data_sha256": {f"{Path(k).parent.name}/{Path(k).name}": v for k, v in files.items()},
        "units": units,
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "spacy": spacy.__version__,
    }
