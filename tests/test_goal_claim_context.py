"""Profile-dependent context of GL01 (goals in agreements) and UC01 (qualifications asked for),
which the rule examples, linted with one profile per rule, cannot show."""

from __future__ import annotations

import pytest

from .conftest import lint


def _codes(text: str, code: str, profile: str) -> list[str]:
    return [f.excerpt or "" for f in lint(text, select=(code,), profile=profile).findings if f.code == code]


@pytest.mark.parametrize(
    "text",
    [
        "The Supplier shall use reasonable efforts to minimise such costs.",
        "Licensee may develop functions to enhance the performance of the Software.",
    ],
)
def test_agreement_operative_clauses_state_no_goal(text: str) -> None:
    assert _codes(text, "GL01", "agreement") == []


def test_agreement_recital_states_a_goal() -> None:
    text = "WHEREAS, Customer wishes to increase the revenue derived from its online store."
    assert _codes(text, "GL01", "agreement")


def test_qualification_asked_for_is_not_a_claim_outside_proposals() -> None:
    assert _codes("A strong technical background in data engineering.", "UC01", "sow") == []
    assert _codes("We have a strong technical background in data engineering.", "UC01", "sow")
    assert _codes("The lead has a strong technical background in data engineering.", "UC01", "proposal")


def test_goal_under_evaluation_criteria_is_the_buyers_rule() -> None:
    """The same sentence states a goal in a scope section and a rule for judging bids under the
    evaluation factors: only the first is flagged."""
    body = "The Contractor will reduce the backlog of permit requests."
    assert _codes(f"# Scope of Work\n\n{body}\n", "GL01", "sow")
    assert _codes(f"# Evaluation Factors\n\n{body}\n", "GL01", "sow") == []
