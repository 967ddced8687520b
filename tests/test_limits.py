"""Limits: the `limits` config table, each limit refusing a file with a clear error, long blocks cut."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.config import Config, ConfigError, load_config
from contractlint.document import Block
from contractlint.limits import Limits, describe_size
from contractlint.lint import lint_document, lint_file
from contractlint.loaders import LoadError, load, load_text
from contractlint.loaders.chunks import MAX_BLOCK_CHARS, split_long_blocks
from contractlint.loaders.errors import Budget
from contractlint.rules import BY_CODE

from .conftest import assert_exact_offsets, run_cli

DUTY = "The Vendor shall reply to every ticket promptly. "


def _config(tmp_path: Path, text: str, name: str = "contractlint.toml") -> Config:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return load_config(path, BY_CODE)


def _docx(path: Path, paragraphs: list[str]) -> Path:
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    word.save(path)
    return path


def _pdf(path: Path, pages: int, line: str = "The Vendor shall reply promptly.") -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.drawString(72, 760, line)
        pdf.showPage()
    pdf.save()
    return path


# --- the config table ----------------------------------------------------------------------------


def test_defaults() -> None:
    assert Config().limits == Limits()
    assert Limits().max_characters == 5_000_000 and Limits().max_file_size == 200 * 1024 * 1024


def test_every_limit_is_read_with_sizes_in_units(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "[limits]\n"
        'max-file-size = "50 MiB"\n'
        'max-docx-uncompressed-size = "1.5GB"\n'
        "max-docx-compression-ratio = 500\n"
        "max-docx-zip-members = 2000\n"
        "max-pdf-pages = 300\n"
        "max-characters = 1_000_000\n"
        "max-extraction-seconds = 7.5\n",
    )
    assert config.limits == Limits(
        max_file_size=50 * 1024 * 1024,
        max_docx_uncompressed_size=1_500_000_000,
        max_docx_compression_ratio=500,
        max_docx_zip_members=2000,
        max_pdf_pages=300,
        max_characters=1_000_000,
        max_extraction_seconds=7.5,
    )


def test_unset_limits_keep_their_defaults(tmp_path: Path) -> None:
    config = _config(tmp_path, "[tool.contractlint.limits]\nmax-pdf-pages = 10\n", "pyproject.toml")
    assert config.limits == replace(Limits(), max_pdf_pages=10)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("limits = 5\n", r"contractlint\.toml:1: 'limits' must be a table"),
        ("[limits]\nmax-pages = 3\n", r"contractlint\.toml:2: limits: unknown key 'max-pages' \(expected one of: "),
        ("[limits]\nmax-pdf-pages = 0\n", r"contractlint\.toml:2: limits\.max-pdf-pages must be a positive whole"),
        ("[limits]\n\nmax-pdf-pages = 2.5\n", r"contractlint\.toml:3: limits\.max-pdf-pages must be a positive whole"),
        ("[limits]\nmax-characters = true\n", r"contractlint\.toml:2: limits\.max-characters must be a positive"),
        ('[limits]\nmax-file-size = "big"\n', r"contractlint\.toml:2: limits\.max-file-size must be a size"),
        ('[limits]\nmax-file-size = "-5 MB"\n', r"contractlint\.toml:2: limits\.max-file-size must be a size"),
        ("[limits]\nmax-extraction-seconds = -1\n", r"contractlint\.toml:2: limits\.max-extraction-seconds must be"),
        ("limits.max-characters = 0\n", r"contractlint\.toml:1: limits\.max-characters must be"),
    ],
    ids=["not-a-table", "unknown-key", "zero", "float-count", "bool", "size-word", "negative-size",
         "negative-seconds", "dotted-key"],
)  # fmt: skip
def test_limit_errors_name_file_key_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _config(tmp_path, text)


def test_pyproject_limit_error_points_into_our_table(tmp_path: Path) -> None:
    text = '[tool.other.limits]\nmax-pdf-pages = "x"\n\n[tool.contractlint.limits]\nmax-pdf-pages = "x"\n'
    with pytest.raises(ConfigError, match=r"pyproject\.toml:5: limits\.max-pdf-pages must be"):
        _config(tmp_path, text, "pyproject.toml")


def test_limits_from_the_config_reach_the_loaders_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _pdf(tmp_path / "long.pdf", pages=3)
    (tmp_path / "short.md").write_text(DUTY, "utf-8")
    (tmp_path / "contractlint.toml").write_text("[limits]\nmax-pdf-pages = 2\n", "utf-8")
    result = run_cli("check", "--no-model", "long.pdf", "short.md")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert "long.pdf: error: PDF has 3 pages, over the 2-page limit (limits.max-pdf-pages)" in lines
    assert any(line.startswith("short.md:1:") and "TL01" in line for line in lines)


# --- each limit ----------------------------------------------------------------------------------


def test_max_file_size(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text(DUTY * 100, "utf-8")  # 4,900 bytes
    message = r"^file is 4\.8 KiB, over the 4 KiB limit \(limits\.max-file-size\)$"
    with pytest.raises(LoadError, match=message):
        load(path, Limits(max_file_size=4096))
    assert load(path, Limits(max_file_size=4900)).text == DUTY * 100


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_max_characters_counts_decoded_characters(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text("é" * 60, "utf-8")  # 120 bytes, 60 characters
    assert load(path, Limits(max_characters=60)).text == "é" * 60
    with pytest.raises(LoadError, match=r"^document has 60 characters of text, over the 59-character limit"):
        load(path, Limits(max_characters=59))


def test_max_characters_refuses_before_decoding_when_the_bytes_prove_it(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"a" * 100 + b"\xff")  # not even valid UTF-8: the size alone is enough to refuse
    with pytest.raises(LoadError, match=r"^document has more than 10 characters of text, over the 10-character"):
        load(path, Limits(max_characters=10))


def test_max_characters_stops_docx_and_pdf_extraction(tmp_path: Path) -> None:
    word = _docx(tmp_path / "doc.docx", ["x" * 40] * 5)
    message = r"^document has more than 100 characters of text, over the 100-character limit \(limits\.max-char"
    with pytest.raises(LoadError, match=message):
        load(word, Limits(max_characters=100))
    assert len(load(word, Limits(max_characters=204)).text) == 204
    pdf = _pdf(tmp_path / "doc.pdf", pages=5)
    with pytest.raises(LoadError, match=r"^document has more than 70 characters of text, over the 70-character limit"):
        load(pdf, Limits(max_characters=70))


def test_max_docx_uncompressed_size(tmp_path: Path) -> None:
    word = _docx(tmp_path / "doc.docx", [DUTY])
    message = r"^refusing \.docx: .* uncompressed, over the 10 KiB limit \(limits\.max-docx-uncompressed-size\)$"
    with pytest.raises(LoadError, match=message):
        load(word, Limits(max_docx_uncompressed_size=10 * 1024))


def test_max_docx_compression_ratio_applies_to_large_members_only(tmp_path: Path) -> None:
    path = tmp_path / "zeros.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/media/blank.bin", bytes(11 * 1024 * 1024))  # ~1000:1, over the 10 MiB exemption
    with pytest.raises(LoadError, match=r"compression ratio [\d,]+:1, over the 200:1 limit .*; a zip bomb\?$"):
        load(path)
    with pytest.raises(LoadError) as raised:  # allowed now: it fails later, as the empty docx it is
        load(path, Limits(max_docx_compression_ratio=5000))
    assert "compression ratio" not in str(raised.value)


def test_max_extraction_seconds(tmp_path: Path) -> None:
    tiny = Limits(max_extraction_seconds=1e-9)  # over as soon as the first page or paragraph is read
    message = r"^text extraction took over 1e-09 s, the per-file limit \(limits\.max-extraction-seconds\)$"
    markdown = tmp_path / "doc.md"
    markdown.write_text(DUTY, "utf-8")
    for path in (_pdf(tmp_path / "doc.pdf", 2), _docx(tmp_path / "doc.docx", [DUTY]), markdown):
        with pytest.raises(LoadError, match=message):
            load(path, tiny)
        assert load(path).blocks  # the default budget is ample


def test_budget_raises_only_after_its_deadline() -> None:
    Budget(3600).check()
    with pytest.raises(LoadError, match="took over 1e-09 s"):
        Budget(1e-9).check()


def test_describe_size() -> None:
    assert [describe_size(n) for n in (512, 2048, 1536, 200 * 1024 * 1024, 52_428_801)] == [
        "512 bytes", "2 KiB", "1.5 KiB", "200 MiB", "50.0 MiB",
    ]  # fmt: skip


def test_lint_file_reports_a_limit_as_the_files_error(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(DUTY * 3, "utf-8")
    config = Config(model=False, limits=Limits(max_characters=100))
    result = lint_file(path, config)
    assert result.document is None and result.findings == []
    assert result.error and result.error.startswith("document has 147 characters of text, over the 100-character")


# --- long blocks are cut, offsets stay exact -----------------------------------------------------


def test_a_long_single_line_is_cut_at_sentence_ends_and_every_finding_is_kept(tmp_path: Path) -> None:
    text = DUTY * 600  # 29,400 characters, no line break
    path = tmp_path / "one-line.txt"
    path.write_text(text, "utf-8")
    document = load(path)
    assert len(document.blocks) >= 3
    assert all(len(b.text) <= MAX_BLOCK_CHARS for b in document.blocks)
    assert all(b.text.endswith("promptly.") and b.text.startswith("The Vendor") for b in document.blocks)
    result = lint_document(document, Config(model=False, select=("TL01",)))
    assert_exact_offsets(document, result.findings)
    assert [f.start for f in result.findings] == [m.start() for m in re.finditer("promptly", text)]


def test_a_long_line_without_sentences_or_spaces_is_still_cut() -> None:
    words = "alpha beta\u200bgamma\u202e delta\x00 " * 1500  # spaces only, with invisible characters between
    blob = "x" * 25_000  # no space at all: cut at the limit
    for text in (words, blob):
        document = load_text(text, markdown=False)
        assert all(0 < len(b.text) <= MAX_BLOCK_CHARS for b in document.blocks)
        assert_exact_offsets(document)
        assert "".join(b.text for b in document.blocks).replace(" ", "") == "".join(
            c for c in text if c not in " \u200b\u202e\x00"
        )


def test_split_long_blocks_keeps_short_blocks_and_slices_the_offset_map() -> None:
    source = "One. Two three. Four five six."
    block = Block.from_pieces("paragraph", [(source, 100)])
    assert block is not None
    assert split_long_blocks([block], limit=len(source)) == [block]
    at_sentence = split_long_blocks([block], limit=20)  # a sentence end in the second half wins over a space
    assert [p.text for p in at_sentence] == ["One. Two three.", "Four five six."]
    pieces = split_long_blocks([block], limit=12)  # else the last space
    assert [p.text for p in pieces] == ["One. Two", "three. Four", "five six."]
    for piece in pieces:
        start = piece.offsets[0] - 100
        assert source[start : start + len(piece.text)] == piece.text
        assert (piece.kind, piece.level, piece.location) == (block.kind, block.level, block.location)


def test_a_long_docx_paragraph_is_cut_too(tmp_path: Path) -> None:
    document = load(_docx(tmp_path / "long.docx", [DUTY * 300, "Short."]))
    assert len(document.blocks) >= 3 and document.blocks[-1].text == "Short."
    assert all(len(b.text) <= MAX_BLOCK_CHARS for b in document.blocks)
    assert_exact_offsets(document)
    assert all(b.location == (("paragraph", 1),) for b in document.blocks[:-1])


def test_deliverables_applies_the_configured_limits(tmp_path: Path) -> None:
    from contractlint.lint import DELIVERABLES, run_files

    small, large = tmp_path / "small.md", tmp_path / "large.md"
    small.write_text("The Vendor shall deliver the report.\n", "utf-8")
    large.write_text("The Vendor shall deliver the report. " * 40 + "\n", "utf-8")
    config = Config(limits=Limits(max_characters=500))
    results = run_files(DELIVERABLES, [small, large], config)
    assert results[0].error is None
    assert results[1].error is not None and "500" in results[1].error.replace(",", "")
