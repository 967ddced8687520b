"""open-scope (OS01): a list or task boundary left open, so scope can creep.

What it flags
    "including but not limited to", "etc.", "and so on", "as needed", "as required",
    "any other duties as assigned", "such other services as the Client may request", "and/or".
    "Including but not limited to" is judged by the noun the list hangs on: services, tasks,
    deliverables, charges, costs and expenses are scope or price and are flagged; claims, rights,
    damages, taxes, agreements and information in legal boilerplate are not, nor is a list of
    cross-references ("including without limitation Section 2").  The nouns are data in
    `rules/patterns/open_scope_nouns.json`.

Why it matters
    The price was set for a scope; an open list lets either side argue that anything is in (or
    out).  Scope creep is the commonest source of outsourcing change orders and disputes.

How to fix
    Close the list ("the following three reports: ..."), or send additions through change
    control ("additional services require a signed change order").  "As required by Section
    4.2" points to a definite rule and is not flagged, nor are "any other services" that the
    same sentence sends to a separate SOW, change order or agreement, nor an open list inside a
    prohibition ("shall not install any software, including without limitation ..."), which widens
    a ban rather than the scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..fastpath import doc_text
from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import candidates, in_quotation, is_definition, negated

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_MESSAGES = {
    "not-limited": "'{}' leaves the list open: enumerate what is included",
    "etc": "'{}' leaves the list open: name every item",
    "other-duties": "'{}' makes the scope open-ended: route additions through change control",
    "as-determined": "'{}' lets one side set the scope later",
    "custom": "'{}' leaves the scope open",
    "may-grow": "'{}' lets the scope grow with no bound: say how much, or route additions through change control",
    "not-whole": "'{}' says the work described is only part of it: describe all of it, or use change control",
}
# Words of clauses that allocate legal risk rather than describe work: the fallback when the noun an
# open list hangs on is in neither word list.
_LEGAL_CONTEXT = re.compile(
    r"indemnif|liabilit|liable|damages|claims?\b|confidential|warrant|\btax|intellectual property|breach|"
    r"infring|losses|remed|lawsuit|proceeding|governing law|disclos|\brights?\b|"
    r"\bcontrol\b|participate|compet|solicit|\blaws?\b|regulations|consent",
    re.IGNORECASE,
)
_REFERENCE_NEXT = re.compile(r"^\W*(?:sections?|articles?|clauses?|exhibits?|schedules?|paragraphs?)\s+[\dA-Z]", re.I)


# Additions routed through change control or a separate agreement: the boundary is closed.
_CHANGE_CONTROL = re.compile(
    r"statement of work|\bSOW\b|change order|change request|separate agreement|further agreement|"
    r"written amendment|mutually agree|agreeable to both|agreed (?:upon |to )?by (?:both|the) parties|"
    r"at additional (?:cost|charge)|additional (?:fees|charges)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _nouns() -> dict[str, frozenset[str]]:
    return word_lists("open_scope_nouns.json")


def check(unit: Unit) -> Iterator[Hit]:
    for match, sentence in candidates(unit):
        if match.label == "not-limited" and not _open_task_list(match.span, sentence):
            continue
        if match.label == "etc" and _LEGAL_CONTEXT.search(sentence.text):
            continue  # "claims, losses, costs or the like" in an indemnity: legal boilerplate, not the scope
        if _TEMPLATE_SLOT.search(sentence.text) or _TEMPLATE_NOTE.match(sentence.text):
            continue  # "The new {name of system} will ...": a template's sentence is not yet anyone's scope
        if _both_parties_act(sentence):
            continue  # "Each Party shall do all such further acts ...": a covenant on both sides, not one's scope
        if _describes_what_is(sentence):
            continue  # "Some of them are governance, slashing, etc.": a description, not work anyone takes on
        if match.label in ("not-limited", "etc") and _in_prohibition(match.span):
            continue  # "shall not use any software, including without limitation ...": widens a ban, not the scope
        if match.label == "other-duties" and _CHANGE_CONTROL.search(sentence.text):
            continue  # "any additional services shall be described in a signed SOW"
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))
    for span in _scope_may_grow(unit):
        sentence = span.sent
        if is_definition(sentence) or in_quotation(span) or _CHANGE_CONTROL.search(sentence.text):
            continue  # "if both parties mutually agree, additional staff may be required": closed by agreement
        yield Hit(span, _MESSAGES["may-grow"].format(span.text))
    for span in _not_the_whole(unit):
        if not is_definition(span.sent) and not in_quotation(span):
            yield Hit(span, _MESSAGES["not-whole"].format(span.text))


# "Additional data and metrics may be required", "more may be added as development progresses": the
# subject is work still to come and the verb says it may join the scope, with no bound or change control.
_MORE_TEXT = re.compile(r"\b(?:additional|more|further|new|future)\b", re.IGNORECASE)
_ADDING_VERBS = frozenset(
    {"add", "require", "request", "include", "contemplate", "identify", "need", "introduce", "encompass", "cover"}
)


def _scope_may_grow(unit: Unit) -> Iterator[Span]:
    """A main clause whose subject is more of something ("additional X", "further X", "more") and whose
    verb adds it to the work under "may / might / could" or "will likely": the scope is announced as
    growing, by how much nobody says."""
    doc = unit.doc
    if not _MORE_TEXT.search(unit.block.text):
        return  # most blocks: no need to join the parse's text
    for found in _MORE_TEXT.finditer(doc_text(doc)):  # a search of the text, not a walk over every token
        words = doc.char_span(found.start(), found.end())
        if words is None:
            continue
        token = words[0]
        subject = token if token.dep_ in ("nsubj", "nsubjpass") else token.head
        if subject.dep_ not in ("nsubj", "nsubjpass") or (subject is not token and token.dep_ != "amod"):
            continue
        verb = subject.head
        if verb.lemma_ not in _ADDING_VERBS or verb.dep_ not in ("ROOT", "conj") or not _maybe(verb):
            continue
        yield doc[subject.left_edge.i : verb.i + 1]


# "These user stories do not comprise the full scope of the project", "is not to describe all
# contemplated charges": the document says its own description of the work is incomplete.
_DESCRIBING_VERBS = frozenset(
    {"describe", "comprise", "list", "cover", "represent", "constitute", "capture", "enumerate", "specify", "detail"}
)
_WHOLE_WORDS = frozenset({"full", "entire", "complete", "whole", "exhaustive"})
# A block's tokens are read only if its text holds a word of each group: a negation, a word of wholeness,
# the stem of a describing verb.
_GATE_WORDS = (
    ("not", "n't", "never"),
    ("all", "full", "entire", "complete", "whole"),
    ("describ", "compris", "list", "cover", "represent", "constitut", "captur", "enumerat", "specif", "detail"),
)


def _not_the_whole(unit: Unit) -> Iterator[Span]:
    """A negated verb of describing whose object is the whole of something ("do not comprise the full
    scope", "not to describe all contemplated charges"): what was listed is declared to be only part of
    the work, so the rest is left open.  Verbs of containing ("include", "contain") are left out: "the
    fee does not include all taxes" excludes, it does not open."""
    text = unit.block.text.lower()
    if not all(any(word in text for word in words) for words in _GATE_WORDS):
        return  # most blocks: no token walk (substring tests: a case-blind regex over every block costs more)
    for token in unit.doc:
        if token.lemma_ not in _DESCRIBING_VERBS or token.pos_ != "VERB" or not _is_negated(token):
            continue
        whole = [c for c in token.children if c.dep_ == "dobj" and _is_whole(c)]
        if whole:
            yield unit.doc[token.i : whole[-1].i + 1]


def _is_negated(verb: Token) -> bool:
    """'do not comprise', or 'is not to describe' (the negation sits on the verb the infinitive hangs on)."""
    holders = (verb, verb.head) if verb.dep_ == "xcomp" else (verb,)
    return any(child.dep_ == "neg" for holder in holders for child in holder.children)


def _is_whole(noun: Token) -> bool:
    """'all X', 'the full / entire / complete X'."""
    return any(
        (c.dep_ == "det" and c.lower_ == "all") or (c.dep_ == "amod" and c.lower_ in _WHOLE_WORDS)
        for c in noun.children
    )


def _maybe(verb: Token) -> bool:
    """'may / might / could <verb>', or 'will likely / probably <verb>': a possibility, not a commitment."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    hedged = any(c.lower_ in ("likely", "probably") for c in verb.children)
    return bool(auxes & {"may", "might", "could"}) or ("will" in auxes and hedged)


# A slot a template leaves for its user to fill: "{name of system}", "{List relevant domain here}".
_TEMPLATE_SLOT = re.compile(r"\{[^{}]{2,60}\}")
# A bracketed note telling the template's user what to write: "(Agency to provide the technical landscape,
# end user needs, and so forth)", "[Add specific roles here]".
_TEMPLATE_NOTE = re.compile(
    r"^\W{0,3}[(\[]\s*(?:[A-Z][\w/]*(?: [A-Z][\w/]*)? to (?:provide|insert|describe|list|add|fill|enter|specify)\b|"
    r"(?:Add|Insert|Enter|Describe|List|Specify|Fill in)\b)"
)
_BOTH_PARTIES = re.compile(r"^(?:each|either|both|neither)(?: of the)? part(?:y|ies)$|^the parties$", re.IGNORECASE)


def _both_parties_act(sentence: Span) -> bool:
    """The subject of a main verb is both parties ("Each Party presently offers ...", "Each of the
    parties shall ... do all such further acts"): a covenant on both sides, not one side's scope."""
    return any(
        token.dep_ in ("nsubj", "nsubjpass")
        and token.head.dep_ in ("ROOT", "ccomp", "conj")
        and _BOTH_PARTIES.match(" ".join(t.text for t in token.subtree))
        for token in sentence
    )


def _describes_what_is(sentence: Span) -> bool:
    """The main verb is a present-tense "is / are" with no modal ("Some of them are ...", "It is essential
    that ...", "The Customer is solely responsible for all content, including ..."): the sentence says how
    things are, not what work the supplier takes on; a requirement carries "shall / will / must be"."""
    root = sentence.root
    if root.lemma_ != "be" or root.tag_ not in ("VBZ", "VBP"):
        return False
    return not any(child.dep_ in ("aux", "auxpass") for child in root.children)


def _in_prohibition(span: Span) -> bool:
    """The clause the open list belongs to is negated (judged from the word before the list, since
    "not limited to" is itself a negation)."""
    if span.start <= span.sent.start:
        return False
    return negated(span.doc[span.start - 1 : span.start])


def _open_task_list(span: Span, sentence: Span) -> bool:
    """Decided by the noun the open list hangs on: services, tasks, charges, expenses ("any costs of
    collection, including but not limited to ...") are scope or price; claims, rights, damages, taxes,
    agreements are legal boilerplate.  A list of cross-references ("including without limitation
    Section 2") is definite.  When the noun is in neither list, the clause's words decide."""
    doc = span.doc
    if _REFERENCE_NEXT.match(doc_text(doc)[span.end_char : span.end_char + 40]):
        return False
    anchors = list(_anchor_nouns(span))
    nouns = _nouns()
    if any(lemma in nouns["legal"] for lemma in anchors):
        return False
    if any(lemma in nouns["scope"] for lemma in anchors):
        return True
    return not _LEGAL_CONTEXT.search(sentence.text)


def _anchor_nouns(span: Span) -> Iterator[str]:
    """Lemmas of the nouns an "including ..." phrase can attach to: the subject of "include" ("Such
    charges include ..."), the parse head of "including" and the nouns it hangs from through
    prepositions ("costs associated with such collection, including"), and the nearest noun before
    (with the noun it is "of": "costs of collection")."""
    doc = span.doc
    before = doc[span.start - 1 : span.start] if span.start else doc[0:0]
    verb = next((t for t in (*before, *span) if t.lemma_ == "include"), span.root)
    if verb.lemma_ == "include" and verb.dep_ not in ("prep", "acl", "advcl"):
        yield from (c.lemma_.lower() for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    head, steps = verb.head, 0
    while head is not verb and steps < 4:
        if head.pos_ in ("NOUN", "PROPN"):
            yield head.lemma_.lower()
        elif head.pos_ == "VERB":  # "retain responsibility and liability for ..., including": the objects
            for child in head.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    yield child.lemma_.lower()
                    yield from (c.lemma_.lower() for c in child.conjuncts)
            break
        verb, head, steps = head, head.head, steps + 1
    for token in reversed(doc[max(span.sent.start, span.start - 8) : span.start]):
        if token.pos_ == "NOUN":
            yield token.lemma_.lower()
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
                yield token.head.head.lemma_.lower()  # "all costs of collection, including ..."
            break


RULE = make_rule(
    __name__,
    check=check,
    code="OS01",
    name="open-scope",
    category="open-scope",
    severity=Severity.WARNING,
    summary="Open-ended list or task boundary ('including but not limited to', 'etc.', 'as needed')",
    hint="Close the list, or say that additions go through a written change order.",
    patterns="open_scope.jsonl",
    fires=(
        "Services «include, but are not limited to», hosting and monitoring.",
        "The Contractor shall maintain servers, databases, «etc».",
        "The Consultant shall perform any «other duties as assigned».",
        "Key tasks «include but are not limited to» stakeholder interviews and usability testing.",
        "Client shall be liable for all costs of collection, «including without limitation» legal and court costs.",
        "The Supplier shall reimburse any expenses, «including, but not limited to», travel and lodging.",
        "The Vendor shall provide hosting services, «including, without limitations», backups and monitoring.",
        "Depending on the pilot, «additional dashboards may be required» in the second year.",
        "«Further user groups will likely cover» billing and payroll.",
        "The sample screens in Annex B do not «cover the full scope» of the portal work.",
        "This section is not meant to «list all required reports».",
    ),
    passes=(
        "Services consist of hosting and monitoring of the three systems listed in Annex A.",
        "The Contractor shall provide on-site support on the first Monday of each month.",
        "Vendor shall indemnify Client against all claims, including without limitation claims of infringement.",
        "Any additional services shall be described in a separate statement of work signed by both parties.",
        "The site shall be maintained in line with this Agreement, including without limitation Section 2 hereof.",
        "This Agreement supersedes all prior agreements, including but not limited to any letter of intent.",
        "The Vendor shall not install any software, including without limitation browser plug-ins, on staff laptops.",
        "Staff will not bring food, drinks, etc. into the server room.",
        "The Supplier shall hold the Client harmless from any claims, fines, penalties and the like.",
        "Each party shall sign such further documents and do such further acts as the other reasonably asks.",
        "The {vendor name} team will run workshops, interviews, etc. in the discovery phase.",
        "(Program Office to describe the current tools, data sources, hosting, etc.)",
        "Two additional dashboards will be delivered in the second release.",
        "If the parties mutually agree in writing, additional staff may be required on site.",
        "The wallets we looked at are Talisman, Nova, SubWallet, etc.",
        "The Customer is responsible for the content of its pages, including but not limited to images and scripts.",
        "The monthly fee does not include all travel costs.",
        "The Contractor shall describe all known risks in the project plan.",
    ),
)
