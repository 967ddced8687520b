"""Parties and sides: who is the buyer, who is the vendor, and whom each finding binds or favours.

A one-sided clause is a risk for one party and a protection for the other, and a weak commitment
matters when it is the other side's promise.  This analysis reads a parsed document and:

- finds the parties and their roles (`detect_parties`): names defined in the preamble ("Acme Corp.
  ("Supplier")", "(hereinafter the "Company")"), role words used as names (Government, Agency,
  State, Offeror, Contractor; Client, Customer, Buyer / Vendor, Provider, Supplier, Consultant,
  CRO), "we" in a proposal (the vendor) or in a statement of work (the buyer), and the parties a
  user names in `[tool.contractlint.parties]`.  A party known only by its own name ("Kubient")
  takes the role the other party leaves, or else the role its verbs show (it provides, hosts,
  develops: the vendor; it pays: the buyer);
- says for each span finding which party the words bind (`party`: the subject of the clause) and,
  for one-sided terms, which party they favour (`favours`): the holder of a right, discretion or
  liability shield is favoured; a party that indemnifies, waives or bears a cost favours the other;
  "as is", automatic renewal, non-refundable fees and "then-current rates" favour the vendor when no
  party is named;
- and, when the reader takes a side (`--side buyer|vendor`), re-weighs the findings
  (`apply_side`): one-sided terms favouring the other side stay warnings (errors with `--strict`),
  those favouring the reader become info; weak commitments and vague timelines in the other side's
  obligations are raised from warning to error, in the reader's own lowered to info.

Roles are always `buyer`, `vendor`, `both` (a mutual clause) or `unknown`.  Term lists are data
(rules/patterns/party_roles.json).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .finding import Finding, Severity
from .termlists import word_lists

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .document import Block, Document
    from .parse import ParsedDocument

BUYER, VENDOR, BOTH, UNKNOWN = "buyer", "vendor", "both", "unknown"
SIDES = ("neutral", BUYER, VENDOR)
_OTHER = {BUYER: VENDOR, VENDOR: BUYER}
# Categories whose findings are a party's obligation: re-weighed by the side that reads them.
_OBLIGATION_CATEGORIES = frozenset({"weak-commitment", "vague-timeline"})
ONE_SIDED = "one-sided-term"
_PREAMBLE_CHARS = 6000  # parties are defined at the top; a table of contents may come first
_MIN_USES = 3  # a name used fewer times is not a party of the document, whatever the preamble says


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return word_lists("party_roles.json")


@dataclass(frozen=True)
class Parties:
    """The document's parties: each name (lower case) with its role, and the names as written."""

    roles: Mapping[str, str] = field(default_factory=dict)
    written: Mapping[str, str] = field(default_factory=dict)  # lower-case name -> as the document writes it

    def names(self, role: str) -> list[str]:
        """The names with this role, as written; of the pronouns only "we" and "you" (not "our", "us"...)."""
        pronouns = (_lists()["proposal_vendor"] | _lists()["proposal_buyer"]) - {"we", "you"}
        return sorted(self.written[name] for name, r in self.roles.items() if r == role and name not in pronouns)

    def as_record(self) -> dict[str, list[str]]:
        return {BUYER: self.names(BUYER), VENDOR: self.names(VENDOR)}

    def role_of(self, words: str) -> str | None:
        """The role of a noun phrase that names a party ("the Service Provider's", "Contractor
        personnel", "either party"); None when it names none."""
        phrase = _normalise(words)
        if not phrase:
            return None
        if phrase in _lists()["both"] or any(phrase.startswith(p + " ") for p in _lists()["both"]):
            return BOTH
        if phrase in self.roles:
            return self.roles[phrase]
        for name in sorted(self.roles, key=len, reverse=True):  # the longest name inside the phrase
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", phrase):
                return self.roles[name]
        return None


def _normalise(words: str) -> str:
    phrase = re.sub(r"['’]s?\b", "", words.lower()).strip(" .,;:()\"“”'")
    return re.sub(r"^(?:the|a|an|such|each|any|said)\s+", "", re.sub(r"\s+", " ", phrase))


