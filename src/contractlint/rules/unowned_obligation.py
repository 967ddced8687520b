"""unowned-obligation (UO01): a duty in the passive voice with no party named.

What it flags
    "Reports shall be submitted monthly.", "All defects must be fixed within 5 days.",
    "Training will be provided." — an obligation (shall/must/will/is to be + past participle)
    with no "by ..." agent.

Why it matters
    An obligation nobody owns is an obligation nobody performs.  When the deliverable is late,
    each party points at the other, and the contract does not say who was right.

How to fix
    Name the party: "The Contractor shall submit reports monthly", or add the agent: "shall be
    approved by the COR".  State-of-being passives ("shall be deemed", "shall be governed by"),
    price terms ("the balance shall be divided", "will be billed at $200 per hour"), procurement
    procedure ("Award will be made to ..."), passives whose "by <party>" comes later in the
    sentence ("must be reviewed for sign-off by the Customer"), and passives in a sentence that
    already binds a party
    ("payment from the Customer shall be made", "The Supplier warrants that the Services will be
    performed ...") are not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import in_evaluation_section, in_quotation, is_definition

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return word_lists("unowned_obligation.json")


def check(unit: Unit) -> Iterator[Hit]:
    if in_evaluation_section(unit):
        return  # "Offers must be received by ...": how the buyer runs the competition, not a duty
    lists = _lists()
    for verb in unit.doc:
        if verb.tag_ != "VBN" or verb.lower_ in lists["state_participles"] or _state_with_complement(verb, lists):
            continue
        auxpass = next((c for c in verb.children if c.dep_ == "auxpass"), None)
        if auxpass is None or _has_agent(verb, lists) or not _is_duty(verb, auxpass, lists):
            continue
        if _negated(verb) or not _in_main_clause(verb.head if verb.dep_ == "xcomp" else verb):
            continue
        subject = _subject(verb)
        if subject is not None and not _recipient(verb, subject, lists) and (
            _names_someone(subject, lists) or subject.lower_ in lists["amount_subjects"]
        ):
            continue  # "the balance shall be divided by two": a price computation, not a duty
        if subject is not None and subject.lower_ in lists["proceeding_subjects"]:
            continue  # "Any legal action shall be commenced within a year": binds whichever party brings it
        if _agent_later(verb, lists):
            continue  # "will be updated within 10 days of kick-off by the Product Lead": the agent is there
        if _at_price(verb, lists):
            continue  # "Extra hours will be billed at $200 per hour": a price term, not a duty
        if _about_the_competition(verb, lists) or _recital(verb.sent):
            continue  # "Actual dates will be provided at time of award", "WHEREAS, X will be licensed ..."
        if _classified(verb):
            continue  # "shall be provided on a time and materials basis", "will be provided as Non-Covered Services"
        sentence = verb.sent
        if is_definition(sentence) or in_quotation(sentence[0:1]) or _party_binds_sentence(sentence, lists):
            continue
        start = min(t.i for t in verb.children if t.dep_ in ("aux", "auxpass"))
        span = unit.doc[start : verb.i + 1]
        yield Hit(span, f"'{span.text}' names no one responsible: say which party shall do it")


def _state_with_complement(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'shall be held liable', 'is held invalid': with a complement the participle tells a state; without
    one it is work to do ('Status meetings must be held weekly')."""
    complements = ("oprd", "acomp", "xcomp")
    return verb.lower_ in lists["complement_states"] and any(c.dep_ in complements for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The passive's subject, or for a verb coordinated with an earlier one and given no subject of its own,
    the subject they share ('All notices ... shall be in writing and shall be sent to the parties')."""
    own = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if own is not None or verb.dep_ != "conj":
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    else:
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    return _whole(subject) if subject is not None else None


_PARTITIVES = frozenset({"part", "parts", "portion", "portions", "rest", "remainder", "any", "all", "each", "some"})


def _whole(subject: Token) -> Token:
    """'the part of this Agreement that is found invalid', 'each of the reports': a part is judged by
    the whole it is part of."""
    if subject.lower_ in _PARTITIVES:
        for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"):
            return next((o for o in prep.children if o.dep_ == "pobj"), subject)
    return subject


def _is_duty(verb: Token, auxpass: Token, lists: dict[str, frozenset[str]]) -> bool:
    """shall/must/will + be + participle, or 'is to be' / 'has to be' + participle."""
    auxes = [c for c in verb.children if c.dep_ == "aux" and c.i < auxpass.i]
    if any(a.lower_ in lists["modals"] for a in auxes):
        return not any(a.lower_ == "should" for a in auxes)  # 'should be' belongs to WC02
    head = verb.head
    return (
        any(a.lower_ == "to" for a in auxes)
        and verb.dep_ == "xcomp"
        and head.lower_ in lists["to_be_heads"]
        and head.tag_ in ("VBZ", "VBP")  # not "will need to be prepared": a forecast
        and not any(c.lower_ == "yet" for c in head.children)  # "has yet to be decided": not yet
    )


def _agent_later(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'by <party>' later in the sentence that the parse hung on a nearer noun ('reviewed for signoff
    by Customer').  On another verb ('the address specified by the Court') it is that verb's agent."""
    return any(
        t.lower_ == "by"
        and t.head.pos_ in ("NOUN", "PROPN")
        and any(o.dep_ == "pobj" and _is_agent(o, lists) for o in t.children)
        for t in verb.doc[verb.i + 1 : verb.sent.end]
    )


def _at_price(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'billed at $200 per hour', 'shipped at the new price': the passive states a price."""
    return any(
        pobj.lower_ in lists["amount_subjects"] or any(t.tag_ == "$" or t.ent_type_ == "MONEY" for t in pobj.subtree)
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "at"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )


def _classified(verb: Token) -> bool:
    """'shall be provided on a time and materials basis', 'will be provided as Additional Services': the
    passive sorts the work into a commercial class (how it is charged), it does not assign it."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for pobj in (o for o in prep.children if o.dep_ == "pobj"):
            if prep.lower_ == "on" and pobj.lower_ == "basis" and not _only_adjectives(pobj):
                return True  # not "on a periodic basis": a cadence, which says when, not how it is charged
            if prep.lower_ == "as" and pobj.pos_ == "PROPN" and pobj.text[:1].isupper():
                return True
    return False


def _about_the_competition(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """The passive's own clause names a stage or actor of the competition ('provided at time of award',
    'Offerors ... will be notified', 'negotiated prior to Task Order award', 'made ... for inclusion in an
    RFP'): how the buyer runs the procurement, not a duty of the contract.  Only its own clause: in
    'the following must be submitted with each invoice, all of which will be provided at time of award'
    the award belongs to the relative clause."""
    return any(t.lower_ in lists["competition_words"] for t in _own_clause(verb))


def _own_clause(verb: Token) -> Iterator[Token]:
    stack = [verb]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in _OTHER_CLAUSES)


_OTHER_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "conj", "acl", "xcomp"})


