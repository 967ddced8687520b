"""unmeasurable-goal (GL01): an objective or improvement with no metric, target value or deadline.

What it flags
    "The vendor will improve system performance.", "The goal is to reduce operating costs.",
    "to enhance customer satisfaction" — a goal verb (improve, reduce, increase, optimise...)
    stated as an objective in a sentence that gives no number, percentage or date; "make X more
    accessible / easier"; an outcome carried by "help / encourage / incentivise / empower ... to"
    when it is the objective or a promised consequence ("This work will help agencies choose
    vendors", "The aim is to encourage members to share feedback"); a list item naming a benefit
    ("Reduced effort in reporting", "Easier monitoring of compliance").  Price terms ("minimise
    the purchase price"), passives with an agent, questions, purposes of work already done,
    relative clauses describing a product, tasks ("facilitate two workshops") and purposes of what
    is done as a matter of course ("we publish digests to simplify planning") are not goals.  In an
    agreement only the recitals ("WHEREAS, Customer wishes to increase its revenue") state goals:
    its operative clauses are duties and remedies ("shall use reasonable efforts to minimise such
    costs"), so they are not flagged.

Why it matters
    This is the missing KPI: without a baseline, a target and a date nobody can say whether
    the goal was met, so success cannot be paid for and failure cannot be remedied.  "Failing
    to clearly define expectations: goals, timelines, budget constraints and KPIs" is the first
    lesson of failed outsourcing deals.

How to fix
    Name the KPI, its baseline and target, and the date: "reduce average call handling time
    from 9 to 6 minutes by Q4 2027".  Goals that carry a figure in the same sentence are not
    flagged.
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
from .context import in_evaluation_section, in_quotation, is_definition, sentence_has_measure, sets_target

if TYPE_CHECKING:
    from spacy.tokens import Token

_MAX_SPAN_TOKENS = 10

# "WHEREAS, Customer wishes to increase its revenue ...": the recitals state an agreement's goals.
_RECITAL = re.compile(r"\s*(?:\W\s*)?(?:whereas|recitals?|background|purpose)\b", re.I)


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return word_lists("goal.json")


def check(unit: Unit) -> Iterator[Hit]:
    lists = _lists()
    if in_evaluation_section(unit):
        return  # how bids are written or judged ("price will increase in importance"): the buyer's rules, no goal
    if unit.profile == "agreement" and not _RECITAL.match(doc_text(unit.doc)):
        return  # an agreement's operative clauses are duties and remedies; its goals live in the recitals
    nominal = _nominal_goal_item(unit, lists) or _goal_verb_item(unit, lists)
    if nominal is not None:
        yield nominal
        return
    for verb in unit.doc:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        if lemma in lists["enabler_verbs"]:
            obj = _enabled(verb, lists)
        elif lemma in lists["carrier_verbs"]:
            obj = _improved_thing(verb)
        else:
            obj = _object(verb) if lemma in lists["goal_verbs"] else _made_better(verb) if lemma == "make" else None
        if obj is None:
            continue
        sentence = verb.sent
        # A target, not any figure: "one cohesive platform will make X easier" still names none.
        if any(sets_target(t) for t in sentence) or is_definition(sentence) or in_quotation(sentence[0:1]):
            continue
        if obj.lower_ in lists["contract_objects"] or any(c.dep_ == "neg" for c in verb.children):
            continue
        if obj.lower_ in lists["price_words"] or (
            obj.lower_ in lists["money_words"] and (obj.dep_ == "nsubjpass" or lemma in ("increase", "raise"))
        ):
            continue  # "the estimated cost shall be increased", "minimise the purchase price": price terms
        if _described(verb) or not _stated_as_goal(verb, lists):
            continue
        if lemma in _REWORK and obj.lower_ in lists["artifact_objects"]:
            continue  # "improve the account page", "expand on the code comments": work on a thing, not an outcome
        if _purpose_of_habit(verb, lists):
            continue  # "He consults with startups to help them deliver better products": a habit, not a goal
        # The object may precede the verb ("Productivity shall be improved"): span at least the verb.
        end = max(min(max(t.i for t in obj.subtree) + 1, verb.i + _MAX_SPAN_TOKENS), verb.i + 1)
        span = unit.doc[verb.i : end]
        yield Hit(span, f"'{span.text}' states a goal with no metric, target or date")


def _enabled(verb: Token, lists: dict[str, frozenset[str]]) -> Token | None:
    """'help / encourage / incentivise / empower users to ...' names a soft outcome, never a
    testable function, so it is a goal when stated as one: a to-infinitive of purpose or of a goal
    noun ('The goal is to encourage adoption', 'We are building X to help ensure ...') or a
    consequence promised of the work ('This will help ...', 'The integration would help us ...').
    A relative clause ('a library that will help developers') describes a thing, and 'shall help'
    is an obligation: neither is flagged, nor 'facilitate workshops' (a task: what is helped must
    be a clause).  Returns the outcome clause."""
    outcome = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
    if outcome is None:
        return None  # "facilitate workshops", "help the team with X": a task, not an outcome
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if "to" in aux:
        head = verb.head
        if verb.dep_ == "advcl" or head.lemma_.lower() in lists["purpose_heads"] or head.lower_ in lists["goal_nouns"]:
            return outcome
        if head.lemma_ == "be" and any(t.lower_ in lists["goal_nouns"] for t in verb.sent):
            return outcome  # "The goal of this milestone is to encourage ..."
        return None
    if aux & {"will", "would", "should"} and verb.dep_ != "relcl":
        return outcome
    return None


# "easy" is no comparative, but "will give developers easy access" promises the same ease as "easier".
_IMPROVED = frozenset({"improved", "enhanced", "increased", "reduced", "better", "greater", "easy"})
_COUNTING = ("more", "less", "fewer")  # "more reports" counts; "a more reliable service" compares


def _improved_thing(verb: Token) -> Token | None:
    """'bring about a more secure system', 'allow for faster retrieval', 'provide agencies with a
    better view of compliance': a verb of making or giving whose object is described only as better
    than today names an improvement, with the same need for a measure as 'improve'; so does 'will
    give developers easy access to ...', the ease promised with no measure of it.  Returns the
    object; 'More / Fewer reports' count and are not improvements."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "with")):
        objects += [g for g in prep.children if g.dep_ == "pobj"]  # "allow for faster retrieval"
    return next((o for o in objects if any(c.dep_ == "amod" and _compares(c) for c in o.children)), None)