def detect_parties(document: Document, profile: str, declared: Mapping[str, Iterable[str]] | None = None) -> Parties:
    """The parties of one document and their roles (see the module docstring)."""
    roles: dict[str, str] = {}
    written: dict[str, str] = {}
    text = document.text

    def add(name: str, role: str) -> None:
        key = _normalise(name)
        if key and key not in roles:
            roles[key], written[key] = role, re.sub(r"^(?:the|The|THE)\s+", "", name.strip())

    for role, names in (declared or {}).items():
        for name in names:
            add(name, role)
    pending: list[str] = []
    # A statement of work's or a proposal's parenthetical names are systems and offices ("(IRS)"),
    # not parties: only agreements define their parties in a preamble.
    for name in _defined_names(text) if profile == "agreement" else []:
        role = _role_word(name)
        if role in (BUYER, VENDOR):
            add(name, role)
        else:
            pending.append(name)
    _resolve_pending(pending, roles, text, add)
    for role in (BUYER, VENDOR):
        if role not in roles.values() and (word := _role_word_in_use(text, role)) is not None:
            add(word, role)  # no defined name has this role: the role word the document uses as a name
    _resolve_pending([n for n in pending if _normalise(n) not in roles], roles, text, add)
    if profile == "agreement" and len(set(roles.values())) < 2:  # a role short: names that act most as subjects
        _resolve_pending(_acting_names(text, roles), roles, text, add)
    if profile == "agreement" and len(set(roles.values())) < 2:  # or organisations named with a legal form
        _resolve_pending(_organisations(text, roles), roles, text, add)
    _add_pronouns(profile, add)
    return Parties(roles, written)


def _defined_names(text: str) -> list[str]:
    """Names defined in parentheses near the top: ("Kubient"), (the "Customer"), (hereinafter
    "Company"), ("Buyer" or "PNC"), used at least a few times in the document."""
    names: list[str] = []
    top = text[:_PREAMBLE_CHARS]
    end_of_preamble = _PREAMBLE_END.search(top)
    for group in re.finditer(r"\(([^()]{1,160})\)", top[: end_of_preamble.start()] if end_of_preamble else top):
        before = text[max(group.start() - 250, 0) : group.start()]
        introduces_party = _ORGANISATION.search(before) is not None
        for quoted in re.finditer(r"[\"“”‘’'-]+\s*([A-Za-z][\w.&’' -]{0,40}?)\s*(?:[\"“”’']|$)", group.group(1)):
            name = quoted.group(1).strip(" .")
            key = _normalise(name)
            if not key or _not_a_party(key) or key in (_normalise(n) for n in names):
                continue
            if not introduces_party and _role_word(name) is None:
                continue  # ("Termination Payment"): a defined thing, not a party
            if len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)) >= _MIN_USES:
                names.append(name)
    return names


# Where the preamble naming the parties ends: recitals or the operative words.
_PREAMBLE_END = re.compile(
    r"WHEREAS|Whereas|RECITALS|Recitals|R E C I T A L S|BACKGROUND|Background|NOW,? THEREFORE|"
    r"W\s?I\s?T\s?N\s?E\s?S\s?S|agree as follows"
)
# What precedes a party's definition: a legal form ("Acme, Inc. ("Acme")") or "between".
_ORGANISATION = re.compile(
    r"\b(?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|company|co|ag|s\.a|sa|b\.v|gmbh|plc|lp|l\.p|n\.a|"
    r"incorporated|a\.s|between|and between|pty)\b\.?",
    re.IGNORECASE,
)


def _not_a_party(key: str) -> bool:
    """A defined thing rather than a party: "Agreement", "Effective Date", "Software Development Agreement"."""
    lists = _lists()
    return key in lists["not_parties"] or key.split()[-1] in lists["not_party_heads"]


def _role_word(name: str) -> str | None:
    """buyer / vendor for a name that is a role word ("Customer", "Service Provider", "Host
    Customer"); "company" for the ambiguous "Company"; None for a party's own name."""
    key = _normalise(name)
    last = key.split()[-1] if key else ""
    if key == "company" or (last == "company" and len(key.split()) == 1):
        return "company"
    for role in (VENDOR, BUYER):
        words = _lists()[role] - {"company"}
        if key in words or last in words:
            return role
    return None


def _role_word_in_use(text: str, role: str) -> str | None:
    """The role word the document most uses as a party's name: as the subject of a duty or a right
    ("the Contractor shall", "Customer may", "Customer's"), not as a place ("the State of Delaware").
    Ties go to the first word in alphabetical order, so every process gives the same answer."""
    words = sorted(_lists()[role] - {"company", "we", "us", "our", "you", "your"})
    uses: Counter[str] = Counter()
    first: dict[str, str] = {}
    for match in _acting_role_words(role, tuple(words)).finditer(text):
        word = match.group(1).lower()
        uses[word] += 1
        first.setdefault(word, match.group(1))
    best = max(words, key=lambda w: (uses[w], -words.index(w)), default=None)
    return first[best] if best is not None and uses[best] >= _MIN_USES else None


@lru_cache(maxsize=4)
def _acting_role_words(role: str, words: tuple[str, ...]) -> re.Pattern[str]:
    written = "|".join(f"{re.escape(w.title())}|{re.escape(w.upper())}" for w in sorted(words, key=len, reverse=True))
    acts = r"(?:['’]s\b|\s+(?:shall|will|may|must|agrees|is responsible|acknowledges))"
    return re.compile(rf"(?<![\w-])({written}){acts}")


