"""A parsed document: every block parsed once by spaCy, with the outline and the profile.

What `lint` runs rules and the classifier on, and what analyses that need a parse (deliverables)
read.  It sits below both, so neither has to import the orchestrator to get a parsed document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .nlp import load_pipeline
from .profile import detect_profile
from .structure import Outline, build_outline

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .config import Config
    from .document import Block, Document


@dataclass(frozen=True)
class ParsedDocument:
    """A whole document with each block's spaCy parse, its outline and its profile."""

    document: Document
    parsed: list[tuple[Block, Doc]]  # every block with its spaCy parse, in reading order
    outline: Outline
    profile: str


def parse_document(document: Document, config: Config, nlp: object | None = None) -> ParsedDocument:
    """Choose the profile, build the outline and parse every block once: what `check` and
    `deliverables` both start from."""
    nlp = nlp or load_pipeline()
    profile = config.profile if config.profile != "auto" else detect_profile(document)
    texts = [b.text for b in document.blocks]
    from .fastpath import install_stand_ins, original_components

    install_stand_ins(nlp)  # type: ignore[arg-type]
    if config.fast_path:
        docs = list(nlp.pipe(texts, batch_size=64))  # type: ignore[attr-defined]
    else:
        with original_components(nlp):  # type: ignore[arg-type]
            docs = list(nlp.pipe(texts, batch_size=64))  # type: ignore[attr-defined]
    parsed: list[tuple[Block, Doc]] = list(zip(document.blocks, docs, strict=True))
    return ParsedDocument(document, parsed, build_outline(document), profile)