def _recital(sentence: Span) -> bool:
    """'WHEREAS, TrueLink is licensed (or will be licensed) ...': a recital tells the background; the
    duties start after it."""
    return sentence.text.lstrip().upper().startswith("WHEREAS")


def _only_adjectives(noun: Token) -> bool:
    modifiers = [c for c in noun.children if c.dep_ not in ("det", "punct")]
    return bool(modifiers) and all(c.pos_ == "ADJ" for c in modifiers)


def _negated(verb: Token) -> bool:
    """'shall not be disclosed' forbids rather than assigns work; 'no invoice will be issued' too."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    negative_subject = subject is not None and any(c.lower_ in ("no", "neither") for c in subject.children)
    return negative_subject or any(c.dep_ == "neg" for c in verb.children)


def _in_main_clause(verb: Token) -> bool:
    """Duties live in main clauses; 'if ... will be updated' or 'agree that ... shall be made' do not assign one."""
    while verb.dep_ == "conj":
        verb = verb.head
    return (
        verb.dep_ == "ROOT"
        and not any(c.dep_ == "mark" for c in verb.children)
        and not verb.sent.text.rstrip().endswith("?")
    )


def _names_someone(subject: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'The Contractor will be compensated', 'Quotes will be evaluated': the subject is a party or
    a bidder's submission, so either the party is named or this is procurement procedure."""
    words = {subject.lower_} | {t.lower_ for t in subject.subtree if t.dep_ in ("compound", "poss")}
    if words & lists["skip_subjects"] or subject.ent_type_ == "PERSON":
        return True
    if any(t.lower_ in lists["procurement_words"] for t in subject.subtree):
        return True  # "Any changes to this RFQ will be posted", "Award will be made to ...": procedure
    # "payment from Kubient to Customer shall be made", "a waiver by either party": the actor is inside
    # the subject.
    return any(
        prep.lower_ in ("by", "from") and _is_agent(pobj, lists)
        for prep in subject.children
        if prep.dep_ == "prep"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )


