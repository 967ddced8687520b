"""The trained classifier: deterministic training, faithful persistence, refusal of bad artifacts, lexical cues."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from contractlint.model import ModelError, load_model, persist, score_texts, thresholds, top_terms, vectorise
from contractlint.model import features as feat
from contractlint.model.persist import read, save, shipped_path
from contractlint.training.data import load_units
from contractlint.training.dataset import Dataset, prepare
from contractlint.training.rulehits import hits_in_texts, rule_columns
from contractlint.training.train import as_scipy, fit, matrix

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
    return save(fit(dataset.batch), tmp_path_factory.mktemp("model") / "model.npz")


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


def test_scoring_computes_what_training_fitted(dataset: Dataset) -> None:
    """Training fits on a scipy matrix; scoring multiplies numpy arrays: the decisions must agree."""
    batch = dataset.batch
    fitted = fit(batch)
    x = matrix(fitted.word, fitted.char, batch.texts, batch.static)
    expected = np.asarray(x @ fitted.coef.T.astype(np.float64)) + fitted.intercept
    assert np.allclose(fitted.decision(batch.texts, batch.static), expected, atol=1e-5)
    assert x.shape[1] == fitted.n_features


def test_rule_hits_carry_the_document_profile() -> None:
    assert {"profile=sow", "profile=proposal", "profile=agreement"} <= set(rule_columns())
    hits = hits_in_texts(["The vendor will use best efforts to deliver the reports."])
    assert {"weak-commitment", "WC01"} <= hits[0]
    assert sum(name.startswith("profile=") for name in hits[0]) == 1


def _tampered(source: Path, target: Path, **changes: np.ndarray | None) -> Path:
    """A copy of an artifact with members replaced (`None` drops one), written as numpy writes them."""
    with np.load(source, allow_pickle=False) as members:
        arrays = {name: members[name] for name in members.files}
    for name, value in changes.items():
        if value is None:
            del arrays[name]
        else:
            arrays[name] = value
    with target.open("wb") as out:
        np.savez_compressed(out, **arrays)
    return target


def _header(artifact: Path, **changes: object) -> np.ndarray:
    with np.load(artifact, allow_pickle=False) as members:
        header = json.loads(members["header"].tobytes())
    header.update(changes)
    return np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)


def test_invalid_artifacts_are_refused(tmp_path: Path, artifact: Path) -> None:
    random_bytes = tmp_path / "random.npz"
    random_bytes.write_bytes(os.urandom(2048))
    a_pickle = tmp_path / "pickle.npz"
    a_pickle.write_bytes(pickle.dumps({"schema": "contractlint-classifier", "version": 2}))
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(artifact.read_bytes()[: artifact.stat().st_size // 2])
    classifier = read(artifact)
    with pytest.MonkeyPatch.context() as patch:  # the same artifact, written under another version number
        patch.setattr(persist, "VERSION", 99)
        other_version = save(classifier, tmp_path / "v99.npz")
    coef = read(artifact).coef
    objects = np.empty(2, dtype=object)
    objects[:] = [{"a": 1}, "b"]
    header_as_object = tmp_path / "header-object.npz"
    with header_as_object.open("wb") as out:  # an object array can only be read back through pickle
        np.savez(out, header=objects, **{k: v for k, v in np.load(artifact).items() if k != "header"})
    cases = [
        (random_bytes, "not a contractlint model artifact"),
        (a_pickle, "not a contractlint model artifact"),
        (truncated, "not a contractlint model artifact"),
        (other_version, "version 99, expected 2"),
        (header_as_object, "not a contractlint model artifact \\(ValueError\\)"),
        (_tampered(artifact, tmp_path / "extra.npz", extra=np.zeros(3)), "members"),
        (_tampered(artifact, tmp_path / "missing-member.npz", platt=None), "members"),
        (
            _tampered(artifact, tmp_path / "f64.npz", coef=coef.astype(np.float64)),
            "'coef' is float64",
        ),
        (_tampered(artifact, tmp_path / "shape.npz", coef=coef[:, :-1]), "coef has shape"),
        (_tampered(artifact, tmp_path / "nan.npz", coef=coef * np.nan), "not finite"),
        (_tampered(artifact, tmp_path / "garbage.npz", header=np.frombuffer(b"\xff{", np.uint8)), "unreadable header"),
        (
            _tampered(artifact, tmp_path / "other.npz", header=_header(artifact, schema="x")),
            "no 'contractlint-classifier'",
        ),
        (_tampered(artifact, tmp_path / "key.npz", header=_header(artifact, code="exec()")), "header has keys"),
        (_tampered(artifact, tmp_path / "cues.npz", header=_header(artifact, cue_names=["x"])), "other cue features"),
        (_tampered(artifact, tmp_path / "thr.npz", header=_header(artifact, floor={"weak-commitment": "0"})), "floor"),
        (tmp_path / "missing.npz", "no such model file"),
    ]
    for path, reason in cases:
        with pytest.raises(ModelError, match=reason) as caught:
            read(path)
        assert "\n" not in str(caught.value)


def test_scoring_imports_neither_scikit_learn_nor_scipy(artifact: Path) -> None:
    """Scoring is numpy alone: scikit-learn and scipy cost over a second to import at every start."""
    code = (
        "import sys; from contractlint.model import load_model, score_texts; "
        f"load_model({str(artifact)!r}); "
        f"score_texts(['The vendor will use best efforts.'], [set()], model_path={str(artifact)!r}); "
        "print(sorted(m for m in ('sklearn', 'scipy', 'spacy', 'skops') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("settings", [feat.WORD, feat.CHAR])
def test_vectoriser_computes_what_scikit_learn_computes(settings: vectorise.Settings) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [*WEAK, *FIRM, "Ünïcode   spaced\ttext -- and   O'Brien's well-known 3.5% fee", "a", ""] * 3
    ours = vectorise.fit(texts, vectorise.Settings(settings.analyzer, settings.ngram_range, 10**6, settings.min_df))
    pattern = {"token_pattern": vectorise.WORD_PATTERN} if settings.analyzer == "word" else {}
    theirs = TfidfVectorizer(
        analyzer=settings.analyzer,
        ngram_range=settings.ngram_range,
        min_df=settings.min_df,
        sublinear_tf=True,
        **pattern,
    ).fit(texts)
    assert list(ours.terms) == list(theirs.get_feature_names_out())
    assert np.allclose(as_scipy(ours.transform(texts)).toarray(), theirs.transform(texts).toarray(), atol=1e-6)


@pytest.mark.parametrize(
    ("text", "passive", "agent"),
    [
        ("Reports shall be submitted monthly.", True, False),
        ("All defects must be promptly fixed within 5 days.", True, False),
        ("Reports shall be approved by the COR.", True, True),
        ("Invoices shall be paid by Customer within 30 days.", True, True),
        ("Reports shall be submitted by 5 June 2027.", True, False),
        ("Notices shall be sent by email.", True, False),
        ("The Contractor shall submit reports monthly.", False, False),
        ("The vendor is responsible for the data.", False, False),
    ],
)
def test_passive_voice_is_read_from_words(text: str, passive: bool, agent: bool) -> None:
    assert feat.passive_voice(feat.words(text)) == (passive, agent)


def test_cues_read_modals_numbers_and_negation_from_words() -> None:
    cues = dict(zip(feat.CUE_NAMES, feat.cues("The vendor may not charge more than $500 by 1 May 2027."), strict=True))
    assert cues["modal:may"] and cues["negation"] and cues["money"] and cues["date"] and cues["number"]
    month = dict(zip(feat.CUE_NAMES, feat.cues("Payment is due on 5 May."), strict=True))
    assert not month["modal:may"] and not month["negation"]


def test_shipped_artifact_ranks_an_effort_clause_above_a_firm_duty() -> None:
    assert shipped_path().is_file(), "the shipped classifier is missing; run `contractlint train`"
    model = load_model()
    assert load_model() is model  # loaded once
    texts = ["The vendor will use best efforts to deliver.", "The vendor shall deliver the report by 1 June 2027."]
    weak, firm = score_texts(texts, hits_in_texts(texts))
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


def test_train_and_evaluate_name_their_data_and_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No default writes into the installed package or the working directory, and no default data path
    reaches beside a checkout: `train` needs --data and --out, `evaluate` needs --data."""
    from click.testing import CliRunner

    from contractlint.cli import main

    monkeypatch.chdir(tmp_path)
    shipped = shipped_path().read_bytes()
    no_out = CliRunner().invoke(main, ["train", "--data", str(tmp_path)])
    assert no_out.exit_code == 2 and "--out" in no_out.output
    no_data = CliRunner().invoke(main, ["train", "--out", str(tmp_path / "m.npz")])
    assert no_data.exit_code == 2 and "--data" in no_data.output
    assert CliRunner().invoke(main, ["evaluate"]).exit_code == 2
    assert shipped_path().read_bytes() == shipped
    assert list(tmp_path.iterdir()) == []


