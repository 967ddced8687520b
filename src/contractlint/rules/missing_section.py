"""missing-section (MS01): the document never states something its kind of document must state.

What it flags
    A statement of work with no acceptance criteria, a proposal with no references, an
    agreement with no limitation of liability: each required element the document lacks,
    one finding per element (its id is in the `element` field of the JSON output).
    sow: objectives, scope, deliverables, schedule, acceptance (criteria or KPIs/SLAs),
    pricing, communication (points of contact, cadence, escalation), roles, change-control.
    proposal: approach, deliverables, schedule, pricing, team, references, assumptions.
    agreement: term, payment, termination, liability.
    other (attachments and forms: a price sheet, a quality plan, a questionnaire): nothing.

Why it matters
    The costliest outsourcing failures are what a document never says: expectations with no
    goals, timeline, budget or KPIs, and no agreed channel to raise problems.  A missing
    element cannot be argued from the text later, so it is settled by whoever has leverage.

How to fix
    Add the element under any heading: it counts as present when a heading names it ("Period
    of Performance", "Deliverables Table") or its content is there ("points of contact",
    "weekly status reports", a firm-fixed-price line).  The message says what a good one
    contains.  Cues per element are data in rules/patterns/sections.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..document import Block
from ..finding import Severity
from ..termlists import read_json
from .base import DocumentUnit, Hit, make_rule

# A fragment is not a document: judging what a text never says needs a whole one (the real SOWs,
# proposals and agreements in ../shared/docs run from 1,000 words up).
MIN_WORDS = 100
# Distinct weak content cues needed when no heading or unambiguous phrase names the element
# (measured on ../shared/docs: see docs/sections.md).
_MIN_CUES = 2
# "12. Termination. Either party may...", "PAYMENT TERMS: ...", a list item "Term of Agreement":
# a clause title run into its paragraph, or standing alone without heading markup.
_RUN_IN = re.compile(
    r"^(?:(?:article|section)\s+)?(?:[\dIVXivx]+[.)]?(?:\d+[.)]?)*\s+)?([A-Za-z][\w&/,' -]{2,60}?)(?:[.:](?:\s|$)|$)"
)
_WORK_ITEM = re.compile(r"^\W*(?:\(optional\)\s*)?(milestone|phase|stage|sprint|increment)\b", re.IGNORECASE)
# A longer "heading" is a paragraph the loader took for one (bold or all-caps prose).
_MAX_TITLE_WORDS = 12
_MINOR = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"])


@dataclass(frozen=True)
class Element:
    """Something a document of some kind must state, and the cues that show it does."""

    id: str
    name: str
    contains: str  # what a good one states, for the message
    headings: tuple[re.Pattern[str], ...]  # a heading, table header or clause title naming it
    evidence: tuple[re.Pattern[str], ...]  # one of these in the body is enough
    cues: tuple[re.Pattern[str], ...]  # _MIN_CUES distinct ones within one section are enough

    def present(self, titles: list[str], sections: list[str]) -> bool:
        if any(p.search(t) for p in self.headings for t in titles):
            return True
        if any(p.search(text) for p in self.evidence for text in sections):
            return True
        # An element's content sits together: cue words scattered over a long document are not it.
        return any(sum(1 for p in self.cues if p.search(text)) >= _MIN_CUES for text in sections)


@lru_cache(maxsize=1)
def _data() -> dict[str, list[str]]:
    """sections.json: "profile.<profile>" lists element ids; "<id>.about" is [name, what a good one
    contains]; "<id>.headings", "<id>.evidence" and "<id>.cues" are case-insensitive regexes.  (Flat
    keys of string lists, the shape every word-list file in rules/patterns/ has.)"""
    return read_json("sections.json")


@lru_cache(maxsize=8)
def elements(profile: str) -> tuple[Element, ...]:
    """The elements a document of this profile must contain, in the order they are reported."""
    data = _data()

    def compiled(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in data.get(key, ()))

    found = []
    for element_id in data.get(f"profile.{profile}", ()):
        name, contains = data[f"{element_id}.about"]
        found.append(
            Element(
                element_id,
                name,
                contains,
                compiled(f"{element_id}.headings"),
                compiled(f"{element_id}.evidence"),
                compiled(f"{element_id}.cues"),
            )
        )
    return tuple(found)


def titles_and_body(unit: DocumentUnit) -> tuple[list[str], list[str]]:
    """Headings, table headers and run-in clause titles; and the body text of each section."""
    titles: list[str] = []
    sections: list[list[str]] = [[]]
    for index, block in enumerate(unit.document.blocks):
        if index == 0 and block.kind == "heading":
            continue  # the title names the document ("Statement of Work: ..."), not a part of it
        if block.kind == "heading":
            sections.append([])
        if block.kind in ("heading", "table-header") and len(block.text.split()) <= _MAX_TITLE_WORDS:
            titles.append(_title(block.text))
            continue
        if index in unit.outline.toc_blocks:
            continue
        title = _run_in_title(block)
        if title:
            titles.append(_title(title))
        sections[-1].append(block.text)
    return titles, ["\n".join(texts) for texts in sections if texts]


def _title(text: str) -> str:
    """A milestone's or phase's own name describes the product ("Milestone 2: Metadata and Fees"),
    not a part of the document: only its kind counts."""
    work_item = _WORK_ITEM.match(text)
    return work_item.group(1) if work_item else text


def _run_in_title(block: Block) -> str | None:
    match = _RUN_IN.match(block.text)
    if not match:
        return None
    words = [w for w in re.findall(r"[A-Za-z]+", match.group(1)) if w.lower() not in _MINOR]
    return match.group(1) if words and len(words) <= 6 and all(w[0].isupper() for w in words) else None


def is_fragment(unit: DocumentUnit) -> bool:
    """Too short to be a whole document: a snippet or a single clause, whose gaps mean nothing."""
    return sum(len(block.text.split()) for block in unit.document.blocks) < MIN_WORDS


def check(unit: DocumentUnit) -> Iterator[Hit]:
    if is_fragment(unit):
        return
    titles, sections = titles_and_body(unit)
    for element in elements(unit.profile):
        if not element.present(titles, sections):
            yield Hit(None, f"missing {element.name}: nothing states {element.contains}", element=element.id)


_SOW = """# Statement of Work: Records Portal

