"""The classifier in `check`: one more rule source, applied to a parsed document in one batch.

`lint.lint_document` calls `apply_model` with the rule findings once every rule has run.  This is
the design `contractlint evaluate` measures as "combined" (models/README.md):

- units are the sentences of every linted block (not headings, table headers or a table of
  contents); the features are read from their text alone (words, characters, rule findings), so the
  classifier needs no tagger or parser;
- a unit's features include the rule findings overlapping it (their categories and codes) and the
  document's profile, as in training; all units of a document are scored in one batch;
- for each category with a validated model: a rule finding gets the highest score of the sentences
  it overlaps, and is dropped when that is below the category's validated `floor` (the floor is 0
  where the rules are precise, so their findings stay); where no rule of the category fired in a
  sentence and the score reaches the category's `add` threshold (or `--min-score`, which replaces
  it for every category), a model finding (ML01-ML11) is added.  Its excerpt is the trigger: the
  words that raised the score most, at most `MAX_TRIGGER_WORDS` words; its message says what the
  trigger reads as.
- categories without a model (too few labelled examples) keep their rule findings, unscored.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from ..finding import CATEGORY_ABOUT, Finding, Severity
from .api import score_texts, thresholds, top_terms
from .features import hit_names

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..config import Config
    from ..document import Block
    from ..parse import ParsedDocument

TOP_TERMS = 3
MAX_TRIGGER_WORDS = 12  # a model finding points at its trigger words, never a whole paragraph


class CatalogueEntry(Protocol):
    """What a model finding borrows from its code's catalogue entry (`rules.classifier.MODEL_RULES`):
    the scorer reads these fields without importing the rule package."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def hint(self) -> str: ...


@dataclass(frozen=True)
class Sentence:
    block: Block
    text: str  # span text without surrounding whitespace
    first: int  # [first, last) of `text` within `block.text`
    last: int
    start: int  # [start, end) in Document.text
    end: int


def apply_model(
    unit: ParsedDocument, findings: Sequence[Finding], config: Config, catalogue: Mapping[str, CatalogueEntry]
) -> list[Finding]:
    """Rule findings scored (and those below their category's floor dropped), plus model findings.

    `findings` are the rules' findings on the document, handed over by `lint`; `catalogue` maps each
    category to its model code's entry (`rules.classifier.BY_CATEGORY`): code, name, severity, hint."""
    sentences = document_sentences(unit)
    if not sentences:
        return list(findings)
    spans = [f for f in findings if f.is_span]
    hits: list[list[Finding]] = [[] for _ in sentences]
    covering: list[list[int]] = [[] for _ in spans]  # the sentences each span finding overlaps
    for i, k in overlaps([(s.start, s.end) for s in sentences], [(f.start, f.end) for f in spans]):  # type: ignore[misc]
        hits[i].append(spans[k])
        covering[k].append(i)
    model = config.model_path
    scores = score_texts([s.text for s in sentences], [hit_names(h, unit.profile) for h in hits], model_path=model)
    limits = thresholds(model)
    by_span = iter([[scores[i] for i in sentence_indices] for sentence_indices in covering])
    kept = []
    for finding in findings:  # span findings come in the order of `spans`, so of `covering`
        overlapping = next(by_span) if finding.is_span else []
        scored = _score_rule_finding(finding, overlapping, limits.floor)
        if scored is not None:
            kept.append(scored)
    added = []
    for sentence, sentence_hits, sentence_scores in zip(sentences, hits, scores, strict=True):
        fired = {f.category for f in sentence_hits}
        for category, score in sentence_scores.items():
            bar = config.min_score if config.min_score is not None else limits.add.get(category, 2.0)
            if category in fired or category not in limits.add or score < bar:
                continue
            rule = catalogue[category]
            if config.enabled(rule.code, unit.document.display_path):
                # A warning only where validation showed the model alone precise (limits.model: >= 0.88);
                # between the F1-chosen `add` and that, the finding counts but is reported as info.
                precise = score >= max(limits.model.get(category, 1.0), limits.add[category])
                added.append(_model_finding(unit, sentence, rule, score, config, precise=precise))
    return kept + added


