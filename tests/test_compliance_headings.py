"""Which passage answers a requirement: among passages its words match about as well, the one in
the part of the proposal named like the requirement's heading (compliance/match.py,
`heading_agreement`)."""

from __future__ import annotations

from pathlib import Path

from contractlint.compliance import build_report
from contractlint.compliance.match import heading_agreement
from contractlint.compliance.model import Passage, Requirement
from contractlint.config import Config

from .test_compliance import write

RFP_TWO_PARTS = """# Request for Proposals: Records Portal

## Training

- The Contractor shall train the county clerks to use the records portal.

## Help Desk

- The Contractor shall answer the county clerks' questions by telephone.
"""

# The same promise twice, hedged only in the part named like the requirement's heading: the plain
# one, shorter, matches the requirement's spelling a little better.
PROPOSAL_TWO_PARTS = """# Proposal: Records Portal

## Help Desk

County clerks are trained to use the records portal.

## Training

County clerks are trained to use the records portal, as needed.
"""


def _passage(headings: str) -> Passage:
    return Passage("text", 0, 4, headings, 0, 4, headings=headings)


def test_agreement_is_the_share_of_the_requirements_heading_words_the_passages_headings_use() -> None:
    """ "Team" counts, though it is too common among requirements' words to help retrieval; stop
    words do not ("for"), and plurals meet singulars by their stems."""
    team = Requirement("team.1", "A small team.", 0, 13, "Recommended Team", "obligation")
    criteria = Requirement("criteria.1", "x", 0, 1, "Acceptance criteria for milestone 2", "criterion")
    nameless = Requirement("x.1", "x", 0, 1, None, "obligation")
    passages = [_passage("Team Members"), _passage("Plan for Milestone 2"), _passage("")]
    agreement = heading_agreement([team, criteria, nameless], passages)
    assert agreement[0].tolist() == [0.5, 0.0, 0.0]  # "team" of "recommended team"
    assert agreement[1][0] == agreement[1][2] == 0.0
    assert agreement[1][1] == 1 / 3  # "milestone" of acceptance, criteria, milestone ("for" and "2" not counted)
    assert agreement[2].tolist() == [0.0, 0.0, 0.0]


def test_of_two_like_answers_the_one_under_the_requirements_heading_is_judged(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfp.md", RFP_TWO_PARTS)
    answer = write(tmp_path, "proposal.md", PROPOSAL_TWO_PARTS)
    rows = build_report(rfp, [answer], Config(model=False)).proposals[0].rows
    training = next(row for row in rows if "train" in row.requirement.text)
    assert training.evidence[0].section == "Training", training.reason
    assert training.status == "partial" and "'as needed'" in training.reason
    # what an evidence shows is the words' match alone, never above the row's best match
    assert all(evidence.score <= training.score + 1e-9 for evidence in training.evidence)
