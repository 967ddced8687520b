"""number-mismatch (NM01): words and figures that disagree — "thirty (60) days".

What it flags
    A number written in words with a figure in parentheses (or the reverse) where the two differ:
    "thirty (60) days", "five (3) copies", "$10,000 (ten thousand five hundred dollars)",
    "thirty percent (35%)"; and malformed figures such as "$250,000,00".

Why it matters
    Courts and auditors must guess which one the parties meant; the usual canon (words prevail)
    may not match the deal.  A payment term or notice period that reads two ways is a dispute
    waiting for a date.

How to fix
    Make the words and the figure say the same number, and check which one the deal intended.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..finding import Severity
from .base import Hit, Unit, make_rule

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*)"
_FIGURE = r"\$?\d[\d,]*(?:\.\d+)?"
_WORDS_THEN_FIGURE = re.compile(
    rf"\b(?P<words>{_WORDS})(?:\s+(?:percent|per cent|dollars))?\s*\(\s*(?P<figure>{_FIGURE})\s*(?:%|percent)?\s*\)"
    r"(?:\s+(?P<scale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_FIGURE_THEN_WORDS = re.compile(
    rf"(?P<figure>{_FIGURE})\s*%?\s*\(\s*(?P<words>{_WORDS})(?:\s+(?:u\.?s\.?\s+)?(?:dollars|percent|per cent))?\s*\)",
    re.I,
)
_MALFORMED = re.compile(r"\$\d{1,3}(?:,\d{3})*,\d{1,2}(?![\d,])|\b\d{1,3}(?:,\d{3})+,\d{1,2}(?![\d,])")


def words_to_number(words: str) -> int | None:
    """'one hundred twenty' -> 120, 'ten thousand five hundred' -> 10500; None if not a number."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _figure_value(figure: str) -> float | None:
    try:
        return float(figure.replace("$", "").replace(",", ""))
    except ValueError:
        return None


def find_mismatches(text: str) -> Iterator[tuple[int, int, str]]:
    for pattern in (_WORDS_THEN_FIGURE, _FIGURE_THEN_WORDS):
        for match in pattern.finditer(text):
            said, shown = words_to_number(match["words"]), _figure_value(match["figure"])
            scale = match.groupdict().get("scale")
            if said is not None and scale:  # "Six (6,000,000) Million": the scale word belongs to the words
                said *= _SCALES[scale.lower()]
            if said is not None and shown is not None and said != shown:
                yield match.start(), match.end(), f"the words say {said:,} but the figure says {match['figure']}"
    for match in _MALFORMED.finditer(text):
        yield match.start(), match.end(), f"'{match[0]}' is not a well-formed amount (misplaced comma?)"


def check(unit: Unit) -> Iterator[Hit]:
    for start, end, message in find_mismatches(unit.doc.text):
        span = unit.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            yield Hit(span, message)


RULE = make_rule(
    __name__,
    check=check,
    code="NM01",
    name="number-mismatch",
    category="number-mismatch",
    severity=Severity.ERROR,
    summary="Number in words and in figures disagree ('thirty (60) days')",
    hint="Make the words and the figure state the same number.",
    fires=(
        "Invoices are payable within thirty (60) days of receipt.",
        "The Contractor shall deliver five (3) printed copies.",
        "The fee is $10,000 (ten thousand five hundred dollars).",
        "The retainer is $250,000,00 per year.",
        "The term is one hundred twenty (100) days.",
    ),
    passes=(
        "Invoices are payable within thirty (30) days of receipt.",
        "The term is one hundred twenty (120) days.",
        "The fee is $10,500 (ten thousand five hundred dollars).",
        "Twenty-five percent (25%) of the fee is due on signature.",
        "Licensee receives Six (6,000,000) Million shares.",
    ),
)
