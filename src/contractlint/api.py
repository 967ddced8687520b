"""The Python API: lint a string or a file and get the same typed result `check` formats.

    >>> import contractlint
    >>> result = contractlint.lint_text("The Vendor shall reply promptly.")
    >>> [(f.code, f.excerpt) for f in result.findings]
    [('TL01', 'promptly')]

`FileResult.findings` are `Finding`s whose `start`/`end` index `FileResult.document.text`.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .config import PROFILE_CHOICES, Config
from .lint import FileResult, lint_document
from .loaders import LoadError, load, load_text


def lint_text(text: str, profile: str = "auto", markdown: bool = True, config: Config | None = None) -> FileResult:
    """Lint an in-memory document, read as Markdown or (markdown=False) as plain text.

    `profile` ("auto", "sow", "proposal", "agreement", "other") overrides `config.profile` unless it is "auto",
    in which case the config decides (and a default `Config` detects the document type).
    """
    return lint_document(load_text(text, markdown=markdown), _with_profile(config or Config(), profile))


def lint_path(path: str | os.PathLike[str], config: Config | None = None) -> FileResult:
    """Lint one .md, .txt, .docx or .pdf file.  Raises `LoadError` (message "PATH: reason") when the
    file cannot be read or parsed, rather than returning a result with `error` set as `check` does."""
    path, config = Path(path), config or Config()
    try:
        document = load(path, config.limits)
    except LoadError as exc:
        raise LoadError(f"{path}: {exc}") from None
    return lint_document(document, config)


def _with_profile(config: Config, profile: str) -> Config:
    if profile not in PROFILE_CHOICES:
        raise ValueError(f"unknown profile {profile!r} (expected one of: {', '.join(PROFILE_CHOICES)})")
    return config if profile == "auto" else replace(config, profile=profile)
