"""The passages of a proposal that may answer a requirement, each with the context a reader uses
to understand it: the headings above it and, for a list item, the line that introduces the list
("Visualize the formation of:" before "Forks")."""

from __future__ import annotations

from ..parse import ParsedDocument
from .model import Passage
from .units import Unit, content_lemmas, units

_CONTEXT_HEADINGS = 2


def proposal_passages(parsed: ParsedDocument) -> list[Passage]:
    outline = parsed.outline
    heading_lemmas = {block.text: content_lemmas(iter(doc)) for block, doc in parsed.parsed if block.kind == "heading"}
    found: list[Passage] = []
    lead_in: tuple[str, tuple[str, ...]] = ("", ())
    lead_in_indent: int | None = None  # a list item's lead-in covers only the items indented under it
    every = list(units(parsed))
    title = _title(every)
    text = parsed.document.text if parsed.document.format in _INDENTED_FORMATS else None
    for unit in every:
        lemmas = content_lemmas(unit.tokens)
        introduces = unit.text.rstrip().endswith(":")
        if unit.kind != "list-item":
            lead_in, lead_in_indent = ((unit.text, lemmas) if introduces else ("", ())), None
        elif lead_in_indent is not None and text is not None and _indent(text, unit.start) <= lead_in_indent:
            lead_in, lead_in_indent = ("", ()), None  # back out at the lead-in's level: its sub-list has ended
        headings = tuple(t for t in unit.section[-_CONTEXT_HEADINGS:] if t != title)
        context_text = " ".join((*headings, lead_in[0] if unit.kind == "list-item" else ""))
        context_lemmas = [lemma for title in headings for lemma in heading_lemmas.get(title, ())]
        if unit.kind == "list-item":
            context_lemmas += lead_in[1]
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
                lemmas=lemmas,
                context=context_text,
                context_lemmas=tuple(context_lemmas),
                label=unit.label,
            )
        )
        if unit.kind == "list-item" and introduces:
            lead_in = (unit.text, lemmas)
            lead_in_indent = _indent(text, unit.start) if text is not None else None
    return found


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
