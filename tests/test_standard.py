"""Standard clause text (standard.py) and the `standard-clause` context lint gives findings in it.

The clause passages below are written for these tests in the style of FAR clauses quoted in RFQs;
no text of ../shared is copied.  The test that reads ../shared uses it by path and skips without it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from contractlint.config import Config
from contractlint.finding import STANDARD_CLAUSE, Severity
from contractlint.loaders import load, load_text
from contractlint.standard import (
    SHINGLES_FILE,
    find_standard_text,
    recurring_spans,
    shingle_hashes,
    shipped_shingles,
    words,
)
from contractlint.structure import build_outline

from .conftest import SHARED_DOCS, lint, needs_shared

EMPTY = np.zeros(0, dtype=np.uint64)
CLAUSES = """\
# Request for Quote

## 3. Scope

The Contractor shall deliver the monthly report promptly.

## 9. Clauses

**FAR 52.299-1 Widget Registration (Jan 2030)**

Each widget order requiring an evaluation must be registered in the widget registry.
Receipts must be submitted as soon as possible.

## 10. Schedule

Invoices must be submitted monthly.
"""


def standard_excerpts(text: str, shingles: np.ndarray = EMPTY) -> list[str]:
    document = load_text(text, markdown=True)
    spans = find_standard_text(document, build_outline(document), shingles).spans
    return [" ".join(document.text[start:end].split()) for start, end in spans]


def by_excerpt(text: str, **fields: object) -> dict[str, tuple[Severity, str | None]]:
    return {f.excerpt or "": (f.severity, f.context) for f in lint(text, select=("TL01", "UO01"), **fields).findings}


def test_findings_under_a_clause_title_are_info_with_the_context() -> None:
    found = by_excerpt(CLAUSES)
    assert found["as soon as possible"] == (Severity.INFO, STANDARD_CLAUSE)
    assert found["promptly"] == (Severity.WARNING, None)  # the document's own scope: not standard
    # The next section is the document's own again, though its sentence reads like the clause's.
    invoices = [f for f in lint(CLAUSES, select=("UO01",)).findings if "Invoices" in CLAUSES[: f.start][-40:]]
    assert [(f.severity, f.context) for f in invoices] == [(Severity.WARNING, None)]


def test_a_blank_left_in_a_clause_keeps_its_severity() -> None:
    text = CLAUSES.replace("as soon as possible", "within [insert the period of time]")
    [blank] = lint(text, select=("PH01",)).findings
    assert (blank.severity, blank.context) == (Severity.ERROR, None)


def test_the_option_hides_keeps_or_lowers() -> None:
    assert "as soon as possible" not in by_excerpt(CLAUSES, standard_clauses="hide")
    assert "promptly" in by_excerpt(CLAUSES, standard_clauses="hide")
    assert by_excerpt(CLAUSES, standard_clauses="keep")["as soon as possible"] == (Severity.WARNING, STANDARD_CLAUSE)


@pytest.mark.parametrize(
    "title",
    [
        "## 52.212-4 Contract Terms and Conditions—Commercial Products and Commercial Services",
        "### 7.1 FAR 52.252-2 Clauses Incorporated by Reference (Feb 1998)",
        "**DFARS 252.204-7012 Safeguarding Covered Defense Information**",
        "**GSAR 552.212-4 Contract Terms and Conditions**",
        "## Business Associate Agreement under HIPAA",
        "## Terms required by 45 CFR 164.504(e)",
    ],
)
def test_clause_titles_make_their_section_standard(title: str) -> None:
    text = f"# RFQ\n\n{title}\n\nNotices must be given as soon as possible.\n\n# Pricing\n\nPrices are firm.\n"
    assert [title.strip("#* ") in span and "as soon as possible." in span for span in standard_excerpts(text)] == [True]
    assert not any("Prices are firm" in span for span in standard_excerpts(text))


@pytest.mark.parametrize(
    "text",
    [
        "# Scope\n\nThe Contractor shall comply with HIPAA and report incidents promptly.\n",
        "# Scope\n\nThe system shall meet 42 CFR 435.916 and renew coverage promptly.\n",
        "# Scope\n\nDescribe experience under FISMA or HIPAA, including projects.\n",
        "# Terms\n\nExhibit A is incorporated by reference. Fees are due promptly.\n",
    ],
)
def test_a_mention_of_law_is_not_standard_text(text: str) -> None:
    assert standard_excerpts(text) == []


def test_a_sentence_citing_a_clause_is_standard_but_not_its_neighbours() -> None:
    text = "# Invoices\n\nSend invoices monthly. Payment is made under FAR 52.212-4(i) within 30 days. Be brief.\n"
    assert standard_excerpts(text) == ["Payment is made under FAR 52.212-4(i) within 30 days."]


def test_a_row_of_a_clause_table_is_standard() -> None:
    text = "# Clauses\n\n| Clause | Title |\n|---|---|\n| 52.217-5 | Evaluation of Options |\n| Note | TBD |\n"
    assert standard_excerpts(text) == ["52.217-5 | Evaluation of Options"]


def test_recurring_text_is_found_by_its_shingles() -> None:
    boilerplate = (
        "The awardee agrees that every widget order shall be recorded in the registry "
        "before the first shipment leaves the warehouse."
    )
    own = "The Vendor will tune the widgets as needed by the team."
    text = f"# Terms\n\n{boilerplate} {own}\n"
    known = np.unique(shingle_hashes([w.text for w in words(load_text(boilerplate, markdown=False).blocks)]))
    assert standard_excerpts(text, known) == [boilerplate]
    assert standard_excerpts(text) == []


def test_shingles_span_short_blocks() -> None:
    """A short list item inside recurring text is covered by shingles that run across blocks."""
    document = load_text("# T\n\n- one two three four five\n- six seven eight nine ten\n", markdown=True)
    known = np.unique(shingle_hashes(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]))
    assert len(list(recurring_spans(document.blocks, known))) == 2


def test_the_shipped_shingle_set_is_a_small_sorted_hash_array() -> None:
    known = shipped_shingles()
    assert known.dtype == np.uint64 and known.ndim == 1 and len(known) > 1000
    assert bool(np.all(known[1:] > known[:-1]))  # sorted and unique: binary search works
    assert SHINGLES_FILE.stat().st_size < 300_000


@needs_shared
def test_the_shipped_set_is_what_the_script_builds_and_flags_real_boilerplate() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_shingles", Path(__file__).parents[1] / "scripts/build_shingles.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert np.array_equal(script.build(SHARED_DOCS), shipped_shingles())
    # A government RFQ quotes recurring clause text; a bespoke grant proposal has little or none.
    rfq = load(next(SHARED_DOCS.glob("010-*")), Config().limits)
    assert len(list(recurring_spans(rfq.blocks, shipped_shingles()))) >= 5
