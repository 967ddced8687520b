"""one-sided-term (OT01): a clause that shifts risk or discretion to one party.

What it flags
    "at its sole discretion", "without notice", "shall not be liable for any", "provided
    'as is'", "automatically renew", "non-refundable", "may change the fees at any time",
    "reserves the right to", "exclusive remedy"; a right held by one named party alone
    ("Provider may suspend ...", "Licensor is entitled to terminate ...", "may be assigned by
    the Supplier"); one side's liability excluded or capped ("X shall not be liable",
    "X's liability shall be limited to ..."); warranties disclaimed ("makes no warranty",
    "does not guarantee"); prices at one side's "then-current rates".

Why it matters
    These terms let one side decide alone — to change the price, end the service, or walk away
    from losses — and they are where outsourcing disputes are lost.  A reviewer should see every
    one before signing, and either accept it knowingly or negotiate it.

How to fix
    Make the term mutual ("either party may ... with 30 days' written notice"), bound it (a cap,
    a notice period, objective criteria for the discretion), or give the other party a remedy
    (a right to terminate, a refund).  Terms binding both parties are not flagged, nor rights
    that arise only on the other side's default ("if the defect is not cured, the Customer may
    terminate"), prohibitions ("may not assign"), a party's choice of how to meet its own duty
    ("shall, at its option, repair or replace"), or change no party decides ("the
    categorization can change at any time").  A mutual phrase inside an escape condition does
    not make the term mutual: "renews automatically unless either party gives notice" is flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..fastpath import doc_text
from ..finding import Severity
from ..termlists import word_lists
from .base import Hit, Unit, make_rule
from .context import candidates, in_bidder_instructions, in_condition, is_mutual_term, negated

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .patterns import Match

_MESSAGES = {
    "discretion": "'{}' gives one party unchecked discretion: bound it with criteria or notice",
    "no-notice": "'{}' lets one party act with no warning or reason",
    "liability": "'{}' shifts the risk of loss to the other party",
    "shield": "'{}': one party's liability is excluded or capped, the other's is not",
    "as-is": "'{}' disclaims responsibility for what is delivered",
    "disclaim": "'{}' disclaims responsibility for what is delivered",
    "renewal": "'{}' renews the commitment unless someone remembers to stop it",
    "refund": "'{}' leaves the paying party no way back",
    "change": "'{}' lets one party change the deal alone",
    "unilateral": "'{}': one party alone holds this right: make it mutual or bound it",
    "custom": "'{}' favours one party",
}
# Verbs by which a party gives up a right or a claim: negated, the right is kept ("does not waive").
_GIVING_UP = frozenset({"waive", "release"})
# Verbs that cap or remove a liability: "X's liability shall be limited to", "... is excluded".
_CAPPING_VERBS = frozenset({"limit", "exclude", "exceed", "cap"})


@lru_cache(maxsize=1)
def _party_words() -> frozenset[str]:
    lists = word_lists("parties.json")
    return lists["supplier"] | lists["client"]


def check(unit: Unit) -> Iterator[Hit]:
    kept = [(match, sentence) for match, sentence in candidates(unit) if _one_sided(unit, match, sentence)]
    named = {sentence.start for match, sentence in kept if match.label != "unilateral"}
    shielded: set[int] = set()
    for match, sentence in kept:
        if match.label == "unilateral" and sentence.start in named:
            continue  # "may terminate ... at its sole discretion": one finding, on the named term
        if match.label in ("liability", "shield"):
            if sentence.start in shielded:
                continue  # one finding per liability clause
            shielded.add(sentence.start)
        yield Hit(match.span, _MESSAGES[match.label].format(match.span.text))


def _one_sided(unit: Unit, match: Match, sentence: Span) -> bool:
    span, label = match.span, match.label
    if is_mutual_term(sentence, _modified_clause(span)) or (in_condition(span) and label != "discretion"):
        # "either party may ..." binds both sides; "if X terminates without cause" is a trigger, but in
        # "if, in its sole discretion, X finds ..." the holder still decides whether the trigger is met
        return False
    if label == "liability" and span[0].lemma_ in _GIVING_UP and negated(span):
        return False  # "failure to inspect does not waive any rights": the rights are kept, not given up
    if label in ("change", "unilateral") and not _held_by_one_party(unit, span, label):
        return False  # "The categorization can change at any time": no party holds a right
    if label == "disclaim" and unit.profile == "proposal":
        return False  # "we cannot guarantee this outcome": a proposal's hedge, not a contract term
    if label == "shield" and not _shields(span):
        return False  # "The Contractor shall be liable for ...": liability kept, not shifted
    if label == "no-notice" and (_next_word(span) == "of" or _previous_words(span, 2) == "with or"):
        return False  # "without notice of a restriction": not knowing; "with or without cause": either way
    # "in the election of directors"; "shall, at its option, repair or replace": the means of a duty
    return not (label == "discretion" and ((_next_word(span) == "of" and span[0].lower_ == "in") or _within_duty(span)))


def _modified_clause(span: Span) -> Span:
    """A term that is a clause of its own ("as it sees fit", "as TAG deems necessary") is mutual or
    not by the clause it modifies: "Either party may publish ... as it sees fit" binds both."""
    root = span.root
    if root.dep_ == "advcl" and any(c.dep_ == "nsubj" and c.i in range(span.start, span.end) for c in root.children):
        return span.doc[root.head.i : root.head.i + 1]
    return span


def _next_word(span: Span) -> str:
    return span.doc[span.end].lower_ if span.end < len(span.doc) else ""


def _previous_words(span: Span, count: int) -> str:
    return " ".join(t.lower_ for t in span.doc[max(span.start - count, 0) : span.start])


def _within_duty(span: Span) -> bool:
    """'X shall, at its option and expense, procure ... or replace ...': the option is a choice among
    ways of meeting the holder's own obligation, not discretion over the other party."""
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return span[-1].lower_ in ("option", "election") and any(
        c.dep_ == "aux" and c.lower_ in ("shall", "will", "must") for c in verb.children
    )


