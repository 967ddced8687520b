"""The one error type loaders raise (its message is the one line the user sees after the path),
and the per-file time budget whose overrun is one of them."""

from __future__ import annotations

import time

from ..limits import setting


class LoadError(Exception):
    """A file could not be turned into a Document (unreadable, corrupt, unsupported...)."""


def short_reason(exc: BaseException, limit: int = 120) -> str:
    """The first line of a library exception's message, trimmed to fit in a one-line LoadError."""
    message = str(exc).strip()
    line = message.splitlines()[0] if message else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def over_limit(found: str, limit: str, field: str, note: str = "") -> LoadError:
    """`found` ("PDF has 3,000 pages"), then the limit it passes and the setting that changes it."""
    return LoadError(f"{found}, over the {limit} limit ({setting(field)}){'; ' + note if note else ''}")


def too_much_text(characters: int, limit: int, *, at_least: bool = False) -> LoadError:
    """The document's text passes `limits.max-characters` (`at_least`: extraction stopped there)."""
    count = f"more than {limit:,}" if at_least else f"{characters:,}"
    return over_limit(f"document has {count} characters of text", f"{limit:,}-character", "max_characters")


def check_characters(count: int, limit: int) -> None:
    """Refuse text over `limits.max-characters` before any parsing work is spent on it."""
    if count > limit:
        raise too_much_text(count, limit)


class Budget:
    """The time one file's extraction may take; loaders call `check` between pages and paragraphs.

    A plain deadline checked by the code doing the work: no signals or threads, so it behaves the
    same in the main process and in `--jobs` workers.  A single step (one PDF page, one XML parse)
    is not interrupted; the size limits bound those."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._deadline:
            raise LoadError(
                f"text extraction took over {self.seconds:g} s, the per-file limit "
                f"({setting('max_extraction_seconds')})"
            )