def test_the_ceiling_is_at_least_every_setting_it_could_have_chosen() -> None:
    """`evaluate`'s ceiling picks (floor, add) per category on the held-out units themselves: no
    fixed setting, rules alone included, may score a better micro F1 on the same units."""
    from contractlint.training.evaluate import ceiling
    from contractlint.training.train import ADDS, FLOORS, precision_recall

    rng = np.random.default_rng(7)
    labels = (rng.random((400, 3)) < 0.2).astype(np.int8)
    rule = (labels == 1) & (rng.random((400, 3)) < 0.6) | (rng.random((400, 3)) < 0.1)
    p = np.clip(0.5 * labels + rng.random((400, 3)) * 0.6, 0, 1)
    top = ceiling(p, rule, labels)

    def f1(pred: np.ndarray) -> float:
        tp, fp, fn = (sum(x) for x in zip(*(precision_recall(pred[:, j], labels[:, j]) for j in range(3)), strict=True))
        return 2 * tp / (2 * tp + fp + fn)

    assert top["f1"] >= round(f1(rule), 3)
    for floor in FLOORS:
        for add in ADDS:
            same = (rule & (p >= floor)) | (~rule & (p >= add))
            assert top["f1"] >= round(f1(same), 3) - 1e-9
    assert set(top["floor_add"]) == {"vague-term", "vague-timeline", "unmeasurable-goal"}


