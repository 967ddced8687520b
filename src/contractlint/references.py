"""Cross-references: "Section 14.2", "Exhibit C", "Attachment 3" and the labels a document carries.

Analysis only (the broken-cross-reference rule decides what to report).  A label exists when a
heading, a numbered block ("14.2 Title", "14.2" opening a paragraph), inline numbering inside run-
together text ("... 2. Kubient License. ...") or a title line ("EXHIBIT C", "Attachment 3 - Pricing")
carries it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .document import Block, Document

NUMBERED_KINDS = frozenset({"section", "clause", "article", "paragraph"})
_KIND = (
    r"(?P<kind>Sections?|Clauses?|Articles?|Paragraphs?|Exhibits?|Attachments?|Appendix|Appendices|Schedules?"
    r"|Annex(?:es)?)"
)
_LABEL = r"(?P<label>\d{1,3}(?:\.\d{1,3})*(?![\d.]*\d|[A-Za-z])|[A-Z](?:-\d{1,2})?(?![\w-])|[IVX]{1,5}(?![\w-]))"
_REFERENCE = re.compile(rf"\b{_KIND}\s+{_LABEL}")
# Other documents' provisions: "Section 1313(a) of the Code", "FAR 52.212-4", "Section 508", "26 U.S.C.".
_EXTERNAL_AFTER = re.compile(
    r"^(?:\([\w.]+\))*(?:\s*(?:through|to|and|or|-)\s*[\w.]+(?:\([\w.]+\))*)*\s*,?\s*"
    r"(?:(?:of|under|to|in)\s+(?!this\b|these\b|the\s+agreement\b|hereof\b)|thereof\b)"
    r"|^[\w.()-]*\s*(?:of\s+)?(?:title\s+\d|U\.?S\.?C|C\.?F\.?R|FAR\b|DFARS\b)",
    re.IGNORECASE,
)
# "FAR 52.2", "GSA Schedule 70", "IT Schedule 70": an acronym naming the other document comes first.
_EXTERNAL_BEFORE = re.compile(r"(?:\b[A-Z]{2,6}|\bU\.S\.C\.?|\bC\.F\.R\.?|\bTitle\s+\d+,?|\d+-\d+,)\s*$")
_LIST_NUMBER = re.compile(r"(?P<indent>[ \t]*)(?P<number>\d{1,3})[.)]\s*$")
_ALWAYS_EXTERNAL = frozenset({("section", "508")})
_HEADING_LABEL = re.compile(rf"^\W*(?:{_KIND}\s+)?{_LABEL}[.):\s-]", re.IGNORECASE)
_INLINE_NUMBER = re.compile(r"(?:^|[.;:]\s+|\s{2,})(?P<label>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?=[A-Z(\"])")
_SENTENCE_BEFORE = re.compile(r"(?:[.;:]\s+|\s{2,}|\b[A-Z]{3,}\s+)$")  # after a full stop, or a title in capitals
_TITLE_AFTER = re.compile(r"\.?\s+(?!(?:Of|To|In|Under|Hereof|Above|Below)\b)[A-Z][a-z]")
_TITLE_LINE = re.compile(rf"\b{_KIND}\s+{_LABEL}", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    kind: str  # "section", "exhibit", ... (singular, lower case)
    label: str
    block_index: int
    start: int  # span of the whole reference ("Section 14.2") in the block text
    end: int


def kind_of(word: str) -> str:
    word = word.lower()
    if word.startswith("append"):
        return "appendix"
    if word.startswith("annex"):
        return "annex"
    return word[:-1] if word.endswith("s") else word


def references(blocks: Sequence[Block]) -> Iterator[Reference]:
    """Internal references in reading order; references into other documents are left out."""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            continue
        text = block.text
        for match in _REFERENCE.finditer(text):
            kind, label = kind_of(match["kind"]), match["label"]
            after, before = text[match.end() : match.end() + 60], text[max(0, match.start() - 20) : match.start()]
            if (kind, label) in _ALWAYS_EXTERNAL or _EXTERNAL_AFTER.match(after) or _EXTERNAL_BEFORE.search(before):
                continue
            yield Reference(kind, label, index, match.start(), match.end())


def labels(document: Document) -> set[tuple[str, str]]:
    """(kind, label) pairs the document carries; section-like labels are stored under kind 'number'."""
    found: set[tuple[str, str]] = set()
    found |= _list_numbers(document)
    for block in document.blocks:
        text = block.text
        if match := _HEADING_LABEL.match(text):
            found.add(_carried(match["kind"], match["label"]))
        for match in _INLINE_NUMBER.finditer(text):
            found.add(("number", _normal(match["label"])))
        for match in _TITLE_LINE.finditer(text):
            # "EXHIBIT C" in capitals, or "Exhibit C" opening a block or a heading, titles the attachment.
            if match[0].isupper() or match.start() == 0 or block.kind == "heading" or _run_in_title(text, match):
                found.add(_carried(match["kind"], match["label"]))
    return found


def _run_in_title(text: str, match: re.Match[str]) -> bool:
    """A numbered title run into the text of a converted filing ('... within 15 days.  Section 2.04
    Brokers and Dealers. At the ...'): opening a sentence and followed by its capitalised title."""
    before = text[max(0, match.start() - 12) : match.start()]
    return bool(_SENTENCE_BEFORE.search(before)) and bool(_TITLE_AFTER.match(text, match.end()))


def _carried(kind_word: str | None, label: str) -> tuple[str, str]:
    kind = kind_of(kind_word) if kind_word else "number"
    return ("number" if kind in NUMBERED_KINDS else kind, _normal(label))


def _normal(label: str) -> str:
    """'7.0' is section 7; 'c' is C."""
    label = label.upper().rstrip(".").lstrip("0") or "0"
    while label.endswith(".0"):
        label = label[:-2]
    return label


def _list_numbers(document: Document) -> set[tuple[str, str]]:
    """Numbers of ordered-list items, nested by indentation ("1." under "4." is 4.1): markdown drops
    them from the block text, but a "Section 4.1" reference counts them."""
    found: set[tuple[str, str]] = set()
    stack: list[tuple[int, str]] = []
    text = document.text
    for block in document.blocks:
        if block.kind != "list-item":
            continue
        line_start = text.rfind("\n", 0, block.start) + 1
        match = _LIST_NUMBER.fullmatch(text, line_start, block.start)
        if not match:
            continue
        indent = len(match["indent"].expandtabs(4))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["number"]))
        found.add(("number", ".".join(number for _, number in stack)))
    return found


def exists(reference: Reference, carried: set[tuple[str, str]]) -> bool:
    kind = "number" if reference.kind in NUMBERED_KINDS else reference.kind
    label = reference.label.upper()
    return (kind, _normal(label)) in carried
