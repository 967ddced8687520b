"""Loaders: one module per input format, each turning a file into a `Document`.

`load(path)` picks the loader by extension.  Every failure becomes a `LoadError` with a
one-line reason, so a run over many files reports the bad one and carries on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..document import Document
from .errors import LoadError

__all__ = ["SUPPORTED_SUFFIXES", "LoadError", "load", "load_text"]


def _load_txt(path: Path, data: bytes) -> Document:
    from . import text

    return text.load(path, data)


def _load_md(path: Path, data: bytes) -> Document:
    from . import markdown

    return markdown.load(path, data)


def _load_docx(path: Path, data: bytes) -> Document:
    from . import docx

    return docx.load(path, data)


def _load_pdf(path: Path, data: bytes) -> Document:
    from . import pdf

    return pdf.load(path, data)


# Imports stay inside the functions so a run over Markdown never pays for python-docx or pypdf.
_LOADERS: dict[str, Callable[[Path, bytes], Document]] = {
    ".txt": _load_txt,
    ".text": _load_txt,
    ".md": _load_md,
    ".markdown": _load_md,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_LOADERS)

MAX_INPUT_BYTES = 200 * 1024 * 1024


def load(path: Path) -> Document:
    """Read and parse one file; raises `LoadError` with a one-line reason on any failure."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise LoadError(f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})")
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise LoadError(f"file is {size:,} bytes, over the {MAX_INPUT_BYTES:,}-byte limit")
        data = path.read_bytes()
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from None
    return loader(path, data)


def load_text(text: str, *, markdown: bool = True, name: str = "<text>") -> Document:
    """Build a Document from an in-memory string (the Python API and the rule examples use this)."""
    if markdown:
        from . import markdown as md

        return md.from_text(text, path=None, display_path=name)
    from . import text as txt

    return txt.from_text(text, path=None, display_path=name)
