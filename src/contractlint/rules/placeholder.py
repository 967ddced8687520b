"""placeholder (PH01): text left unfinished — TBD, [insert date], {name of system}, XX days.

What it flags
    Template and drafting leftovers: "TBD", "to be determined", "[Insert date]", "[Contractor
    Name]", "{name of system}", "XX days", "$[amount]", "???", blanks such as "________".

Why it matters
    A placeholder is a term the parties have not agreed.  Signed, it is either void for
    uncertainty or filled in later by whoever holds the pen.

How to fix
    Fill in the value, or state how and by when it will be set ("The go-live date will be
    agreed in writing within 10 days of award").  SEC redaction markers ("[***]") and
    "[Reserved]" are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Severity
from .base import Hit, Unit, make_rule

if TYPE_CHECKING:
    from spacy.tokens import Span

# Bracketed or braced drafting notes: "[Insert date]", "[Contractor Name]", "{name of system}".
_BRACKETED = re.compile(r"\[(?P<square>[^\[\]\n]{1,200})\]|\{(?P<curly>[^{}\n]{1,200})\}")
_INSTRUCTION = re.compile(
    r"^\s*(?:insert|add|provide|enter|specify|describe|list|include|fill|identify|state|define|name of|"
    r"tbd|tbc|x+\b|#|number|amount|date|time frame|timeframe|agreed|customer|client|company|vendor|"
    r"contractor|supplier|agency|organization|project|product|system)",
    re.I,
)
_NOT_PLACEHOLDER = re.compile(
    r"^\s*(?:\*+|reserved|sic|emphasis added|redacted|omitted|\d+|[a-z]|[ivx]+|x|"
    r"(?:see\s+)?(?:attachment|exhibit|appendix|annex|schedule|section|table|figure|form)\s+[\w.-]{1,6})\s*$",
    re.IGNORECASE,
)
# A drafting note is words: letters, spaces and light punctuation, not formulas or numbers.
_WORDY = re.compile(r"^\s*(?:[#$]\s*)?[A-Za-z][A-Za-z0-9 /&'’,.:;()#$-]*$")
_BLANK_QUOTE = re.compile(r"\(\s*(?:the\s+)?\"(?:\s|_){3,}\"\s*\)")
_BLANK_LINE = re.compile(r"_{4,}")
# Signature blocks are meant to be filled in by hand: "By: ______", "Name: ______".
_SIGNATURE_LABEL = re.compile(
    r"\b(?:by|name|title|its|signature|signed|date|dated|witness)\s*:\s*(?:_+\s*)?$|\b(?:by|signature)\s*:",
    re.IGNORECASE,
)
_SIGNATURE_NOTE = re.compile(r"\s*\((?:print(?:ed)? name|name|title|signature|date)\)", re.IGNORECASE)
_CELL_FILLERS = frozenset({"#", "##", "x", "xx", "xxx", "?", "??", "???", "tbd", "tbc", "n/a?"})


def check(unit: Unit) -> Iterator[Hit]:
    doc = unit.doc
    seen: set[tuple[int, int]] = set()
    if unit.block.kind == "table-cell" and doc.text.strip().lower() in _CELL_FILLERS:
        yield Hit(doc[:], f"table cell '{doc.text.strip()}' is a value left to fill in")
        return
    for start, end, message in _text_hits(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            yield Hit(span, message)
    for match in unit.patterns(doc) if unit.patterns else ():
        if _defines_abbreviation(match.span):
            continue
        if not any(s <= match.span.start < e for s, e in seen):
            seen.add((match.span.start, match.span.end))
            yield Hit(match.span, f"'{match.span.text}' is a placeholder: supply the agreed value")


def _text_hits(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _BRACKETED.finditer(text):
        inner = match["square"] if match["square"] is not None else match["curly"]
        if _NOT_PLACEHOLDER.match(inner) or not _WORDY.match(inner):
            continue  # "[***]", "[1]", "[4,5]" in a chemical name: not drafting notes
        if match["curly"] is not None or _INSTRUCTION.match(inner) or _is_title_phrase(inner):
            yield (
                match.start(),
                match.end(),
                f"'{match[0][:60]}' is a drafting placeholder: replace it with the real text",
            )
    for match in _BLANK_QUOTE.finditer(text):
        yield match.start(), match.end(), "a quoted blank is a term left unfilled: supply it"
    for match in _BLANK_LINE.finditer(text):
        before, after = text[max(0, match.start() - 80) : match.start()], text[match.end() : match.end() + 25]
        if not (_SIGNATURE_LABEL.search(before) or _SIGNATURE_NOTE.match(after)):
            yield match.start(), match.end(), "a blank line to fill in: supply the value"


def _defines_abbreviation(span: Span) -> bool:
    """'TBD (to be determined)' or 'to be determined (TBD)' introduces the abbreviation."""
    window = span.doc.text[max(0, span.start_char - 25) : span.end_char + 25].lower()
    return "tbd" in window and "to be determined" in window and "(" in window


def _is_title_phrase(inner: str) -> bool:
    """'[Contractor Name]', '[Effective Date]': a short Title Case phrase standing for a value."""
    words = inner.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words if w.isalpha()) and inner[:1].isupper()


RULE = make_rule(
    __name__,
    check=check,
    code="PH01",
    name="placeholder",
    category="placeholder",
    severity=Severity.ERROR,
    summary="Unfinished text: TBD, [insert ...], {name}, XX days",
    hint="Fill in the agreed value, or state who sets it and by when.",
    patterns="placeholder.jsonl",
    headings=True,
    fires=(
        "The go-live date is TBD.",
        "Payment is due within XX days of invoice.",
        "The Contractor shall deliver the report by [insert date].",
        "The scope of this task order is for the Contractor to deliver the {name of product / system}.",
        "The system owner is to be determined.",
        "This Agreement is between the Client and [Contractor Name].",
        "The notice period is ________ days.",
    ),
    passes=(
        "The go-live date is 1 March 2027.",
        "Fees of [***] per month are payable in advance.",
        "Section 4 [Reserved].",
        "The results are shown in [1] and [2].",
        "By: ____________________",
        "Use the pricing sheet in [Attachment B] for all work.",
        "Items marked TBD (to be determined) are listed in Annex A.",
        "The compound is 3H-[1,2,3]-triazolo[4,5]-d]pyrimidin-{[(1R,2S)-2-amino}-diol.",
    ),
)
