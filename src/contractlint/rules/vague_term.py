"""vague-term (VT01): a subjective quality word used as a requirement.

What it flags
    "user-friendly", "robust security", "adequate staffing", "high-quality deliverables",
    "minimal downtime", "industry best practices", "appropriate measures", "to the
    satisfaction of the Client", "comprehensive tests", "well-documented code", "enterprise-grade
    security", "easy for an administrator to configure", and an adverb of manner on a required
    action ("pages shall load efficiently", "shall display properly").  The legal
    standards "workmanlike manner" and "reasonable steps" are not flagged, nor is a list item
    that states a fact ("Jane is an experienced designer ...") rather than asks for something.
    Nor are "submit the appropriate form" (picks the applicable one), "no adequate remedy" (denies
    one), an adverb on a state ("properly addressed") or in a purpose clause ("so that users can
    work efficiently"), or one whose clause carries a measure.

Why it matters
    Two readers would test these words differently, so acceptance becomes a negotiation.
    A requirement that cannot be tested cannot be accepted or rejected on the facts.

How to fix
    Replace the adjective by the measure it stands for: "page load under 2 s for 95% of
    requests", "downtime under 15 minutes per month", "controls per NIST SP 800-53 moderate".
    A vague word followed by its measure, or used in a definition or heading, is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..fastpath import doc_text
from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import (
    candidates,
    clause_has_measure,
    clause_verb,
    in_condition,
    in_evaluation_section,
    measure_within,
    negated,
    states_requirement,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .patterns import Match

_MESSAGES = {
    "quality": "'{}' is a subjective quality: state the measure that tests it",
    "appropriate": "'{}' leaves the standard to opinion: say which measures or how many",
    "standard": "'{}' names no standard anyone can check: cite the standard or the criteria",
    "custom": "'{}' is subjective: state a measurable criterion",
    "manner": "'{}' says how well with no measure: state the result that tests it",
}


def check(unit: Unit) -> Iterator[Hit]:
    if in_evaluation_section(unit):
        return  # "prices will be evaluated for consistency with industry standards" judges bids
    for match, sentence in candidates(unit):
        # "minimal downtime: under 15 minutes per month" supplies its measure; descriptions
        # ("DHSS uses a robust architecture") and conditions require nothing.
        if (
            measure_within(match.span, after=6)
            or not (
                states_requirement(unit, sentence)
                or _promises_product(match.span)
                or _we_practise(match.span)
                or _task_fragment(sentence)
            )
            or (_describes(unit, sentence) and not _we_practise(match.span))
            or _goal_outcome(match)
            or (match.label != "standard" and _refers_to_document(match.span))
            or in_condition(match.span)
            or negated(match.span)
            or _selects(match.span)
            or (match.label == "manner" and _manner_settled(match.span))
            or sentence.text.rstrip().endswith("?")  # "Will your team be adequately staffed?" asks, requires nothing
            or (match.label == "standard" and _cites_source(match.span))
        ):
            continue
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


def _task_fragment(sentence: Span) -> bool:
    """'To conduct thorough testing of the app for every release.': a sentence that is only an
    infinitive (its root has 'to' and no subject, and no main clause governs it) names a task, as a
    list item does; 'To properly scope the work, we feel ...' has a main clause and describes."""
    root = sentence.root
    return (
        root.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
    )


_ATTITUDES = frozenset({"be", "have", "believe", "think", "feel", "know", "hope", "want", "wish", "like", "love"})


def _we_practise(span: Span) -> bool:
    """'We use modern development tools', 'We focus on good UI and UX': a bidder stating in the
    present what it does on the work is a commitment of practice, not a description of a thing;
    being, having and believing ('We have an extensive vision') still describe."""
    verb = _subject_verb(span.root)
    return (
        verb is not None
        and verb.tag_ == "VBP"
        and verb.lemma_.lower() not in _ATTITUDES
        and any(c.dep_ == "nsubj" and c.lower_ == "we" for c in verb.children)
    )


def _subject_verb(token: Token) -> Token | None:
    """The nearest verb at or above the token that has a subject of its own ('well-documented' in
    'We write well-documented modules' is a verb form with none; 'write' has 'We')."""
    for verb in (token, *token.ancestors):
        if verb.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return verb
        if verb.dep_ in ("acl", "relcl"):
            return None  # a clause that describes a noun ('our ability to properly secure'): not the subject's act
    return None


def _under_duty(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("shall", "must") for c in verb.children)


_OUTCOME_VERBS = frozenset({"enable", "allow", "make", "help", "let"})
_OBJECT_LINKS = frozenset({"dobj", "xcomp", "ccomp", "oprd", "acomp"})
_CARRIED_BY = _OBJECT_LINKS | {"conj", "amod"}  # links through which a word stays part of a verb's object


def _goal_outcome(match: Match) -> bool:
    """'will enable scalable micropayments', 'will make information ... easy to navigate', 'help us
    create a more robust network', 'developers can easily build': the quality is what the work is
    to bring about, a goal with no metric (GL01 judges those, and the labels mark them so), not the
    standard a deliverable must meet.  An outcome verb under 'shall' or 'must' ('The Vendor shall make
    the tool easy to configure') is a duty on the deliverable itself and stays a requirement."""
    if match.label == "manner":  # what someone will be able to do: 'can easily build'
        verb = clause_verb(match.span)
        able = any(c.dep_ == "aux" and c.lower_ in ("can", "could") for c in verb.children)
        return able and not any(_under_duty(v) for v in verb.ancestors)  # 'shall ensure that staff can easily ...'

    token = match.span.root
    while token.head.i != token.i:
        head = token.head
        if head.lemma_.lower() in _OUTCOME_VERBS and token.dep_ in _OBJECT_LINKS:
            return not _under_duty(head)
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in _OUTCOME_VERBS and token.dep_ not in _CARRIED_BY:
            return False  # another verb's subject, modifier or adjunct: not what an outcome verb brings about
        token = head
    return False


# "take appropriate action in accordance with the inspection clause", "implement appropriate
# safeguards as required by the applicable law": what is appropriate is what the named document says.
_REFERRING = re.compile(
    r"\s*,?\s*(?:in accordance with|consistent with|pursuant to|according to|per|under"
    r"|as (?:specified|set out|set forth|defined|described|required|provided) (?:in|by|under))\b",
    re.I,
)
_DOCUMENT_NOUNS = word_lists("vague_term.json")["document_nouns"]


def _refers_to_document(span: Span) -> bool:
    """A reference to a document or the law follows the word in its clause, within a dozen words,
    and supplies the measure the word lacks ('appropriate action in accordance with the inspection
    and acceptance clause').  'Industry practices' are themselves the open standard, so the
    "standard" label is left to `_cites_source`."""
    doc, text = span.doc, doc_text(span.doc)
    stop = min(span.sent.end, span.end + 12)
    for token in doc[span.end : stop]:
        if token.text == ";":
            return False
        referring = _REFERRING.match(text, token.idx)
        if referring:
            named = [t for t in doc[token.i : span.sent.end] if t.idx >= referring.end()][:6]
            return any(t.lower_ in _DOCUMENT_NOUNS for t in named)
    return False


_INDICATIVE = frozenset({"VBZ", "VBD", "VBP"})
_SELECTING = frozenset({"appropriate", "proper", "suitable", "adequate", "sufficient"})


def _manner_settled(span: Span) -> bool:
    """An adverb of manner ('load efficiently', 'display properly') is vague only on an action asked
    for with nothing in its clause to measure it: 'process requests efficiently: 95% within 2 s' is
    measured; 'properly addressed', 'properly logged', '- Properly aligning ...' qualify a state or a
    gerund heading, not the way a required action is done."""
    return clause_has_measure(span) or span.root.head.tag_ in ("VBN", "VBG") or _in_purpose(span.root)


def _in_purpose(token: Token) -> bool:
    """'... so that future vendors can integrate smoothly', 'so I can properly address issues':
    how well someone else will be able to act is the goal of the duty, not the duty."""
    for verb in token.ancestors:
        if verb.dep_ == "advcl" and any(c.lower_ in ("so", "that") for c in verb.children):
            return True
    return False


def _selects(span: Span) -> bool:
    """'submit the appropriate form' picks the applicable one, it asks for no quality; 'no adequate
    remedy' denies one.  Only 'appropriate corrections' / 'an appropriate format' leave a standard open."""
    if span[0].lower_ not in _SELECTING:
        return False
    dets = {c.lower_ for c in span.root.children if c.dep_ == "det"}
    if "no" in dets:
        return True
    return bool(dets & {"the", "this", "that", "each", "any", "other"}) and span.root.tag_ in ("NN", "NNP")


_SOURCE_NOUNS = frozenset(
    {"playbook", "handbook", "guide", "guidance", "guidelines", "framework", "manual", "policy", "standard", "library"}
)


def _cites_source(span: Span) -> bool:
    """'best practices from the Digital Services Playbook', 'best practices as set out in the
    agency's design guide': the practices are those of a document, which a reviewer can read;
    'best practices of the industry' or 'industry standard levels of availability' name none."""
    doc, stop = span.doc, min(span.sent.end, span.end + 10)
    preposition = next((t for t in doc[span.end : stop] if t.lower_ in ("from", "in", "of", "under", "per")), None)
    if preposition is None or any(t.is_punct for t in doc[span.end : preposition.i]):
        return False
    named = doc[preposition.i + 1 : min(stop, preposition.i + 6)]
    return any(t.lower_.rstrip("()0123456789") in _SOURCE_NOUNS for t in named)  # "Playbook(1)" is one token


def _describes(unit: Unit, sentence: Span) -> bool:
    """A list item or table cell that is a full statement of fact — 'Jane is an experienced designer
    with a record of high-quality interfaces', 'The tool uses a robust queue' — describes; only
    fragments, imperatives and items with a verb of obligation are requirements by position."""
    if unit.block.kind not in ("list-item", "table-cell") or any(t.lower_ in _DUTY_WORDS for t in sentence):
        return False
    root = sentence.root
    return root.tag_ in _INDICATIVE and any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)