def _held_by_one_party(unit: Unit, span: Span, label: str) -> bool:
    """A right granted to a named party: 'Provider may change ...', 'may be assigned by the Provider',
    'Licensor reserves the right to ...' -- not a prohibition ('may not assign'), not a thing that
    changes by itself, not an offeror's option in instructions to bidders."""
    verb = next((t for t in span if t.pos_ == "VERB"), span.root)
    if any(c.dep_ == "neg" for c in verb.children) or any(t.dep_ == "neg" for t in span):
        return False
    holder = _holder(verb)
    if holder is not None and any(c.dep_ == "conj" for c in holder.children):
        return False  # "The Supplier's manager and the Client's manager may amend the plan": held jointly
    if label == "change":  # the phrase itself names the act; only a non-party subject disqualifies it
        return holder is None or _is_name(holder) or holder.lower_ in _party_words() or holder.pos_ == "PRON"
    if in_bidder_instructions(unit) or holder is None or not _main_clause(verb) or _conditional(verb):
        return False  # "duties as may be assigned"; "if the defect is not cured, Customer may terminate"
    if any(t.lower_ == "only" for t in span):
        return False  # "may only assign one licence per user": a limit on the holder, not a right
    return holder.lower_ in _party_words() or (_is_name(holder) and holder.lower_ not in _NOT_PARTIES)


def _is_name(token: Token) -> bool:
    """A proper name, also where the tagger missed it: a company in capitals ("VOTOCAST reserves the
    right", "by CCCM") reads as a plural noun, an adverb or a common noun to the small model."""
    return token.pos_ == "PROPN" or (len(token.text) > 1 and token.text.isalpha() and token.text.isupper())


# "X is entitled / permitted to ...": the passive subject holds the right.
_GRANTING = frozenset({"entitle", "permit", "allow", "authorize", "authorise"})
# Capitalised defined terms that are things, not parties: "This Agreement may be amended ...".
_NOT_PARTIES = frozenset({"agreement", "contract", "order", "services", "service", "sow", "terms", "software", "site"})


def _main_clause(verb: Token) -> bool:
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _conditional(verb: Token) -> bool:
    """The right arises only on a condition ('if X fails to cure, Y may terminate'): a remedy for the
    other party's default, not discretion."""
    holder = _holder(verb)
    while True:
        if any(_is_condition(c) and not _own_act(c, holder) for c in verb.children):
            return True
        if verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head


_CONDITIONS = frozenset({"if", "unless", "when", "whenever", "should"})
# "In the event (that / of) ...", "in case ...": a condition phrased as a noun, which the parser hangs
# on the verb as a preposition or as a clause starting with it.
_CONDITION_NOUNS = frozenset({"event", "case"})


def _is_condition(child: Token) -> bool:
    """An if / unless clause, or one opened by "in the event" / "in case", before or after the right."""
    if child.dep_ == "advcl" and any(m.lower_ in _CONDITIONS for m in child.children):
        return True
    if child.dep_ not in ("prep", "advcl", "ccomp"):
        return False
    words = list(child.subtree)[:3]
    opening = [t.lower_ for t in words if t.lower_ not in ("the", "an", "any")]
    return len(opening) >= 2 and opening[0] == "in" and opening[1] in _CONDITION_NOUNS


def _own_act(condition: Token, holder: Token | None) -> bool:
    """The condition is the holder's own doing ('If Provider updates the Service, Provider may change
    the categories'): the holder sets off its own right, so it is no remedy for the other's default."""
    subjects = (c for c in (*condition.children, *condition.subtree) if c.dep_ in ("nsubj", "nsubjpass"))
    subject = next(subjects, None)  # an "in the event that ..." phrase holds its subject deeper down
    return holder is not None and subject is not None and subject.lower_ == holder.lower_ and subject.pos_ != "PRON"


