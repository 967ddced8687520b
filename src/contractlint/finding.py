"""The one result type: every rule and the classifier produce `Finding`s; every formatter reads them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """Risk to the deal, ordered so that `>=` means "at least as serious"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {choices})") from None


# The categories of ../shared/TAXONOMY.md: the contract between rules, classifier, reports, benchmarks.
SPAN_CATEGORIES: tuple[str, ...] = (
    "vague-term",
    "vague-timeline",
    "unmeasurable-goal",
    "weak-commitment",
    "open-scope",
    "placeholder",
    "unowned-obligation",
    "undefined-term",
    "number-mismatch",
    "unsupported-claim",
    "one-sided-term",
)
DOCUMENT_CATEGORIES: tuple[str, ...] = ("missing-section", "no-measurable-kpi")
CATEGORIES: tuple[str, ...] = SPAN_CATEGORIES + DOCUMENT_CATEGORIES

# What the category means (../shared/TAXONOMY.md) and how to fix it, in one line each.
CATEGORY_ABOUT: dict[str, tuple[str, str]] = {
    "vague-term": ("a subjective quality word used as a requirement", "Replace the word with a measurable criterion."),
    "vague-timeline": (
        "a deadline or cadence with no date or bounded duration",
        "State a date, a duration in days or a fixed cadence.",
    ),
    "unmeasurable-goal": (
        "an objective or improvement with no metric, target value or deadline",
        "Add the metric, the target value and when it must be reached.",
    ),
    "weak-commitment": (
        "an obligation softened so it cannot be enforced (effort clause, hedge, permissive modal)",
        "Use 'shall' with a concrete, checkable duty; drop the hedge or bound the exception.",
    ),
    "open-scope": ("an open-ended list or task boundary", "List the items in scope, or cap the open part."),
    "placeholder": ("unfinished text left in the document", "Fill in the value or say how and by when it is set."),
    "unowned-obligation": (
        "a duty in the passive voice with no party named",
        "Name the party who must act: 'The Contractor shall ...'.",
    ),
    "undefined-term": (
        "a capitalised term used as defined but not defined, or a broken reference",
        "Define the term or refer to the right section.",
    ),
    "number-mismatch": ("a number in words and in figures that disagree", "Make the words and the figures agree."),
    "unsupported-claim": (
        "a promotional or absolute claim with no metric, reference or certification",
        "Back the claim with a number, a reference or a certification, or drop it.",
    ),
    "one-sided-term": (
        "a clause that shifts risk or discretion to one party",
        "Make the right mutual, bound it, or add notice and a remedy.",
    ),
}


@dataclass(frozen=True)
class Reason:
    """Another finding on the same words, merged into the one reported (lint's `merge_duplicates`)."""

    code: str
    category: str
    message: str


STANDARD_CLAUSE = "standard-clause"  # Finding.context: the words are in standard clause text (standard.py)


@dataclass(frozen=True)
class Finding:
    """One problem in one document.

    `start`/`end` are character offsets into `Document.text` (end exclusive) and `excerpt` is
    exactly `Document.text[start:end]`; document-level findings have no offsets.  Line, column,
    paragraph and page are derived from the offsets when a report is written.
    """

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    hint: str
    start: int | None = None
    end: int | None = None
    excerpt: str | None = None
    source: str = "rule"
    score: float | None = None
    element: str | None = None  # for document-level findings: what is missing
    section: str | None = None  # title of the innermost section the finding is in
    context: str | None = None  # STANDARD_CLAUSE when the words are in standard clause text, else None
    also: tuple[Reason, ...] = ()  # other findings on the same words, merged into this one
    party: str | None = None  # whom the words bind: buyer, vendor, both or unknown (parties.py); None: not a span
    favours: str | None = None  # one-sided terms: the party the term favours (parties.py)

    @property
    def is_span(self) -> bool:
        return self.start is not None

    def sort_key(self) -> tuple[int, int, str, str, str]:
        # element and message break ties (several MS01s have no offsets): the order never depends on set order
        start = self.start if self.start is not None else -1
        return (start, self.end or -1, self.code, self.element or "", self.message)
