"""Decoding of plain-text inputs: UTF-8 (with or without BOM) and UTF-16 with BOM, nothing guessed."""

from __future__ import annotations

import codecs

from .errors import LoadError


def decode(data: bytes) -> str:
    """Decode bytes strictly; the error names the first offending byte so the user can find it."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", 3)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", 0)
    _refuse_utf16_without_bom(data)
    return _strict(data, "utf-8", 0)


def _refuse_utf16_without_bom(data: bytes) -> None:
    """UTF-16 without a BOM is valid UTF-8 — letters with NUL bytes between them — and would be
    linted as mojibake; refuse it when most bytes at the even or the odd positions are NUL.  A few
    stray NULs in a text file are read (the parser never sees them; offsets count them)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > pairs * 0.6:
        raise LoadError(
            "looks like UTF-16 without a byte-order mark (NUL bytes between the letters); "
            "save the file as UTF-8 or UTF-16 with a byte-order mark"
        )


def _strict(data: bytes, encoding: str, skipped: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = exc.start + skipped
        raise LoadError(
            f"cannot decode as {encoding.upper()} at byte {where} (0x{data[exc.start]:02x}); "
            "save the file as UTF-8 or UTF-16 with a byte-order mark"
        ) from None