def _compares(modifier: Token) -> bool:
    """'better', 'faster', 'improved', or an adjective under 'more / less' ('a more reliable')."""
    if modifier.lower_ in _COUNTING:
        return False
    if modifier.lower_ in _IMPROVED or modifier.tag_ in ("JJR", "RBR"):
        return True
    return any(c.dep_ == "advmod" and c.tag_ in ("JJR", "RBR") for c in modifier.children)


def _made_better(verb: Token) -> Token | None:
    """'make information more accessible', 'make it easier to find': 'make' with a comparative
    complement is an improvement verb; returns the complement.  'This tool makes it easier to ...'
    describes what exists."""
    if verb.tag_ in ("VBZ", "VBP", "VBD"):
        return None
    for child in verb.children:
        if child.dep_ in ("ccomp", "oprd", "acomp") and (
            child.tag_ in ("JJR", "RBR") or any(c.lower_ == "more" for c in child.children)
        ):
            return child
    for child in verb.children:  # misparse: "make [information about X] more accessible"
        if child.dep_ == "dobj":
            for token in child.subtree:
                if token.dep_ == "amod" and token.i > token.head.i and any(c.lower_ == "more" for c in token.children):
                    return token
    return None


def _described(verb: Token) -> bool:
    """Not a goal but a description: a passive with its agent ('traffic will be driven by tax content',
    'reduced to practice by Consultant'), a question, or a purpose of something already done ('To
    speed up development, we made the following decisions') or done as a matter of course ('We
    publish weekly digests to simplify planning')."""
    if any(c.dep_ == "agent" for c in verb.children) or verb.sent.text.rstrip().endswith("?"):
        return True
    while verb.dep_ == "conj":
        verb = verb.head
    head = verb.head
    perfect = head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
    habitual = verb.dep_ == "advcl" and head.pos_ == "VERB" and head.tag_ in ("VBZ", "VBP")
    if habitual and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True  # "we provide weekly digests to ease decisions": the purpose of what is done now
    return verb.dep_ == "advcl" and (head.tag_ == "VBD" or perfect)


# Goal verbs that also name reworking a thing: with an artifact as object ("enhance the existing
# explorer") they state a task, whose outcome is the artifact itself; a quality ("enhance the
# explorer's search speed") is still a goal that needs a measure.
_REWORK = frozenset({"improve", "enhance", "expand"})
# The links from a purpose clause up to the verb whose action it serves, and the modals that make
# that action a promise or duty (a goal) rather than a habit.
_CHAIN = frozenset({"conj", "xcomp", "advcl", "ccomp", "pcomp", "prep"})
_MODALS = frozenset({"will", "shall", "should", "must", "would", "could", "can", "may"})


