"""The rule registry: every rule, listed by hand, in code order.

To add a rule: write `rules/<name>.py` with a docstring, `check()` and `RULE`, put its term list
in `rules/patterns/`, and add it here.  Mark the words each firing example must be reported on with
«guillemets» (`rules.base.unmark`).  The catalogue test checks the rest.

`BY_CODE` also holds the classifier's codes (ML01-ML11, `classifier.MODEL_RULES`): they are not
rules that run here, but config, suppressions and `explain` know them like any other code.
"""

from __future__ import annotations

from . import (
    broken_cross_reference,
    conflicting_definition,
    deliverable_acceptance,
    deliverable_due,
    missing_section,
    no_measurable_kpi,
    number_mismatch,
    one_sided,
    open_qualifier,
    open_scope,
    placeholder,
    undefined_term,
    unmeasurable_goal,
    unowned_obligation,
    unsupported_claim,
    unused_definition,
    vague_term,
    vague_timeline,
    weak_commitment,
    weak_modal,
)
from .base import Rule
from .classifier import MODEL_RULES

REGISTRY: tuple[Rule, ...] = (
    unmeasurable_goal.RULE,
    deliverable_acceptance.RULE,
    no_measurable_kpi.RULE,
    missing_section.RULE,
    number_mismatch.RULE,
    open_scope.RULE,
    open_qualifier.RULE,
    one_sided.RULE,
    placeholder.RULE,
    vague_timeline.RULE,
    deliverable_due.RULE,
    unsupported_claim.RULE,
    unowned_obligation.RULE,
    undefined_term.RULE,
    unused_definition.RULE,
    conflicting_definition.RULE,
    broken_cross_reference.RULE,
    vague_term.RULE,
    weak_commitment.RULE,
    weak_modal.RULE,
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in (*REGISTRY, *MODEL_RULES)}
