"""The trained classifier: deterministic training, faithful persistence, refusal of bad artifacts."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from contractlint.model import ModelError, load_model, persist, score_texts, thresholds, top_terms
from contractlint.model.data import load_units
from contractlint.model.dataset import Dataset, prepare
from contractlint.model.persist import TRUSTED, read, save, shipped_path
from contractlint.model.train import fit

from .conftest import SHARED

WEAK = [
    "The vendor will use best efforts to deliver the reports.",
    "The supplier shall use commercially reasonable efforts to resolve incidents.",
    "Where possible, the contractor should provide weekly updates.",
    "The contractor will endeavour to meet the schedule.",
    "The vendor may provide training if feasible.",
    "Subject to availability, the supplier will assign a second engineer.",
    "The contractor aims to resolve defects within a sprint.",
    "The vendor should ensure that backups are tested.",
]
FIRM = [
    "The vendor shall deliver the report by 1 June 2027.",
    "The contractor shall resolve priority 1 incidents within 4 hours.",
    "The supplier shall provide 12 training sessions in 2027.",
    "The Client may terminate this Agreement for convenience on 30 days' notice.",
    "The contractor shall submit an invoice on the 5th of each month.",
    "Payment is due within 30 days of an accepted invoice.",
    "The vendor shall keep the system available 99.9% of each month.",
    "The supplier shall assign two named engineers to the project.",
]


def _fixture(folder: Path) -> Path:
    rows = []
    for i, text in enumerate(WEAK + FIRM):
        labels = [{"category": "weak-commitment", "trigger": "x"}] if text in WEAK else []
        rows.append({"id": f"u{i}", "doc": f"doc{i % 4}", "text": text, "labels": labels})
    (folder / "units.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return prepare([_fixture(tmp_path_factory.mktemp("units"))])


@pytest.fixture(scope="module")
def artifact(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save(fit(dataset.batch), tmp_path_factory.mktemp("model") / "model.skops")


def test_training_is_deterministic(dataset: Dataset) -> None:
    batch = dataset.batch
    first, second = fit(batch), fit(batch)
    assert np.array_equal(
        first.probabilities(batch.texts, batch.static), second.probabilities(batch.texts, batch.static)
    )
    assert (first.threshold, first.floor, first.add) == (second.threshold, second.floor, second.add)


def test_saved_model_loads_and_predicts_the_same(dataset: Dataset, artifact: Path) -> None:
    batch = dataset.batch
    fitted = fit(batch)
    loaded = read(artifact)
    assert np.allclose(loaded.probabilities(batch.texts, batch.static), fitted.probabilities(batch.texts, batch.static))
    scores = score_texts(batch.texts, dataset.hits, model_path=artifact)
    assert [s["weak-commitment"] for s in scores] == pytest.approx(  # rounded to 6 places
        list(loaded.probabilities(batch.texts, batch.static)[:, loaded.categories.index("weak-commitment")]), abs=1e-6
    )
    assert set(thresholds(artifact).model) == {"weak-commitment"}


def _skops_dump(obj: object, path: Path) -> Path:
    import skops.io as sio

    sio.dump(obj, path)
    return path


def test_invalid_artifacts_are_refused(tmp_path: Path, artifact: Path) -> None:
    from sklearn.linear_model import LogisticRegression

    random_bytes = tmp_path / "random.skops"
    random_bytes.write_bytes(os.urandom(2048))
    a_pickle = tmp_path / "pickle.skops"
    a_pickle.write_bytes(pickle.dumps({"schema": "contractlint-classifier", "version": 1}))
    classifier = read(artifact)
    with pytest.MonkeyPatch.context() as patch:  # the same artifact, written under another version number
        patch.setattr(persist, "VERSION", 99)
        other_version = save(classifier, tmp_path / "v99.skops")
    untrusted = _skops_dump(
        {"schema": "contractlint-classifier", "version": 1, "m": LogisticRegression()}, tmp_path / "u.skops"
    )
    not_ours = _skops_dump({"weights": [1, 2, 3]}, tmp_path / "other.skops")
    for path, reason in [
        (random_bytes, "not a contractlint model artifact"),
        (a_pickle, "not a contractlint model artifact"),
        (other_version, "version 99"),
        (untrusted, "unexpected types: sklearn.linear_model._logistic.LogisticRegression"),
        (not_ours, "no 'contractlint-classifier' schema"),
        (tmp_path / "missing.skops", "no such model file"),
    ]:
        with pytest.raises(ModelError, match=reason) as caught:
            read(path)
        assert "\n" not in str(caught.value)


def test_trusted_types_are_explicit() -> None:
    assert all("." in name and name != "builtins.eval" for name in TRUSTED)


def test_shipped_artifact_ranks_an_effort_clause_above_a_firm_duty() -> None:
    assert shipped_path().is_file(), "the shipped classifier is missing; run `contractlint train`"
    model = load_model()
    assert load_model() is model  # loaded once
    weak, firm = score_texts(
        ["The vendor will use best efforts to deliver.", "The vendor shall deliver the report by 1 June 2027."]
    )
    assert weak["weak-commitment"] > firm["weak-commitment"]
    assert "efforts" in " ".join(top_terms("The vendor will use best efforts to deliver.", "weak-commitment", 3))


@pytest.mark.skipif(
    not (SHARED / "data" / "sow-sentences").is_dir(), reason="../shared/data/sow-sentences not present (team data)"
)
def test_shared_sow_sentences_load() -> None:
    units = load_units(SHARED / "data" / "sow-sentences")
    assert len(units) > 3000
    assert len({u.doc for u in units}) >= 30
    assert any("weak-commitment" in u.labels for u in units)
