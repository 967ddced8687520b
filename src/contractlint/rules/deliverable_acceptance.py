"""deliverable-without-acceptance (GL02): a deliverable with no acceptance criterion.

What it flags
    A deliverable (a row of a deliverables table, an item under a Deliverables or Milestones
    heading, a milestone, or "The Contractor shall submit a <work product> ...") for which the
    document says nothing about how it is accepted: no acceptance column or criterion in its
    row or item, no completion criteria for its milestone, and no statement covering all
    deliverables ("All deliverables are accepted when approved in writing by the COR").  The
    finding points at the deliverable's name.

Why it matters
    The acceptance criterion is a deliverable's KPI: without it "delivered" means whatever the
    supplier hands over, payment milestones cannot be tied to quality, and rejection becomes a
    dispute instead of a check.

How to fix
    State how each deliverable is accepted, or once for all of them: "accepted when it passes
    all acceptance tests defined before the sprint and is approved in writing by the Product
    Owner within 5 business days"; or add an Acceptance column to the deliverables table.

Opt-in
    One finding per deliverable is a completeness check, not a wording problem (a proposal with
    15 milestones and no acceptance criteria gets 15 findings), so `check` runs it only when
    selected (`--select GL02`); `contractlint deliverables` always shows the gaps.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..deliverables import extract_deliverables
from ..finding import Severity
from .base import DocumentUnit, Hit, make_rule


def check(unit: DocumentUnit) -> Iterator[Hit]:
    for item in extract_deliverables(unit):
        # A reporting duty found in running text ("shall submit a report of separated staff within 5 days")
        # is not a work product that needs acceptance criteria; tables, lists and milestones are.
        if "acceptance" in item.gaps and item.source != "sentence":
            yield Hit(item.span, f"deliverable '{item.name}' has no acceptance criterion", block=item.block)


RULE = make_rule(
    __name__,
    check=check,  # type: ignore[arg-type]
    code="GL02",
    name="deliverable-without-acceptance",
    category="unmeasurable-goal",
    severity=Severity.WARNING,
    summary="Deliverable with no acceptance criterion",
    hint="Say how each deliverable is accepted (tests it passes, who approves it, how fast), per item or once for all.",
    scope="document",
    opt_in=True,
    fires=(
        "## Deliverables\n\n| Deliverable | Due date |\n|---|---|\n"
        "| «Transition plan» | 30 days before contract end |\n",
        "# Statement of Work\n\n## Deliverables\n\n- «Data migration plan, due within 20 business days of award».\n",
    ),
    passes=(
        "## Deliverables\n\n| Deliverable | Due date | Acceptance criteria |\n|---|---|---|\n"
        "| Transition plan | 30 days before contract end | Approved in writing by the COR |\n",
        "## Deliverables\n\n| Deliverable | Due date |\n|---|---|\n| Transition plan | 30 days before the end |\n\n"
        "## Acceptance\n\nAll deliverables are accepted when approved in writing by the COR.\n",
        "## Milestone 1 — Foundation — 15 days\n\n"
        "For the successful completion of this milestone we define the following criteria:\n\n"
        "1. The repository builds and all unit tests pass.\n",
    ),
)