def _resolve_pending(pending: list[str], roles: dict[str, str], text: str, add: object) -> None:
    """Give names without a role word a role: "Company" opposite a consultant is the buyer; a
    party's own name takes the role the others leave, else the role its verbs show."""
    present = set(roles.values())
    for name in [n for n in pending if _role_word(n) == "company"]:
        add(name, VENDOR if BUYER in present and VENDOR not in present else BUYER)  # type: ignore[operator]
        present = set(roles.values())
    own = [n for n in pending if _role_word(n) != "company"]
    if not own:
        return
    own = sorted(own, key=lambda n: _uses(n, text), reverse=True)
    if len(present) == 1:
        missing = _OTHER[next(iter(present))]
        add(own[0], missing)  # type: ignore[operator]
        return
    if present:
        return
    scores = {name: _provider_score(name, text) for name in own[:2]}  # each a few scans of the whole text
    scored = sorted(own[:2], key=scores.__getitem__, reverse=True)
    if len(scored) >= 2 and scores[scored[0]] > scores[scored[-1]]:
        add(scored[0], VENDOR)  # type: ignore[operator]
        add(scored[-1], BUYER)  # type: ignore[operator]


def _acting_names(text: str, roles: Mapping[str, str]) -> list[str]:
    """Capitalised names that are the subject of a duty or right at least five times ("GitHub may")."""
    acting = Counter(
        m.group(1)
        for m in re.finditer(
            r"(?<![\w.-])([A-Z][\w.&-]{1,30}(?:\s[A-Z][\w.&-]{1,30})?)\s+(?:shall|will|may|must|agrees)\b", text
        )
        if not _ORGANISATION.fullmatch(m.group(1).split()[-1])
    )
    lists = _lists()
    return [
        name
        for name, count in acting.most_common()
        if count >= 5
        and _normalise(name) not in roles
        and not _not_a_party(_normalise(name))
        and _normalise(name) not in lists["both"] | lists["vendor"] | lists["buyer"] | lists["pronouns"]
    ][:2]


def _organisations(text: str, roles: Mapping[str, str]) -> list[str]:
    """Names written with a legal form near the top ("Sicap Ltd", "EuroTel Bratislava a.s."), as
    the document goes on to call them (the first word)."""
    found: list[str] = []
    for m in re.finditer(
        r"\b([A-Z][\w&-]+)(?:\s+[A-Z][\w&-]+){0,3},?\s+(?:Ltd|Inc|LLC|a\.s|AG|S\.A|GmbH|plc|B\.V)\b",
        text[:_PREAMBLE_CHARS],
    ):
        name = m.group(1)
        if _normalise(name) not in roles and name not in found and _uses(name, text) >= _MIN_USES:
            found.append(name)
    return found


def _uses(name: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text))


def _provider_score(name: str, text: str) -> int:
    """How much more often the name provides (shall provide, will host, agrees to develop) than pays."""
    lists = _lists()
    clause = (
        rf"(?<!\w){re.escape(name)}(?!\w)(?:\s+(?:Ltd|Inc|LLC)\.?)?,?\s+"
        rf"(?:shall|will|agrees to|must|may|hereby agrees to|has to|is to)?\s*(?:\w+\s+){{0,2}}?"
    )
    provides = len(re.findall(clause + rf"(?:{'|'.join(lists['provider_verbs'])})\w*", text))
    pays = len(re.findall(clause + rf"(?:{'|'.join(lists['payer_verbs'])})\w*", text))
    business = len(
        re.findall(rf"(?<!\w){re.escape(name)}(?!\w)\s+(?:is|are)\s+(?:engaged\s+)?in the business of", text)
    )
    return provides - pays + 3 * business


def _add_pronouns(profile: str, add: object) -> None:
    """ "we" writes a proposal (the vendor) or a statement of work (the buyer); "you" is the reader."""
    if profile == "proposal":
        vendor, buyer = "proposal_vendor", "proposal_buyer"
    elif profile == "sow":
        vendor, buyer = "proposal_buyer", "proposal_vendor"
    else:
        return
    for word in sorted(_lists()[vendor]):
        add(word, VENDOR)  # type: ignore[operator]
    for word in sorted(_lists()[buyer]):
        add(word, BUYER)  # type: ignore[operator]


# --- whom a finding binds or favours ------------------------------------------------------------


