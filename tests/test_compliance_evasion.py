"""Evasion cues beyond the linter's findings (compliance/evasion.py, rules/patterns/evasions.json):
hedged, conditional and deferred answers are `partial`, with the cue named in the reason."""

from __future__ import annotations

from pathlib import Path

from contractlint.compliance import build_report
from contractlint.compliance.evasion import evasion_cues
from contractlint.config import Config

from .test_compliance import ANSWERS, RFP, proposal, write


def test_cues_are_found_only_in_sentences_about_the_requirement() -> None:
    answer = "Backups are kept where feasible. Meetings are held as needed. A later phase adds archives."
    found = evasion_cues(answer, {"backu", "archi"}, 5)
    assert found == ["conditional commitment 'where feasible'", "deferred 'later phase'"]


def test_a_hedged_or_deferred_answer_is_partial_and_names_the_hedge(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP)
    hedged = dict(ANSWERS)
    hedged["training"] = (
        "Training for the clerks, in two sessions with a printed quick reference guide, is planned for a later phase."
    )
    hedged["help desk"] = "A telephone help desk is staffed from 8am to 6pm on business days, subject to demand."
    hedged["portal"] = ANSWERS["portal"] + " Status meetings with the county are held as needed."
    report = build_report(rfp, [write(tmp_path, "hedged.md", proposal(hedged))], Config(model=False))
    by_text = {row.requirement.text[:20]: row for row in report.proposals[0].rows}
    training, portal = by_text["Training for clerks "], by_text["A public records sea"]
    desk = next(r for r in report.proposals[0].rows if "help desk" in r.requirement.text)
    assert training.status == "partial" and "deferred 'planned for'" in training.reason
    assert desk.status == "partial" and "conditional commitment 'subject to'" in desk.reason
    assert portal.status == "addressed", portal.reason  # "as needed" is said of the meetings, not the portal


def test_an_answer_to_a_neighbouring_question_is_thin_and_partial(tmp_path: Path) -> None:
    """Asked for training in two sessions with a printed guide, the proposal offers an online guide:
    near the topic, but most of what was asked (training, sessions, printed reference) is never said."""
    rfp = write(tmp_path, "rfp.md", RFP)
    neighbour = dict(ANSWERS)
    neighbour["training"] = "Clerks will have a guide online."
    report = build_report(rfp, [write(tmp_path, "neighbour.md", proposal(neighbour))], Config(model=False))
    training = next(r for r in report.proposals[0].rows if r.requirement.text.startswith("Training"))
    assert training.status == "partial", training.reason
    assert "the answer is thin" in training.reason and "train" in training.missing_terms
    full = build_report(rfp, [write(tmp_path, "full.md", proposal(ANSWERS))], Config(model=False))
    assert {r.status for r in full.proposals[0].rows} == {"addressed"}
