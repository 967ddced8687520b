"""The one error type loaders raise: its message is the one line the user sees after the path."""


class LoadError(Exception):
    """A file could not be turned into a Document (unreadable, corrupt, unsupported...)."""


def short_reason(exc: BaseException, limit: int = 120) -> str:
    """The first line of a library exception's message, trimmed to fit in a one-line LoadError."""
    message = str(exc).strip()
    line = message.splitlines()[0] if message else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"
