"""The one error type loaders raise: its message is the one line the user sees after the path."""

from __future__ import annotations

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