## 1. Objectives
The objective of this project is to cut average permit processing time from 20 to 5 days.

## 2. Scope of Work
The Contractor shall design, build and host the records portal for the Agency's permit office.

## 3. Deliverables
| Deliverable | Due |
|---|---|
| Portal release 1 | 30 June 2027 |
| Operations runbook | 31 July 2027 |

## 4. Period of Performance
The period of performance is 12 months from award.

## 5. Acceptance Criteria
The Agency accepts a release when 95% of test cases pass and no severity 1 defects remain.

## 6. Price and Payment
This is a firm-fixed-price order of $240,000, invoiced monthly and paid within 30 days.

## 7. Communication and Reporting
The Contractor submits weekly status reports; the points of contact are listed in Annex A.
Issues not resolved within 5 business days are escalated to the Contracting Officer.

## 8. Roles and Responsibilities
The Agency's Product Owner sets priorities; the Contractor's project manager leads the team.

## 9. Change Control
Changes to the scope are made only by written modification signed by the Contracting Officer.
"""
_AGREEMENT = """# Master Services Agreement

This Agreement is made between Acme Inc. and Beta LLC (together, the parties). Beta provides
hosting and support services for Acme's online store as described in Exhibit A.

## 1. Term
This Agreement shall remain in force for two years from the Effective Date and renews for
one-year periods unless either party gives notice.

## 2. Fees
Acme shall pay the fees in Exhibit A; invoices are payable within 30 days of receipt.

## 3. Termination
Either party may terminate this Agreement on 60 days' written notice, or at once if the other
party commits a material breach that it does not cure within 30 days.

## 4. Limitation of Liability
Neither party shall be liable for indirect or consequential damages, and each party's aggregate
liability is limited to the fees paid in the twelve months before the claim.
"""


RULE = make_rule(
    __name__,
    check=check,
    code="MS01",
    name="missing-section",
    category="missing-section",
    severity=Severity.ERROR,
    summary="A required element (scope, schedule, acceptance, pricing...) is missing from the document",
    hint="Add the missing element under any heading; the message says what a good one contains.",
    scope="document",
    fires=(
        _SOW.split("## 9.")[0],  # no change control
        _SOW.replace(  # no acceptance criteria
            "## 5. Acceptance Criteria\nThe Agency accepts a release when 95% of test cases pass and no "
            "severity 1 defects remain.\n\n",
            "",
        ),
        _AGREEMENT.split("## 4.")[0],  # no limitation of liability
    ),
    passes=(_SOW, _AGREEMENT),
)