_DUTY_WORDS = frozenset(
    {"shall", "must", "will", "should", "need", "needs", "required", "requires", "ensure", "ensures"}
    | {"agree", "agrees", "warrant", "warrants"}  # "- Consultant agrees to keep adequate records"
)

_MAKING_VERBS = frozenset({"build", "create", "develop", "design", "implement", "produce", "launch"})


def _promises_product(span: Span) -> bool:
    """A thing still to be made, described by the one who will make it or ask for it: 'We are
    building an easy to use dashboard', 'to build a visually appealing explorer', 'a proposed
    user-friendly portal'.  The quality is then what the buyer is promised, and the acceptance test
    has to measure it.  A verb in the past ('we built a robust queue') or a thing that exists
    ('DHSS uses a robust architecture') is a description, not a promise."""
    before = span.doc[span.sent.start : span.start]
    return any(
        (t.lemma_.lower() in _MAKING_VERBS and t.tag_ in ("VB", "VBG", "VBP")) or t.lower_ == "proposed" for t in before
    )


RULE = make_rule(
    __name__,
    check=check,
    code="VT01",
    name="vague-term",
    category="vague-term",
    severity=Severity.WARNING,
    summary="Subjective quality word used as a requirement ('robust', 'adequate', 'best practices')",
    hint="Replace the adjective with the measure it stands for (a number, a unit, a named standard).",
    patterns="vague_term.jsonl",
    fires=(
        "The Vendor shall deliver a «user-friendly» portal.",
        "The Contractor shall provide «adequate staffing» for the help desk.",
        "All work shall follow «industry best practices».",
        "The Supplier shall take «appropriate measures» to protect Customer Data.",
        "Migration shall cause «minimal downtime».",
        "The vendor will deliver «comprehensive tests» and a «well-documented» codebase.",
        "- Provide «extensive documentation» for the framework",
        "The Contractor shall ensure a «smooth transition» to the successor vendor.",
        "- Support for «modern web browsers»",
        "The Contractor shall ensure that pages load «efficiently» on mobile devices.",
        "- «Enterprise-grade security» for the payment service",
        "- «Enterprise grade security» for the payment service",  # the same without its hyphen
        "The vendor shall ship a «full featured editor» for case notes.",
        "The Vendor shall make the tool «easy for an administrator to configure».",
        "- Being able to «easily» export the case report to a spreadsheet",
        "We are building an «easy to use» dashboard for tenants.",
        "- The Consultant agrees to keep «adequate» written records of every invention.",
        "- «Good UX» for first-time applicants",
        "- The permit search must be «fast to load» on a phone.",
        "The portal shall use a «simple and consistent» layout on every page.",  # coordinated qualities
        "- We write «well-documented» modules for every county office.",  # a bidder's stated practice
        "The County shall take «appropriate action» against late vendors.",  # no document supplies it
        "The Vendor shall ensure that clerks can «easily» merge duplicate records.",  # an ability required
        "The Supplier shall move the archive with the «minimum of interruption» to the clinics.",
        "The Vendor shall patch the servers with «minimal effect» on ward staff.",
        "To carry out «thorough testing» of the intake app before each release.",  # a task fragment
    ),
    passes=(
        "Migration shall cause minimal downtime: under 15 minutes per month.",
        "The Contractor shall staff the help desk with 4 analysts from 08:00 to 18:00 ET.",
        '"Adequate Staffing" means at least four analysts on duty during business hours.',
        "The Services shall be performed in a professional and workmanlike manner.",
        "The Supplier shall take reasonable steps to protect the premises.",
        "- Jane is an experienced designer with a record of high-quality interfaces.",
        "The Contractor shall submit the appropriate form to the Contracting Officer.",
        "The Company shall have no adequate remedy at law for such a breach.",
        "Notices shall be deemed given when properly addressed and delivered by courier.",
        "The Vendor shall document the interface so that other teams can integrate efficiently.",
        "The Contractor shall process requests efficiently: 95% within 2 seconds.",
        "Last year we built a robust queue for the claims office.",
        "All screens shall follow the best practices in the agency's design playbook.",
        "Will your team be adequately staffed for the whole project?",
        "The Vendor shall document the API so that partner teams can easily reuse it.",
        "Our current intake form is simple and short.",  # a description: no requirement
        "The new index will make archived permits easy to find for clerks.",  # a goal's outcome (GL01)
        "With the new API, county clerks can easily merge duplicate records.",  # an ability, the goal
        "- We have extensive experience with county permit systems.",  # having describes
        "We earn trust through our ability to properly protect case files.",  # the adverb describes a noun
        "The County shall take appropriate action in accordance with the acceptance clause of the order.",
        "The cut-over shall cause the least impact: 10 minutes of downtime at most.",  # measured
        "Last spring the archive move had minimal effect on ward staff.",  # a description
        "To properly scope the work, we met the county's staff last spring.",  # a main clause describes
    ),
)
