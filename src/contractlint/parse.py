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
    from collections.abc import Iterable

    from spacy.language import Language
    from spacy.tokens import Doc

    from .cache import Cache
    from .config import Config
    from .document import Block, Document


@dataclass(frozen=True)
class ParsedDocument:
    """A whole document with each block's spaCy parse, its outline and its profile."""

    document: Document
    parsed: list[tuple[Block, Doc]]  # every block with its spaCy parse, in reading order
    outline: Outline
    profile: str


def parse_document(
    document: Document, config: Config, nlp: object | None = None, cache: Cache | None = None
) -> ParsedDocument:
    """Choose the profile, build the outline and parse every block once: what `check` and
    `deliverables` both start from.  With a `cache`, blocks parsed by an earlier run of this
    document (same text, same pipeline) come from it and only the others are parsed."""
    from .fastpath import install_stand_ins

    nlp = nlp or load_pipeline()
    install_stand_ins(nlp)  # type: ignore[arg-type]  # first: the pipeline's identity (cache keys) includes them
    profile = config.profile if config.profile != "auto" else detect_profile(document)
    texts = [b.text for b in document.blocks]
    if cache is None:
        docs = list(_pipe(nlp, texts, config.fast_path))  # type: ignore[arg-type]
    else:
        docs = _parse_with_cache(nlp, texts, config.fast_path, cache, document.display_path)  # type: ignore[arg-type]
    parsed: list[tuple[Block, Doc]] = list(zip(document.blocks, docs, strict=True))
    return ParsedDocument(document, parsed, build_outline(document), profile)


def _pipe(nlp: Language, texts: Iterable[str], fast_path: bool) -> list[Doc]:
    """Parse with the fast path's stand-ins (fastpath.py), or with spaCy's own components."""
    from .fastpath import original_components

    if fast_path:
        return list(nlp.pipe(texts, batch_size=64))
    with original_components(nlp):
        return list(nlp.pipe(texts, batch_size=64))


def _parse_with_cache(nlp: Language, texts: list[str], fast_path: bool, cache: Cache, path: str) -> list[Doc]:
    """Each block's doc from the document's last parse pack when its text is unchanged, else parsed
    now (all the changed blocks in one `nlp.pipe`); the pack is rewritten when anything changed."""
    from .cache import digest
    from .fastpath import joined_text
    from .nlp import pipeline_identity
    from .version import build_identity

    # The stand-in components are this package's code: a changed fast path must not reuse old parses.
    key = digest("parses", path, pipeline_identity(nlp), str(fast_path), build_identity())
    pack = cache.read_pack(key, nlp.vocab)
    known = pack.docs
    hashes = [digest(text) for text in texts]
    docs: list[Doc | None] = []
    entries: list[int | None] = []  # each reused doc's entry in the pack, so a rewrite can copy it
    for text, text_hash in zip(texts, hashes, strict=True):
        reusable = known.get(text_hash)
        doc, entry = reusable.pop() if reusable else (None, None)
        if doc is not None and joined_text(doc) != text:
            doc, entry = None, None
        docs.append(doc)
        entries.append(entry)
    missing = [slot for slot, doc in enumerate(docs) if doc is None]
    for slot, doc in zip(missing, _pipe(nlp, (texts[slot] for slot in missing), fast_path), strict=True):
        docs[slot] = doc
    cache.stats.blocks_parsed += len(missing)
    cache.stats.blocks_from_cache += len(texts) - len(missing)
    if missing or any(known.values()):  # a new or edited block, or a removed one
        cache.write_parses(key, hashes, docs, entries=entries, pack=pack)  # type: ignore[arg-type]
    return docs  # type: ignore[return-value]
