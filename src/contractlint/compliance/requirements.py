"""Requirements of an RFP or SOW: what the offeror must do, deliver or show.

A unit is a requirement when
- it states a duty of the supplier: shall / must / will / should / is required to / is expected to,
  with a subject that is not the buyer ("we", "the Government": the buyer's own promises and
  plans bind nobody who answers), or an imperative addressed to the offeror ("Please propose ...");
- or it is a list item, table row or lead-in paragraph in a section whose own heading names
  requirements: deliverables, requirements, milestones, tasks, scope, acceptance or evaluation
  criteria, qualifications of the team.  Only the innermost heading counts, so "Data to Display"
  under "Detailed Requirements" (suggestions) is read as its own title says.

Instructions about the submission itself (page limits, fonts, when and where proposals are due,
whom to ask) are left out unless asked for: they are met by the act of submitting, not by an answer.

The heading words of each kind are data (rules/patterns/compliance_headings.json); who the buyer
is comes from parties.py (its role words in rules/patterns/party_roles.json, and the RFP's "we").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from ..parse import ParsedDocument
from ..parties import BUYER, Parties, detect_parties
from ..termlists import read_json, word_lists
from .model import Requirement
from .units import Unit, content_lemmas, key_terms, units

if TYPE_CHECKING:
    from spacy.tokens import Token

HEADINGS_FILE = "compliance_headings.json"
ROLES_FILE = "party_roles.json"  # parties.py's role words: one list of who the buyer is, not two


@cache
def _heading_cue(kind: str) -> re.Pattern[str]:
    """The headings of one kind ("requirements", "criteria", "deliverables", "instructions"), from
    rules/patterns/compliance_headings.json: each phrase's words whole and case-blind, a plural
    allowed ("deliverable" finds "Deliverables", "instruction to offeror" "Instructions to Offerors")."""
    phrases = sorted(read_json(HEADINGS_FILE)[kind], key=len, reverse=True)  # type: ignore[call-overload]
    body = "|".join(r"\s+".join(re.escape(word) + "(?:s|es)?" for word in phrase.split()) for phrase in phrases)
    return re.compile(rf"\b(?:{body})\b", re.I)


_SUBMITTED = r"(?:proposals?|quotes?|quotations?|responses?|offers?|applications?|bids?|submissions?)"
_INSTRUCTION = re.compile(
    r"\bpage limits?\b|\b(?:not|no more than|maximum of|exceed)\b[^.]{0,30}\bpages?\b|\bfont\b|point size|"
    rf"\bmargins?\b|\b{_SUBMITTED}\s+(?:are|is|must be|shall be|will be)\s+(?:due|submitted|received|accepted)|"
    rf"\bdue date for\b|\bdeadline for\b|\bsubmit(?:ted)?\s+(?:(?:your|the|a|an|its|their|all)\s+)?{_SUBMITTED}\b|"
    r"\bquestions (?:about|regarding|concerning) (?:this|the) (?:RFP|RFQ|RFI|solicitation|request)\b|"
    r"\bcontact\b[^.]{0,40}@",
    re.I,
)
_STRONG_MODALS = frozenset({"shall", "must"})
_SOFT_MODALS = frozenset({"will", "should"})
# "Make sure ..." binds as an imperative opening a sentence, not inside a user story
# ("... to make sure my node is in sync").
_DUTY_PHRASE = re.compile(
    r"\b(?:is|are) (?:required|expected|responsible) (?:to|for)\b|^\W*(?:please )?make sure\b", re.I
)
_LEAD_IN_MIN_WORDS = 3


def extract_requirements(
    parsed: ParsedDocument, *, include_instructions: bool = False, parties: Parties | None = None
) -> list[Requirement]:
    """The RFP's requirements.  `parties` are the RFP's as `detect_parties` finds them read as the
    buyer's document (its "we" is the buyer); found here when not given."""
    buyer = _buyer_words(parties if parties is not None else detect_parties(parsed.document, "sow"))
    found: list[Requirement] = []
    ordinals: Counter[str] = Counter()
    headings = {block.text: content_lemmas(iter(doc)) for block, doc in parsed.parsed if block.kind == "heading"}
    introduced_in: tuple[str, ...] | None = None  # the section of the last "The Contractor shall:" lead-in
    previous: Unit | None = None
    for unit, previous in _with_previous(units(parsed)):
        listed_after_lead_in = introduced_in == unit.section and unit.kind != "table-row"
        kind = _requirement_kind(unit, buyer) or (_lead_in_kind(unit) if listed_after_lead_in else None)
        if _introduces(unit):
            introduced_in = unit.section if kind else None
        if kind is None or (not include_instructions and _is_instruction(unit)):
            continue
        prefix = _id_prefix(unit.section)
        ordinals[prefix] += 1
        found.append(
            Requirement(
                id=f"{prefix}.{ordinals[prefix]}",
                text=unit.text,
                start=unit.start,
                end=unit.end,
                section=unit.section[-1] if unit.section else None,
                kind=kind,
                lemmas=tuple(dict.fromkeys((*key_terms(unit.tokens), *unit.label))),
                label=unit.label,
                context_lemmas=_context(unit, previous, headings),
            )
        )
    return found


