"""vague-timeline (TL01): a deadline or cadence with no date or bounded duration.

What it flags
    Time words that no calendar can check: "as soon as possible", "promptly", "in a timely
    manner", "within a reasonable time", "at a later date", "periodically", "regular updates",
    "at the end of every applicable sprint"; and a due date given as "As needed", "As required",
    "Upon request" or "Ongoing" (after a "Due date:" label, in a table column headed "Due",
    "Date" or "Frequency", or beside a "Due Date" row label in a deliverable table laid out
    vertically).

Why it matters
    A deadline nobody can date cannot be missed, so it cannot be enforced or paid against.
    "Promptly" means an hour to an operations team and a month to a finance team; disputes
    about lateness start here.

How to fix
    Give a bounded duration or a date: "within 5 business days of receipt", "by 30 June
    2027", "weekly, every Monday by 10:00 ET".  Not flagged: a vague word whose clause gives a
    measure of time ("promptly, and in any event within 48 hours"; a count such as "two
    engineers" or a clause number does not bound a deadline), "immediately" (at once), names
    such as "Prompt Payment Discount", and abilities ("users can start at a later date").  A due
    date that is "TBD" is reported as a placeholder (PH01).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..deliverables import labelled_due_value
from ..fastpath import doc_text
from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import candidates, clause_has_measure, is_time_measure, negated

if TYPE_CHECKING:
    from spacy.tokens import Span

_MESSAGES = {
    "asap": "'{}' sets no deadline: state a bounded duration or a date",
    "prompt": "'{}' sets no deadline: say within how long",
    "timely": "'{}' is not a deadline: state the time limit",
    "reasonable-time": "'{}' leaves the time limit to later argument: give the number of days",
    "undated": "'{}' gives no date: name the date or the period",
    "cadence": "'{}' gives no frequency: say how often (weekly, monthly, on which day)",
    "custom": "'{}' is a vague time expression: give a date or a bounded duration",
    "due-value": "due date '{}' sets no deadline: give a date, a bounded duration or a cadence",
}


def check(unit: Unit) -> Iterator[Hit]:
    for match, _sentence in candidates(unit):
        # "promptly, and in any event within 48 hours" supplies the bound itself.
        cadence = match.label == "cadence"
        if clause_has_measure(match.span, frequencies=cadence, time=True) and not _only_caps(match.span, cadence):
            continue
        if match.label == "due-value":
            if _states_due_date(unit, match.span):
                yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))
        elif not (_states_ability(match.span) or _names_something(match.span) or negated(match.span)):
            yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


_CAP = re.compile(
    r"\b(?:no|not)\s+more\s+(?:frequently\s+|often\s+)?than\s+(?:once\s+)?"
    r"(?:(?:each|every|a|an|per)\s+(?:\w+\s+){0,2})?$",  # "once each calendar year", "once per business day"
    re.I,
)


def _only_caps(span: Span, frequencies: bool) -> bool:
    """Every time measure in the clause is a ceiling ('no more frequently than weekly', 'no more than
    once each calendar year'): a limit on how often, which leaves 'on a regular schedule' or 'at
    reasonable times' as open as before."""
    doc, sentence = span.doc, span.sent
    left = next((t.i + 1 for t in reversed(doc[sentence.start : span.start]) if t.text == ";"), sentence.start)
    right = next((t.i for t in doc[span.end : sentence.end] if t.text == ";"), sentence.end)
    outside = [t for t in doc[left:right] if not span.start <= t.i < span.end]
    measures = [t for t in outside if is_time_measure(t, frequencies=frequencies)]
    text = doc_text(doc)
    return bool(measures) and all(_CAP.search(text[max(0, t.idx - 60) : t.idx]) for t in measures)


_CUES = word_lists("deliverables.json")
_DUE_LABEL = re.compile(
    rf"^[\W_]*(?:{'|'.join(map(re.escape, sorted(_CUES['due_labels'], key=len, reverse=True)))})"
    r"[\s*_]*(?:[:=]|\s-\s)[\s*_]*$",
    re.I,
)


def _states_due_date(unit: Unit, span: Span) -> bool:
    """'As needed' or 'Ongoing' given as a due date: the value after a due/date/frequency label
    ('Due Date: As needed') or opening a cell of a table column headed so ('Due date', 'Frequency').
    Elsewhere these words are open scope or placeholders, which other rules judge."""
    before = doc_text(unit.doc)[span.sent.start_char : span.start_char]
    # "| Due Date | As needed |", or "Due Date" then "As needed" on the next line of a flattened PDF table.
    if labelled_due_value(unit.document, unit.block, unit.block.source_span(span.start_char, span.end_char)[0]):
        return True
    if unit.block.kind == "table-cell":
        return not before.strip(" *_-") and _in_due_column(unit)
    return bool(_DUE_LABEL.match(before))


def _in_due_column(unit: Unit) -> bool:
    """The header of the cell's column names a date, deadline or frequency.  Only reached for a cell
    that opens with a no-date value, so the walk over the document's blocks is rare."""
    where = dict(unit.block.location)
    if "table" not in where or "cell" not in where:
        return False
    cells = [
        (dict(b.location).get("row", 0), b.text)
        for b in unit.document.blocks
        if b.kind in ("table-header", "table-cell")
        and dict(b.location).get("table") == where["table"]
        and dict(b.location).get("cell") == where["cell"]
    ]
    if not cells:
        return False
    first_row, header = min(cells)
    words = set(re.findall(r"[a-z]+", header.lower()))
    return first_row < where.get("row", 0) and any(set(cue.split()) <= words for cue in _CUES["due_columns"])


def _names_something(span: Span) -> bool:
    """'Prompt Payment Discount', 'the Prompt Payment clause': words in Title Case that go on into
    more of a name, or that 'the' introduces, name a clause, field or statute; they set no deadline.
    ('Facilitate Periodic Meetings', a Title Case list item, still does.)"""
    words = [t for t in span if t.is_alpha]
    if len(words) < 2 or not all(t.is_title for t in words):
        return False
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    previous = doc[span.start - 1] if span.start else None
    return following is not None and (
        following.is_title or (following.pos_ == "NOUN" and previous is not None and previous.lower_ == "the")
    )


def _states_ability(span: Span) -> bool:
    """'users can start testing at a later date' describes what is possible, not a deadline."""
    verb = span.root.head if span.root.dep_ == "advmod" else span.root
    return any(c.dep_ == "aux" and c.lower_ in ("can", "could", "might") for c in verb.children)


RULE = make_rule(
    __name__,
    check=check,
    code="TL01",
    name="vague-timeline",
    category="vague-timeline",
    severity=Severity.WARNING,
    summary="Deadline or cadence with no date or bounded duration",
    hint="Replace with a bounded duration or date, e.g. 'within 5 business days of receipt' or 'monthly, by the 5th'.",
    patterns="vague_timeline.jsonl",
    fires=(
        "The Contractor shall respond to all incidents «as soon as possible».",
        "Vendor will provide «regular status updates» to the program office.",
        "Defects shall be corrected by the Contractor «in a timely manner».",
        "Monthly service reports shall be submitted «in a timely manner».",
        "Priority 1 incidents must be resolved «promptly».",
        "The Supplier shall notify the Client «promptly» of any delay.",
        "The remaining modules will be delivered «at a later date».",
        "Additional sites may be added «at a later date».",
        "6.3 Upon termination, the Consultant shall «promptly» return all records to the Company.",
        "The Vendor shall «promptly» give one or more engineers access to the repository.",
        "Design files shall be delivered at the end of the second sprint and «every applicable sprint» thereafter.",
        "## Deliverables\n\n| Deliverable | Due date |\n|---|---|\n| Training plan | «As needed» |\n",
        "- Security plan. Due Date: «Upon request»",
        "«Early in the project», the Contractor shall interview current users of the service.",
        "The mobile client will be released «in the next few months».",
        "Status meetings shall be held «on a regular schedule».",
        "We will maintain the library «for the foreseeable future».",
        "The team lead shall hold «regular check-ins» with the product owner.",  # hyphenated noun
        "The product owner shall run «recurring design review sessions» with the team.",
        "The Buyer shall answer each query «within a reasonable time frame».",
        "Site visits shall take place «at reasonable times», and no more than once each quarter.",  # a ceiling
    ),
    passes=(
        "The Contractor shall respond to all incidents within 4 hours.",
        "Vendor will provide weekly status updates every Monday.",
        "The Supplier shall notify the Client promptly, and in any event within 2 business days.",
        "Invoices are due by 30 June 2027.",
        "With the plugin installed, users can immediately start testing the API.",
        "Shareholders immediately prior to the merger keep their shares.",
        "The Buyer will not be obliged to purchase the goods at a later date.",
        "The Supplier shall notify the Client immediately of any breach.",
        "Invoices must show any Prompt Payment Discount offered.",
        "Provider will notify Customer without undue delay and, in any event, not later than 72 hours after discovery.",
        "Alarms shall be acknowledged promptly, and in any case within 30 seconds.",
        "## Deliverables\n\n| Deliverable | Acceptance |\n|---|---|\n| Training plan | As needed |\n",
        "The Contractor shall provide extra support as needed.",
        "Site visits shall take place at reasonable times, and no later than 10 days after a request.",
    ),
)
