"""Evasion cues beyond the linter's findings (compliance/evasion.py, rules/patterns/evasions.json):
hedged, conditional and deferred answers are `partial`, with the cue named in the reason."""

from __future__ import annotations

from pathlib import Path

from contractlint.compliance import build_report
from contractlint.compliance.evasion import any_cue, cues, evasion_cues, stems_of
from contractlint.config import Config
from contractlint.termlists import word_lists

from .test_compliance import ANSWERS, RFP, proposal, write


def test_cues_are_found_only_in_sentences_about_the_requirement() -> None:
    answer = "Backups are kept where feasible. Meetings are held as needed. A later phase adds archives."
    found = evasion_cues(answer, stems_of(["backup", "archive"]))
    assert found == ["conditional commitment 'where feasible'", "deferred 'later phase'"]


def test_a_plural_and_a_wrapped_line_still_tie_a_cue_to_the_requirement() -> None:
    """The word "tools" is the requirement's "tool"; a line break inside a paragraph ends no sentence, so the
    cue on the next line is in the same sentence as the requirement's word."""
    plural = evasion_cues("Other tools can be added as needed.", stems_of(["tool"]))
    wrapped = evasion_cues("Private programs are on our\nproduct roadmap.", stems_of(["private"]))
    blank_line = evasion_cues("Private programs exist.\n\nA roadmap item, tentative.", stems_of(["private"]))
    assert plural == ["conditional commitment 'as needed'"]
    assert wrapped == ["deferred 'product roadmap'"]
    assert blank_line == []


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


def test_a_vague_word_about_something_not_asked_leaves_the_answer_addressed(tmp_path: Path) -> None:
    """A vague word qualifies what it names: "robust" backups are vague about the backups asked
    for (partial), "well-tested and" nightly backups are vague about testing, which nobody asked."""
    rfp = write(tmp_path, "rfp.md", RFP)
    extra = dict(ANSWERS)
    extra["backups"] = "We will run well-tested and nightly backups of the records database, each kept for 90 days."
    vague = dict(ANSWERS)
    vague["backups"] = "We will run robust backups of the records database, each kept for 90 days."
    proposals = [write(tmp_path, "extra.md", proposal(extra)), write(tmp_path, "vague.md", proposal(vague))]
    report = build_report(rfp, proposals, Config(model=False))
    extra_row, vague_row = (
        next(r for r in matrix.rows if r.requirement.text.startswith("Nightly backups")) for matrix in report.proposals
    )
    assert extra_row.status == "addressed", extra_row.reason
    assert vague_row.status == "partial" and "robust" in vague_row.reason.lower(), vague_row.reason


def test_plans_aspirations_and_funding_conditions_are_evasion_cues() -> None:
    """A commitment stated as a wish ("we hope", "I'd like to", "ideally") or held back on money
    ("if funding allows") promises nothing yet; the wording with a curly apostrophe counts as well."""
    stems = stems_of(["export"])
    assert "hedged commitment 'We hope'" in evasion_cues("We hope the export ships in May.", stems)
    assert evasion_cues("I’d like to add the export.", stems) == ["hedged commitment 'I’d like to'"]
    assert evasion_cues("The export comes if funding allows.", stems) == ["conditional commitment 'if funding allows'"]
    assert evasion_cues("The export is future work.", stems) == ["deferred 'future work'"]
    assert evasion_cues("The export ships in May.", stems) == []


def test_a_hedge_in_the_list_item_an_answer_is_nested_under_makes_it_partial(tmp_path: Path) -> None:
    """ "Backup plan (tentative, subject to change):" hedges every item indented beneath it, though
    the nested item that answers ("Nightly backups ... kept for 90 days") says nothing evasive; a
    hedge in an item beside the answer, not over it, leaves the answer addressed."""
    rfp = write(tmp_path, "rfp.md", RFP)
    nested = dict(ANSWERS)
    nested["backups"] = (
        "- Backup plan (tentative, subject to change):\n"
        "    - We will run nightly backups of the records database and keep each backup for 90 days."
    )
    beside = dict(ANSWERS)
    beside["backups"] = (
        "- Backup plan:\n"
        "    - We will run nightly backups of the records database and keep each backup for 90 days.\n"
        "    - Restore drills are tentative."
    )
    proposals = [write(tmp_path, "nested.md", proposal(nested)), write(tmp_path, "beside.md", proposal(beside))]
    report = build_report(rfp, proposals, Config(model=False))
    nested_row, beside_row = (
        next(r for r in matrix.rows if r.requirement.text.startswith("Nightly backups")) for matrix in report.proposals
    )
    assert nested_row.status == "partial" and "'tentative'" in nested_row.reason, nested_row.reason
    assert beside_row.status == "addressed", beside_row.reason


def test_the_combined_screen_finds_every_phrase_of_the_data_file() -> None:
    """Sentences without a cue are skipped by one combined pattern: it must find each phrase of
    evasions.json, in a sentence of its own, or that phrase would never be reported."""
    phrases = [phrase for listed in word_lists("evasions.json").values() for phrase in listed]
    assert len(phrases) == len(cues())
    for phrase in phrases:
        sentence = f"The export is delivered, {phrase}, in May."
        assert any_cue().search(sentence), phrase
        assert evasion_cues(sentence, stems_of(["export"])), phrase
