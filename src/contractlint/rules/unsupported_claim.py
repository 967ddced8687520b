"""unsupported-claim (UC01): a promotional or absolute claim with no evidence behind it.

What it flags
    "industry-leading", "world-class team", "best-in-class", "guaranteed satisfaction",
    "proven track record", "seamless integration", "uniquely qualified", "the first and only
    platform", "faster than competing platforms" — when the sentence offers no figure, named
    reference or certification.  In a proposal, a plain evaluative adjective ("a great team",
    "a novel system", "our API is reliable") is a claim when it says what the writer's side or
    product is (the predicate of 'be'/'have'); "a great opportunity" rates the situation instead.
    Evaluation criteria written by the buyer ("superior technical
    capabilities" in a basis for award) are not claims, nor is a qualification a SOW or RFQ asks
    for ("A strong background in data engineering") unless the writer says it of itself.

Why it matters
    A proposal is evaluated on what can be verified.  Adjectives are not evidence; a selection
    made on them cannot be defended, and a claim with nothing behind it cannot be held against
    the vendor later.

How to fix
    Replace the claim with its evidence: a metric ("99.95% measured uptime in 2025"), a named
    reference ("as delivered for the State of Ohio, contact ..."), or a certification
    (ISO 27001, SOC 2 Type II, CMMI Level 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Severity
from .base import Hit, Unit, make_rule
from .context import candidates, in_evaluation_section, negated, sentence_has_measure

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Evidence in the same sentence: certifications, citations, links, named references.
_EVIDENCE = re.compile(
    r"\b(?:ISO\s?\d{4,5}|SOC\s?[12]|CMMI|FedRAMP|PCI|HIPAA|certified|certification|award(?:ed)? by|"
    r"according to|as measured|case study|reference|references|for example|e\.g\.|such as|including|"
    r"https?://|www\.)",
    re.I,
)


def _says_of_itself(sentence: Span) -> bool:
    return any(t.lower_ in _FIRST_PERSON for t in sentence)


def _first_claim(span: Span) -> bool:
    """'We are the first decentralized X', 'The only open platform for Y.' (a title line): the
    phrase is what the subject is (predicate of 'be') or the whole fragment."""
    noun = span[-1]
    while noun.dep_ in ("compound", "amod") and noun.head.i > noun.i:
        noun = noun.head
    if noun.dep_ == "ROOT":
        return True
    if noun.dep_ != "attr" or noun.head.lemma_ != "be":
        return False
    subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.lower_ in _SELF or any(c.lower_ in _FIRST_PERSON for c in subject.children)
    )  # "We are / It is / Our platform is the first ..."; "Task 2 is the first major deliverable" is not


def check(unit: Unit) -> Iterator[Hit]:
    if in_evaluation_section(unit):
        return  # "superior technical capabilities" in a basis for award is the buyer's criterion, not a boast
    for match, sentence in candidates(unit):
        if match.label == "experience" and unit.profile != "proposal" and not _says_of_itself(sentence):
            continue  # "A strong technical background in X" in a SOW's list of qualifications asks for it
        if (
            sentence_has_measure(sentence)
            or _EVIDENCE.search(sentence.text)
            or negated(match.span)
            or _proper_name(match.span)
        ):
            continue
        if any(t.lower_ in _modals_that_require(unit) for t in sentence):
            continue  # "personnel must have strong experience" asks for something; VT01's business
        if match.label == "first" and not (unit.profile == "proposal" and _first_claim(match.span)):
            continue
        if match.label == "evaluative" and not (
            unit.profile == "proposal"
            and _describes_subject(match.span[0])
            and not sentence.text.rstrip().endswith("?")
        ):
            continue  # "great" is a boast only when a proposal says what it, its team or product is
        yield Hit(
            match.span,
            f"'{match.span.text}' is a claim with no evidence: back it with a figure, reference or certification",
        )


_REQUIREMENT_MODALS = frozenset({"shall", "must", "should"})


def _modals_that_require(unit: Unit) -> frozenset[str]:
    """In a proposal the writer asks nothing of anyone: "it should be more secure than other
    providers" predicts a merit, so only "shall" and "must" still mark a requirement there."""
    return _REQUIREMENT_MODALS - {"should"} if unit.profile == "proposal" else _REQUIREMENT_MODALS


