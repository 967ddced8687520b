"""The passages of a proposal that may answer a requirement, each with the context a reader uses
to understand it: the headings above it and, for a list item, the line that introduces the list
("Visualize the formation of:" before "Forks") or, in Markdown and text, the item it is nested under
("Backend Stack:" over "DB: MongoDB")."""

from __future__ import annotations

from ..parse import ParsedDocument
from .model import Passage
from .units import Unit, content_lemmas, units

_CONTEXT_HEADINGS = 2


def proposal_passages(parsed: ParsedDocument) -> list[Passage]:
    outline = parsed.outline
    heading_lemmas = {block.text: content_lemmas(iter(doc)) for block, doc in parsed.parsed if block.kind == "heading"}
    found: list[Passage] = []
    every = list(units(parsed))
    title = _title(every)
    chains = _lead_ins(every, parsed.document.text if parsed.document.format in _INDENTED_FORMATS else None)
    for unit, chain in zip(every, chains, strict=True):
        lead_in = chain[-1] if chain else None
        headings = tuple(t for t in unit.section[-_CONTEXT_HEADINGS:] if t != title)
        context_text = " ".join((*headings, lead_in.text if lead_in else ""))
        context_lemmas = [lemma for title in headings for lemma in heading_lemmas.get(title, ())]
        if lead_in is not None:
            context_lemmas += content_lemmas(lead_in.tokens)
        enclosing = outline.section_at(unit.start)
        start, end = (enclosing.start, enclosing.end) if enclosing else (0, len(parsed.document.text))
        found.append(
            Passage(
                text=unit.text,
                start=unit.start,
                end=unit.end,
                section=unit.section[-1] if unit.section else None,
                section_start=start,
                section_end=end,
                lemmas=content_lemmas(unit.tokens),
                context=context_text,
                context_lemmas=tuple(context_lemmas),
                headings=" ".join(headings),
                label=unit.label,
                lead_ins=tuple((line.start, line.end) for line in chain if line.kind == "list-item"),
            )
        )
    return found


def _lead_ins(every: list[Unit], text: str | None) -> list[tuple[Unit, ...]]:
    """For each list item, the lines its list hangs from, outermost first; the last is its lead-in:
    the paragraph before the list when it ends in ":" ("Visualize the formation of:"); in Markdown
    and text, where indentation shows nesting, the items a nested item is indented under
    ("Architectural Design: tentative stack", "Backend Stack" over "DB: MongoDB"), only while the
    nesting lasts; in other formats the last item ending in ":" before it."""
    found: list[tuple[Unit, ...]] = []
    paragraph: tuple[Unit, ...] = ()
    parents: list[tuple[int, Unit]] = []  # (indent, item) of the list items still open, outermost first
    for unit in every:
        if unit.kind != "list-item":
            paragraph, parents = ((unit,) if _introduces(unit) else ()), []
            found.append(())
            continue
        if text is None:
            found.append(tuple(item for _, item in parents) or paragraph)
            if _introduces(unit):
                parents = [(0, unit)]
            continue
        indent = _indent(text, unit.start)
        while parents and parents[-1][0] >= indent:
            parents.pop()
        found.append((*paragraph, *(item for _, item in parents)))
        parents.append((indent, unit))
    return found


def _introduces(unit: Unit) -> bool:
    return unit.text.rstrip().endswith(":")


# Formats whose text keeps a list's indentation, the only sign of which items a sub-list holds.
_INDENTED_FORMATS = frozenset({"md", "txt"})


def _indent(text: str, start: int) -> int:
    """The width of what precedes a list item on its line (spaces, tabs, its bullet)."""
    line_start = text.rfind("\n", 0, start) + 1
    return len(text[line_start:start].expandtabs(4))


def _title(every: list[Unit]) -> str | None:
    """The heading every passage is under (the proposal's title, "Proposal: County Records
    Portal"): it is context for all of them alike, so it tells none of them apart, and its words
    (the RFP's subject) would bring every passage nearer to every requirement."""
    firsts = {unit.section[0] if unit.section else None for unit in every}
    return firsts.pop() if len(firsts) == 1 else None
