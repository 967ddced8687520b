"""The nouns of a compliance matrix: a requirement of the RFP, a passage of a proposal that answers
it, and the row that judges the answer."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("addressed", "partial", "missing")


@dataclass(frozen=True)
class Requirement:
    """One thing the RFP asks of the offeror: an obligation, a deliverable or an evaluation criterion."""

    id: str  # section number or heading slug + ordinal: stable while the section's text is
    text: str  # as the parser sees it (markup hidden)
    start: int  # offsets into the RFP's Document.text, end exclusive
    end: int
    section: str | None
    kind: str  # "obligation" | "deliverable" | "criterion"
    lemmas: tuple[str, ...] = field(repr=False, default=())  # content lemmas, for retrieval and key terms
    label: tuple[str, ...] = field(repr=False, default=())  # a numbered row's name: ("milestone", "2")
    context_lemmas: tuple[str, ...] = field(repr=False, default=())  # its heading's words, weighed less


@dataclass(frozen=True)
class Passage:
    """A unit of a proposal that can answer a requirement: a sentence, a list item or a table row."""

    text: str
    start: int
    end: int
    section: str | None
    section_start: int  # the enclosing section's span: where a number answering the passage is looked for
    section_end: int
    lemmas: tuple[str, ...] = field(repr=False, default=())
    context: str = field(repr=False, default="")  # headings and list lead-in, added to what is retrieved
    context_lemmas: tuple[str, ...] = field(repr=False, default=())
    label: tuple[str, ...] = field(repr=False, default=())
    # The lines a list item hangs from, outermost first, as (start, end) offsets: a hedge there
    # ("tentative stack in mind (subject to change)") holds for every item nested beneath it.
    lead_ins: tuple[tuple[int, int], ...] = field(repr=False, default=())
    headings: str = field(repr=False, default="")  # the nearest headings alone: which part of the proposal it is in


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    excerpt: str
    section: str | None
    score: float


@dataclass(frozen=True)
class Row:
    """The judgement on one requirement against one proposal."""

    requirement: Requirement
    status: str
    score: float
    reason: str
    evidence: tuple[Evidence, ...] = ()
    missing_terms: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()  # codes of the linter's findings in the answer that made it partial


@dataclass
class ProposalMatrix:
    """Every requirement's row for one proposal (or the error that kept it from being read)."""

    path: str
    profile: str | None = None
    rows: list[Row] = field(default_factory=list)
    error: str | None = None
    text: str = field(default="", repr=False)  # the proposal's Document.text, for the HTML side by side
    parties: dict[str, list[str]] = field(default_factory=dict)  # the proposal's buyer and vendor (parties.py)

    def counts(self) -> dict[str, int]:
        return {status: sum(1 for r in self.rows if r.status == status) for status in STATUSES}


@dataclass
class ComplianceReport:
    rfp_path: str
    rfp_profile: str
    requirements: list[Requirement]
    proposals: list[ProposalMatrix]
    rfp_text: str = field(default="", repr=False)
    side: str = "neutral"  # the reader's side (--side): recorded; statuses do not depend on it
    rfp_parties: dict[str, list[str]] = field(default_factory=dict)
