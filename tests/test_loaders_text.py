"""The .txt and .md loaders on real files: decoding, blocks, hidden markup and exact offsets."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from contractlint.config import Config
from contractlint.document import Document
from contractlint.lint import FileResult, lint_document
from contractlint.loaders import LoadError, load

from .conftest import assert_exact_offsets, codes, excerpts, lint

DUTY = "The Vendor shall reply to every ticket promptly."  # TL01 on "promptly", nothing else
PROMPTLY = DUTY.index("promptly")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _lint_file(path: Path, **fields: object) -> FileResult:
    result = lint_document(load(path), Config(select=("TL01",), **fields))  # type: ignore[arg-type]
    assert result.document is not None
    assert_exact_offsets(result.document, result.findings)
    return result


# --- decoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_utf8(tmp_path: Path, suffix: str) -> None:
    text = f"Café terms — “quoted”.\n\n{DUTY}\n"
    result = _lint_file(_write(tmp_path, f"doc{suffix}", text.encode("utf-8")))
    assert result.document is not None and result.document.text == text
    start = text.index("promptly")
    assert [(f.start, f.end, f.excerpt) for f in result.findings] == [(start, start + 8, "promptly")]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path, suffix: str) -> None:
    result = _lint_file(_write(tmp_path, f"doc{suffix}", codecs.BOM_UTF8 + DUTY.encode("utf-8")))
    document = result.document
    assert document is not None and document.text == DUTY
    (finding,) = result.findings
    assert (finding.start, finding.excerpt) == (PROMPTLY, "promptly")
    assert document.line_col(finding.start) == (1, PROMPTLY + 1)


@pytest.mark.parametrize(
    ("bom", "encoding"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")], ids=["LE", "BE"]
)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_utf16_with_bom(tmp_path: Path, suffix: str, bom: bytes, encoding: str) -> None:
    text = f"Intro – naïve.\n\n{DUTY}\n"
    result = _lint_file(_write(tmp_path, f"doc{suffix}", bom + text.encode(encoding)))
    assert result.document is not None and result.document.text == text
    assert excerpts(result, "TL01") == ["promptly"]
    assert result.findings[0].start == text.index("promptly")


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"byte 10 \(0xff\)"):
        load(_write(tmp_path, "bad.txt", b"Good text \xff more"))


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"byte 5 \(0xfe\)"):
        load(_write(tmp_path, "bad.md", codecs.BOM_UTF8 + b"ab\xfe"))


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"unsupported file type '\.rtf'"):
        load(_write(tmp_path, "doc.rtf", b"x"))
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "absent.md")


# --- markdown structure ------------------------------------------------------------------------


def test_heading_is_not_linted_as_a_requirement() -> None:
    result = lint("## As soon as possible\n\nThe Contractor shall respond as soon as possible.\n", select=("TL01",))
    heading = result.document.blocks[0]
    assert (heading.kind, heading.level, heading.text) == ("heading", 2, "As soon as possible")
    (finding,) = result.findings
    assert finding.code == "TL01" and result.document.line_col(finding.start) == (3, 30)


def test_same_words_in_a_paragraph_fire() -> None:
    assert codes(lint("As soon as possible, the Contractor shall respond.\n", select=("TL01",))) == ["TL01"]


TABLE_DOC = """\
# Work plan

- The Vendor shall reply promptly.
- Reports are sent monthly.

