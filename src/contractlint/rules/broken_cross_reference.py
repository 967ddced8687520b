"""broken-cross-reference (UT04): a reference to a section or exhibit the document does not contain.

What it flags
    "Section 14.2", "Clause 7", "Article IV", "Exhibit C", "Attachment 3", "Appendix B",
    "Schedule 1", "Annex A" when no heading, numbered paragraph, list item or title line in the
    document carries that label.  Exhibits, attachments, appendices, schedules and annexes are
    checked only when the document includes at least one of that kind: RFQs and filed contracts
    often issue them as separate files.  References into other documents ("Section 1313(a) of the Code", "FAR 52.212-4",
    "Section 508", "Section 3 of the Order Form") are not checked.

Why it matters
    A cross-reference that points nowhere usually survives from an earlier draft: the clause was
    renumbered, or the exhibit that holds the price list or the service levels was never attached.
    The obligation that relies on it then has no content, and each party will say it meant a
    different clause.

How to fix
    Correct the number, or attach the missing exhibit.  Attachments issued as separate files (an
    RFQ's pricing sheet) are common: name them as such ("the Pricing Sheet issued with this RFQ as
    Attachment B").

Opt-in
    Copies converted from PDF or EDGAR filings often lose their section numbers ("4.1" survives only
    in the references to it), so most findings on such text point at clauses that do exist.  Run it
    with `--select UT04` on documents whose numbering you control.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Severity
from ..references import NUMBERED_KINDS, exists, labels, references
from .base import DocumentUnit, Hit, make_rule


def check(unit: DocumentUnit) -> Iterator[Hit]:
    carried = labels(unit.document)
    attached = {kind for kind, _ in carried}
    for reference in references(unit.document.blocks):
        if exists(reference, carried) or reference.block_index in unit.outline.toc_blocks:
            continue
        if reference.kind not in NUMBERED_KINDS and reference.kind not in attached:
            continue  # no exhibit is attached at all: the exhibits are separate documents
        block, doc = unit.parsed[reference.block_index]
        span = doc.char_span(reference.start, reference.end, alignment_mode="expand")
        if span is not None:
            what = "section" if reference.kind in NUMBERED_KINDS else reference.kind
            yield Hit(span, f"'{span.text}' points to no {what} in this document", block=block)


RULE = make_rule(
    __name__,
    check=check,
    code="UT04",
    name="broken-cross-reference",
    category="undefined-term",
    severity=Severity.WARNING,
    summary="Cross-reference to a section or exhibit the document does not contain",
    hint="Correct the reference, or attach the exhibit it names.",
    scope="document",
    opt_in=True,
    fires=(
        "## 1. Services\n\nThe Vendor shall perform the services in «Section 4.2».\n\n## 2. Fees\n\nFees are monthly.",
        "## 1. Pricing\n\nPrices are listed in «Exhibit C.»\n\n## Exhibit A - Scope\n\nHosting.",
    ),
    passes=(
        "## 1. Services\n\nThe Vendor shall perform the services in Section 2.1.\n\n## 2. Fees\n\n"
        "2.1 Fees are due monthly.",
        "## 1. Pricing\n\nPrices are listed in Exhibit A and comply with Section 508 and FAR 52.212-4.\n\n"
        "## Exhibit A - Pricing\n\nHosting: $100.",
        "ARTICLE II FEES Section 2.01 Fees. Fees are monthly. Section 2.02 Expenses. Expenses follow "
        "Section 2.01 and are billed at cost.",
    ),
)