def _purpose_of_habit(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """'He consults with startups to help them improve ...', 'we do this by following standards to
    maximise leverage': a purpose reached through non-finite clauses from a present-tense verb
    with no modal is what is done as a matter of course, as `_described` says of a direct one."""
    token, purpose = verb, False
    while token.dep_ in _CHAIN and token.head.i != token.i:
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in token.children):
            return False
        purpose = purpose or token.dep_ == "advcl"
        token = token.head
    finite = token.tag_ in ("VBZ", "VBP") and token.pos_ == "VERB"
    if not (purpose and finite):
        return False
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in token.children):
        return False
    return token.lemma_.lower() not in lists["purpose_heads"]


def _object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "pobj", "nsubjpass"):
            return child
    for child in verb.children:  # "improve on X", "increase in adoption"
        if child.dep_ == "prep":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


_AUXILIARY = frozenset({"aux", "auxpass"})


def _nominal_goal_item(unit: Unit, lists: dict[str, frozenset[str]]) -> Hit | None:
    """A list item or table cell that is only a noun phrase naming an improvement: 'UI performance
    improvements', or a benefit such as 'Reduced effort in reporting' or 'Easier monitoring of
    compliance' (a goal participle or a comparative in front of the noun; 'More references' is a
    quantity, not a benefit)."""
    doc = unit.doc
    if unit.block.kind not in ("list-item", "table-cell") or len(doc) > 24 or sentence_has_measure(doc[:]):
        return None
    heads = [t for t in doc if t.dep_ == "ROOT"]
    if any(h.tag_ in ("VBZ", "VBP", "VBD", "MD") or any(c.dep_ in _AUXILIARY for c in h.children) for h in heads):
        return None  # a clause ("Lower environments are patched"), not a noun phrase
    improvement = len(heads) == 1 and len(doc) <= 8 and heads[0].lower_ in lists["nominal_goals"]
    if improvement and not any(t.pos_ in ("VERB", "AUX") for t in doc):
        return Hit(doc[:], f"'{doc_text(doc)}' names an improvement with no metric, target or date")
    first = next((t for t in doc if t.is_alpha), None)
    if first is not None and _comparative_benefit(first):
        end = min(len(doc), first.i + _MAX_SPAN_TOKENS)
        return Hit(doc[first.i : end], f"'{doc[first.i : end].text}' names a benefit with no metric, target or date")
    if first is None or first.dep_ != "amod" or first.i + 1 >= len(doc):
        return None
    word = first.lower_
    comparative = first.tag_ == "JJR" and word not in ("more", "less", "fewer")
    participle = word.endswith("ed") and bool({word[:-1], word[:-2]} & lists["goal_verbs"])
    if comparative or participle:
        span = doc[first.i : first.head.i + 1] if first.head.i > first.i else doc[first.i : first.i + 2]
        return Hit(span, f"'{span.text}' names a benefit with no metric, target or date")
    return None


def _comparative_benefit(first: Token) -> bool:
    """'- Easier to discover which vendors are available', '- Faster for staff to file a claim': an
    item that is only a comparative and what it makes easier names a benefit, as 'Easier monitoring'
    does; 'More / Fewer ...' count, they do not improve."""
    return (
        first.tag_ in ("JJR", "RBR")
        and first.dep_ == "ROOT"
        and first.lower_ not in ("more", "less", "fewer")
        and any(c.dep_ in ("xcomp", "acl", "advcl", "prep") for c in first.children)
    )


def _goal_verb_item(unit: Unit, lists: dict[str, frozenset[str]]) -> Hit | None:
    """A list item or table cell that opens with a goal verb the tagger took for an adjective or a
    noun: '- Decrease time for applicants to receive benefits', '- Lower the error rate'.  In a
    fragment with no subject an opening imperative is often tagged JJ/NN, so the verb loop never
    sees it; a clause with its own finite verb ('- Lower environments shall be patched') is not one."""
    doc = unit.doc
    if unit.block.kind not in ("list-item", "table-cell") or sentence_has_measure(doc[:]):
        return None
    first = next((t for t in doc if t.is_alpha), None)
    if first is None or first.pos_ == "VERB" or first.lower_ not in lists["goal_verbs"] or first.i + 1 >= len(doc):
        return None  # a verb is the verb loop's to judge
    if any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") or (t.dep_ == "aux" and t.lower_ != "to") for t in doc):
        return None  # a clause of its own: "Lower environments shall be patched"
    end = min(len(doc), first.i + _MAX_SPAN_TOKENS)
    while end > first.i + 1 and doc[end - 1].is_punct:
        end -= 1
    span = doc[first.i : end]
    return Hit(span, f"'{span.text}' states a goal with no metric, target or date")


