"""Which kind of document this is — statement of work, vendor proposal, agreement, or other — from its words.

`--profile auto` uses this; the choice is reported with the results so a reader can override it.

The title decides first, because a title names the document type: "RFP: Block Explorer" and
"Request for Proposals" are what a buyer wants (sow) however often the body says "proposal",
while "RFP Proposal: Filexplorer" answers one.  Attachments and forms (a submittal form, a
quality plan, a price sheet, a qualifications questionnaire) are `other`: they belong to a
solicitation but state no work, so the document-level checks do not judge them.  Without a title
that names a type, the body's cues are weighed.
"""

from __future__ import annotations

import re

from .document import Document

# Each cue is a phrase typical of one kind of document; the opening (title, first headings)
# weighs more than the body because titles name the document type.
_CUES: dict[str, tuple[str, ...]] = {
    "sow": (
        r"statement of (?:work|objectives)",
        r"performance work statement",
        r"\bPWS\b",
        r"\bSOO\b",
        r"request for (?:quot\w+|proposals?|information)",
        r"\bRF[QPI]\b",
        r"task order",
        r"contractor shall",
        r"period of performance",
        r"quality assurance surveillance",
        r"contracting officer",
        r"offeror",
        r"\bCOR\b",
        # A solicitation addresses the supplier in the third person or speaks to bidders about
        # their bid; a proposal speaks for itself ("we will") and an agreement binds "the parties".
        r"\b(?:contractor|offeror|vendor|bidder|quoter|respondent)(?:'s)?\s+(?:shall|must)\b",
        r"\b(?:your|their|offeror's|the offeror's) (?:proposal|quote|quotation|response|submission)\b",
        # A request for proposals asks: it seeks teams, tells them what to propose and how they are judged.
        r"\bwe are (?:seeking|looking for|requesting|soliciting|inviting)\b",
        r"\b(?:please|you should|teams? should) (?:propose|include|describe|show|provide)\b",
        r"\byour team\b",
        r"\brecommended team\b",
        r"\bacceptance criteria for\b",
    ),
    "proposal": (
        # Not the buyer's "request for proposals" or its instructions about "your proposal".
        r"(?<!request for )(?<!your )(?<!their )\bproposal\b",
        r"we propose",
        r"\bour team\b",
        r"\bproposer\b",
        r"\bour (?:approach|solution)\b",
        r"\bgrant\b",
        r"\bwe will\b",
        # An individual's proposal speaks for one; a response says what it answers.
        r"\bI (?:will|am|would|plan|intend)\b|\bI'(?:ll|d|m)\b",
        r"\b(?:RF[PQ] response|in response to (?:the|this|your) (?:RF[PQ]|request|solicitation))\b",
        r"\bteam members?\b",
    ),
    "agreement": (
        r"\bagreement\b",
        r"\bhereby\b",
        r"in witness whereof",
        r"\bwhereas\b",
        r"\bparties\b",
        r"\bherein\b",
        r"\blicensor\b",
        r"\blicensee\b",
        r"terms of service",
        r"governing law",
        r"\bindemnif\w+",
        r"limitation of liability",
    ),
}
_COMPILED = {kind: [re.compile(c, re.I) for c in cues] for kind, cues in _CUES.items()}
_OPENING_CHARS = 1500
_BODY_CHARS = 60_000

# What a title says the document is.  Checked in this order: a form or plan names itself first
# ("Past Performance Questionnaire for the Help Desk PWS"); a response names itself "proposal"
# or "application" even when it cites the RFP ("RFP Proposal: ..."); then solicitations; then
# agreements.  Attachment/exhibit/appendix alone ("Attachment 3") says only that it is a part.
_TITLE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "other",
        re.compile(
            r"\b(?:(?:submittal|submission|response|proposal|pricing|price|cost|bid|order|registration|"
            r"certification|evaluation|reference|past performance) forms?|forms? packet|questionnaire|"
            r"price (?:sheet|schedule|list|workbook)|pricing (?:sheet|template|workbook|schedule)|"
            r"cost (?:sheet|workbook|template)|bid (?:sheet|schedule)|"
            r"quality (?:assurance surveillance|assurance|control|management) plan|\bQASP\b|"
            r"representations and certifications|wage determination|"
            r"statements? of qualifications?)\b",
            re.I,
        ),
    ),
    ("proposal", re.compile(r"(?<!request for )\bproposal\b|\bgrant application\b", re.I)),
    (
        "sow",
        re.compile(
            r"\brequest for (?:quot\w+|proposals?|information)\b|\bRF[QPI]\b|\bstatement of (?:work|objectives?)\b|"
            r"\bperformance work statement\b|\b(?:PWS|SOO|SOW)\b|\bscope of work\b|\btask order\b",
            re.I,
        ),
    ),
    # A blanket purchase agreement is the vehicle an RFQ orders under, not the document's type.
    ("agreement", re.compile(r"(?<!blanket purchase )\bagreement\b|\bterms of service\b|\baddendum\b", re.I)),
)
# "Attachment 3", "Exhibit B - ...": a part of a solicitation package, when nothing names its type.
# Not an SEC filing's exhibit number ("Exhibit 10.14", "EXHIBIT 10(l)"), which precedes a contract.
_PART = re.compile(r"^\W*(?:attachment|exhibit|appendix|annex|enclosure)\s+[A-Z0-9]{1,3}(?:-\d+)?\b(?![.(]\w)", re.I)
_TITLE_CHARS = 200
# "Link to RFP: ...", "Proposal Category: app-dev": a form field under the title, naming what the
# document refers to, not what it is (a proposal links to its RFP; an RFP template has a category field).
_FIELD = re.compile(r"^\W*[A-Z][\w'’ -]{0,40}:\s+\S")
_TITLE_BLOCKS = 3
_TITLE_WORDS = 25  # a later paragraph this long is prose, not a title line


def detect_profile(document: Document) -> str:
    return _title_kind(document) or _weighed(document.text)


def _title_kind(document: Document) -> str | None:
    """The kind the first title line that names one says: the opening block (plain-text contracts
    open with 'MASTER SERVICES AGREEMENT This ...'), then headings and short lines after it
    (letterheads and SEC exhibit numbers come before the title)."""
    blocks = [b for b in document.blocks if b.text.strip()][:_TITLE_BLOCKS]
    titles = [
        b.text[:_TITLE_CHARS]
        for i, b in enumerate(blocks)
        if i == 0 or b.kind == "heading" or (len(b.text.split()) <= _TITLE_WORDS and not _FIELD.match(b.text))
    ]
    for title in titles:
        for kind, pattern in _TITLE_KINDS:
            if pattern.search(title):
                return kind
    return "other" if titles and _PART.search(titles[0]) else None


def _weighed(text: str) -> str:
    opening, body = text[:_OPENING_CHARS], text[:_BODY_CHARS]
    scores = {}
    for kind, cues in _COMPILED.items():
        opening_hits = sum(1 for c in cues if c.search(opening))
        body_hits = sum(min(len(c.findall(body)), 10) for c in cues)
        scores[kind] = 8 * opening_hits + body_hits / max(1, len(body) / 20_000)
    return max(scores, key=lambda k: (scores[k], k == "sow"))