| Task | When |
|------|------|
| Fixes | as soon as possible |
| Reports | by the 5th of each month |
"""


def test_list_items_and_table_cells_become_blocks() -> None:
    result = lint(TABLE_DOC, select=("TL01",))
    document = result.document
    shape = [(b.kind, b.text, b.location) for b in document.blocks]
    assert shape == [
        ("heading", "Work plan", ()),
        ("list-item", "The Vendor shall reply promptly.", ()),
        ("list-item", "Reports are sent monthly.", ()),
        ("table-header", "Task", (("table", 1), ("row", 1), ("cell", 1))),
        ("table-header", "When", (("table", 1), ("row", 1), ("cell", 2))),
        ("table-cell", "Fixes", (("table", 1), ("row", 2), ("cell", 1))),
        ("table-cell", "as soon as possible", (("table", 1), ("row", 2), ("cell", 2))),
        ("table-cell", "Reports", (("table", 1), ("row", 3), ("cell", 1))),
        ("table-cell", "by the 5th of each month", (("table", 1), ("row", 3), ("cell", 2))),
    ]
    assert excerpts(result, "TL01") == ["promptly", "as soon as possible"]
    in_cell = result.findings[1]
    assert document.location(in_cell.start) == {"table": 1, "row": 2, "cell": 2}
    assert document.line_col(in_cell.start) == (8, 11)
    assert_exact_offsets(document, result.findings)


def test_table_cells_with_markup_and_escaped_pipes() -> None:
    text = "| Task | When |\n|---|---|\n| **a \\| b** | [as soon as possible](https://example.org) |\n"
    result = lint(text, select=("TL01",))
    cells = [(b.text, b.location) for b in result.document.blocks if b.kind == "table-cell"]
    assert cells == [
        ("a | b", (("table", 1), ("row", 2), ("cell", 1))),
        ("as soon as possible", (("table", 1), ("row", 2), ("cell", 2))),
    ]
    assert excerpts(result, "TL01") == ["as soon as possible"]
    assert_exact_offsets(result.document, result.findings)


def test_inline_markup_is_hidden_but_offsets_stay_exact() -> None:
    text = "Intro.\n\nThe **Contractor** shall respond to [all incidents](https://example.com/x) as soon as possible.\n"
    result = lint(text, select=("TL01",))
    paragraph = result.document.blocks[1]
    assert paragraph.text == "The Contractor shall respond to all incidents as soon as possible."
    (finding,) = result.findings
    assert finding.excerpt == "as soon as possible"
    assert finding.start == text.index("as soon")
    assert_exact_offsets(result.document, result.findings)


def test_markup_inside_a_phrase_stays_in_the_excerpt() -> None:
    text = "The Contractor shall respond as *soon* as possible.\n"
    result = lint(text, select=("TL01",))
    assert excerpts(result, "TL01") == ["as *soon* as possible"]
    assert_exact_offsets(result.document, result.findings)


@pytest.mark.parametrize("markdown", [True, False], ids=["md", "txt"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_hard_wrapped_lines_still_match(markdown: bool, newline: str) -> None:
    text = newline.join(["The Contractor shall respond as soon", "as possible to all incidents.", ""])
    result = lint(text, markdown=markdown, select=("TL01",))
    assert result.document.blocks[0].text == "The Contractor shall respond as soon as possible to all incidents."
    assert excerpts(result, "TL01") == [f"as soon{newline}as possible"]
    assert_exact_offsets(result.document, result.findings)


@pytest.mark.parametrize("markdown", [True, False], ids=["md", "txt"])
def test_line_breaks_python_counts_but_markdown_does_not(markdown: bool) -> None:
    """Form feeds (common in SEC filings) and U+2028 split no lines in markdown-it; no text is lost."""
    text = f"Page one\x0cends here.\n\nLine\u2028separated.\n\n{DUTY}\n"
    result = lint(text, markdown=markdown, select=("TL01",))
    assert [b.text for b in result.document.blocks] == ["Page one ends here.", "Line separated.", DUTY]
    assert excerpts(result, "TL01") == ["promptly"]
    assert_exact_offsets(result.document, result.findings)


@pytest.mark.parametrize("markdown", [True, False], ids=["md", "txt"])
def test_line_and_column_are_one_based(markdown: bool) -> None:
    text = f"First paragraph.\n\n  {DUTY}\n"
    result = lint(text, markdown=markdown, select=("TL01",))
    (finding,) = result.findings
    assert result.document.line_col(finding.start) == (3, 3 + PROMPTLY)
    assert result.document.line_col(0) == (1, 1)


# --- plain text structure ----------------------------------------------------------------------


def test_plain_text_blocks() -> None:
    text = (
        "SCOPE OF WORK\n\n1. Scope\n\n"
        "The Vendor shall reply promptly\nto every ticket.\n(a) first item;\n(b) second item.\n"
    )
    document: Document = lint(text, markdown=False).document
    assert [(b.kind, b.level, b.text) for b in document.blocks] == [
        ("heading", 1, "SCOPE OF WORK"),
        ("heading", 1, "1. Scope"),
        ("paragraph", 0, "The Vendor shall reply promptly to every ticket."),
        ("list-item", 0, "(a) first item;"),
        ("list-item", 0, "(b) second item."),
    ]
    assert_exact_offsets(document)


def test_offset_map_is_a_compact_exact_sequence() -> None:
    """Blocks keep their offsets as runs: indexing, slicing, iteration, bisect and pickling behave as the
    per-character list they replace, and a long contiguous paragraph is stored as one run."""
    import bisect
    import pickle

    from contractlint.document import OffsetMap

    plain = [3, 4, 5, 9, 9, 10, 20]  # a gap, a repeated separator offset, another gap
    mapped = OffsetMap(plain)
    assert list(mapped) == plain and len(mapped) == len(plain)
    assert [mapped[i] for i in range(-7, 7)] == plain[-7:] + plain[:7]
    assert list(mapped[2:5]) == plain[2:5] and list(mapped[::2]) == plain[::2]
    assert [bisect.bisect_left(mapped, x) for x in range(25)] == [bisect.bisect_left(plain, x) for x in range(25)]
    assert pickle.loads(pickle.dumps(mapped)) == mapped
    with pytest.raises(IndexError):
        mapped[7]
    long = OffsetMap(range(100, 100_100))
    assert len(long) == 100_000 and long[99_999] == 100_099
    assert len(pickle.dumps(long)) < 200