def _stated_as_goal(verb: Token, lists: dict[str, frozenset[str]]) -> bool:
    """To-infinitive of purpose, a 'will' promise, a goal-verb list item, a present-tense claim
    by the project ('This milestone improves ...'), or a sentence about goals/objectives."""
    while verb.dep_ == "conj" and not any(c.dep_ in ("aux", "nsubj") for c in verb.children):
        verb = verb.head  # "shall work to correct all errors and increase usability"
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if verb.i == verb.sent.start and verb.tag_ == "VB":
        return True  # "- Enhance reporting, data access and auditability"
    if verb.tag_ in ("VBZ", "VBP") and verb.dep_ == "ROOT":
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in lists["goal_subjects"]:
            return True
    if aux & {"will", "shall", "should"}:
        return True  # "Demonstrations should reduce review time": the outcome expected of the work
    if "to" in aux or verb.tag_ == "VBG":
        head = verb.head
        if verb.dep_ in ("advcl", "relcl", "acl", "xcomp", "ccomp", "ROOT", "conj", "pcomp", "csubj", "nsubj"):
            return True
        return head.lemma_.lower() in lists["purpose_heads"] or head.lower_ in lists["goal_nouns"]
    words = {t.lower_ for t in verb.sent}
    return bool(words & lists["goal_nouns"])


RULE = make_rule(
    __name__,
    check=check,
    code="GL01",
    name="unmeasurable-goal",
    category="unmeasurable-goal",
    severity=Severity.WARNING,
    summary="Objective or improvement with no metric, target value or deadline",
    hint="State the KPI, baseline, target and date: 'reduce call handling time from 9 to 6 minutes by Q4 2027'.",
    fires=(
        "The vendor will «improve system performance».",
        "The goal of this project is to «reduce operating costs».",
        "This initiative seeks to «enhance customer satisfaction».",
        "The Contractor shall work to correct all errors and «increase usability».",
        "The new portal will «make account information more accessible».",
        "- «Reduced effort» in compliance reporting",
        "- «Easier monitoring» of vendor compliance",
        "The merger of both services into a single portal will «make data about local permits more accessible».",
        "The aim of this phase is to «encourage members to share their feedback».",
        "This work will «help agencies choose suitable vendors».",
        "We are building the portal to «help residents find local services».",
        "- «Decrease waiting time for applicants to receive their permits».",
        "- «Easier for clerks to find the open permits»",
        "The pilot workshops should «reduce review effort for the licensing team».",
        "Merging the two tools into one portal will «reduce effort for applicants».",
        "The new registry will «bring about a more reliable permit service».",
        "The client library will «give more clerks easy access to the permit archive».",
        "The Contractor will «improve the usability of the account page».",
    ),
    passes=(
        "The vendor will reduce average call handling time from 9 to 6 minutes by Q4 2027.",
        "The Provider may increase the fees once per year.",
        "The Contractor shall deliver the migration plan.",
        "The Supplier shall use reasonable efforts to minimise the purchase price of new servers.",
        "Web traffic will be driven by the new tax content.",
        "How do we maximise returns on staking?",
        "To speed up development, we made the following design decisions.",
        "The dashboard makes it easier to compare vendors.",
        "- More references to past work",
        "- Reduced call handling time, from 9 to 6 minutes",
        "The Contractor will facilitate two workshops with end users.",
        "We will publish a library that will help developers start new projects.",
        "We have built a help page to help users recover a lost password.",
        "The dashboard will help agencies cut review time from 10 to 5 days by June 2027.",
        "We publish weekly digests to simplify planning.",
        "- Decrease waiting time for permit applicants from 30 to 10 days.",
        "- Lower environments are patched by the hosting team.",
        "- Easier permit search, with results in under 2 seconds",
        "Merging the two tools into one portal will reduce applicant effort from 3 hours to 1 hour.",
        "The Contractor shall deliver more reports than the last vendor.",
        "The old portal gave clerks easy access to the permit archive.",
        "She consults with city agencies to help them improve their processes to deliver better services.",
        "The Contractor will improve the account page as described in section 4.",
        "Next I will expand on the comments throughout the code base.",
        "In practice we do this by establishing and following agency standards to maximise reuse of staff.",
    ),
)
