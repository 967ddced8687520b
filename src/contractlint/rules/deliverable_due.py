"""deliverable-without-due-date (TL02): a deliverable the document never dates.

What it flags
    A deliverable (a row of a deliverables table, an item under a Deliverables or Milestones
    heading, a milestone, or "The Contractor shall submit a <work product> ...") for which the
    document states no due date, bounded duration or cadence, and whose table cell, if any, is
    blank or says "TBD", "N/A" or "As needed".  The finding points at the deliverable's name.

Why it matters
    A deliverable without a date cannot be late, so it cannot be enforced, paid against or
    planned around; the schedule of a statement of work is its list of dated deliverables.
    `contractlint deliverables` shows the whole table with every gap.

How to fix
    Give each deliverable a date or a cadence: "within 10 business days of award", "by 30 June
    2027", "monthly, by the 5th", "at the end of each sprint".  A date stated for the whole
    milestone ("Date: Jun 23 → Jul 30, 2021") covers the deliverables listed under it.

Opt-in
    One finding per deliverable is a completeness check, not a wording problem, so `check`
    runs it only when selected (`--select TL02`); `contractlint deliverables` always shows the gaps.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..deliverables import extract_deliverables
from ..finding import Severity
from .base import DocumentUnit, Hit, make_rule


def check(unit: DocumentUnit) -> Iterator[Hit]:
    for item in extract_deliverables(unit):
        if "due" in item.gaps:
            yield Hit(item.span, f"deliverable '{item.name}' has no due date or cadence", block=item.block)


RULE = make_rule(
    __name__,
    check=check,  # type: ignore[arg-type]
    code="TL02",
    name="deliverable-without-due-date",
    category="vague-timeline",
    severity=Severity.WARNING,
    summary="Deliverable with no due date, duration or cadence",
    hint="Give the deliverable a date or cadence, e.g. 'within 10 business days of award' or 'monthly, by the 5th'.",
    scope="document",
    opt_in=True,
    fires=(
        "## Deliverables\n\n| Deliverable | Due date | Acceptance |\n|---|---|---|\n"
        "| «Transition plan» | TBD | Approved in writing by the COR |\n",
        "# Statement of Work\n\n## Deliverables\n\n- «Data migration plan», accepted when approved by the COR.\n",
    ),
    passes=(
        "## Deliverables\n\n| Deliverable | Due date | Acceptance |\n|---|---|---|\n"
        "| Transition plan | 30 days before contract end | Approved in writing by the COR |\n",
        "# Statement of Work\n\n## Deliverables\n\n"
        "- Data migration plan, due within 20 business days of award and accepted when approved by the COR.\n",
        "## Milestone 1: Foundation\n\n**Date**: Jun 23, 2027 → Jul 30, 2027\n\n### Deliverables\n\n"
        "- A specification of the protocol\n",
    ),
)
