"""Which kind of document this is — statement of work, vendor proposal or agreement — from its words.

`--profile auto` uses this; the choice is reported with the results so a reader can override it.
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
    ),
    "proposal": (
        r"\bproposal\b",
        r"we propose",
        r"\bour team\b",
        r"\bproposer\b",
        r"\bour (?:approach|solution)\b",
        r"\bgrant\b",
        r"\bmilestones?\b",
        r"\bwe will\b",
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


def detect_profile(document: Document) -> str:
    text = document.text
    opening, body = text[:_OPENING_CHARS], text[:_BODY_CHARS]
    scores = {}
    for kind, cues in _COMPILED.items():
        opening_hits = sum(1 for c in cues if c.search(opening))
        body_hits = sum(min(len(c.findall(body)), 10) for c in cues)
        scores[kind] = 8 * opening_hits + body_hits / max(1, len(body) / 20_000)
    return max(scores, key=lambda k: (scores[k], k == "sow"))