def with_parties(findings: Iterable[Finding], parsed: ParsedDocument, parties: Parties) -> list[Finding]:
    """Each span finding with the party its clause binds and, for one-sided terms, the party it favours."""
    docs = {id(block): doc for block, doc in parsed.parsed}
    out: list[Finding] = []
    for finding in findings:
        if not finding.is_span:
            out.append(finding)
            continue
        token, words = _token_at(finding, parsed.document, docs)
        party = _binds(token, parties) if token is not None else None
        favours = None
        if finding.category == ONE_SIDED:
            favours = _favours(token, words, party, parties)
        out.append(replace(finding, party=party or UNKNOWN, favours=favours))
    return out


def _token_at(finding: Finding, document: Document, docs: Mapping[int, Doc]) -> tuple[Token | None, str]:
    assert finding.start is not None
    block: Block | None = document.block_at(finding.start)
    doc = docs.get(id(block)) if block is not None else None
    words = (finding.excerpt or "").lower()
    if block is None or doc is None or not len(doc):
        return None, words
    at = min(block.index_of(finding.start), len(block.text) - 1)
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    return (span[0] if span is not None and len(span) else None), words


def _binds(token: Token, parties: Parties) -> str | None:
    """The role of the subject of the clause holding the token: 'the Contractor shall ...',
    'Provider's liability ...', 'may be terminated by Customer'."""
    verb = _clause_verb(token)
    for head in (verb, *_governors(verb)):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                role = _phrase_role(child, parties)
                if role is not None:
                    return role
        for child in head.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    role = _phrase_role(pobj, parties)
                    if role is not None:
                        return role
    return _mentioned_before(token, parties)


def _clause_verb(token: Token) -> Token:
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _governors(verb: Token) -> list[Token]:
    """The verbs a coordinated or complement verb hangs from ('shall provide and maintain')."""
    chain = []
    while verb.dep_ in ("conj", "xcomp", "ccomp", "advcl") and verb.head.i != verb.i and len(chain) < 4:
        verb = verb.head
        chain.append(verb)
    return chain


def _phrase_role(token: Token, parties: Parties) -> str | None:
    words = " ".join(t.text for t in token.subtree if t.dep_ not in ("relcl", "acl", "punct"))
    if len(words) > 80:  # a long subject: its head and its possessor are what name the party
        words = " ".join(t.text for t in token.lefts) + " " + token.text
    return parties.role_of(words)


def _mentioned_before(token: Token, parties: Parties) -> str | None:
    """No party is the subject: the nearest party named earlier in the sentence ("..., at its sole
    discretion" after "Vendor may ...")."""
    sentence = token.sent
    for candidate in reversed(list(sentence[: max(token.i - sentence.start, 0)])):
        if candidate.pos_ in ("PROPN", "NOUN", "PRON"):
            role = parties.role_of(candidate.text)
            if role is not None:
                return role
    return None


def _favours(token: Token | None, words: str, party: str | None, parties: Parties) -> str:
    """Whom a one-sided term favours: the party holding the right or the shield, or the other
    party when the bound party gives something up (indemnifies, waives, bears, pays)."""
    lists = _lists()
    lemmas = {t.lemma_.lower() for t in token.sent} if token is not None else set(words.split())
    if party in _OTHER:
        gives_up = bool(lemmas & lists["burden_verbs"]) and not (lemmas & {"liable", "liability", "responsible"})
        return _OTHER[party] if gives_up else party  # type: ignore[return-value]
    if party == BOTH:
        return BOTH
    if any(phrase in words for phrase in lists["vendor_benefit_phrases"]):
        return VENDOR
    return UNKNOWN


# --- the reader's side -------------------------------------------------------------------------


def apply_side(findings: Iterable[Finding], side: str, strict: bool) -> list[Finding]:
    """Findings re-weighed for a reader on `side` (see the module docstring); `neutral` changes nothing."""
    if side not in _OTHER:
        return list(findings)
    return [_reweigh(f, side, strict) for f in findings]


def _reweigh(finding: Finding, side: str, strict: bool) -> Finding:
    if finding.category == ONE_SIDED and finding.favours in _OTHER:
        if finding.favours == side:
            note = f" (favours the {side}, your side)"
            return replace(finding, severity=Severity.INFO, message=finding.message + note)
        severity = Severity.ERROR if strict else max(finding.severity, Severity.WARNING)
        return replace(finding, severity=severity, message=finding.message + f" (favours the {finding.favours})")
    if finding.category in _OBLIGATION_CATEGORIES and finding.party in _OTHER:
        if finding.party == side:
            return replace(finding, severity=Severity.INFO, message=finding.message + " (your side's own obligation)")
        # Only warnings are raised: an info finding is tentative (the classifier) or standard clause text.
        raised = Severity.ERROR if finding.severity == Severity.WARNING else finding.severity
        return replace(finding, severity=raised, message=finding.message + f" (the {finding.party}'s obligation)")
    return finding
