"""Context decisions shared by rules: is this a definition, a quotation, a measured phrase?

Word lists say *what* may be a problem; these functions decide *whether* it is one here
(TAXONOMY.md: "a definition list, a heading, a table of contents, a quotation of law, or a
sentence that already supplies the measure should not fire").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..fastpath import doc_text
from ..termlists import month_names

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .base import Unit
    from .patterns import Match

_DEFINITION = re.compile(
    r"^\W{0,3}(?:\(?[a-z0-9.]{1,6}\)?\s+)?[\"“']?[A-Z][\w\s/&'’-]{0,60}[\"”']?\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?<!\bany )(?<!\bno )(?<!\ball )(?<!\bother )"  # "by any means" is not a definition
    r"(?:means|shall mean|refers to|shall refer to|has the meaning|is defined as|includes|shall include)\b"
)
_UNITS = frozenset(
    [
        "%",
        "percent",
        "percentage",
        "second",
        "seconds",
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "ms",
        "millisecond",
        "milliseconds",
        "am",
        "pm",
        "utc",
        "est",
        "et",
        "pt",
        "usd",
        "$",
        "dollars",
    ]
)
# Month names, and the fiscal-period words that date a deadline as a month does.
_MONTHS = month_names() | frozenset({"fy", "q1", "q2", "q3", "q4"})
_REFERENCE_WORDS = frozenset(
    [
        "section",
        "sections",
        "clause",
        "clauses",
        "article",
        "articles",
        "exhibit",
        "appendix",
        "schedule",
        "attachment",
        "paragraph",
        "annex",
        "part",
        "item",
        "figure",
        "table",
        # Labels that number a class or a stage rather than measure anything: "Priority 1 incidents".
        "priority",
        "severity",
        "level",
        "tier",
        "phase",
        "milestone",
        "stage",
        "step",
        "task",
        "option",
        "release",
        "version",
        "sprint",
    ]
)


def candidates(unit: Unit) -> Iterator[tuple[Match, Span]]:
    """Pattern matches of the rule's term list with their sentence, outside definitions, quotes and
    run-in headings ("Sole Remedy. Other than ...")."""
    if unit.patterns is None:
        return
    for match in unit.patterns(unit.doc):
        sentence = match.span.sent
        if is_definition(sentence) or in_quotation(match.span) or is_run_in_heading(sentence):
            continue
        yield match, sentence


# Each word starts a word of the heading ("General Information" holds "format" but tells bidders
# nothing); oral presentations and interviews are a stage of the bid too ("Oral Presentations Agenda").
_INSTRUCTIONS = re.compile(
    r"\b(?:instruction|submission|submittal|quot(?:e|ation)|proposal|offer|volume|evaluation|factor|"
    r"page limit|format|questions|response|pricing|narrative|technical approach|staffing plan|"
    r"oral|presentation|interview)",
    re.IGNORECASE,
)


# Titles that name the whole document ("Request for Quotation", "Open Grant Proposal: X"), not a
# section of instructions: under them the statement of work and the proposal itself are written.
_DOCUMENT_TITLE = re.compile(r"\brequests? for (?:quot\w*|proposals?)\b|\b(?:grant|rfp|project) proposal\b", re.I)


def in_bidder_instructions(unit: Unit) -> bool:
    """Inside instructions to offerors (how to write a quote), where 'should' is advice, not a duty."""
    return any(_INSTRUCTIONS.search(_DOCUMENT_TITLE.sub("", title)) for title in unit.section)


_EVALUATION = re.compile(r"evaluation|instructions|submission|basis (?:of|for) award", re.IGNORECASE)
_REQUIREMENT_WORDS = frozenset(
    {
        "shall",
        "must",
        "will",
        "should",
        "need",
        "needs",
        "required",
        "require",
        "requires",
        "agree",
        "agrees",
        "warrant",
        "warrants",
        "ensure",
        "provide",
        "deliver",
    }
)


# "Invoice Submission", "Delivery Instructions": how the contract is performed, not how bids are made.
_PERFORMANCE_TITLE = re.compile(r"invoic|deliver|report|payment|billing", re.IGNORECASE)


def in_evaluation_section(unit: Unit) -> bool:
    """Under evaluation criteria or submission instructions: describes how bids are judged."""
    return any(_EVALUATION.search(title) and not _PERFORMANCE_TITLE.search(title) for title in unit.section)


def states_requirement(unit: Unit, sentence: Span) -> bool:
    """A sentence that asks for something (a modal or a verb of obligation), or a list item or table
    cell, which in a statement of work is a requirement by position."""
    if unit.block.kind in ("list-item", "table-cell"):
        return True
    return any(t.lower_ in _REQUIREMENT_WORDS for t in sentence)


def is_run_in_heading(sentence: Span) -> bool:
    """A short Title Case sentence opening a clause, such as 'Sole Remedy.' or 'Payment Terms.'"""
    words = [t for t in sentence if t.is_alpha]
    if not words or len(words) > 5 or sentence.text.rstrip()[-1:] not in ".:" or sentence.end >= len(sentence.doc):
        return False
    title_case = all(t.text[0].isupper() for t in words if t.lower_ not in _MINOR_WORDS)
    opens_clause = sentence.start == 0 or sentence.doc[sentence.start - 1].text in (")", ".")
    return title_case and opens_clause and not any(t.pos_ in ("VERB", "AUX") for t in sentence)


_MINOR_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def is_definition(sentence: Span) -> bool:
    """'"Services" means ...' / 'Uptime: the percentage of ...' style sentences define, not require."""
    return bool(_DEFINITION.match(sentence.text))


def in_quotation(span: Span) -> bool:
    """Inside a quoted passage of several words (quoted law or policy text, not a defined "Term")."""
    sentence, text = span.sent, doc_text(span.doc)
    before = text[sentence.start_char : span.start_char]
    opened = before.count('"') % 2 == 1
    if not opened:
        return False
    close = text.find('"', span.end_char, sentence.end_char + 1)
    quoted = text[before.rfind('"') + sentence.start_char : close if close > 0 else sentence.end_char]
    return len(quoted.split()) >= 6


_FREQUENCIES = frozenset({"daily", "weekly", "monthly", "quarterly", "annually", "biweekly", "hourly", "yearly"})


def is_measure(token: Token, *, frequencies: bool = True) -> bool:
    """A number, a date part, a percentage or a unit of time or money (and, unless told otherwise,
    a frequency word such as 'monthly')."""
    lower = token.lower_
    return (
        (token.like_num and not _is_reference_number(token) and not _is_ordinal_word(token))
        or lower in _UNITS
        or _is_month(token)
        or token.tag_ == "$"
        or (frequencies and lower in _FREQUENCIES)
    )


_NOT_TIME_UNITS = frozenset({"%", "percent", "percentage", "usd", "$", "dollars"})
# A year, a clock time, a date, a day of the month, or a number glued to its unit: "2027", "10:00",
# "30/06/2027", "5th", "48h".
_TIME_FIGURE = re.compile(
    r"^(?:(?:19|20)\d\d|\d{1,2}:\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)|\d+(?:h|hrs?|d|ms|min|s))$"
)


def is_time_measure(token: Token, *, frequencies: bool = True) -> bool:
    """A unit of time, a month, a year, a clock time or a date (and, unless told otherwise, a
    frequency word): what bounds a deadline.  A bare count ('1-2 staff', 'Sections 5, 6 or 7') does not."""
    lower = token.lower_
    if lower == "second" and not _counts_seconds(token):
        return False  # "the second sprint" orders; "30 seconds" measures
    return (
        (lower in _UNITS and lower not in _NOT_TIME_UNITS)
        or _is_month(token)
        or bool(_TIME_FIGURE.match(lower))
        or (frequencies and lower in _FREQUENCIES)
    )


def _counts_seconds(token: Token) -> bool:
    previous = token.doc[token.i - 1] if token.i else None
    return previous is not None and (previous.like_num or previous.lower_ in ("a", "per", "each", "every"))


def _is_month(token: Token) -> bool:
    """A month or quarter name; 'may' only as the month ('by 1 May'), not the modal ('may be agreed')."""
    return token.lower_ in _MONTHS and not (token.lower_ == "may" and (token.tag_ == "MD" or token.text == "may"))


def _is_ordinal_word(token: Token) -> bool:
    """'first', 'third' (as in 'third-party', 'first giving notice') order things; they measure only
    with a unit, and the unit ('the first business day') is itself a measure."""
    return token.is_alpha and token.lower_.endswith(("st", "nd", "rd", "th"))


_CLAUSE_NUMBER = re.compile(r"^\d+(?:\.\d+){2,}\.?$")


def _is_reference_number(token: Token) -> bool:
    """'Section 4.2', 'Exhibit 3', '(2)': numbers that point or enumerate rather than measure."""
    doc = token.doc
    previous = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if previous is not None and previous.lower_ in _REFERENCE_WORDS:
        return True
    if _CLAUSE_NUMBER.match(token.text):  # "3.5.4", "15.10.2.3": a clause number, not a quantity
        return True
    enumerator = previous is not None and previous.text == "(" and following is not None and following.text == ")"
    # "12. Term": a clause number opening the sentence.
    numbered = token.i == token.sent.start and following is not None and following.text in (".", ")")
    return (enumerator or numbered) and len(token.text) <= 2


def measure_within(span: Span, after: int = 8, before: int = 0) -> bool:
    """Whether a measure appears right after (or before) the span, within the same clause."""
    doc = span.doc
    stop = span.sent.end
    for token in doc[span.end : min(span.end + after, stop)]:
        if token.text in (";",) or (token.text == "," and token.i > span.end + 3):
            break
        if is_measure(token):
            return True
    start = max(span.sent.start, span.start - before)
    return any(is_measure(t) for t in doc[start : span.start])


def sentence_has_measure(sentence: Span) -> bool:
    return any(is_measure(t) for t in sentence)


_MUTUAL = re.compile(
    r"\b(?:either|each|neither|both) part(?:y|ies)\b|\bmutual(?:ly)?\b|\beach of the parties\b"
    r"|\bthe parties (?:\w+ ){0,2}(?:waive|agree|acknowledge)|\b\w+ and \w+ (?:hereby |each )?(?:waive|agree|disclaim)"
    # Roles either party can hold: the term binds whichever side ends up in the role.
    r"|\b(?:indemnifying|indemnified|disclosing|receiving|breaching|non-breaching|terminating) party\b"
    # Roles named by what the party does ("the assigning Party", "the non-defaulting Party") and
    # indefinite parties ("any party", "a Party ... the other Party"): whichever side it turns out to be.
    r"|\b(?:non-)?\w+ing party\b|(?<!\bis )(?<!\bbe )\b(?:a|any|such) party\b(?! to\b)",
    re.IGNORECASE,
)
_CONDITION_MARKS = frozenset({"if", "unless", "when", "whenever", "until", "whether", "once", "where"})


def is_mutual(sentence: Span, span: Span | None = None) -> bool:
    """'either party', 'each party', 'neither party', 'both parties', 'mutually': terms binding both.

    Given the span of the term, a mutual phrase inside a condition that does not contain the term
    does not make the term mutual: in "renews automatically unless either party gives notice" the
    renewal binds both sides alike only in how to escape it."""
    for found in _MUTUAL.finditer(sentence.text):
        if span is None:
            return True
        phrase = sentence.char_span(found.start(), found.end(), alignment_mode="expand")
        if phrase is None or not in_condition(phrase) or _within_condition_of(span, phrase):
            return True
    return False


def _within_condition_of(span: Span, phrase: Span) -> bool:
    """The span sits in the same condition clause as the phrase."""
    clause = _condition_clause(phrase.root)
    return clause is not None and clause.left_edge.i <= span.start and span.end - 1 <= clause.right_edge.i


def _condition_clause(token: Token) -> Token | None:
    while token.head.i != token.i:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in token.children):
            return token
        token = token.head
    return None


def in_condition(span: Span) -> bool:
    """Inside an 'if/unless/when' clause: the words describe a trigger, not a term being granted."""
    return _condition_clause(span.root) is not None


_BOUND_FOLLOWS = re.compile(
    r"^\W*(?:and\W+)?(?:in any (?:event|case)|not later than|no later than|at the latest)", re.I
)


def clause_has_measure(span: Span, *, frequencies: bool = True, time: bool = False) -> bool:
    """A measure anywhere in the clause around the span (between the nearest ';' or sentence ends),
    or an explicit outer bound right after it ('without undue delay and in any event not later than').
    With `frequencies=False` a frequency word does not count: 'monthly reports ... in a timely manner'
    says how often, not by when.  With `time`, only a measure of time counts (`is_time_measure`)."""
    if _BOUND_FOLLOWS.match(doc_text(span.doc)[span.end_char : span.end_char + 40]):
        return True
    doc, sentence = span.doc, span.sent
    left = span.start
    while left > sentence.start and doc[left - 1].text not in (";",):
        left -= 1
    right = span.end
    while right < sentence.end and doc[right].text not in (";",):
        right += 1
    measure = is_time_measure if time else is_measure
    return any(measure(t, frequencies=frequencies) for t in doc[left:right] if not (span.start <= t.i < span.end))


def clause_verb(span: Span) -> Token:
    """The verb whose clause the span sits in (the span's root, or the nearest verb above it)."""
    token = span.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def negated(span: Span, *, own_modal: bool = False) -> bool:
    """The span's clause is negated: 'shall not ... attempt to', 'cannot adequately compensate',
    'No delay ... will impair': a prohibition or denial, not a soft or vague promise.

    With `own_modal`, a coordinated verb with a modal of its own starts a new duty: in "cannot
    guarantee results but shall use reasonable efforts" the efforts clause is not negated."""
    verb = clause_verb(span)
    related = [span.root, verb]
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:  # "shall not X or attempt to Y"
        if own_modal and verb.dep_ == "conj" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
            break
        verb = verb.head
        related.append(verb)
    if any(c.dep_ == "neg" for v in related for c in v.children):
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(d.lower_ in ("no", "neither") for s in subjects for d in s.children if d.dep_ == "det")


def sets_target(token: Token) -> bool:
    """A measure that can be a goal's target or date: a figure ('to 6 minutes', '20%', '$5', 'Q4
    2027', 'by June'), not a count of things ('one cohesive platform', 'two features') and not a
    unit with no figure ('per worker, per day' names the rate, not its target)."""
    if not is_measure(token):
        return False
    if token.lower_ in _UNITS and token.tag_ != "$" and token.lower_ not in ("%", "am", "pm"):
        return any(c.like_num for c in token.children) or (token.i > 0 and token.doc[token.i - 1].like_num)
    counts_things = token.like_num and token.dep_ == "nummod" and token.head.lower_ not in _UNITS
    return not counts_things or bool(_TIME_FIGURE.match(token.lower_))


def is_mutual_term(sentence: Span, span: Span) -> bool:
    """`is_mutual`, counting only a mutual phrase in the term's own clause: in "Neither Party may
    assign ..., except that GitHub may assign ..." and in "E.piphany may, in its sole discretion,
    provide ... on terms the parties may agree", the right is still one side's.  A clause whose
    subject is "the Parties" binds both ("the Parties expressly disclaim ...")."""
    clause = _clause_head(span.root)
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "parties" for c in clause.children):
        return True
    if not is_mutual(sentence, span):
        return False
    for found in _MUTUAL.finditer(sentence.text):
        phrase = sentence.char_span(found.start(), found.end(), alignment_mode="expand")
        if phrase is None or _clause_head(phrase.root) == clause:
            return True
    return False


def _clause_head(token: Token) -> Token:
    """The verb heading the clause a token is in: the nearest verb above it that has a subject of its
    own ('Either Party shall have the right to terminate ... without notice': 'have')."""
    verb = token
    while verb.head.i != verb.i:
        if verb.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            break
        verb = verb.head
    return verb
