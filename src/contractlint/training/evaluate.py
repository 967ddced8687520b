"""Grouped cross-validation by document: rules only, model only and combined, per category.

Outer GroupKFold by `doc` over the primary units (the real labelled sentences); each training side
adds the extras (corpora, CLAUDETTE), fits vectorisers, models, calibration and thresholds from
scratch (`train.fit`, whose own inner grouped split picks the thresholds), and predicts the held-out
documents.  Counts are pooled over folds.  "Rules only" is the rules' findings on each unit, as
`../shared/tools/score_spans.py` counts them; "precise rules" keeps only the categories whose rules
reach the precision target on the training side (rules-only's best shot at that precision).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from ..finding import SPAN_CATEGORIES
from ..model.linear import Classifier
from ..paths import write_atomically
from .train import ADDS, FLOORS, PRECISION_TARGET, Batch, choose_combined, combined_table, fit, precision_recall

OUTER_FOLDS = 5
SYSTEMS = ("rules", "precise-rules", "model", "combined")


def precise_categories(train: Batch) -> np.ndarray:
    """Categories whose rules reach the precision target on the training side: the best a rules-only
    system can do at that precision is to report only these (the baseline the model must beat there)."""
    rows = train.primary
    keep = np.zeros(train.labels.shape[1], dtype=bool)
    for j in range(train.labels.shape[1]):
        tp, fp, _ = precision_recall(train.rule_hits[rows, j], train.labels[rows, j])
        keep[j] = tp + fp > 0 and tp / (tp + fp) >= PRECISION_TARGET
    return keep


def decide(classifier: Classifier, p: np.ndarray, rule: np.ndarray, precise: np.ndarray) -> dict[str, np.ndarray]:
    """(n, categories) booleans per system, from probabilities and rule hits."""
    model = np.zeros_like(rule)
    combined = rule.copy()
    for j, cat in enumerate(classifier.categories):
        if cat not in classifier.threshold:
            continue  # no model for this category: rules as they are
        model[:, j] = p[:, j] >= classifier.threshold[cat]
        combined[:, j] = (rule[:, j] & (p[:, j] >= classifier.floor[cat])) | (
            ~rule[:, j] & (p[:, j] >= classifier.add[cat])
        )
    return {"rules": rule, "precise-rules": rule & precise, "model": model, "combined": combined}


def cross_validate(batch: Batch, *, folds: int = OUTER_FOLDS, progress: bool = False) -> dict[str, object]:
    from sklearn.model_selection import GroupKFold

    primary = np.flatnonzero(batch.primary)
    extras = np.flatnonzero(~batch.primary)
    cats = list(SPAN_CATEGORIES)
    predicted = {s: np.zeros((len(primary), len(cats)), dtype=bool) for s in SYSTEMS}
    probabilities = np.zeros((len(primary), len(cats)))
    n_groups = len(set(batch.groups[primary]))
    for number, (train_part, test_part) in enumerate(
        GroupKFold(n_splits=min(folds, n_groups)).split(primary, groups=batch.groups[primary]), 1
    ):
        if progress:
            print(f"fold {number}: {len(train_part)} train, {len(test_part)} test units", file=sys.stderr, flush=True)
        train = batch.subset(np.concatenate([primary[train_part], extras]))
        test = batch.subset(primary[test_part])
        classifier = fit(train)
        p = classifier.probabilities(test.texts, test.static)
        probabilities[test_part] = p
        for system, decisions in decide(classifier, p, test.rule_hits, precise_categories(train)).items():
            predicted[system][test_part] = decisions
    labels = batch.labels[primary]
    return {
        "units": len(primary),
        "documents": n_groups,
        "folds": min(folds, n_groups),
        "systems": {s: scores(predicted[s], labels, cats) for s in SYSTEMS},
        "ceiling": ceiling(probabilities, batch.rule_hits[primary], labels),
    }


def ceiling(p: np.ndarray, rule: np.ndarray, labels: np.ndarray) -> dict[str, float | int]:
    """The combined system's upper bound on these probabilities: (floor, add) per category chosen on
    the held-out units themselves, by the same sweep as `train.choose_combined`.  Not an estimate of
    anything (it peeks at the answers); it says how much better thresholds could do, and so whether
    the scores or the thresholds limit the combined system."""
    tables = {j: combined_table(p[:, j], labels[:, j], rule[:, j]) for j in range(labels.shape[1])}
    choice = choose_combined(tables, np.zeros(3, dtype=int))
    tp, fp, fn = sum((tables[j][i, k] for j, (i, k) in choice.items()), np.zeros(3, dtype=int))
    chosen = {SPAN_CATEGORIES[j]: [FLOORS[i], ADDS[k]] for j, (i, k) in sorted(choice.items())}
    return _prf(int(tp), int(fp), int(fn)) | {"floor_add": chosen}


def scores(pred: np.ndarray, labels: np.ndarray, cats: list[str]) -> dict[str, object]:
    per: dict[str, dict[str, float | int]] = {}
    totals = np.zeros(3, dtype=int)
    for j, cat in enumerate(cats):
        tp, fp, fn = precision_recall(pred[:, j], labels[:, j])
        totals += (tp, fp, fn)
        per[cat] = _prf(tp, fp, fn)
    micro = _prf(*map(int, totals))
    scored = [per[c] for c in cats if per[c]["support"]]
    macro = {k: round(sum(float(s[k]) for s in scored) / len(scored), 3) for k in ("precision", "recall", "f1")}
    return {"categories": per, "micro": micro, "macro": macro}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
    }


def render(metrics: dict[str, object]) -> str:
    """A Markdown table: one row per category, P/R/F1 for each system, then micro and macro."""
    systems: dict[str, dict] = metrics["systems"]  # type: ignore[assignment]
    head = "| category | support | " + " | ".join(f"{s} P | {s} R | {s} F1" for s in SYSTEMS) + " |"
    lines = [head, "|---|---:|" + "---:|" * (3 * len(SYSTEMS))]
    for cat in SPAN_CATEGORIES:
        cells = [f"{systems[s]['categories'][cat][k]:.3f}" for s in SYSTEMS for k in ("precision", "recall", "f1")]
        lines.append(f"| {cat} | {systems['rules']['categories'][cat]['support']} | " + " | ".join(cells) + " |")
    for average in ("micro", "macro"):
        cells = [f"**{systems[s][average][k]:.3f}**" for s in SYSTEMS for k in ("precision", "recall", "f1")]
        lines.append(f"| **{average}** | | " + " | ".join(cells) + " |")
    if "ceiling" in metrics:
        top: dict = metrics["ceiling"]  # type: ignore[assignment]
        lines.append(
            f"\nCeiling (combined, thresholds chosen on the held-out units themselves): micro P {top['precision']:.3f}"
            f" / R {top['recall']:.3f} / F1 {top['f1']:.3f}"
        )
    return "\n".join(lines) + "\n"


def write_metrics(metrics: dict[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(metrics, indent=2, sort_keys=False) + "\n")
