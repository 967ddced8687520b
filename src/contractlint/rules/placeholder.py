"""placeholder (PH01): text left unfinished — TBD, [insert date], {name of system}, XX days.

What it flags
    Template and drafting leftovers: "TBD", "TBA", "to be determined", "to be agreed", "[Insert
    date]", "[Contractor Name]", "<vendor name>", "{name of system}", "XX days", "$____",
    "Agency X", "(AGENCY/PROGRAM)", "this (contract/task order)", "(month) (day), 2027", blanks such
    as "________" inside a sentence, and drafting notes left in the text: "(fill in here)",
    "(Agency to provide the background)", "[Drafting note: ...]", "Procurement Officer Note:",
    "REVISE OR DELETE AS REQUIRED", "Instructions: delete this paragraph", "[Optional]".

Why it matters
    A placeholder is a term the parties have not agreed.  Signed, it is either void for
    uncertainty or filled in later by whoever holds the pen.

How to fix
    Fill in the value, or state how and by when it will be set ("The go-live date will be
    agreed in writing within 10 days of award").  Not flagged: SEC redaction markers ("[***]"),
    "[Reserved]", signature lines, a rule of underscores standing alone as a separator, a value
    "to be confirmed in writing by the Contracting Officer" (the text says who settles it), and a
    slot named in an instruction to bidders about their own response ("Offerors shall enter
    [Company Name] on the cover page").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..fastpath import doc_text
from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import in_bidder_instructions

if TYPE_CHECKING:
    from spacy.tokens import Span

    from .patterns import Match

# Bracketed, braced or angled drafting notes: "[Insert date]", "[Contractor Name]", "{name of system}",
# "<vendor name>" (Markdown drops "<...>" as inline HTML, so angles are seen in text and Word files).
_BRACKETED = re.compile(
    r"\[(?P<square>[^\[\]\n]{1,200})\]|\{(?P<curly>[^{}\n]{1,200})\}|<(?P<angle>[A-Za-z][^<>\n:@/=\"]{0,60})>"
)
_INSTRUCTION = re.compile(
    r"^\s*(?:insert|add|provide|enter|specify|describe|list|include|fill|identify|state|define|name of|"
    r"tbd|tbc|x+\b|#|number|amount|date|time frame|timeframe|agreed|customer|client|company|vendor|"
    r"contractor|supplier|agency|organization|project|product|system|"
    r"drafting note|note to (?:drafter|editor)|optional\b|(?:delete|remove|revise|tailor|select|choose)\b)",
    re.I,
)
_HTML_TAG = re.compile(
    r"^(?:br|p|b|i|u|em|strong|div|span|sup|sub|small|a|img|hr|li|ul|ol|t[dhr]|table|font|center)\b", re.I
)
# Round brackets are ordinary prose, so only a note addressed to whoever completes the template:
# "(fill in here)", "(Agency to fill in content here)", "(insert the start date)", and a slot of
# alternatives in capitals, "(AGENCY/PROGRAM)".
_ROUND = re.compile(r"\((?P<round>[^()\n]{2,200})\)")
# "this (contract/task order)": alternatives standing where the noun should be, for the drafter to pick.
_ROUND_CHOICE = re.compile(r"\b(?i:the|this|that|each|any|such)\s+\((?P<round>[a-z][a-z -]*(?:/[a-z -]+)+)\)")
_ROUND_NOTE = re.compile(
    r"\bfill(?:ed)? in\b|\bto be (?:added|inserted|completed)\b|^\s*(?:insert|enter|specify|describe)\b"
    r"|^\s*(?:month|day|year|date)\s*$"  # "no later than (month) (day), 2027"
)
# A paragraph that is one parenthesis telling a party what to write: "(Agency to provide the background)".
_NOTE_PARAGRAPH = re.compile(
    r"^\s*\((?:the\s+)?[A-Z][\w&/ ]{0,40}?\s+to\s+(?:provide|insert|add|describe|fill|specify|complete)\b[^()]*\)?\s*$"
)
# A note to the template's user naming the party in capitals: "(Note: AGENCY can add or remove ...)".
_CAPITAL_NOTE = re.compile(r"^\s*(?:(?i:note):\s*)?(?P<role>[A-Z]{4,})\s+(?:to|can|may|should|must|will)\s")
_CAPITAL_SLOT = re.compile(r"^[A-Z]{4,}(?:\s*/\s*[A-Z]{2,})*$")  # "(AGENCY/PROGRAM)", "(VENDOR)"; not "(SOW/PWS)"
_NOT_PLACEHOLDER = re.compile(
    r"^\s*(?:\*+|reserved|sic|emphasis added|redacted|omitted|deleted|removed|\d+|[a-z]|[ivx]+|x|"
    r"(?:see\s+)?(?:attachment|exhibit|appendix|annex|schedule|section|table|figure|form)\s+[\w.-]{1,6})\s*$",
    re.IGNORECASE,
)
# A drafting note is words: letters, spaces and light punctuation, not formulas or numbers.
_WORDY = re.compile(r"^\s*(?:[#$]\s*)?[A-Za-z][A-Za-z0-9 /&'’,.:;()#$-]*$")
_BLANK_QUOTE = re.compile(r"\(\s*(?:the\s+)?[\"“](?:\s|_)*[\"”]\s*\)")  # ("") / ("_____"): a term left undefined
_BLANK_LINE = re.compile(r"(?<![^\W_])\$?_{3,}(?![^\W_])")
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
    if unit.block.kind == "table-cell" and doc_text(doc).strip().lower() in _CELL_FILLERS:
        yield Hit(doc[:], f"table cell '{doc_text(doc).strip()}' is a value left to fill in")
        return
    for start, end, message in _text_hits(doc_text(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and (span.start, span.end) not in seen and not _what_bidders_write(unit, span):
            seen.add((span.start, span.end))
            yield Hit(span, message)
    for match in unit.patterns(doc) if unit.patterns else ():
        if _defines_abbreviation(match.span) or _says_who_settles_it(match) or _verb_of_a_clause(match):
            continue
        if not any(s <= match.span.start < e for s, e in seen):
            seen.add((match.span.start, match.span.end))
            yield Hit(match.span, f"'{match.span.text}' is a placeholder: supply the agreed value")


def _text_hits(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _BRACKETED.finditer(text):
        inner = match["square"] or match["curly"] or match["angle"]
        if _NOT_PLACEHOLDER.match(inner) or not _WORDY.match(inner) or _attached(text, match.start(), match.end()):
            continue  # "[***]", "[1]", "[Geo]DIDs", "[a link](...)", "geo:{id}": not drafting notes
        if match["angle"] is not None and _HTML_TAG.match(inner):
            continue
        if (
            match["curly"] is not None
            or (match["angle"] is not None and inner.islower())
            or _INSTRUCTION.match(inner)
            or _is_title_phrase(inner)
        ):
            yield (
                match.start(),
                match.end(),
                f"'{match[0][:60]}' is a drafting placeholder: replace it with the real text",
            )
    for match in _ROUND.finditer(text):
        inner = match["round"]
        capital_note = _CAPITAL_NOTE.match(inner)
        if (
            _ROUND_NOTE.search(inner)
            or (_CAPITAL_SLOT.match(inner) and _INSTRUCTION.match(inner))
            or (capital_note and _INSTRUCTION.match(capital_note["role"]))
        ):
            yield match.start(), match.end(), f"'{match[0][:60]}' is a drafting note: replace it with the real text"
    if _NOTE_PARAGRAPH.match(text):
        yield len(text) - len(text.lstrip()), len(text.rstrip()), "a drafting note left in the text: replace it"
    for match in _ROUND_CHOICE.finditer(text):
        start = match.start("round") - 1
        yield start, match.end(), f"'{text[start : match.end()][:60]}' leaves a choice to the drafter: keep one"
    for match in _BLANK_QUOTE.finditer(text):
        yield match.start(), match.end(), "a quoted blank is a term left unfilled: supply it"
    for match in _BLANK_LINE.finditer(text):
        before, after = text[max(0, match.start() - 80) : match.start()], text[match.end() : match.end() + 25]
        if _SIGNATURE_LABEL.search(before) or _SIGNATURE_NOTE.match(after) or _stands_alone(before, after):
            continue
        yield match.start(), match.end(), "a blank line to fill in: supply the value"


def _attached(text: str, start: int, end: int) -> bool:
    """Brackets glued to a word, a link or code: '[Geo]DIDs', '[Google Form](https://...)',
    '[Form]https://...', 'did:geo:{id}'.  A slot stands apart from its neighbours ('$[amount]' aside)."""
    before, after = text[start - 1 : start], text[end : end + 1]
    return bool(re.match(r"[^\W_]|[:/=(\[{]", after) or re.match(r"[^\W_]|[:/=]", before))


def _stands_alone(before: str, after: str) -> bool:
    """A rule of underscores, or one beside only a page number or other rules ("7 ____ ____" at a
    page foot): a separator, not a blank inside a sentence waiting for its value."""
    previous = before.split("\n")[-1].split()[-1:]
    following = after.split("\n")[0].split()[:1]
    return not any(re.search(r"[^\W\d_]", word) for word in previous + following)


_WRITING_VERBS = frozenset(
    {"enter", "write", "insert", "type", "print", "put", "state", "show", "mark", "label", "fill"}
)
# Who (or what) a respondent's instructions address: the bidder, or the response it writes.
_RESPONDENT = re.compile(
    r"^(?:(?:offeror|bidder|quoter|respondent|proposer|applicant|vendor|contractor|submitter|quote|quotation|"
    r"proposal|response|submission)s?|you)$",
    re.I,
)


def _what_bidders_write(unit: Unit, span: Span) -> bool:
    """'Offerors shall enter [Contractor's Name] on the cover page': the slot is what the respondent
    writes in its own response, named in an instruction to the respondent, not an unfinished term."""
    verb = span.root.head
    while verb.dep_ in ("prep", "pobj", "appos", "compound", "conj") and verb.head.i != verb.i:
        verb = verb.head
    if verb.lemma_.lower() not in _WRITING_VERBS or span.root.dep_ not in ("dobj", "appos", "conj", "pobj", "compound"):
        return False
    subjects = [c.lower_ for c in verb.children if c.dep_ == "nsubj"]
    return any(_RESPONDENT.match(s) for s in subjects) or (not subjects and in_bidder_instructions(unit))


_SETTLED_BY = re.compile(
    r"^\s*(?:(?:up)?on\s+)?"
    r"(?:in writing|by (?:the |each |both |either )?[A-Z]|by mutual|in accordance with|pursuant to)"
)


def _says_who_settles_it(match: Match) -> bool:
    """'to be confirmed in writing by the Contracting Officer', 'to be determined by the COR': the
    value is open by design and the sentence says who settles it and how."""
    span = match.span
    if match.label != "tbd" or span[0].lower_ != "to":
        return False
    return bool(_SETTLED_BY.match(doc_text(span.doc)[span.end_char :]))


def _verb_of_a_clause(match: Match) -> bool:
    """'THE CONTRACTOR SHALL NOT DELETE OR MODIFY DATA': capitals in a clause with its own modal are
    the clause's verbs, not an editing instruction such as '(REVISE OR DELETE AS REQUIRED)'."""
    span = match.span
    previous = span.doc[span.start - 1].lower_ if span.start else ""
    return match.label == "note" and previous in ("not", "shall", "will", "must", "may", "can", "to", "should")


