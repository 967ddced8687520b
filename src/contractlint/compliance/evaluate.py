"""How good the matrix is, against our hand labels (corpora/compliance/labels.jsonl).

Each label is a requirement span in an RFP (offsets into the loaded text), the proposal it was read
against, the status we judged and why.  Three figures, as issue 14 asks:
- requirement recall: labelled requirements that an extracted requirement overlaps;
- status accuracy: labelled requirements whose overlapping requirement got the labelled status
  (a requirement not extracted counts as wrong);
- F1 of the not-fully-addressed class (partial or missing), where saying "addressed" everywhere
  scores 0 however common real answers are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Row

NOT_FULLY = frozenset({"partial", "missing"})


@dataclass(frozen=True)
class Label:
    rfp: str
    proposal: str
    start: int
    end: int
    status: str
    reason: str


@dataclass(frozen=True)
class Scores:
    labels: int
    recalled: int
    correct: int
    true_positive: int
    predicted_positive: int
    actual_positive: int

    @property
    def recall(self) -> float:
        return self.recalled / self.labels if self.labels else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.labels if self.labels else 0.0

    @property
    def f1(self) -> float:
        denominator = self.predicted_positive + self.actual_positive
        return 2 * self.true_positive / denominator if denominator else 0.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.labels, self.recalled, self.correct, self.true_positive, self.predicted_positive, self.actual_positive
        )  # fmt: skip


def read_labels(path: Path) -> list[Label]:
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            fields = (item["rfp"], item["proposal"], item["start"], item["end"], item["status"], item["reason"])
            labels.append(Label(*fields))
    return labels


def best_row(label: Label, rows: Iterable[Row]) -> Row | None:
    """The extracted requirement that overlaps the label most (None: the label was not extracted)."""
    best, best_overlap = None, 0
    for row in rows:
        overlap = min(label.end, row.requirement.end) - max(label.start, row.requirement.start)
        if overlap > best_overlap:
            best, best_overlap = row, overlap
    return best


def score(labels: Sequence[Label], rows: Sequence[Row]) -> Scores:
    recalled = correct = tp = predicted = actual = 0
    for label in labels:
        row = best_row(label, rows)
        status = row.status if row else None
        recalled += row is not None
        correct += status == label.status
        flagged = status in NOT_FULLY
        actual += label.status in NOT_FULLY
        predicted += flagged
        tp += flagged and label.status in NOT_FULLY
    return Scores(len(labels), recalled, correct, tp, predicted, actual)
