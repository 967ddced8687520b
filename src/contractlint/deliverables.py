"""The deliverables a document asks for, each with its owner, due date or cadence, and acceptance.

Analysis only (the renderers are in `formats/deliverables.py`; the findings are TL02 and GL02).
Three sources, most reliable first:

- tables whose header names a deliverable column ("Deliverable", "Milestone", "Output", or "Item"
  beside a due/owner/acceptance column); the other columns are mapped by their header;
- deliverables laid out vertically, as federal performance work statements do: a two-column table
  of "Label | value" rows ("Deliverable 8 | Monthly Status Report", "Due Date | ...", "Acceptable
  Quality Level | ...", "Owner / Responsible | ..."), or the same as a run of "Label: value" lines
  under a "Deliverable N" line (what PDF text extraction leaves of such a table);
- list items under a deliverables/milestones heading, and "Milestone N" headings that have no
  deliverables list of their own (grant proposals); the enclosing milestone section may state the
  date ("Date: Jun 23 → Jul 30", "> Estimated timeframe: ...", "Milestone 1 — 15 days"), the team
  and the completion criteria for all of them;
- in statements of work, sentences such as "The Contractor shall submit a transition plan no later
  than 8 weeks before ..." whose object is a work product and which carry a due date.

A statement that covers every deliverable ("All deliverables are accepted when approved in writing
by the COR", "The Contractor shall submit all deliverables to the COR") fills the gaps it answers.
Cue words are data: `rules/patterns/deliverables.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .document import Block, Document
from .termlists import month_alternation, read_json

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .parse import ParsedDocument

FIELDS = ("owner", "due", "acceptance")


@dataclass(frozen=True)
class Deliverable:
    """One deliverable as the document states it; None where the document does not say."""

    name: str
    owner: str | None
    due: str | None
    acceptance: str | None
    source: str  # "table", "list", "milestone" or "sentence": where the deliverable was found
    start: int  # offsets of the name in Document.text
    end: int
    section: str | None = None  # innermost heading above the name
    acceptance_scope: str | None = None  # "deliverable", "section" or "document": what the criterion covers
    block: Block | None = field(default=None, repr=False, compare=False)
    span: Span | None = field(default=None, repr=False, compare=False)  # the name, in the block's parse

    @property
    def gaps(self) -> tuple[str, ...]:
        """Which of owner, due and acceptance the document leaves unstated for this deliverable."""
        return tuple(name for name in FIELDS if getattr(self, name) is None)


@dataclass
class DeliverablesResult:
    """The deliverables of one input file, or why it could not be read."""

    path: str
    deliverables: list[Deliverable] = field(default_factory=list)
    profile: str | None = None
    error: str | None = None
    document: Document | None = field(default=None, repr=False)


# ---------------------------------------------------------------------------------------------
# Cue words and the regexes built from them


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    return {key: tuple(words) for key, words in read_json("deliverables.json").items()}  # type: ignore[union-attr]


def _alternation(key: str) -> str:
    words = sorted(_cues()[key], key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


_MONTH = rf"(?:{month_alternation()})\.?"
_NUMBER = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty-five|forty|sixty|ninety)"
)


@dataclass(frozen=True)
class _Patterns:
    due: re.Pattern[str]
    acceptance: re.Pattern[str]
    acceptance_subject: re.Pattern[str]
    due_label: re.Pattern[str]
    owner_label: re.Pattern[str]
    list_heading: re.Pattern[str]
    skip_heading: re.Pattern[str]
    milestone_heading: re.Pattern[str]
    roadmap_heading: re.Pattern[str]
    numbered_step: re.Pattern[str]
    clause_number: re.Pattern[str]
    whole_owner_statement: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    periods, events, cadences = _alternation("periods"), _alternation("events"), _alternation("cadences")
    due = "|".join(
        [
            rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",  # June 30, 2027
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?",  # 30 June 2027
            rf"\b{_MONTH}\s+\d{{4}}\b",  # June 2027
            r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d{2})\b",  # 03/05/2021, not 24/7/365
            r"\b\d{4}-\d{2}-\d{2}\b",  # 2027-06-30
            r"\b(?:Q[1-4]|FY)\s*'?\d{2,4}\b",
            rf"~?\b{_NUMBER}\s*(?:\(\d+\)\s*)?(?:business\s+|calendar\s+|working\s+)?"
            r"(?:days?|weeks?|months?|years?|hours?)\b",  # within 10 business days, 4 weeks
            rf"\b(?:{cadences})\b",
            rf"\b(?:each|every|per|after|following)\s+(?:\w+\s+){{0,2}}?(?:{periods})\b",  # every applicable sprint
            rf"\b(?:end|beginning|start|close|conclusion|completion)\s+of\s+(?:the\s+|each\s+|every\s+)?"
            rf"(?:\w+\s+){{0,2}}?(?:{periods}|{events})\b",
            r"\b(?:sprint|iteration|increment|week|month|day)\s+\d+\b",  # sprint 6
            rf"\b(?:at|after|of|upon|following|before|prior\s+to)\s+(?:the\s+)?(?:{events})\b",
            r"\bweek\s+of\b",
        ]
    )
    lead = r"(?:(?:within|in|by|before|after|(?:no|not)\s+later\s+than|on\s+or\s+before|at|on)\s+(?:the\s+)?)?"
    return _Patterns(
        due=re.compile(rf"{lead}(?:{due})", re.I),
        acceptance=re.compile(rf"\b(?:{_alternation('acceptance_cues')})\b", re.I),
        # "deliverable 5" is one deliverable, not a statement about all of them.
        acceptance_subject=re.compile(rf"\b(?:{_alternation('acceptance_subjects')})\b(?!\s+\d)", re.I),
        due_label=_label("due_labels"),
        owner_label=_label("owner_labels"),
        # "Deliverables", "3.0 List of deliverables", "Deliverables to be provided ... Quarterly", "Key Milestones";
        # not "Data Rights and Ownership of Deliverables".
        list_heading=re.compile(
            rf"^\W*(?:[\d.]+\s+)?(?:[\w-]+\s+){{0,2}}(?:{_alternation('list_headings')})\b"
            rf"(?!.*\b(?:{_alternation('heading_exclusions')}))",
            re.I,
        ),
        skip_heading=re.compile(rf"\b(?:{_alternation('skip_headings')})", re.I),
        milestone_heading=re.compile(r"^\W*(?:\(optional\)\s*)?milestone\s*#?\s*\d+\b", re.I),
        roadmap_heading=re.compile(rf"^\W*(?:[\d.]+\s+)?(?:{_alternation('roadmap_headings')})\W*$", re.I),
        # "1.) Development of registry contract", "03/05/2021 - Content Exchange Protocol": steps of a roadmap
        numbered_step=re.compile(r"^\W*(?:\d{1,2}\.?\)?\s|\d{1,2}/\d{1,2}/\d{2,4}\b)"),
        clause_number=re.compile(r"^\W*\d+(?:\.\d+)+\s"),  # "3.2 Program Errors. ...": a contract clause
        whole_owner_statement=re.compile(
            rf"\b(?:the\s+)?(?P<party>{_alternation('parties')})\s+(?:shall|will|must)\s+(?:\w+\s+){{0,3}}?"
            rf"(?:{_alternation('delivery_verbs')})\w*\s+(?:all|each|every|any)\s+(?:\w+\s+)?deliverables?\b",
            re.I,
        ),
    )


def _label(key: str) -> re.Pattern[str]:
    """A label line: '**Date**: Jun 23 → Jul 30', '> Estimated timeframe: May 25 - June 25', '* Lead = Vishal'."""
    return re.compile(rf"^[\s>*_#-]*(?:{_alternation(key)})[\s*_]*(?:[:=]|\s-\s)[\s*_]*(?P<value>.+?)[\s*_]*$", re.I)


def due_in(text: str) -> str | None:
    """The date, duration or cadence stated in a piece of text, as written; None if there is none."""
    match = _patterns().due.search(text)
    return match[0].strip() if match else None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s/#?—-]", " ", text.lower()).split())


def _words(text: str) -> frozenset[str]:
    """Words without a plural 's', so 'status report' is found in 'Monthly status reports'."""
    return frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _normal(text).split())


def _stated(text: str | None) -> str | None:
    """Cell or label text as stated, or None when it is blank or says nothing ('TBD', 'N/A', 'As needed')."""
    if text is None:
        return None
    text = " ".join(text.split()).strip(" .;")
    if not text or _normal(text) in _cues()["no_date"] or text in _cues()["no_date"]:
        return None
    return text


# ---------------------------------------------------------------------------------------------
# The document as the extractor walks it


@dataclass(frozen=True)
class _Context:
    unit: ParsedDocument

    @property
    def parsed(self) -> list[tuple[Block, Doc]]:
        return self.unit.parsed

    def section_title(self, index: int) -> str | None:
        path = self.unit.outline.path(index)
        return path[-1] if path else None

    def skipped(self, index: int) -> bool:
        """Tables of contents and bid instructions/evaluation: they describe quotes, not the work."""
        if index in self.unit.outline.toc_blocks:
            return True
        return any(_patterns().skip_heading.search(title) for title in self.unit.outline.path(index))

    def enclosing_headings(self, index: int) -> list[int]:
        """Block indices of the headings of the sections enclosing block `index`, innermost first."""
        start = self.parsed[index][0].start
        sections = [s for s in self.unit.outline.sections if s.start <= start < s.end and s.block_index != index]
        return [s.block_index for s in sorted(sections, key=lambda s: (s.start, s.level), reverse=True)]

    def section_content(self, heading: int) -> Iterator[int]:
        """Blocks of the section a heading opens, its subsections included."""
        end = next((s.end for s in self.unit.outline.sections if s.block_index == heading), 0)
        for i in range(heading + 1, len(self.parsed)):
            if self.parsed[i][0].start >= end:
                return
            yield i


def extract_deliverables(unit: ParsedDocument) -> list[Deliverable]:
    """Every deliverable the document states, in reading order, with document-wide statements applied."""
    context = _Context(unit)
    runs = list(_from_label_runs(context))
    described = {d.block.start for d in runs if d.block is not None}
    # A "Deliverable 3: ..." list item or heading that opens a label run is read once, as the run.
    found = list(_from_tables(context)) + [d for d in _from_lists(context) if d.block.start not in described] + runs
    if unit.profile == "sow":
        known = [_words(d.name) for d in found]
        found += [d for d in _from_sentences(context) if not any(_words(d.name) <= k for k in known)]
    owner, acceptance = _document_owner(context), _document_acceptance(context)
    completed = []
    for item in sorted(found, key=lambda d: d.start):
        if item.owner is None and owner:
            item = replace(item, owner=owner)
        if item.acceptance is None and acceptance:
            item = replace(item, acceptance=acceptance, acceptance_scope="document")
        completed.append(item)
    return completed


def _make(context: _Context, index: int, span: Span, source: str, **fields: object) -> Deliverable:
    block = context.parsed[index][0]
    start, end = block.source_span(span.start_char, span.end_char)
    return Deliverable(
        name=span.text,
        source=source,
        start=start,
        end=end,
        section=context.section_title(index),
        block=block,
        span=span,
        **fields,  # type: ignore[arg-type]
    )


def _trimmed(doc: Doc, start: int = 0, end: int | None = None) -> Span | None:
    """doc[start:end] without surrounding punctuation; None if nothing is left."""
    end = len(doc) if end is None else end
    while start < end and (doc[start].is_punct or doc[start].is_space) and doc[start].text not in ("(", "`"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in (")", "`"):
        end -= 1
    return doc[start:end] if end > start else None


# ---------------------------------------------------------------------------------------------
# (a) Tables


def _column_role(header: str, *, item_ok: bool) -> str | None:
    text = _normal(header)
    cues = _cues()
    if text in cues["name_columns"] or (item_ok and text in cues["item_columns"]):
        return "name"
    words = set(text.split())
    for role, key in (("acceptance", "acceptance_columns"), ("owner", "owner_columns"), ("due", "due_columns")):
        if any((set(cue.split()) <= words) for cue in cues[key]):
            return role
    return None


def _from_tables(context: _Context) -> Iterator[Deliverable]:
    tables: dict[int, dict[int, dict[int, list[int]]]] = {}
    for index, (block, _doc) in enumerate(context.parsed):
        where = dict(block.location)
        if block.kind in ("table-cell", "table-header") and "row" in where and not context.skipped(index):
            cells = tables.setdefault(where["table"], {}).setdefault(where["row"], {})
            cells.setdefault(where["cell"], []).append(index)
    for rows in tables.values():
        vertical = list(_vertical_table(context, rows))
        yield from vertical or _table_rows(context, rows)


def _table_rows(context: _Context, rows: dict[int, dict[int, list[int]]]) -> Iterator[Deliverable]:
    first = min(rows)
    header = {cell: " ".join(context.parsed[i][0].text for i in indices) for cell, indices in rows[first].items()}
    if not _looks_like_header(context, rows[first], header):
        return
    roles = {cell: _column_role(text, item_ok=False) for cell, text in header.items()}
    if "name" not in roles.values():
        roles = {cell: _column_role(text, item_ok=True) for cell, text in header.items()}
    if "name" not in roles.values():
        return
    name_cell = min(cell for cell, role in roles.items() if role == "name")
    # "Item" or "Milestone" beside only a description or a price is a price list; "Deliverable" alone is not.
    if not {"due", "owner", "acceptance"} & set(roles.values()) and not _normal(header[name_cell]).startswith(
        "deliverable"
    ):
        return
    for row in sorted(r for r in rows if r != first):
        cells = rows[row]
        if name_cell not in cells:
            continue
        index = cells[name_cell][0]
        span = _trimmed(context.parsed[index][1])
        if span is None or _stated(span.text) is None or _normal(span.text) in _cues()["total_rows"]:
            continue
        values = {role: _stated(_column_text(context, cells, roles, role)) for role in FIELDS}
        yield _make(
            context,
            index,
            span,
            "table",
            owner=values["owner"],
            due=values["due"],
            acceptance=values["acceptance"],
            acceptance_scope="deliverable" if values["acceptance"] else None,
        )


def _column_text(context: _Context, cells: dict[int, list[int]], roles: dict[int, str | None], role: str) -> str:
    return " ".join(context.parsed[i][0].text for cell, r in roles.items() if r == role for i in cells.get(cell, []))


def _looks_like_header(context: _Context, cells: dict[int, list[int]], header: dict[int, str]) -> bool:
    """A header row: table-header blocks (Markdown, Word's repeat-header rows), or a Word first row of
    short labels none of which ends like a sentence."""
    blocks = [context.parsed[i][0] for indices in cells.values() for i in indices]
    if all(b.kind == "table-header" for b in blocks):
        return True
    return all(len(text.split()) <= 6 and not text.rstrip().endswith((".", ";")) for text in header.values())


# ---------------------------------------------------------------------------------------------
# (a') Deliverables laid out vertically: "Label | value" rows, or "Label: value" lines


_LABEL_KEYS = (
    ("due", "due_labels"),
    ("owner", "owner_labels"),
    ("acceptance", "acceptance_labels"),
    ("other", "description_labels"),
)
_LABEL_WORDS = 6  # longer than this, a first cell or line start is text, not a label
_MARKUP = " \t>*_#|-:="


def label_field(label: str) -> str | None:
    """What a row or line label names: "due", "owner" or "acceptance" ('Due Date', 'Frequency',
    'Owner / Responsible', 'Acceptable Quality Level (AQL)'); "other" for the rest of a deliverable's
    description ('Format', 'Distribution'); None when the text is no label."""
    text = re.sub(r"\(s\)", "s", label.strip(_MARKUP), flags=re.I)
    text = re.sub(r"\([^)]*\)", " ", text)  # "Acceptable Quality Level (AQL)"
    if not text or len(text.split()) > _LABEL_WORDS:
        return None
    cues = _cues()
    for part in re.split(r"/|&|,|\bor\b|\band\b", text, flags=re.I):
        words = _normal(part)
        field_name = next((name for name, key in _LABEL_KEYS if words in cues[key]), None)
        if field_name:
            return field_name
    return None


@lru_cache(maxsize=1)
def _name_label() -> re.Pattern[str]:
    """'Deliverable 8', 'Deliverable 8: Monthly Status Report', 'Deliverable No. 3 - ...', 'CDRL A001',
    'Deliverable Name': the label that opens one vertically described deliverable."""
    return re.compile(
        rf"^[\s>*_#|-]*(?P<label>(?:{_alternation('vertical_name_labels')})\b"
        r"(?:\s*(?:no\.?|number|#)?\s*(?P<number>[a-z]{0,2}-?\d+(?:\.\d+)*[a-z]?)\b)?)"
        r"[\s*_]*(?P<sep>[:.]|[-–—]|)\s*(?P<name>.*?)[\s*_.]*$",
        re.I,
    )


def _name_in(text: str) -> re.Match[str] | None:
    """A name label at the start of a cell or line, with the name after it when the text carries one;
    'Deliverables shall be ...' and 'Deliverable 5 is accepted ...' are sentences, not labels."""
    match = _name_label().match(text)
    if match is None:
        return None
    name = match["name"]
    if name and (
        (match["number"] is None and match["sep"] != ":")
        or (not match["sep"] and name[:1].islower())
        or label_field(name) is not None
    ):
        return None
    return match


@dataclass(frozen=True)
class _Described:
    """One deliverable being read from label rows or lines: its name and the fields labelled so far."""

    index: int  # block of the name
    span: Span
    values: dict[str, list[str]] = field(default_factory=dict)

    def deliverable(self, context: _Context, source: str) -> Deliverable | None:
        """The deliverable, once a due, owner or acceptance label was seen: a name and a description
        alone ('Deliverable 6.1: Current balances' then prose) are left to the list reader."""
        if not set(FIELDS) & set(self.values):
            return None
        stated = {name: _stated(" ".join(self.values.get(name, []))) for name in FIELDS}
        return _make(
            context,
            self.index,
            self.span,
            source,
            owner=stated["owner"],
            due=stated["due"],
            acceptance=stated["acceptance"],
            acceptance_scope="deliverable" if stated["acceptance"] else None,
        )


def _vertical_table(context: _Context, rows: dict[int, dict[int, list[int]]]) -> Iterator[Deliverable]:
    """A two-column table whose first column holds labels: a 'Deliverable N' row (or a header cell
    'Deliverable N: name') opens each deliverable, and the rows after it give its fields."""
    if any(len(cells) > 2 for cells in rows.values()):
        return
    current: _Described | None = None
    for row in sorted(rows):
        cells = [rows[row][cell] for cell in sorted(rows[row])]
        label, value = cells[0], cells[1] if len(cells) > 1 else []
        named = _named_row(context, label, value)
        if named is not None:
            if current is not None and (item := current.deliverable(context, "table")):
                yield item
            current = named
            continue
        field_name = label_field(" ".join(context.parsed[i][0].text for i in label))
        if current is not None and field_name is not None:
            current.values.setdefault(field_name, []).extend(context.parsed[i][0].text for i in value)
    if current is not None and (item := current.deliverable(context, "table")):
        yield item


def _named_row(context: _Context, label: list[int], value: list[int]) -> _Described | None:
    """The deliverable a row names: the value cell of 'Deliverable 8 | Monthly Status Report', the
    rest of a 'Deliverable 8: Monthly Status Report' cell, or 'Deliverable 8' itself."""
    block, doc = context.parsed[label[0]]
    match = _name_in(block.text)
    if match is None or context.skipped(label[0]):
        return None
    if match["name"]:
        span = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        return _Described(label[0], span) if span is not None else None
    if value:
        span = _trimmed(context.parsed[value[0]][1])
        if span is None or label_field(span.text) is not None:  # "Deliverable | Due": a column header
            return None
        return _Described(value[0], span)
    span = _trimmed(doc)
    return _Described(label[0], span) if match["number"] and span is not None else None


@dataclass(frozen=True)
class _Line:
    index: int  # the block the line belongs to
    start: int  # offset of the line in Document.text
    text: str


def _text_lines(context: _Context) -> Iterator[_Line]:
    """The source lines of every block outside tables, in reading order."""
    text = context.unit.document.text
    seen = -1
    for index, (block, _doc) in enumerate(context.parsed):
        if block.kind in ("table-cell", "table-header") or context.skipped(index):
            continue
        start = text.rfind("\n", 0, block.start) + 1
        while start < block.end:
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            if start > seen and text[start:end].strip():
                yield _Line(index, start, text[start:end])
                seen = start
            start = end + 1


def _from_label_runs(context: _Context) -> Iterator[Deliverable]:
    lines = list(_text_lines(context))
    i = 0
    while i < len(lines):
        match = _name_in(lines[i].text)
        if match is None:
            i += 1
            continue
        end, item = _label_run(context, lines, i, match)
        if item is not None:
            yield item
        i = end


def _label_run(
    context: _Context, lines: list[_Line], first: int, match: re.Match[str]
) -> tuple[int, Deliverable | None]:
    """Read the label lines after a 'Deliverable N' line: 'Due Date: ...', 'AQL ...' (PDF only: a
    flattened table loses the colon), or a bare label with its value on the lines below.  A line
    that is no label continues the value above when the value is still empty, starts in lower case
    or is followed by another label; anything else ends the run."""
    name: list[tuple[_Line, int, int]] = [(lines[first], *match.span("name"))] if match["name"] else []
    values: dict[str, list[str]] = {}
    value: list[str] | None = None  # the value being read; None while reading the name
    j = first + 1
    while j < len(lines):
        line = lines[j]
        if _name_in(line.text):
            break
        # "... without a remediation" / "date": a wrapped value, though "Date" alone would be a label.
        wrapped = bool(value) and line.text.strip(_MARKUP)[:1].islower()
        labelled = None if wrapped else _line_label(context, line.text)
        if labelled is not None:
            field_name, rest = labelled
            value = values.setdefault(field_name, []) if field_name not in values else []  # a repeat: the first wins
            if rest:
                value.append(rest)
        elif _continues(context, lines, j, bool(name) if value is None else bool(value)):
            body = line.text.strip(_MARKUP)
            if value is not None:
                value.append(body)
            else:
                at = line.text.index(body)
                name.append((line, at, at + len(body)))
        else:
            break
        j += 1
    described = _run_name(context, lines[first], match, name)
    if described is None:
        return j, None
    return j, replace(described, values=values).deliverable(context, "table")


def _continues(context: _Context, lines: list[_Line], j: int, filled: bool) -> bool:
    line = lines[j]
    if context.parsed[line.index][0].kind == "heading" and context.parsed[line.index][0].start >= line.start:
        return False  # a heading opens the next part of the document
    following = lines[j + 1].text if j + 1 < len(lines) else ""
    body = line.text.strip(_MARKUP)
    return (
        not filled
        or body[:1].islower()
        or (bool(following) and (_line_label(context, following) is not None or _name_in(following) is not None))
    )


def _line_label(context: _Context, text: str) -> tuple[str, str] | None:
    """(field, value on the same line) for a label line; None for other lines."""
    match = _line_label_pattern().match(text)
    if match is None:
        return None
    field_name = label_field(match["label"])
    rest = text[match.end() :]
    if field_name is None:
        return None
    if (colon := re.match(r"[\s*_]*(?:[:=]|\s-\s)[\s*_]*", rest)) is not None:
        return field_name, rest[colon.end() :].strip(" *_")
    if not rest.strip(" *_"):
        return field_name, ""
    # "Due Date 5th business day of each month": a PDF table row; "Standard operating ..." is prose.
    value = rest.strip(" *_")
    if context.unit.document.format == "pdf" and rest[:1].isspace() and not value[:1].islower():
        return field_name, value
    return None


@lru_cache(maxsize=1)
def _line_label_pattern() -> re.Pattern[str]:
    labels = sorted((w for _name, key in _LABEL_KEYS for w in _cues()[key]), key=len, reverse=True)
    alternation = "|".join(r"\s*".join(map(re.escape, w.split())) for w in labels)
    return re.compile(rf"^[\s>*_#|-]*(?P<label>(?:{alternation})(?:\s*\([^)]{{1,12}}\))?)(?![\w/])", re.I)


def _run_name(
    context: _Context, head: _Line, match: re.Match[str], name: list[tuple[_Line, int, int]]
) -> _Described | None:
    """The name of a label run as a span of its block's parse: the words after 'Deliverable N:', the
    line(s) below a bare 'Deliverable N', or 'Deliverable N' itself."""
    if not name:
        name = [(head, *match.span("label"))]
    line = name[0][0]
    pieces = [(ln, a, b) for ln, a, b in name if ln.index == line.index]
    block, doc = context.parsed[line.index]
    start = block.index_of(line.start + pieces[0][1])
    end = block.index_of(pieces[-1][0].start + pieces[-1][2] - 1) + 1
    span = doc.char_span(start, min(end, len(block.text)), alignment_mode="expand")
    span = _trimmed(doc, span.start, span.end) if span is not None else None
    return _Described(line.index, span) if span is not None else None


def labelled_due_value(document: Document, block: Block, start: int) -> bool:
    """Whether the text at `start` (an offset in Document.text) opens the value of a due-date label laid
    out vertically: the second cell of a table row whose first cell says 'Due Date' or 'Frequency';
    in a PDF, where such a table is flattened to lines, the words after 'Due Date' on the same line
    or on the line below it within one block."""
    if block.kind in ("table-cell", "table-header"):
        where = dict(block.location)
        if block.text[: block.index_of(start)].strip(" *_-") or where.get("cell", 1) < 2:
            return False
        label = " ".join(
            b.text
            for b in document.blocks
            if b.kind in ("table-cell", "table-header") and dict(b.location) == {**where, "cell": 1}
        )
        return label_field(label) == "due"
    if document.format != "pdf":
        return False  # "Due Date: As needed" in prose is read by the label before it, as ever
    text = document.text
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(_MARKUP):
        return label_field(text[line_start:start]) == "due"
    previous = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    return previous >= block.start and label_field(text[previous : line_start - 1]) == "due"


# ---------------------------------------------------------------------------------------------
# (b) Lists under a deliverables heading, and milestone headings


def _from_lists(context: _Context) -> Iterator[Deliverable]:
    patterns = _patterns()
    groups: dict[int, list[int]] = {}  # heading block index -> list items directly under it
    for index, (block, _doc) in enumerate(context.parsed):
        if block.kind != "list-item" or context.skipped(index) or patterns.clause_number.match(block.text):
            continue
        heading = next(iter(context.enclosing_headings(index)), None)
        if heading is not None and patterns.list_heading.search(context.parsed[heading][0].text):
            groups.setdefault(heading, []).append(index)
    milestones = [i for i, (block, _doc) in enumerate(context.parsed) if _is_milestone(context, i, block)]
    if len(milestones) >= 2:
        # A deliverables list outside every milestone summarises the milestones, which carry the dates.
        groups = {h: items for h, items in groups.items() if set(context.enclosing_headings(h)) & set(milestones)}
    for heading, items in groups.items():
        indent = {i: _indent(context, i) for i in items}
        top = min(indent.values()) + 1  # " - item" one column in is still a sibling in CommonMark
        section = _SectionFacts.of(context, heading)
        for index in items:
            if indent[index] <= top:
                yield _list_item(context, index, section)
    for index in milestones:
        if not any(h == index or index in context.enclosing_headings(h) for h in groups):
            yield _milestone(context, index, context.parsed[index][1])


def _is_milestone(context: _Context, index: int, block: Block) -> bool:
    """'Milestone 2: ...', or a numbered or dated step directly under a Roadmap/Milestones heading."""
    patterns = _patterns()
    if block.kind != "heading" or context.skipped(index):
        return False
    if patterns.milestone_heading.match(block.text):
        return True
    parent = next(iter(context.enclosing_headings(index)), None)
    return (
        parent is not None
        and bool(patterns.numbered_step.match(block.text))
        and bool(patterns.roadmap_heading.match(context.parsed[parent][0].text))
    )


def _indent(context: _Context, index: int) -> int:
    """Column of the list item's text in its source line: deeper items sit further right."""
    block = context.parsed[index][0]
    text = context.unit.document.text
    return block.start - (text.rfind("\n", 0, block.start) + 1)


@dataclass(frozen=True)
class _SectionFacts:
    """What a deliverables or milestone section says for all its items: date, team, completion criteria."""

    due: str | None = None
    owner: str | None = None
    acceptance: str | None = None

    @classmethod
    def of(cls, context: _Context, heading: int) -> _SectionFacts:
        facts = cls()
        for level, h in enumerate([heading, *context.enclosing_headings(heading)]):
            title = context.parsed[h][0].text
            if level > 0 and not (
                _is_milestone(context, h, context.parsed[h][0]) or _patterns().list_heading.search(title)
            ):
                break
            facts = facts._merge(cls._read(context, h))
        return facts

    @classmethod
    def _read(cls, context: _Context, heading: int) -> _SectionFacts:
        patterns = _patterns()
        title = context.parsed[heading][0].text
        due = due_in(title)
        owner = acceptance = None
        for i in context.section_content(heading):
            block, doc = context.parsed[i]
            lines = context.unit.document.text[block.start : block.end].splitlines()
            for line in lines:
                if due is None and (label := patterns.due_label.match(line)):
                    due = _stated(label["value"])
                if owner is None and (label := patterns.owner_label.match(line)):
                    owner = _stated(label["value"])
            if acceptance is None and block.kind != "list-item":
                acceptance = next((s.text for s in doc.sents if patterns.acceptance.search(s.text)), None)
        return cls(due, owner, acceptance)

    def _merge(self, outer: _SectionFacts) -> _SectionFacts:
        return _SectionFacts(self.due or outer.due, self.owner or outer.owner, self.acceptance or outer.acceptance)


def _list_item(context: _Context, index: int, section: _SectionFacts) -> Deliverable:
    doc = context.parsed[index][1]
    span = _item_name(doc)
    own_acceptance = _acceptance_in(doc)
    acceptance = own_acceptance or section.acceptance
    return _make(
        context,
        index,
        span,
        "list",
        owner=_owner_in(doc) or section.owner,
        due=due_in(doc.text) or section.due,
        acceptance=acceptance,
        acceptance_scope=("deliverable" if own_acceptance else "section") if acceptance else None,
    )


def _milestone(context: _Context, index: int, doc: Doc) -> Deliverable:
    facts = _SectionFacts.of(context, index)
    span = _trimmed(doc) or doc[:]
    return _make(
        context,
        index,
        span,
        "milestone",
        owner=facts.owner,
        due=facts.due,
        acceptance=facts.acceptance,
        acceptance_scope="deliverable" if facts.acceptance else None,
    )


_NAME_TOKENS = 12
_LABEL_TOKENS = 3  # "Milestone 1 — a specification of ...", "Artifact 1: the repository": a label, not the end


def _item_name(doc: Doc) -> Span:
    """The words that name the item: its first clause, cut before a colon, a relative clause or an
    explanation, at most a dozen words ('A Golang SDK for the RPC APIs will be developed ...' -> the subject)."""
    sentence = next(doc.sents)
    delivered = _delivered_object(sentence)
    if delivered is not None:  # "The Contractor shall deliver the pilot release by ...": the object is the name
        return _object_name(doc, delivered)
    close = next((t.i for t in sentence if t.text == ")"), None) if sentence[0].text == "(" else None
    if close is not None and close + 1 < sentence.end:  # "(Time dependent) Update server-wallet": not the name
        sentence = doc[close + 1 : sentence.end]
    end = min(sentence.end, sentence.start + _NAME_TOKENS + 1)
    stops = set(_cues()["name_stops"])
    for token in sentence[1:]:
        if token.i >= end:
            break
        label = token.text in (":", "—", "–") and token.i - sentence.start <= _LABEL_TOKENS
        if (token.text in stops or token.lower_ in stops) and not label:
            end = token.i
            break
        if token.text == "," and token.i - sentence.start >= 2 and not _continues_list(token):
            end = token.i
            break
        if token.pos_ in ("AUX", "VERB") and token.dep_ in ("aux", "auxpass", "ROOT") and token.i > 2:
            end = token.i
            break
    return _trimmed(doc, sentence.start, end) or sentence


def _delivered_object(sentence: Span) -> Token | None:
    """The object of 'shall deliver/submit/provide X' when a party delivers it."""
    cues = _cues()
    for verb in sentence:
        if verb.lemma_ in cues["delivery_verbs"] and verb.pos_ == "VERB":
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if subject is not None and obj is not None and subject.lower_ in cues["parties"]:
                return obj
    return None


def _continues_list(comma: Token) -> bool:
    """'Documentation, tests and examples': the comma joins names, it does not end the name."""
    following = comma.nbor(1) if comma.i + 1 < len(comma.doc) else None
    return following is not None and following.pos_ in ("NOUN", "PROPN", "ADJ")


def _owner_in(doc: Doc) -> str | None:
    """The party that delivers: 'The Contractor shall deliver ...' -> 'Contractor'."""
    parties = set(_cues()["parties"])
    for token in doc:
        if token.dep_ == "nsubj" and token.lower_ in parties and token.head.pos_ in ("VERB", "AUX"):
            return token.text if token.lower_ != "we" else "We"
    return None


def _acceptance_in(doc: Doc) -> str | None:
    pattern = _patterns().acceptance
    return next((s.text for s in doc.sents if pattern.search(s.text)), None)


# ---------------------------------------------------------------------------------------------
# (c) "The Contractor shall submit a transition plan no later than ..." sentences


def _from_sentences(context: _Context) -> Iterator[Deliverable]:
    cues = _cues()
    verbs, parties, nouns = set(cues["delivery_verbs"]), set(cues["parties"]), set(cues["deliverable_nouns"])
    for index, (block, doc) in enumerate(context.parsed):
        if block.kind not in ("paragraph", "list-item") or context.skipped(index):
            continue
        for sentence in doc.sents:
            due = due_in(sentence.text)
            if due is None:
                continue
            for verb in sentence:
                if verb.lemma_ not in verbs or verb.pos_ != "VERB":
                    continue
                subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                modal = any(c.dep_ == "aux" and c.lower_ in ("shall", "will", "must") for c in verb.children)
                if subject is None or obj is None or not modal or subject.lower_ not in parties:
                    continue
                if obj.lower_ not in nouns or any(c.lower_ in ("all", "any", "each") for c in obj.children):
                    continue
                span = _object_name(doc, obj)
                yield _make(
                    context,
                    index,
                    span,
                    "sentence",
                    owner=subject.text,
                    due=due,
                    acceptance=_acceptance_in(sentence.as_doc()),
                    acceptance_scope="deliverable" if _acceptance_in(sentence.as_doc()) else None,
                )


def _object_name(doc: Doc, token: Token) -> Span:
    """'a monthly status report' / 'a summary of findings': the object with its modifiers and 'of' phrase."""
    start = token.left_edge.i
    while start < token.i and doc[start].dep_ in ("det", "predet"):
        start += 1
    end = token.i + 1
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        end = of.right_edge.i + 1
    return doc[start:end]


# ---------------------------------------------------------------------------------------------
# Statements about all deliverables


def _document_acceptance(context: _Context) -> str | None:
    """'All deliverables are accepted when approved in writing by the COR': one criterion for all."""
    patterns = _patterns()
    for index, (block, doc) in enumerate(context.parsed):
        if block.kind == "heading" or context.skipped(index):
            continue
        in_acceptance_section = any(patterns.acceptance.search(t) for t in context.unit.outline.path(index))
        for sentence in doc.sents:
            text = sentence.text
            about_deliverables = patterns.acceptance_subject.search(text) or (
                in_acceptance_section and re.search(r"\bdeliver", text, re.I)
            )
            if about_deliverables and _states_acceptance(sentence):
                return text
    return None


def _states_acceptance(sentence: Span) -> bool:
    """Says how work is accepted; 'pays each accepted deliverable' only mentions acceptance in passing."""
    for match in _patterns().acceptance.finditer(sentence.text):
        token = sentence.doc.char_span(
            sentence.start_char + match.start(), sentence.start_char + match.end(), alignment_mode="expand"
        )
        if token is not None and token.root.dep_ != "amod":
            return True
    return False


def _document_owner(context: _Context) -> str | None:
    """'The Contractor shall submit all deliverables to the COR' names the owner of every deliverable."""
    pattern = _patterns().whole_owner_statement
    for index, (block, _doc) in enumerate(context.parsed):
        if block.kind != "heading" and not context.skipped(index) and (match := pattern.search(block.text)):
            return match["party"]
    return None
