"""no-measurable-kpi (KP01): the document states no quantified acceptance criterion, SLA or KPI.

What it flags
    A statement of work or proposal in which no sentence (or table row) ties a performance
    measure — uptime, response or resolution time, accuracy, defects, test coverage, service
    level, acceptance — to a figure: a percentage, a number with a unit of time or a count of
    defects.  A bidder's qualification ("experience operating a service with 99.99%
    availability") and a description of today's state are not targets.  One finding for the
    whole document.

Why it matters
    Without one measurable target nobody can show that the work was done well or badly, so
    acceptance and payment rest on opinion and remedies have nothing to bite on.  "Failing to
    define KPIs" is the first lesson of failed outsourcing deals.

How to fix
    State at least the measures that decide acceptance and service quality: "99.9% monthly
    uptime", "priority 1 incidents resolved within 4 hours", "at least 90% test coverage",
    "95% of tickets answered within 1 business day".  Cue words and units are data in
    rules/patterns/kpi.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..finding import Severity
from ..termlists import read_json
from .base import DocumentUnit, Hit, make_rule
from .missing_section import is_fragment

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SKIP = frozenset({"(", ")", "-", "+"})
# How far (in characters) a figure may sit from the measure it quantifies, within one sentence.
_WINDOW = 60
_WHOLE = re.compile(r"\d+|[A-Za-z]+")  # '3', 'zero', 'three'
_MULTIPLE = re.compile(r"\d+(?:\.\d+)?(?:%|x)", re.IGNORECASE)  # '99.9%' as one token, '2x' faster


@dataclass(frozen=True)
class _Lists:
    """kpi.json: measure words, units of a figure, nouns a count of which is a target ('0 defects'),
    and the sentences whose figures are not targets."""

    metrics: re.Pattern[str]
    units: frozenset[str]
    counted: frozenset[str]
    qualification: re.Pattern[str]  # what a bidder must have done: a qualification, not a target
    current_state: re.Pattern[str]  # how things are today ...
    obligation: re.Pattern[str]  # ... unless the sentence also sets a requirement or target


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    data = read_json("kpi.json")

    def joined(key: str) -> re.Pattern[str]:
        return re.compile("|".join(data[key]), re.IGNORECASE)

    return _Lists(
        joined("metrics"),
        frozenset(data["units"]),
        frozenset(data["counted"]),
        joined("qualification"),
        joined("current_state"),
        joined("obligation"),
    )


def check(unit: DocumentUnit) -> Iterator[Hit]:
    if is_fragment(unit):
        return
    if not any(_measured(label, spans) for label, spans in _passages(unit)):
        yield Hit(
            None,
            "no quantified acceptance criterion, service level or KPI: no performance measure is tied to a figure",
            element="kpi",
        )


def _passages(unit: DocumentUnit) -> Iterator[tuple[str, list[Span | Doc]]]:
    """Sentences, and table rows with their label: the column headers and the row's first cell
    name the measure ('Outcome', 'Response time') while its target sits in another cell."""
    headers: dict[tuple[str, int], str] = {}
    rows: dict[tuple[tuple[str, int], ...], list[Doc]] = {}
    for block, doc in unit.parsed:
        if block.kind == "table-header":
            table = block.location[0] if block.location else ("table", 0)
            headers[table] = f"{headers.get(table, '')} {block.text}"
        elif block.kind == "table-cell":
            rows.setdefault(block.location[:2], []).append(doc)
        else:
            for sentence in doc.sents:
                if _states_a_target(sentence.text):
                    yield "", [sentence]
    for key, cells in rows.items():
        label = f"{headers.get(key[0], '') if key else ''} {cells[0].text}"
        yield label, list(cells)


def _states_a_target(text: str) -> bool:
    """Not a bidder qualification ('experience operating a service with 99.99% availability') nor a
    description of how things are today ('the current system is available 97% of the time')."""
    lists = _lists()
    if lists.qualification.search(text):
        return False
    return not lists.current_state.search(text) or bool(lists.obligation.search(text))


def _measured(label: str, spans: list[Span | Doc]) -> bool:
    """A figure in a row whose label names a measure, or a figure close to a measure word."""
    metrics = _lists().metrics
    labelled = bool(metrics.search(label))
    for span in spans:
        figures = _figures(span)
        if figures and labelled:
            return True
        near = (m.start() for m in metrics.finditer(span.text))
        if any(abs(at - f) <= _WINDOW for at in near for f in figures):
            return True
    return False


def _figures(span: Span | Doc) -> list[int]:
    """Where a percentage, a multiple, a number with a unit of time or a count of defects starts:
    '99.9%', '2x', '4 hours', 'two (2) business days', 'no more than 3 critical defects'."""
    lists = _lists()
    tokens = list(span)
    base = tokens[0].idx if tokens else 0
    found = []
    for i, token in enumerate(tokens):
        if token.text == "%" or _MULTIPLE.fullmatch(token.text):
            found.append(token.idx - base)
        elif token.like_num:
            following = [t.lower_ for t in tokens[i + 1 : i + 5] if t.text not in _SKIP and not t.like_num]
            if (following and following[0] in lists.units) or _counts(tokens[i : i + 3], lists.counted):
                found.append(token.idx - base)
    return found


def _counts(tokens: list[Token], counted: frozenset[str]) -> bool:
    """'3 defects', 'zero critical bugs': a whole number, then the counted noun or one word and it
    (not a version number such as '1.0.0: Bug fixes')."""
    number, *rest = tokens
    words = []
    for token in rest:
        if not token.is_alpha:
            break
        words.append(token.lower_)
    return bool(_WHOLE.fullmatch(number.text)) and bool(counted.intersection(words))


_HELP_DESK = """# Statement of Work: Help Desk Services

## Objectives
The Agency needs a reliable help desk for the staff of its regional offices, so that staff can
get back to work quickly when their laptops, accounts or printers fail.

## Scope
The Contractor shall staff the help desk on business days, log every call in the Agency's
ticketing system and manage hardware returns with the manufacturers.

## Reporting
The Contractor submits a status report every month and meets the Contracting Officer's
Representative every week to review open tickets and staffing.

## {acceptance}
{criterion}
"""

RULE = make_rule(
    __name__,
    check=check,
    code="KP01",
    name="no-measurable-kpi",
    category="no-measurable-kpi",
    severity=Severity.WARNING,
    summary="No quantified acceptance criterion, SLA or KPI anywhere in the document",
    hint="State the measures that decide acceptance and service quality, e.g. '99.9% monthly uptime' or "
    "'priority 1 incidents resolved within 4 hours'.",
    scope="document",
    profiles=("sow", "proposal"),
    fires=(
        _HELP_DESK.format(
            acceptance="Acceptance",
            criterion="Services are accepted when the Agency is satisfied with the quality of the help desk.",
        ),
        _HELP_DESK.format(
            acceptance="Service Levels",
            criterion="The Contractor shall respond to incidents promptly and keep the ticketing system highly "
            "available.",
        ),
    ),
    passes=(
        _HELP_DESK.format(
            acceptance="Service Levels",
            criterion="The Contractor shall resolve priority 1 incidents within 4 hours and answer 95% of calls "
            "within 60 seconds.",
        ),
        _HELP_DESK.format(
            acceptance="Performance Standards",
            criterion="| Measure | Target |\n|---|---|\n| First-call resolution | at least 70% |\n",
        ),
    ),
)