def _recipient(verb: Token, subject: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'The selected vendor will be provided with ...', 'The other Party shall be named as an additional
    insured': the party is the one who receives, so the one who must provide or name is unnamed."""
    return verb.lower_ in lists["recipient_participles"] and _is_agent(subject, lists)


def _party_binds_sentence(sentence: Span, lists: dict[str, frozenset[str]]) -> bool:
    """Another clause of the sentence binds a party ('The Services shall be performed ..., and the
    Developer shall obtain all permits'; 'VOTOCAST warrants that: ... (d) the Services will be
    performed ...'): the passive duty is that party's."""
    for token in sentence:
        if token.dep_ != "nsubj" or not _is_agent(token, lists):
            continue
        head = token.head
        if head.dep_ not in ("ROOT", "conj"):
            continue  # "as the Parties have agreed", "a technique that will query": not the main clause
        if head.lemma_ in _BINDING_VERBS or any(c.dep_ == "aux" and c.lower_ in lists["modals"] for c in head.children):
            return True
    return False


_BINDING_VERBS = frozenset({"warrant", "agree", "covenant", "represent", "undertake", "acknowledge"})


def _is_agent(noun: Token, lists: dict[str, frozenset[str]]) -> bool:
    """A party, person or role that can act ('the COR', 'Kubient', 'either party'); not a thing or a
    means ('documentation', 'email', 'the ticket tool'), nor 'it' or 'that'."""
    return noun.pos_ == "PROPN" or noun.lower_ in lists["agents"] or any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children
    )


def _has_agent(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """An agent on this verb or on a verb coordinated with it ('reviewed and approved by the COR').
    'by the conclusion of performance' is a deadline, not an agent."""
    related = [verb, *verb.conjuncts]
    for agent in (c for v in related for c in v.children if c.dep_ == "agent"):
        objects = [g for g in agent.children if g.dep_ == "pobj"]
        if any(o.lower_ in lists["time_words"] or o.like_num or o.ent_type_ == "DATE" for o in objects):
            continue
        if not _enclosure(agent.head, objects, lists):
            return True
    return False


def _enclosure(verb: Token, objects: list[Token], lists: dict[str, frozenset[str]]) -> bool:
    """'shall be accompanied by the timesheets', 'substantiated by receipts': the 'by' names what goes with
    the thing, not who acts, so the one who must send it is still unnamed ('supported by the Vendor' is an agent)."""
    return verb.lower_ in lists["enclosure_participles"] and not any(
        _is_agent(o, lists) or o.pos_ == "PRON" for o in objects
    )


RULE = make_rule(
    __name__,
    check=check,
    code="UO01",
    name="unowned-obligation",
    category="unowned-obligation",
    severity=Severity.WARNING,
    summary="Passive-voice duty with no party named",
    hint="Name the party that must act: 'The Contractor shall submit ...', or add 'by <party>'.",
    fires=(
        "Reports «shall be submitted» monthly.",
        "All defects «must be fixed» within 5 days.",
        "Training «will be provided» to all new users.",
        "The deliverables «must be provided» by the conclusion of performance.",
        "After an outage, the service desk has «to be notified» within one hour.",
        "Test scripts need «to be updated» before each release.",
        "Invoices «must be submitted» to the address specified by the Customer.",
        "The open-source licences «shall be clearly listed» in the documentation.",
        "All licences «shall be set» forth in a conspicuous place when the code is delivered.",
        "The other Party «shall be named» as an additional insured on the policy.",
        "The Contractor «will be provided» with the test data at kick-off.",
        "The reports shall be complete and «shall be sent» to the program office.",
        "These webinars «will be recorded» on a periodic basis.",
        "The invoice «must be submitted» with the timesheets, which will be provided at time of award.",
        "Each monthly invoice «must be accompanied» by the signed timesheets for that month.",
        "Status reviews «must be held» every second week at the client's office.",
    ),
    passes=(
        "The Contractor shall submit reports monthly.",
        "Submissions received after the deadline will not be accepted.",
        "All invoices shall be approved by the COR.",
        "This Agreement shall be governed by the laws of New York.",
        "Any notice shall be deemed received on the next business day.",
        "Payment from the Customer shall be made within 30 days of the invoice date.",
        "The remaining balance shall be divided equally between the two phases.",
        "Additional support will be charged at the hourly rate in Schedule B.",
        "Any changes to this RFQ will be posted as an amendment.",
        "The Supplier warrants that the Services will be performed in a professional manner.",
        "The reports shall be archived, and the Vendor shall keep them for five years.",
        "The budget for the next phase has yet to be approved.",
        "Additional licences will be invoiced at $50 per user per month.",
        "The test plan must be reviewed within five days of the kick-off meeting by the Customer.",
        "The fees shall be as set forth in Schedule A.",
        "The Contractor will be paid at the rates in Schedule B.",
        "Any dispute under this Agreement shall be submitted to arbitration in Geneva.",
        "Any claim arising from this order must be filed within one year of delivery.",
        "All notices under this order shall be in writing and shall be sent to the addresses on the first page.",
        "Any extra workshops shall be provided on a time and materials basis.",
        "Any studies the Owner asks for will be provided as Additional Services.",
        "Names of the technical contacts will be provided at time of award.",
        "WHEREAS, a new billing platform will be installed at the Customer's site in 2027;",
        "Each release of the portal must be supported by the Vendor for two years after delivery.",
        "The remaining clauses shall be held valid and enforceable.",
    ),
)
