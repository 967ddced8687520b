"""The fast path changes how fast, never what: same tokens, same matches, same findings.

Each fast step (fastpath.py) claims to be exact.  These tests hold it to that on realistic text:
the bundled sample SOW always, and a sample of the real documents in ../shared/docs when present
(benchmarks/run.py compares all of them).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from contractlint.config import Config
from contractlint.fastpath import GatedMatcher, _longest, anchor_of, install_stand_ins, original_components
from contractlint.lint import lint_document
from contractlint.loaders import load, load_text
from contractlint.nlp import load_pipeline
from contractlint.rules import REGISTRY
from contractlint.rules.patterns import compile_patterns

from .conftest import SHARED_DOCS, SHARED_MISSING

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "helpdesk-sow.md"
# Small, different document types from ../shared/docs: a PWS, an RFQ, a services agreement, a proposal.
SHARED_SAMPLE = ("003-dos-talentmap-pws.md", "010-cloudgov-support-services-rfq.md")
EXTRA_TEXT = (
    "Ain't nothin' gonna stop us; y'all let's go. There is a TBD item, and the Contractor shall "
    "use commercially reasonable efforts to respond promptly, including but not limited to "
    "outages, at its sole discretion.  \n\n The  Government's  data shall be returned."
)


def _documents() -> list[Path]:
    paths = [SAMPLE]
    if SHARED_DOCS.is_dir():
        paths += [SHARED_DOCS / name for name in SHARED_SAMPLE]
    return paths


def _texts() -> list[str]:
    return [block.text for path in _documents() for block in load(path).blocks] + [EXTRA_TEXT]


def _token_view(doc: object) -> list[tuple[object, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start)
        for t in doc  # type: ignore[attr-defined]
    ]


def test_stand_ins_annotate_exactly_like_the_spacy_components() -> None:
    nlp = load_pipeline()
    texts = _texts()
    assert install_stand_ins(nlp) == {"attribute_ruler": "attribute_ruler_fast", "lemmatizer": "lemmatizer_fast"}
    assert "lemmatizer" in nlp.disabled and "lemmatizer_fast" in nlp.pipe_names
    with original_components(nlp):
        assert "lemmatizer" in nlp.pipe_names and "lemmatizer_fast" in nlp.disabled
        slow = list(nlp.pipe(texts))
    assert "lemmatizer" in nlp.disabled  # swapped back
    fast = list(nlp.pipe(texts))
    assert len(slow) == len(fast)
    for slow_doc, fast_doc in zip(slow, fast, strict=True):
        assert _token_view(fast_doc) == _token_view(slow_doc)


def test_gated_term_lists_match_exactly_what_ungated_ones_do() -> None:
    nlp = load_pipeline()
    install_stand_ins(nlp)
    docs = list(nlp.pipe(_texts()))  # docs as the fast path hands them to the rules
    checked = 0
    for rule in REGISTRY:
        if not rule.patterns:
            continue
        gated = compile_patterns(nlp, rule.patterns, gated=True)
        ungated = compile_patterns(nlp, rule.patterns, gated=False)
        for doc in docs:
            expected = [(m.label, m.span.start, m.span.end) for m in ungated(doc)]
            assert [(m.label, m.span.start, m.span.end) for m in gated(doc)] == expected, (rule.code, doc.text)
            checked += len(expected)
    assert checked >= 15  # the sample text really exercises the term lists (20 without ../shared)


def test_a_gated_group_is_skipped_only_when_its_anchor_word_is_absent() -> None:
    nlp = load_pipeline()
    pattern = [{"LOWER": "reasonable", "OP": "?"}, {"LEMMA": "endeavour"}, {"LOWER": "to"}]
    assert anchor_of(pattern) is not None and anchor_of(pattern).attr == "LEMMA"  # type: ignore[union-attr]
    matcher = GatedMatcher(nlp, [("effort", pattern)], gated=True)
    assert len(matcher(nlp("The Supplier endeavours to reply."))) == 1  # inflected form, found by lemma
    assert matcher(nlp("The Supplier tries to reply.")) == []
    # A pattern with only optional or open tokens has no anchor and always runs.
    assert anchor_of([{"LOWER": "sole", "OP": "?"}, {"POS": "NOUN"}]) is None


def test_a_bounded_group_matched_only_around_its_anchors_finds_what_the_whole_doc_holds() -> None:
    # Matches at the very start and end of a doc, overlapping ones, and anchors close enough for their
    # windows to merge: the windowed run must equal a run of the same patterns over the whole doc.
    nlp = load_pipeline()
    install_stand_ins(nlp)
    effort = [{"LOWER": "best", "OP": "?"}, {"LOWER": "efforts"}, {"LOWER": {"IN": ["to", "for"]}, "OP": "{0,2}"}]
    patterns = [
        ("effort", effort),
        ("sole", [{"LOWER": "its"}, {"LOWER": "sole"}, {"LOWER": "discretion"}]),
    ]
    doc = nlp("Efforts to reply, best efforts for for its sole discretion; many words later, its sole discretion")
    windowed = GatedMatcher(nlp, patterns, gated=True)
    whole = GatedMatcher(nlp, patterns, gated=False)
    assert sorted(windowed(doc)) == sorted(whole(doc))
    assert len(whole(doc)) >= 6
    assert (_longest(patterns[0][1]), _longest(patterns[1][1])) == (4, 3)
    assert _longest([{"LOWER": "at"}, {"POS": "PROPN", "OP": "+"}]) is None  # unbounded: the whole doc is matched


def test_term_lists_see_lemmas_set_after_the_attribute_ruler() -> None:
    # Regression: the attribute-ruler stand-in once cached a doc's words before its lemmas existed,
    # so lemma-anchored patterns ("include, but not limited to") silently stopped matching.
    nlp = load_pipeline()
    install_stand_ins(nlp)
    doc = nlp("Services include, but are not limited to, hosting and monitoring.")
    matches = compile_patterns(nlp, "open_scope.jsonl", gated=True)(doc)
    assert [m.span.text for m in matches] == ["include, but are not limited to"]


@pytest.mark.parametrize("path", [*_documents(), None], ids=lambda p: p.name if p else "extra-text")
def test_fast_path_findings_are_identical(path: Path | None) -> None:
    document = load(path) if path else load_text(EXTRA_TEXT + "\n\nServices include, but are not limited to, hosting.")
    config = Config(model=True)
    fast = lint_document(document, config)
    slow = lint_document(document, dataclasses.replace(config, fast_path=False))
    assert fast.findings == slow.findings
    assert len(fast.findings) >= 5


def test_shared_sample_is_present_or_skipped_with_a_reason() -> None:
    if not SHARED_DOCS.is_dir():
        pytest.skip(SHARED_MISSING)
    assert all((SHARED_DOCS / name).is_file() for name in SHARED_SAMPLE)


@pytest.mark.parametrize(
    "text",
    [
        "The Vendor  shall deliver\tthe report.\n\nPayment: $1,200 within 30 days — “net”.",
        "  leading spaces, trailing ones   ",
        "Ünïcödé clauses: naïve façade, 日本語の条項, emoji 🚀 and CRLF\r\nline.",
        "",
    ],
)
def test_joined_text_is_exactly_spacys_doc_text(text: str) -> None:
    from contractlint.fastpath import joined_text

    doc = load_pipeline()(text)
    assert joined_text(doc) == doc.text == text
