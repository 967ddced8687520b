"""contractlint: finds the language that makes outsourcing deals fail in SOWs, RFQs and proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from .api import lint_path, lint_text
    from .corpus import read_corpus
    from .lint import FileResult
    from .loaders.errors import LoadError

from .version import __version__

__all__ = ["LoadError", "__version__", "lint_path", "lint_text", "read_corpus", "to_dataframe"]

# Imported on first use, so `import contractlint` stays cheap (no spaCy, no python-docx).
_LAZY = {"lint_text": "api", "lint_path": "api", "LoadError": "loaders.errors", "read_corpus": "corpus"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def to_dataframe(results: FileResult | Iterable[FileResult]) -> pd.DataFrame:
    """One pandas row per finding of `results` (see formats/dataframe.py); pandas is imported only here."""
    from .formats.dataframe import to_dataframe as build

    return build(results)
