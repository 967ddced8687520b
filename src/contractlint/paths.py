"""Expanding command-line paths into the files to lint, and writing outputs safely."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .loaders import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that contractlint cannot read, and why: listed, never dropped silently."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Inputs:
    """The files to lint, in order, and the files found in folders but left out."""

    files: list[Path]
    skipped: list[Skipped]


# What a common unsupported type is, or what to do with it; every skipped file names its type.
_ADVICE = {
    ".doc": "Word 97-2003: save it as .docx",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
    ".pages": "export it as .docx or PDF",
    ".xlsx": "a spreadsheet",
    ".xls": "a spreadsheet",
    ".csv": "a spreadsheet",
    ".pptx": "a presentation",
    ".zip": "an archive: unpack it and check the folder",
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic"), "an image: OCR it to a text PDF"
    ),
}


def discover(paths: Iterable[Path]) -> Inputs:
    """Files as given; folders recursed (sorted) for supported extensions, and every other file found
    there listed as skipped.  Hidden files and folders and Office lock files (`~$name.docx`) are not
    documents anyone wrote, and are neither read nor listed."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)  # named on the command line: a bad one is reported as its error
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(n for n in names if not n.startswith((".", "~$"))):
                candidate = Path(root) / name
                if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(candidate)
                else:
                    skipped.append(Skipped(candidate, skip_reason(candidate)))
    named = set(files)  # a file also named on the command line is read, and its error reported, instead
    return Inputs(files, [s for s in skipped if s.path not in named])


def skip_reason(path: Path) -> str:
    """'unsupported file type .xlsx (a spreadsheet)'; the supported types when nothing more is known."""
    suffix = path.suffix.lower()
    advice = _ADVICE.get(suffix) or "reads " + " ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {suffix or '(no extension)'} ({advice})"


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
