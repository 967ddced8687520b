"""Limits on what one input file may cost (the time limit is enforced by `loaders.errors.Budget`).

Vendors' folders hold broken, huge and sometimes hostile files; each limit turns one of them into
a one-line error for that file instead of a run that never ends or runs out of memory.  The
defaults leave every real contract well inside them (see README, "Robustness and limits"), and
`[tool.contractlint.limits]` changes them.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_size: int = 200 * MIB  # bytes read from disk, any format
    max_docx_uncompressed_size: int = 200 * MIB  # all zip members of a .docx together, as declared
    max_docx_compression_ratio: int = 200  # per member over 10 MiB: zip bombs compress ~1000:1
    max_docx_zip_members: int = 10_000
    max_pdf_pages: int = 2_000
    # Characters of extracted text: about 2,000 dense pages, and what spaCy's nlp.max_length allows.
    # Parsed documents stay in memory while the rules run, so this bounds a run's memory too.
    max_characters: int = 5_000_000
    max_extraction_seconds: float = 60.0  # reading and extracting one file's text, not linting it


# Config key (in [tool.contractlint.limits]) of each field, and whether the value is a size in bytes.
KEYS: dict[str, tuple[str, bool]] = {
    "max-file-size": ("max_file_size", True),
    "max-docx-uncompressed-size": ("max_docx_uncompressed_size", True),
    "max-docx-compression-ratio": ("max_docx_compression_ratio", False),
    "max-docx-zip-members": ("max_docx_zip_members", False),
    "max-pdf-pages": ("max_pdf_pages", False),
    "max-characters": ("max_characters", False),
    "max-extraction-seconds": ("max_extraction_seconds", False),
}
KEY_OF = {field: key for key, (field, _size) in KEYS.items()}


def describe_size(size: int) -> str:
    """200 MiB, 1.5 MiB, 512 bytes: sizes as a person reads them in an error message."""
    for unit, name in ((MIB, "MiB"), (1024, "KiB")):
        if size >= unit:
            return f"{size // unit:,} {name}" if size % unit == 0 else f"{size / unit:,.1f} {name}"
    return f"{size:,} bytes"


def setting(field: str) -> str:
    """The config setting of a limit, named in the error of a file that went over it."""
    return f"limits.{KEY_OF[field]}"