def _defines_abbreviation(span: Span) -> bool:
    """'TBD (to be determined)' or 'to be determined (TBD)' introduces the abbreviation."""
    window = doc_text(span.doc)[max(0, span.start_char - 25) : span.end_char + 25].lower()
    return "tbd" in window and "to be determined" in window and "(" in window


def _is_title_phrase(inner: str) -> bool:
    """'[Contractor Name]', '[Effective Date]': a short Title Case phrase standing for a value."""
    if ":" in inner or any(c.isdigit() for c in inner):
        return False  # "[Idea credits: Jane Doe]", "[SOURCE PPA 7(C)]": a label or a reference, not a slot
    words = [w.strip("'’,.()&/-") for w in inner.split()]
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
        "The go-live date is «TBD».",
        "Payment is due within «XX days» of invoice.",
        "The Contractor shall deliver the report by «[insert date]».",
        "The scope of this task order is for the Contractor to deliver the «{name of product / system}».",
        "The system owner is «to be determined».",
        "This Agreement is between the Client and «[Contractor Name]».",
        "The notice period is «________» days.",
        "The monthly fee is «$____» per user.",
        "The objective of this «(contract/task order)» is to assist «(AGENCY/PROGRAM)» with the analysis.",
        "«(Agency to provide background on the current system and its users.)»",
        "Quotes are due no later than «(month)» «(day)», 2027.",
        "The scope covers these areas «(Note: AGENCY can add or remove areas as necessary)».",
        "«[Drafting note: confirm the insurance limits with Risk Management.]»",
        "2.4 Transition Services («REVISE OR DELETE AS REQUIRED»)",
        "«Procurement Officer Note:» tailor this section to the requirement.",
        "«Drafter's Note:» keep this clause only for fixed-price orders.",  # a possessive: two tokens
        "«Instructions: delete» this paragraph if no travel is required.",
        "The fee for additional sites is «to be agreed».",
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
        "Offerors shall enter [Company Name] on the cover page of the quote.",
        "The funds are available once confirmed, to be confirmed in writing by the Contracting Officer.",
        "All invoices are due within 30 days.\n\n____________________\n\nThe next section covers reporting.",
        "The Contractor shall keep each page initialled. 7 ____ ____",
        "Laptops (Government to provide) will be issued at onboarding.",
        "THE SUPPLIER SHALL NOT DELETE OR MODIFY CUSTOMER DATA.",
        "The [Geo]DID records use the format did:geo:{id} and are listed in the [Registry Guide](https://example.com).",
        "Price details are given in [Idea credits: Jane Doe] and [SOURCE PPA 7(C)].",
        "The fee schedule [Deleted] applies to renewals.",
    ),
)
