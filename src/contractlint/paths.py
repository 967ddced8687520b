"""Expanding command-line paths into the files to lint, and writing outputs safely."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .loaders import SUPPORTED_SUFFIXES


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders recursed (sorted) for supported extensions, hidden folders skipped."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith((".", "~$")):
                        yield candidate
        else:
            yield path


def write_atomically(target: Path, data: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write via a temp file and rename, refusing to replace any input document."""
    refuse_input(target, inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _new_file_mode())  # mkstemp makes 0600; a report should be as readable as any file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_input(target: Path, inputs: Iterable[Path]) -> None:
    """ValueError when `target` is one of `inputs`: the same resolved path or, where the target exists,
    the same file on disk (a hard link, or another spelling on a case-insensitive file system)."""
    resolved = target.resolve()
    if any(resolved == p.resolve() or _same_file(target, p) for p in inputs if p.exists()):
        raise ValueError(f"{target}: refusing to overwrite an input document")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # `a` does not exist yet
        return False


def _new_file_mode() -> int:
    """The mode `open()` would give a new file under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
