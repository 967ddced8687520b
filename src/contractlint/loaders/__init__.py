"""Loaders: one module per input format, each turning a file into a `Document`.

`load(path, limits)` picks the loader by extension.  Every failure becomes a `LoadError` with a
one-line reason, so a run over many files reports the bad one and carries on.  The `Limits`
(config `[tool.contractlint.limits]`) are checked here and by each loader as it extracts text.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..document import Document
from ..limits import Limits, describe_size
from .chunks import split_long_blocks
from .errors import Budget, LoadError, over_limit, too_much_text

__all__ = ["SUPPORTED_SUFFIXES", "LoadError", "load", "load_text"]

Loader = Callable[[Path, bytes, Limits, Budget], Document]


def _load_txt(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    from . import text

    return text.load(path, data, limits, budget)


def _load_md(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    from . import markdown

    return markdown.load(path, data, limits, budget)


def _load_docx(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    from . import docx

    return docx.load(path, data, limits, budget)


def _load_pdf(path: Path, data: bytes, limits: Limits, budget: Budget) -> Document:
    from . import pdf

    return pdf.load(path, data, limits, budget)


# Imports stay inside the functions so a run over Markdown never pays for python-docx or pypdf.
_LOADERS: dict[str, Loader] = {
    ".txt": _load_txt,
    ".text": _load_txt,
    ".md": _load_md,
    ".markdown": _load_md,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_LOADERS)
_DEFAULT_LIMITS = Limits()


def load(path: Path, limits: Limits = _DEFAULT_LIMITS) -> Document:
    """Read and parse one file; raises `LoadError` with a one-line reason on any failure."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise LoadError(f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})")
    budget = Budget(limits.max_extraction_seconds)
    data = _read(path, limits.max_file_size)
    if not data:
        raise LoadError("empty file (0 bytes)")
    document = loader(path, data, limits, budget)
    budget.check()  # the text loaders check nowhere else: reading text is fast, but it is not free
    if len(document.text) > limits.max_characters:
        raise too_much_text(len(document.text), limits.max_characters)
    if not document.blocks:
        raise LoadError("no text to check (the document is blank)")
    return replace(document, blocks=split_long_blocks(document.blocks))


def _read(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing anything but a regular file (a named pipe would block forever)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LoadError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("not a regular file (a pipe, socket or device)")
        if info.st_size > limit:
            raise over_limit(f"file is {describe_size(info.st_size)}", describe_size(limit), "max_file_size")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # bounded even if the file grows after the stat
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise over_limit("file grew while being read", describe_size(limit), "max_file_size")
    return data


def load_text(text: str, *, markdown: bool = True, name: str = "<text>") -> Document:
    """Build a Document from an in-memory string (the Python API and the rule examples use this)."""
    if markdown:
        from . import markdown as md

        document = md.from_text(text, path=None, display_path=name)
    else:
        from . import text as txt

        document = txt.from_text(text, path=None, display_path=name)
    return replace(document, blocks=split_long_blocks(document.blocks))