def _holder(verb: Token) -> Token | None:
    """Who holds the right: the subject of the verb (or of the verb it is coordinated with), or
    the agent of a passive ('by the Provider', also on a later conjunct)."""
    head = verb
    while True:
        for child in head.children:
            if child.dep_ in ("nsubj", "expl") or (child.dep_ == "nsubjpass" and head.lemma_ in _GRANTING):
                return child
            if child.dep_ == "compound" and head.pos_ == "NOUN":
                return child  # "The Vendor reserves the right" misread as one noun phrase
        if head.dep_ in ("conj", "xcomp") and head.head.i != head.i:
            head = head.head
            continue
        break
    for conjunct in _coordinated(verb):
        for child in conjunct.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
    return None


def _coordinated(verb: Token) -> list[Token]:
    """The verb and the verbs coordinated with it, also where the parser broke the list with a `dep`
    ("may be modified, added, retracted, or reprioritized by the Agency": "added" hangs as `dep`,
    the agent sits on its conjunct "reprioritized")."""
    broken = [c for c in verb.children if c.dep_ == "dep" and c.pos_ == "VERB"]
    return [verb, *verb.conjuncts, *broken, *(c for b in broken for c in b.conjuncts)]


def _shields(span: Span) -> bool:
    """'X shall not be liable', 'in no event shall X be liable', 'neither X nor Y shall be liable',
    'X's liability ... shall be limited to / is excluded / shall not exceed', 'X shall not have any liability'."""
    token = next(t for t in span if t.lower_ in ("liable", "responsible", "liability"))
    sentence = span.sent
    before = doc_text(sentence.doc)[sentence.start_char : span.start_char].lower()
    if "in no event" in before:
        return True
    if token.lower_ == "liability":
        head = token.head
        if token.dep_ == "dobj" and head.lemma_ == "have":
            return negated(span)  # "will not be responsible for, or have any liability for, ..."
        return token.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in _CAPPING_VERBS
    verb = token.head if token.dep_ in ("acomp", "oprd", "amod") else token
    related = [token, verb]
    if any(c.dep_ == "neg" for t in related for c in t.children):
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(d.lower_ in ("no", "neither") for s in subjects for d in s.children if d.dep_ in ("det", "preconj"))


RULE = make_rule(
    __name__,
    check=check,
    code="OT01",
    name="one-sided-term",
    category="one-sided-term",
    severity=Severity.WARNING,
    summary="Clause that shifts risk or discretion to one party",
    hint="Make it mutual, bound it (cap, notice period, objective criteria) or give the other party a remedy.",
    patterns="one_sided.jsonl",
    fires=(
        "Provider may suspend the Service at its «sole discretion».",
        "The Vendor «shall not be liable for any» damages arising from the Services.",
        'The Software is provided «"as is"» without warranty of any kind.',
        "This Agreement shall «automatically renew» for successive one-year terms.",
        "All fees are «non-refundable».",
        "There shall be «no reimbursement» of fees already paid.",
        "The licence ends «without any prior notice» if the Licensee misses a payment.",
        "Provider «may change the fees at any time».",
        "This Agreement «renews automatically» each year unless either party gives notice of non-renewal.",
        "The Supplier «may assign» this Agreement without the Customer's consent.",
        "The Provider «reserves the right» to refuse service to any user.",
        "The Supplier's total «liability» shall be limited to the fees paid in the previous month.",
        "The Vendor «makes no warranty» of any kind regarding the results.",
        "Additional hours are billed at the Vendor's «then-current rates».",
        "This Agreement shall «automatically roll over» for successive one-year terms.",
        "HOSTCO «reserves the right to change» its rates for any renewal term.",
        "If the Provider adds new features, the Provider «may change» the data categories.",
        "The Supplier may, at its «sole discretion», offer extra support on terms the parties may agree in writing.",
        "TrueCo will not be responsible for, or have any «liability» for, the content users upload.",
        "The Licensor may use the survey results «as it sees fit».",
        "Individual tasks «may be modified», added, withdrawn, or reordered by the Agency at any time.",
        "The Host may delete any uploaded file if, in its «sole discretion», the file harms the platform.",
    ),
    passes=(
        "Either party may terminate this Agreement with 30 days' written notice.",
        "Neither party shall be liable for any indirect damages.",
        "The Vendor shall refund any prepaid fees for the terminated period.",
        "The categorization can change at any time.",
        "The Contractor may not assign this Agreement without the Client's consent.",
        "If the defect is not cured within 30 days, the Customer may terminate the order.",
        "The Supplier shall, at its option and expense, repair or replace the defective part.",
        "The Contractor shall be liable for any damages caused by its negligence.",
        "Any consent may be given or withheld in the consenting party's sole discretion.",
        "These restrictions apply after the engagement ends for any reason, with or without cause.",
        "The Customer's failure to inspect the deliverables does not waive any rights under this Agreement.",
        "The Contractor shall configure the pipeline to automatically roll out each release to staging.",
        "Either party shall have the right to terminate this Agreement without notice if the other becomes insolvent.",
        "The Supplier and the Client may change the schedule at any time.",
        "Either party may publish the joint findings as it sees fit.",
        "Individual tasks may be modified, added, withdrawn, or reordered by either party at any time.",
        "In the event that the Vendor misses the go-live date, the Client shall have the right to terminate the order.",
    ),
)