_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my", "ours"})
_SELF = frozenset({"we", "i", "it", "this"})


_NOMINAL = ("ADJ", "NOUN", "PROPN")
_DESCRIBING_VERBS = frozenset({"be", "have", "remain", "become"})


def _describes_subject(adjective: Token) -> bool:
    """'It is a novel and interesting system', 'we have been a great team', 'our API is reliable':
    the adjective is the predicate of a copula or 'have', or modifies its complement — a statement
    of what the writer's side is, not a noun phrase inside an action ('at great cost')."""
    word = adjective
    while word.dep_ in ("conj", "amod", "compound") and word.head.i != word.i and word.head.pos_ in _NOMINAL:
        word = word.head
    if word is adjective and adjective.dep_ == "acomp":
        return adjective.head.lemma_ in _DESCRIBING_VERBS
    return (
        word.dep_ in ("attr", "dobj", "acomp")
        and word.head.lemma_ in _DESCRIBING_VERBS
        and word.lemma_ not in _SITUATION_NOUNS
    )


# "a great opportunity", "a strong interest in": the adjective rates the situation, not the vendor.
_SITUATION_NOUNS = frozenset(
    {"opportunity", "interest", "need", "deal", "challenge", "question", "importance", "problem", "demand"}
    | {"potential", "impact", "benefit", "pleasure", "honor", "honour"}
)


def _proper_name(span: Span) -> bool:
    """'Premier Nutrition Company': a capitalised word inside a name is not a boast."""
    first = span[0]
    return len(span) == 1 and first.text[:1].isupper() and not first.is_sent_start and first.pos_ == "PROPN"


RULE = make_rule(
    __name__,
    check=check,
    code="UC01",
    name="unsupported-claim",
    category="unsupported-claim",
    severity=Severity.INFO,
    summary="Promotional or absolute claim with no metric, reference or certification",
    hint="Back the claim in the same sentence with a metric, a named client reference or a certification.",
    patterns="unsupported_claim.jsonl",
    fires=(
        "Our «world-class» team delivers «industry-leading» results.",
        "We have a «proven track record» in public-sector cloud migrations.",
        "Our platform offers «seamless integration» with any ERP.",
        "Our team is «uniquely qualified» to deliver this work.",
        "Our architecture is «faster than competing» platforms.",
        "Our engineers have «strong engineering skills».",
        "We propose a team of four. She has «strong design and development skills».",
        "We propose a new portal, and we have a «great» team.",
        "We propose a tracker. We are «the first decentralized web analytics tool».",
        "We propose to build «next generation data» pipelines.",
        "We propose a relay. Our relay should be «faster than other» relays.",
        "Our «battle-tested» scheduler keeps every ledger in sync.",
        "Our archive viewer is «the most widely adopted platform» for digital collections.",
        "We propose a mesh network. It would be a «huge» step forward for rural users.",
    ),
    passes=(
        "Proposed personnel must have strong technical experience in Python.",
        "There are no outstanding options granted by the Company.",
        "Agreed by Fonterra (USA) Inc. and Premier Nutrition Company, LLC.",
        "Our team delivered 14 cloud migrations for state agencies since 2019 (references in Annex C).",
        "We are ISO 27001 certified and hold a SOC 2 Type II report.",
        "The Contractor shall integrate the portal with the State's ERP using its REST API.",
        "This grant is a great opportunity for the community.",
        "How reliable is a given storage provider?",
        "The migration was finished at great cost.",
        "A strong technical background in the following areas:",
        "We propose a plan. Task 2 is the first major deliverable of the project.",
        "The next generation of the portal will follow in 2028.",
        "The most recent release of the portal is version 2.3.",
        "The Contractor shall keep the backlog of change requests, which is huge, in the tracker.",
    ),
)
