"""The passages of a proposal that may answer a requirement, each with the context a reader uses
to understand it: the headings above it and, for a list item, the line that introduces the list
("Visualize the formation of:" before "Forks")."""

from __future__ import annotations

from ..parse import ParsedDocument
from .model import Passage
from .units import content_lemmas, units

_CONTEXT_HEADINGS = 2


def proposal_passages(parsed: ParsedDocument) -> list[Passage]:
    outline = parsed.outline
    heading_lemmas = {block.text: content_lemmas(iter(doc)) for block, doc in parsed.parsed if block.kind == "heading"}
    found: list[Passage] = []
    lead_in: tuple[str, tuple[str, ...]] = ("", ())
    for unit in units(parsed):
        lemmas = content_lemmas(unit.tokens)
        introduces = unit.text.rstrip().endswith(":")
        if unit.kind != "list-item":
            lead_in = (unit.text, lemmas) if introduces else ("", ())
        headings = unit.section[-_CONTEXT_HEADINGS:]
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
    return found
