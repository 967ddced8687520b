"""`MappedText` takes text a run at a time: the same text and offsets as the character loop it replaced."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from contractlint.document import _CHAR_NORMAL, _INVISIBLE, MappedText, OffsetMap


def _by_character(pieces: list[tuple[str | None, int]]) -> tuple[str, list[int]]:
    """The per-character reference: what MappedText did before it worked on runs."""
    chars: list[str] = []
    offsets = array("l")
    for piece, start in pieces:
        if piece is None:
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(offsets[-1])
            continue
        for i, ch in enumerate(piece):
            if ch in _INVISIBLE or (ch < " " and not ch.isspace()):
                continue
            if ch.isspace():
                if not chars or chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch.translate(_CHAR_NORMAL))
            offsets.append(start + i)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), list(offsets)


_ALPHABET = st.sampled_from([*"ab .,\n\t\r", "\u00a0", "\u200b", "\ufeff", "\x00", "\x1c", "\u2019", "  "])
_PIECE = st.one_of(st.none(), st.lists(_ALPHABET, max_size=12).map("".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECE, st.integers(0, 50)), max_size=6))
def test_runs_give_the_character_loops_text_and_offsets(pieces: list[tuple[str | None, int]]) -> None:
    mapped = MappedText()
    position = 0
    laid_out = []
    for piece, gap in pieces:  # pieces lie in order in the source, as loaders give them
        laid_out.append((piece, position + gap))
        position += gap + len(piece or "")
    for piece, start in laid_out:
        if piece is None:
            mapped.add_separator()
        else:
            mapped.add(piece, start)
    text, offsets = mapped.build()
    expected_text, expected_offsets = _by_character(laid_out)
    assert text == expected_text
    assert list(offsets) == expected_offsets
    assert offsets == OffsetMap(expected_offsets)  # the same runs, as the constructor makes them
    for start in range(len(offsets) + 1):
        for stop in range(start, len(offsets) + 1):
            assert list(offsets[start:stop]) == expected_offsets[start:stop]
            assert offsets[start:stop] == OffsetMap(expected_offsets[start:stop])