def document_sentences(unit: ParsedDocument) -> list[Sentence]:
    """Every sentence with letters in it, of every block the span rules lint as text."""
    toc = unit.outline.toc_blocks
    sentences = []
    for index, (block, doc) in enumerate(unit.parsed):
        if index in toc or block.kind in ("heading", "table-header"):
            continue
        for span in doc.sents:
            raw = span.text
            text = raw.strip()
            if not any(c.isalpha() for c in text):
                continue
            first = span.start_char + (len(raw) - len(raw.lstrip()))
            last = first + len(text)
            start, end = block.source_span(first, last)
            sentences.append(Sentence(block, text, first, last, start, end))
    return sentences


def overlaps(sentences: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every (sentence index, span index) whose [start, end) ranges overlap, found by bisection on the
    span starts (a span overlapping a sentence starts at most the longest span's length before it)."""
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    starts = [spans[k][0] for k in order]
    longest = max((end - start for start, end in spans), default=0)
    pairs = []
    for i, (first, last) in enumerate(sentences):
        for at in range(bisect_left(starts, first - longest), bisect_left(starts, last)):
            k = order[at]
            if spans[k][1] > first:
                pairs.append((i, k))
    return pairs


def _score_rule_finding(
    finding: Finding, overlapping: Sequence[dict[str, float]], floor: dict[str, float]
) -> Finding | None:
    """The finding with the highest score of the sentences it overlaps; None below its category's floor."""
    if not finding.is_span or finding.category not in floor:
        return finding
    if not overlapping:
        return finding  # in a heading or a table of contents: the model did not see it
    score = max(s[finding.category] for s in overlapping)
    return replace(finding, score=score) if score >= floor[finding.category] else None


def _model_finding(
    unit: ParsedDocument, sentence: Sentence, rule: CatalogueEntry, score: float, config: Config, *, precise: bool
) -> Finding:
    """`precise`: the score reaches the category's precision-validated threshold (the model alone was
    at least 0.88 precise above it in grouped validation).  Below it the finding is `info` and says it
    is tentative: the sentence scored high enough to be worth a look, not to be trusted as a warning."""
    category = rule.category
    terms = top_terms(sentence.text, category, TOP_TERMS, model_path=config.model_path)
    first, last = trigger_span(sentence.text, terms)
    start, end = sentence.block.source_span(sentence.first + first, sentence.first + last)
    enclosing = unit.outline.section_at(start)
    excerpt = unit.document.text[start:end]
    return Finding(
        code=rule.code,
        name=rule.name,
        category=category,
        severity=config.severity_of(rule.code, rule.severity) if precise else Severity.INFO,
        message=_message(category, excerpt if terms else None, precise=precise),
        hint=rule.hint,
        start=start,
        end=end,
        excerpt=excerpt,
        source="model",
        score=score,
        section=enclosing.title if enclosing else None,
    )


def _message(category: str, trigger: str | None, *, precise: bool = True) -> str:
    """What the classifier saw, in words: the trigger and what it reads as (the score is its own field)."""
    meaning = CATEGORY_ABOUT[category][0]
    words = f"'{' '.join(trigger.split())}'" if trigger else "This sentence"
    source = "the classifier's finding" if precise else "tentative: below the classifier's precise threshold"
    return f"{words} reads as {meaning} ({source}; no rule matched it)"


_WORD = re.compile(r"\S+")


def trigger_span(text: str, terms: Sequence[str], max_words: int = MAX_TRIGGER_WORDS) -> tuple[int, int]:
    """[first, last) of the trigger in `text`: the best-ranked term found, widened to take in the other
    terms while the span stays within `max_words` words; with no term found, the first `max_words`
    words (a model finding never points at a whole paragraph)."""
    found = [span for span in (_find(text, term) for term in terms) if span is not None]
    if not found:
        words = list(_WORD.finditer(text))
        return (words[0].start(), words[min(len(words), max_words) - 1].end()) if words else (0, len(text))
    first, last = found[0]
    for start, end in found[1:]:
        wider = min(first, start), max(last, end)
        if len(_WORD.findall(text[wider[0] : wider[1]])) <= max_words:
            first, last = wider
    return first, last


def _find(text: str, term: str) -> tuple[int, int] | None:
    words = r"[^\w'-]+".join(re.escape(w) for w in term.split())
    match = re.search(rf"(?<![\w'-]){words}(?![\w'-])", text, re.IGNORECASE)
    return match.span() if match else None