def test_the_combined_choice_never_keeps_a_category_right_less_than_half_the_time() -> None:
    """Micro F1 alone would keep a category whose findings are right a third of the time (its true
    findings outweigh its false alarms at F1 below 0.67); a lawyer reading them would not."""
    from contractlint.training.train import MIN_CATEGORY_PRECISION, choose_combined, combined_table, precision_recall

    rng = np.random.default_rng(11)
    labels = (rng.random((600, 2)) < 0.25).astype(np.int8)
    precise = (labels[:, 0] == 1) & (rng.random(600) < 0.7)  # rules right ~0.9 of the time
    noisy = (labels[:, 1] == 1) & (rng.random(600) < 0.8) | (rng.random(600) < 0.35)  # right ~0.4
    rule = np.stack([precise, noisy], axis=1)
    p = rng.random((600, 2)) * 0.3  # scores that tell nothing apart
    tables = {j: combined_table(p[:, j], labels[:, j], rule[:, j]) for j in range(2)}
    choice = choose_combined(tables, np.zeros(3, dtype=int))
    for j, (i, k) in choice.items():
        tp, fp, _ = tables[j][i, k]
        assert tp + fp == 0 or tp / (tp + fp) >= MIN_CATEGORY_PRECISION
    assert tuple(tables[0][choice[0]]) == precision_recall(rule[:, 0], labels[:, 0])  # the precise rules, whole
    assert tables[1][choice[1]][:2].sum() == 0  # the noisy category reports nothing
