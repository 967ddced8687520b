"""What a report needs of a document once it is linted, and nothing more.

A `Document` holds the whole text and every block with its offset map: what the rules need, and
far more than a report needs.  A folder run keeps one result per file until the report is written,
and `--jobs` sends each result back from its worker by pickle, so `check` turns each result's
document into a `DocumentDigest` as soon as the file is done, in the worker: the line and column,
paragraph/cell/page, sentence and baseline context of each finding's offsets, and the text only for
formats that show it (HTML).  Formatters read a digest through the same methods as a document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .finding import Finding


@dataclass(frozen=True)
class DocumentDigest:
    """A document's answers for the offsets of its findings (see the module docstring)."""

    path: Path | None
    display_path: str
    format: str
    text: str | None  # the whole text, kept only when a format shows it
    line_cols: dict[int, tuple[int, int]] = field(default_factory=dict)
    locations: dict[int, dict[str, int]] = field(default_factory=dict)
    sentences: dict[tuple[int, int], tuple[tuple[int, int] | None, str | None]] = field(default_factory=dict)
    block_sentences: dict[int, str] = field(default_factory=dict)

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.line_cols[offset]

    def location(self, offset: int) -> dict[str, int]:
        return dict(self.locations.get(offset, {}))

    def sentence_span(self, start: int, end: int) -> tuple[int, int] | None:
        return self.sentences[(start, end)][0]

    def sentence_text(self, start: int, end: int) -> str | None:
        return self.sentences[(start, end)][1]

    def block_sentence(self, offset: int) -> str:
        return self.block_sentences.get(offset, "")


def make_digest(document: Document, findings: Iterable[Finding], *, keep_text: bool) -> DocumentDigest:
    """The digest of `document` for these findings (every offset a formatter or baseline asks about)."""
    line_cols: dict[int, tuple[int, int]] = {}
    locations: dict[int, dict[str, int]] = {}
    sentences: dict[tuple[int, int], tuple[tuple[int, int] | None, str | None]] = {}
    block_sentences: dict[int, str] = {}
    shared: dict[str | None, str | None] = {}  # one copy of a sentence several findings share (pickle keeps one)
    for finding in findings:
        if finding.start is None or finding.end is None:
            continue
        for offset in (finding.start, finding.end):
            line_cols[offset] = document.line_col(offset)
        locations[finding.start] = document.location(finding.start)
        span = (finding.start, finding.end)
        sentence = document.sentence_text(*span)
        sentences[span] = (document.sentence_span(*span), shared.setdefault(sentence, sentence))
        block_sentence = document.block_sentence(finding.start)
        block_sentences[finding.start] = shared.setdefault(block_sentence, block_sentence)  # type: ignore[assignment]
    text = document.text if keep_text else None
    return DocumentDigest(
        document.path, document.display_path, document.format, text, line_cols, locations, sentences, block_sentences
    )


def digest_to_json(digest: DocumentDigest) -> dict[str, object]:
    """A digest without its text as JSON (the result cache keeps it, so an unchanged file's report
    needs neither the file loaded nor parsed again)."""
    return {
        "path": str(digest.path) if digest.path is not None else None,
        "display_path": digest.display_path,
        "format": digest.format,
        "line_cols": [[offset, *place] for offset, place in digest.line_cols.items()],
        "locations": [[offset, place] for offset, place in digest.locations.items()],
        "sentences": [
            [*span, list(found) if found else None, text] for span, (found, text) in digest.sentences.items()
        ],
        "block_sentences": [[offset, text] for offset, text in digest.block_sentences.items()],
    }


def digest_from_json(entry: dict[str, object]) -> DocumentDigest:
    """The digest `digest_to_json` wrote; any other shape raises (the cache entry is then ignored)."""
    path = entry["path"]
    return DocumentDigest(
        Path(path) if isinstance(path, str) else None,
        str(entry["display_path"]),
        str(entry["format"]),
        None,
        {int(o): (int(line), int(col)) for o, line, col in entry["line_cols"]},  # type: ignore[attr-defined]
        {int(o): {str(k): int(v) for k, v in place.items()} for o, place in entry["locations"]},  # type: ignore[attr-defined]
        {
            (int(s), int(e)): (tuple(found) if found else None, text)  # type: ignore[misc]
            for s, e, found, text in entry["sentences"]  # type: ignore[attr-defined]
        },
        {int(o): str(text) for o, text in entry["block_sentences"]},  # type: ignore[attr-defined]
    )


ReportDocument = Document | DocumentDigest  # what a formatter reads a finding's place from
