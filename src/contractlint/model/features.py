"""Features: word and character n-grams, the rules' own hits, and lexical cues, all from text alone.

- word 1–2-gram and char_wb 3–4-gram TF-IDF (`vectorise.py`, capped vocabularies so the artifact
  stays small); these are fitted, so they live in the artifact;
- the rules' hits on the unit: one column per span category and per rule code, and the profile
  (sow, proposal, agreement, other) of its document;
- lexical cues read from the words alone (no tagger or parser: `check` may skip spaCy's tagger and
  parser on sentences no rule needs): each modal verb by word, passive voice (a form of "be" then a
  past participle: a word ending -ed or an irregular participle) with and without a "by" agent,
  numbers, percentages, money, dates, units of time or quantity, first-person voice, negation words,
  length, list-item and heading shape.  These are what separate "reduce costs" from "reduce costs by
  12% by FY2028", and "Reports shall be submitted" from "shall be approved by the COR".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from ..finding import Finding
from ..termlists import calendar_words, month_alternation
from .vectorise import Settings

WORD = Settings("word", (1, 2), max_features=12_000, min_df=2, max_df=0.5)
# 3-4 rather than 3-5: the same grouped-CV scores, about half the scoring cost (models/README.md).
CHAR = Settings("char_wb", (3, 4), max_features=20_000, min_df=3)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


MODALS = ("shall", "must", "will", "should", "may", "can", "could", "would", "might")
BE_FORMS = frozenset({"be", "is", "are", "was", "were", "been", "being", "am"})
AUXILIARIES = BE_FORMS | {"has", "have", "had", "do", "does", "did"} | set(MODALS)
NEGATIONS = frozenset({"not", "no", "never", "cannot", "neither", "nor", "without", "none", "nothing", "n't"})
FIRST_PERSON = frozenset({"we", "our", "us", "ours"})
# Past participles that do not end in -ed, as they occur in contracts ("shall be paid", "be held").
IRREGULAR_PARTICIPLES = _wordset(
    "arisen awoken beaten become begun bent bid bitten bled blown borne bought bound broken brought built "
    "burnt caught chosen come cut dealt done drawn driven eaten fallen fed felt fought found forbidden "
    "forgiven forgotten frozen given gone got gotten ground grown hung heard held hidden hit hurt kept "
    "known laid led left lent let lit lost made meant met mistaken overcome overridden overseen overtaken "
    "paid proven put quit read rewritten ridden risen run said seen sought sold sent set shaken shed shot "
    "shown shut slain slid sped spent split spoken spread stood stolen struck stuck sung sunk sworn swept "
    "taken taught told thought thrown torn understood undertaken undone upheld won withdrawn withheld "
    "woken worn written"
)
NOT_PARTICIPLES = _wordset("bed exceed feed hundred indeed need proceed red seed shed speed succeed")
# Between "be" and its participle: "shall be promptly notified", "must not be unreasonably withheld".
_BETWEEN = frozenset({"not", "also", "then", "first", "only", "further", "both", "either", "each", "all", "so"})
# "by" before these is a deadline or a means, not an agent: "submitted by 5 June", "sent by email".
_NOT_AGENTS = calendar_words() | _wordset(
    "end close beginning start date deadline time no not means way virtue reason law email e-mail mail post fax "
    "courier hand telephone phone then"
)
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "each", "any", "such", "this", "that"})
NUMBER_WORDS = _wordset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion "
    "half quarter"
)

_MONTH = month_alternation()
DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTH})\b|(?:{_MONTH})\s+\d{{1,2}}\b|(?:19|20)\d\d\b|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    r"q[1-4]\b|fy\s?\d{2,4})",
    re.IGNORECASE,
)
UNITS = _wordset(
    "second seconds minute minutes hour hours day days week weeks month months year years quarter quarters "
    "ms hr hrs gb tb mb user users copies pages times %"
)
CURRENCY = _wordset("$ € £ usd eur gbp dollar dollars")
PERCENT_WORDS = _wordset("% percent percentage percentages")
LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\(?(?:[a-z]|[ivx]{1,5}|\d{1,3})\)|(?:\d{1,3}\.)+\d{0,3})\s")
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:/]\d+)*|n't|\S")

CUE_NAMES: tuple[str, ...] = (
    *(f"modal:{m}" for m in MODALS),
    "passive",
    "passive-with-agent",
    "modal-passive-no-agent",
    "number",
    "percent",
    "money",
    "date",
    "unit",
    "quantity",
    "first-person",
    "negation",
    "log-length",
    "short",
    "list-item",
    "all-caps",
    "no-auxiliary",
)


def hit_names(findings: Sequence[Finding], profile: str | None) -> frozenset[str]:
    """What the rule engine says about a unit: the categories and codes of the findings on it, and
    the profile its document was linted with (`profile=agreement`): the rules' precision depends on
    it (a passive duty is rarely labelled unowned in an agreement, often in a statement of work).

    `lint` hands the rule findings to the scorer; training computes the same names by linting its
    corpus (`training/rulehits.py`), so the two read one definition."""
    names = {f.category for f in findings} | {f.code for f in findings}
    return frozenset(names | {f"profile={profile}"} if profile else names)


def words(text: str) -> list[str]:
    """Lower-cased tokens: words (with inner apostrophes), numbers, "n't", single punctuation marks."""
    return [t.lower().replace("’", "'") for t in TOKEN.findall(text)]


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    rows = [cues(text) for text in texts]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(CUE_NAMES))


def cues(text: str) -> list[float]:
    """The lexical cues of one text, in `CUE_NAMES` order."""
    tokens = words(text)
    present = set(tokens)
    passive, agent = passive_voice(tokens)
    may = _modal_may(tokens)
    modal = may or any(m in present for m in MODALS if m != "may")
    counted = [t for t in tokens if t[0].isalnum()]
    digits = any(t[0].isdigit() for t in tokens)
    return [
        *(float(may if m == "may" else m in present) for m in MODALS),
        float(passive),
        float(agent),
        float(passive and modal and not agent),
        float(digits or bool(present & NUMBER_WORDS)),
        float(bool(present & PERCENT_WORDS) or "per cent" in text.lower()),
        float(bool(present & CURRENCY)),
        float(digits and bool(DATE.search(text))),
        float(bool(present & UNITS)),
        float(digits and quantity(tokens)),
        float(bool(present & FIRST_PERSON)),
        float(bool(present & NEGATIONS)),
        min(math.log1p(len(counted)) / math.log(100), 1.5),
        float(len(counted) < 6),
        float(bool(LIST_MARKER.match(text))),
        float(text.isupper() and sum(map(str.isalpha, text)) >= 3),
        float(not present & AUXILIARIES),
    ]


def quantity(tokens: Sequence[str]) -> bool:
    """A figure with its unit: "30 days", "99.9 %", "5 business days", "10 GB"."""
    for i, t in enumerate(tokens[:-1]):
        if t[0].isdigit():
            after = tokens[i + 1 : i + 3]
            if after[0] in UNITS or (after[0] in ("business", "calendar", "working") and after[-1] in UNITS):
                return True
    return False


def _modal_may(tokens: Sequence[str]) -> bool:
    """The modal "may", not the month: not next to a number ("May 5", "5 May 2027")."""
    for i, t in enumerate(tokens):
        if t == "may":
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not (before[:1].isdigit() or after[:1].isdigit()):
                return True
    return False


def passive_voice(tokens: Sequence[str]) -> tuple[bool, bool]:
    """(a passive, a passive whose agent follows with "by"): a form of "be", at most two adverbs, then
    a past participle; the agent is a "by" after it that does not start a date or a means."""
    passive = agent = False
    for i, t in enumerate(tokens):
        if t not in BE_FORMS:
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3 and (tokens[j] in _BETWEEN or tokens[j].endswith("ly")):
            j += 1
        if j < len(tokens) and is_participle(tokens[j]):
            passive = True
            agent = agent or _agent_after(tokens, j + 1)
    return passive, agent


def is_participle(word: str) -> bool:
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) > 3 and word.endswith("ed") and word.isalpha() and word not in NOT_PARTICIPLES


def _agent_after(tokens: Sequence[str], start: int) -> bool:
    for k in range(start, min(start + 8, len(tokens) - 1)):
        if tokens[k] in (".", ";"):
            return False
        if tokens[k] == "by":
            head = tokens[k + 1]
            if head in _DETERMINERS and k + 2 < len(tokens):
                head = tokens[k + 2]
            return head[:1].isalpha() and head not in _NOT_AGENTS and head not in NUMBER_WORDS
    return False


def rule_matrix(hits: Sequence[frozenset[str] | set[str]], names: Sequence[str]) -> np.ndarray:
    """One-hot of the rule categories and codes that fired; `names` is the artifact's column list, so a
    rule added after training is ignored rather than shifting the columns."""
    columns = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(hits), len(columns)), dtype=np.float32)
    for row, unit_hits in enumerate(hits):
        for name in unit_hits:
            if name in columns:
                matrix[row, columns[name]] = 1.0
    return matrix
