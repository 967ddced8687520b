"""The rule registry: every rule, listed by hand, in code order.

To add a rule: write `rules/<name>.py` with a docstring, `check()` and `RULE`, put its term list
in `rules/patterns/`, and add it here.  The catalogue test checks the rest.
"""

from __future__ import annotations

from . import (
    number_mismatch,
    one_sided,
    open_qualifier,
    open_scope,
    placeholder,
    unmeasurable_goal,
    unowned_obligation,
    unsupported_claim,
    vague_term,
    vague_timeline,
    weak_commitment,
    weak_modal,
)
from .base import Rule

REGISTRY: tuple[Rule, ...] = (
    unmeasurable_goal.RULE,
    number_mismatch.RULE,
    open_scope.RULE,
    open_qualifier.RULE,
    one_sided.RULE,
    placeholder.RULE,
    vague_timeline.RULE,
    unsupported_claim.RULE,
    unowned_obligation.RULE,
    vague_term.RULE,
    weak_commitment.RULE,
    weak_modal.RULE,
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in REGISTRY}