def _requirement_kind(unit: Unit, buyer: frozenset[str]) -> str | None:
    heading = unit.section[-1] if unit.section else ""
    in_requirements = bool(_heading_cue("requirements").search(heading))
    if _states_duty(unit, in_requirements, buyer) or (in_requirements and _listed(unit)):
        if _heading_cue("criteria").search(heading):
            return "criterion"
        return "deliverable" if _heading_cue("deliverables").search(heading) else "obligation"
    return None


def _with_previous(found: Iterable[Unit]) -> Iterator[tuple[Unit, Unit | None]]:
    previous = None
    for unit in found:
        yield unit, previous
        previous = unit


_ANAPHORA = frozenset({"this", "these", "such", "it", "they", "that", "those", "each"})


def _context(unit: Unit, previous: Unit | None, headings: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The heading's words, and, for a sentence that points back ("This notification shall be
    provided within 24 hours"), the words of the sentence before it, which say what it is about."""
    context = headings.get(unit.section[-1], ()) if unit.section else ()
    first = next((t.lower_ for t in unit.tokens if t.is_alpha), "")
    if first in _ANAPHORA and previous is not None and previous.section == unit.section:
        context += content_lemmas(previous.tokens)
    return context


def _introduces(unit: Unit) -> bool:
    return unit.text.rstrip().endswith(":")


def _lead_in_kind(unit: Unit) -> str | None:
    """An item after a lead-in that states a duty ("The Contractor shall:", "the following are
    required ...:") is a requirement whatever its own wording ("a) Deliver a final report ...")."""
    return "obligation" if any(t.is_alpha for t in unit.tokens) else None


def _listed(unit: Unit) -> bool:
    """A list item or table row, or a lead-in paragraph ("An open-source implementation that:")."""
    if unit.kind in ("list-item", "table-row"):
        return any(t.is_alpha for t in unit.tokens) and not _only_placeholders(unit)
    text = unit.text.rstrip()
    return text.endswith(":") and len(text.split()) >= _LEAD_IN_MIN_WORDS


def _only_placeholders(unit: Unit) -> bool:
    words = [t.lower_ for t in unit.tokens if t.is_alpha]
    return all(w in ("tbd", "n", "a", "na", "none") for w in words)


def _states_duty(unit: Unit, in_requirements: bool, buyer: frozenset[str]) -> bool:
    """Shall / must / is required to bind wherever they stand; "will" and "should" also describe,
    predict and wish ("This tool will most often be used by ..."), so they bind only in a section
    whose heading names requirements."""
    modals = _STRONG_MODALS | (_SOFT_MODALS if in_requirements else frozenset())
    for span in unit.spans:
        if _DUTY_PHRASE.search(span.text):
            return True
        for token in span:
            if token.lower_ in modals and token.tag_ == "MD" and _binds_supplier(token, buyer):
                return True
        first = next((t for t in span if t.is_alpha), None)
        if first is not None and first.lower_ == "please":
            return True
    return False


def _buyer_words(parties: Parties) -> frozenset[str]:
    """The words that name the buyer as a clause's subject, compared token by token: the buyer role
    words of parties.py's data (government, agency, state, client, ...) and the buyer this RFP
    names ("we", "us", or a one-word name given in the configuration)."""
    named = {name for name, role in parties.roles.items() if role == BUYER}
    return frozenset(word_lists(ROLES_FILE)[BUYER]) | frozenset(named)


def _binds_supplier(modal: Token, buyer: frozenset[str]) -> bool:
    """Not the buyer's own promise ("we will work with node implementers"), and not a relative
    clause describing something ("nodes that must agree on the state")."""
    verb = modal.head
    if verb.dep_ == "relcl":
        return False
    while verb.dep_ == "conj" and verb.head is not verb:  # "... and will prefer teams": the first verb's subject
        verb = verb.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            return not _names_buyer(child, buyer)
    return True


def _names_buyer(subject: Token, buyer: frozenset[str]) -> bool:
    """The subject is the buyer ("We", "The Government", "Our team", "the State's staff"): its head
    word or the head's owner.  The rest of the phrase does not decide ("The project must have been
    delivered by ... not a parent or affiliated company" binds the offeror)."""
    owners = (c for c in subject.children if c.dep_ in ("poss", "compound"))
    return subject.lower_ in buyer or any(owner.lower_ in buyer for owner in owners)


def _is_instruction(unit: Unit) -> bool:
    return any(_heading_cue("instructions").search(title) for title in unit.section[-1:]) or bool(
        _INSTRUCTION.search(unit.text)
    )


_NUMBERED = re.compile(
    r"^\W*(?:(?:section|sec\.?|article|art\.?|part|clause)\s*|§\s*)?(\d+(?:\.\d+)*|[A-Z](?=[.)]))[.)]?(?=\s)", re.I
)


def _id_prefix(section: Iterable[str]) -> str:
    """The innermost heading's number ("3.2") or the slug of its first words ("acceptance-criteria")."""
    titles = list(section)
    if not titles:
        return "preamble"
    title = titles[-1]
    numbered = _NUMBERED.match(title)
    if numbered:
        return numbered.group(1)
    words = re.findall(r"[a-z0-9]+", title.lower())[:5]
    return "-".join(words) or "section"
