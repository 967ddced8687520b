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
from fractions import Fraction

from ..fastpath import doc_text
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
# "one-half", "one third", "two-thirds", "a quarter": fractions, so that "Four and One-Half Million" is
# read whole (not as "Million") and "one third (33%)" is caught.
_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, *_FRACTIONS], key=len, reverse=True))
_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:an?[\s-]+)?(?:{_WORD}))*)"
_FIGURE = r"\$?\d[\d,]*(?:\.\d+)?(?:\s+\d/\d{1,2})?"
_WORDS_THEN_FIGURE = re.compile(
    rf"\b(?P<words>{_WORDS})(?:\s+(?:percent|per cent|dollars))?\s*\(\s*(?P<figure>{_FIGURE})\s*(?:%|percent)?\s*\)"
    r"(?:\s+(?P<scale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_FIGURE_THEN_WORDS = re.compile(
    rf"(?P<figure>{_FIGURE})\s*%?\s*\(\s*(?P<words>{_WORDS})(?:\s+(?:u\.?s\.?\s+)?(?:dollars|percent|per cent))?\s*\)",
    re.I,
)
_DIGIT = re.compile(r"\d")  # the \d every pattern here needs, Unicode digits included
_MALFORMED = re.compile(r"\$\d{1,3}(?:,\d{3})*,\d{1,2}(?![\d,])|\b\d{1,3}(?:,\d{3})+,\d{1,2}(?![\d,])")


def words_to_number(words: str) -> Fraction | None:
    """'one hundred twenty' -> 120, 'ten thousand five hundred' -> 10500, 'four and one-half' -> 9/2;
    None if not a number."""
    total, current, last = Fraction(0), Fraction(0), Fraction(0)
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if word in ("and", "a", "an", ""):
            last = Fraction(0)  # "one and a half": the numerator of "half" is one, not the "one" before
            continue
        if word in _UNITS or word in _TENS:
            last = Fraction(_UNITS.get(word, _TENS.get(word, 0)))
            current += last
        elif word in _FRACTIONS:
            numerator = last or Fraction(1)
            current += numerator / _FRACTIONS[word] - last
            last = Fraction(0)
        elif word == "hundred":
            current, last = max(current, Fraction(1)) * 100, Fraction(0)
        elif word in _SCALES:
            total += max(current, Fraction(1)) * _SCALES[word]
            current, last = Fraction(0), Fraction(0)
        else:
            return None
    return total + current


def _figure_value(figure: str) -> Fraction | None:
    whole, _, fraction = figure.replace("$", "").replace(",", "").partition(" ")
    try:
        return Fraction(whole) + (Fraction(fraction) if fraction else 0)
    except (ValueError, ZeroDivisionError):
        return None


def _agree(said: Fraction, shown: Fraction, figure: str) -> bool:
    """Equal, or equal to the decimals the figure shows ('one third (33.33%)')."""
    decimals = len(figure.partition(".")[2]) if "." in figure else 0
    return said == shown or (decimals > 0 and abs(said - shown) < Fraction(1, 2 * 10**decimals))


def find_mismatches(text: str) -> Iterator[tuple[int, int, str]]:
    if not _DIGIT.search(text):
        return  # every pattern needs a figure: most paragraphs are done with at C speed
    for pattern in (_WORDS_THEN_FIGURE, _FIGURE_THEN_WORDS) if "(" in text else ():
        for match in pattern.finditer(text):
            said, shown = words_to_number(match["words"]), _figure_value(match["figure"])
            if said is None or shown is None or not said:
                continue
            scale = match.groupdict().get("scale")
            if scale:  # "Six (6,000,000) Million": the scale word belongs to the words
                said *= _SCALES[scale.lower()]
            if said < 1 and "%" in match[0]:  # "one third (33%)": a fraction of the whole, as a percentage
                said *= 100
            if not _agree(said, shown, match["figure"]):
                yield match.start(), match.end(), f"the words say {_show(said)} but the figure says {match['figure']}"
    for match in _MALFORMED.finditer(text):
        yield match.start(), match.end(), f"'{match[0]}' is not a well-formed amount (misplaced comma?)"


def _show(value: Fraction) -> str:
    return f"{int(value):,}" if value.denominator == 1 else f"{float(value):,.2f}"


def check(unit: Unit) -> Iterator[Hit]:
    for start, end, message in find_mismatches(doc_text(unit.doc)):
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
        "Invoices are payable within «thirty (60)» days of receipt.",
        "The Contractor shall deliver «five (3)» printed copies.",
        "The fee is «$10,000 (ten thousand five hundred dollars)».",
        "The retainer is «$250,000,00» per year.",
        "The term is «one hundred twenty (100)» days.",
        "Licensor shall receive «one third (33%)» of the gross amounts.",
    ),
    passes=(
        "Invoices are payable within thirty (30) days of receipt.",
        "The term is one hundred twenty (120) days.",
        "The fee is $10,500 (ten thousand five hundred dollars).",
        "Twenty-five percent (25%) of the fee is due on signature.",
        "Licensee receives Six (6,000,000) Million shares.",
        "Converge shall pay a minimum fee of Four and One-Half Million Dollars ($4,500,000).",
        "The royalty is thirty-three and one-third percent (33 1/3%) of net sales.",
    ),
)
