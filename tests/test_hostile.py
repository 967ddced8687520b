"""Hostile and broken documents, generated here: each gets the right one-line error (or a correct
lint), and a run over all of them still reports the good document's findings in full."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.cli import main
from contractlint.config import Config
from contractlint.lint import lint_file
from contractlint.paths import write_atomically

from .conftest import assert_exact_offsets, run_cli

GOOD = """\
# Statement of Work

The Contractor shall respond to all incidents as soon as possible.

| Deliverable | Due |
|-------------|-----|
| Final report | TBD |
"""
SECRET = "TOP-SECRET-4242"
DUTY = "The Vendor shall reply to every ticket promptly."


# --- the hostile files -------------------------------------------------------------------------


def _word_bytes(text: str = DUTY) -> bytes:
    out = io.BytesIO()
    word = docx.Document()
    word.add_paragraph(text)
    word.save(out)
    return out.getvalue()


def _rezip(data: bytes, edit: Callable[[dict[str, bytes]], None]) -> bytes:
    """The .docx `data` with its parts changed by `edit` (a dict of member name -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    edit(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, part in parts.items():
            target.writestr(name, part)
    return out.getvalue()


def _with_doctype(xml: bytes, doctype: str, body: str) -> bytes:
    text = xml.decode("utf-8")
    declaration_end = text.index("?>") + 2
    text = text[:declaration_end] + doctype + text[declaration_end:]
    return text.replace("<w:body>", f"<w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p>", 1).encode("utf-8")


def _xxe(tmp_path: Path) -> bytes:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"  # outside the folder that is linted
    secret.write_text(SECRET, "utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'

    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = _with_doctype(parts["word/document.xml"], doctype, "Leak: &xxe;")

    return _rezip(_word_bytes(), edit)


def _billion_laughs(_tmp_path: Path) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )  # &lol9; expands to 10^9 "lol"s

    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = _with_doctype(
            parts["word/document.xml"], f"<!DOCTYPE w:document [{entities}]>", "&lol9;"
        )

    return _rezip(_word_bytes(), edit)


def _dtd_in_content_types(_tmp_path: Path) -> bytes:
    def edit(parts: dict[str, bytes]) -> None:
        types = parts["[Content_Types].xml"].decode("utf-8")
        end = types.index("?>") + 2
        parts["[Content_Types].xml"] = (types[:end] + '<!DOCTYPE Types [<!ENTITY e "x">]>' + types[end:]).encode()

    return _rezip(_word_bytes(), edit)


def _dtd_in_utf16(_tmp_path: Path) -> bytes:
    """The DTD hidden from a naive byte search: the part re-encoded as UTF-16 (with NUL bytes)."""

    def edit(parts: dict[str, bytes]) -> None:
        xml = _with_doctype(parts["word/document.xml"], '<!DOCTYPE w:document [<!ENTITY e "x">]>', "&e;")
        text = xml.decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'", 1)
        assert "UTF-16" in text
        parts["word/document.xml"] = text.encode("utf-16")

    return _rezip(_word_bytes(), edit)


def _dtd_in_renamed_part(_tmp_path: Path) -> bytes:
    """The main document moved to word/main.bin: an XML part by its content-type override, not its name."""

    def edit(parts: dict[str, bytes]) -> None:
        xml = parts.pop("word/document.xml")
        parts["word/main.bin"] = _with_doctype(xml, '<!DOCTYPE w:document [<!ENTITY e "x">]>', "&e;")
        for name in ("[Content_Types].xml", "_rels/.rels"):
            parts[name] = parts[name].replace(b"document.xml", b"main.bin")

    return _rezip(_word_bytes(), edit)


def _utf7_part(_tmp_path: Path) -> bytes:
    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = parts["word/document.xml"].replace(b"encoding='UTF-8'", b"encoding='UTF-7'", 1)

    return _rezip(_word_bytes(), edit)


def _root_not_document(_tmp_path: Path) -> bytes:
    """The main part's root element renamed (well-formed XML, but not a Word document any more)."""

    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:document ", b"<w:documentx ", 1).replace(
            b"</w:document>", b"</w:documentx>"
        )

    return _rezip(_word_bytes(), edit)


def _document_without_body(_tmp_path: Path) -> bytes:
    def edit(parts: dict[str, bytes]) -> None:
        xml = parts["word/document.xml"]
        parts["word/document.xml"] = xml[: xml.index(b"<w:body>")] + xml[xml.index(b"</w:body>") + 9 :]

    return _rezip(_word_bytes(), edit)


def _zip_bomb(_tmp_path: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(64):  # 64 MiB of zeros compress to ~64 KiB, and are never inflated by the loader
                member.write(bytes(1024 * 1024))
    return out.getvalue()


def _many_medium_members(_tmp_path: Path) -> bytes:
    """A bomb made of members each too small for the ratio rule: the total declared size refuses it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(21):
            archive.writestr(f"word/media/image{i}.bin", bytes(10 * 1024 * 1024))
    return out.getvalue()


def _pdf_bytes(lines: list[str]) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for i, line in enumerate(lines):
        pdf.drawString(72, 760 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _encrypted_pdf(_tmp_path: Path) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes([DUTY]))))
    writer.encrypt(user_password="secret", owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _dtd_refused(part: str) -> str:
    return (
        rf"refusing \.docx: part '{re.escape(part)}' declares a DTD or entities, which Word never writes "
        r"\(XXE or entity-expansion attack\?\)"
    )


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
HOSTILE_TEXT = (
    "\ufeffIntro\x00 line\x07 with \x1b[31mcontrols\x1b[0m.\n\n"
    "The\u200b Vendor shall reply to every ticket prompt\u00adly.\n\n"
    "\u202eThe Vendor\u200f shall \u2066reply\u2069 promptly.\u202c\n\n"
    "\u05d4\u05e1\u05e4\u05e7 \u200fThe Vendor shall reply promptly \u0645\u0631\u062d\u0628\u0627.\n\n"
    "The Vendor shall reply\u2028promptly e\u0301\U0001f600.\r\n\r\nTBD\x0c\x0bTBD\n"
)
NO_BODY = r"corrupt \.docx file \(word/document\.xml has no w:document body\)"
SAVE_AS = r"; save the file as UTF-8 or UTF-16 with a byte-order mark"

# name -> (the file's bytes, given the folder; the whole one-line error expected, or None for a correct lint)
CASES: dict[str, tuple[Callable[[Path], bytes], str | None]] = {
    "truncated.docx": (lambda _: _word_bytes()[:2000], r"corrupt \.docx file \(damaged or truncated zip archive\)"),
    "bomb.docx": (
        _zip_bomb,
        r"refusing \.docx: member 'word/document\.xml' has compression ratio [\d,]+:1, over the 200:1 limit "
        r"\(limits\.max-docx-compression-ratio\); a zip bomb\?",
    ),
    "many-members-bomb.docx": (
        _many_medium_members,
        r"refusing \.docx: 210\.0 MiB uncompressed, over the 200 MiB limit \(limits\.max-docx-uncompressed-size\)",
    ),
    "xxe.docx": (_xxe, _dtd_refused("word/document.xml")),
    "billion-laughs.docx": (_billion_laughs, _dtd_refused("word/document.xml")),
    "dtd-content-types.docx": (_dtd_in_content_types, _dtd_refused("[Content_Types].xml")),
    "dtd-utf16.docx": (_dtd_in_utf16, _dtd_refused("word/document.xml")),
    "dtd-renamed-part.docx": (_dtd_in_renamed_part, _dtd_refused("word/main.bin")),
    "utf7.docx": (
        _utf7_part,
        r"refusing \.docx: part 'word/document\.xml' declares encoding 'UTF-7' \(Word writes UTF-8\)",
    ),
    "root-not-document.docx": (_root_not_document, NO_BODY),
    "no-body.docx": (_document_without_body, NO_BODY),
    "legacy.docx": (
        lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
        r"encrypted or legacy \.doc file \(OLE compound document\); save it as \.docx without a password",
    ),
    "encrypted.pdf": (_encrypted_pdf, r"encrypted PDF; remove the password first"),
    "png.pdf": (lambda _: PNG, r"not a PDF file \(no %PDF header\)"),
    "garbage.pdf": (lambda _: b"%PDF-1.7\n" + random.Random(3).randbytes(3000), r"corrupt PDF: .+"),
    "random.txt": (
        lambda _: random.Random(7).randbytes(5000),
        r"cannot decode as UTF-8 at byte \d+ \(0x[0-9a-f]{2}\)" + SAVE_AS,
    ),
    "invalid-utf8.md": (
        lambda _: b"Payment terms \xc3\x28 apply.\n",
        r"cannot decode as UTF-8 at byte 14 \(0xc3\)" + SAVE_AS,
    ),
    "utf16-without-bom.txt": (
        lambda _: DUTY.encode("utf-16-le"),
        r"looks like UTF-16 without a byte-order mark \(NUL bytes between the letters\)" + SAVE_AS,
    ),
    "empty.txt": (lambda _: b"", r"empty file \(0 bytes\)"),
    "empty.md": (lambda _: b"", r"empty file \(0 bytes\)"),
    "empty.docx": (lambda _: b"", r"empty file \(0 bytes\)"),
    "empty.pdf": (lambda _: b"", r"empty file \(0 bytes\)"),
    "blank.md": (lambda _: b"\n  \n\t\n<!-- nothing -->\n", r"no text to check \(the document is blank\)"),
    "huge-one-line.txt": (
        lambda _: DUTY.encode() * (50 * 1024 * 1024 // len(DUTY)),  # 50 MiB, not one line break
        r"document has more than 5,000,000 characters of text, over the 5,000,000-character limit "
        r"\(limits\.max-characters\)",
    ),
    "notes.rtf": (
        lambda _: b"{\\rtf1 The Vendor shall reply promptly.}",
        r"unsupported file type '\.rtf' \(supported: \.docx, \.markdown, \.md, \.pdf, \.text, \.txt\)",
    ),
    "hostile-characters.txt": (lambda _: HOSTILE_TEXT.encode("utf-8"), None),
}  # fmt: skip


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of every hostile case plus good.md (module-scoped: the bombs take a moment to write)."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, (build, _expected) in CASES.items():
        (folder / name).write_bytes(build(folder))
    (folder / "good.md").write_text(GOOD, "utf-8")
    return folder


@pytest.mark.parametrize("name", [name for name, (_, expected) in CASES.items() if expected])
def test_each_hostile_file_gets_its_one_line_error(hostile: Path, name: str) -> None:
    result = lint_file(hostile / name, Config(model=False))
    expected = CASES[name][1]
    assert result.error is not None and re.fullmatch(expected, result.error), result.error  # type: ignore[arg-type]
    assert "\n" not in result.error and result.findings == [] and result.document is None


def test_hostile_characters_lint_with_exact_offsets(hostile: Path) -> None:
    result = lint_file(hostile / "hostile-characters.txt", Config(model=False))
    assert result.error is None and result.document is not None
    text = result.document.text
    assert text == HOSTILE_TEXT[1:]  # the BOM is not text; every other character is, controls included
    assert_exact_offsets(result.document, result.findings)
    timelines = [f.excerpt for f in result.findings if f.code == "TL01"]
    # "prompt\u00adly" (soft hyphen), "promptly" after RTL overrides and isolates, between Hebrew and Arabic,
    # and after a line separator: each one found, each excerpt the file's own characters.
    assert timelines == ["prompt\u00adly", "promptly", "promptly", "promptly"]
    assert [f.excerpt for f in result.findings if f.code == "PH01"] == ["TBD", "TBD"]


def test_pypdf_complaints_never_reach_the_user(tmp_path: Path) -> None:
    """Regression (found by fuzz/run.py): a font with an unknown encoding made pypdf log a multi-line
    error on stderr for every page, though the text was extracted fine."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    pdf.drawString(72, 760, DUTY)
    pdf.showPage()
    pdf.save()
    path = tmp_path / "odd-encoding.pdf"
    path.write_bytes(out.getvalue().replace(b"/WinAnsiEncoding", b"/WinAnsxEncoding", 1))
    # A real process: under pytest, log records go to pytest's handlers instead of stderr.
    command = [sys.executable, "-m", "contractlint", "check", "--no-model", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1 and result.stderr == ""
    assert "TL01" in result.stdout


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert lint_file(fifo, Config(model=False)).error == "not a regular file (a pipe, socket or device)"


def test_xxe_never_reads_the_file_it_names(hostile: Path) -> None:
    result = run_cli("check", "--no-model", "--format", "json", str(hostile / "xxe.docx"))
    assert result.exit_code == 2 and SECRET not in result.output


# --- one run over all of them --------------------------------------------------------------------


def _bad_names() -> list[str]:
    return sorted(name for name, (_, expected) in CASES.items() if expected)


def test_a_run_over_everything_reports_the_good_documents_in_full(hostile: Path) -> None:
    alone = run_cli("check", "--no-model", str(hostile / "good.md"), str(hostile / "hostile-characters.txt"))
    result = run_cli("check", "--no-model", str(hostile), str(hostile / "notes.rtf"))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert sorted(Path(line.split(":")[0]).name for line in errors) == _bad_names()
    for line in errors:
        name = Path(line.split(":")[0]).name
        assert re.fullmatch(re.escape(f"{hostile / name}: error: ") + CASES[name][1], line), line
    findings = [line for line in lines if ": error: " not in line][:-1]  # less the summary line
    assert findings and findings == alone.stdout.splitlines()[:-1]
    assert any("good.md" in line and "PH01" in line for line in findings)
    assert f"{len(errors)} files could not be read" in lines[-1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_and_stderr_over_everything(hostile: Path, jobs: str) -> None:
    result = run_cli(
        "check", "--no-model", "--format", "json", "--jobs", jobs, str(hostile), str(hostile / "notes.rtf")
    )
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert set(by_name) == set(CASES) | {"good.md"}
    for name, file in by_name.items():
        expected = CASES.get(name, (None, None))[1]
        if expected:
            assert re.fullmatch(expected, file["error"]) and file["findings"] == [], (name, file)
        else:
            assert file["error"] is None and file["findings"], name
    assert data["summary"]["errors"] == len(_bad_names())
    assert sorted(Path(line.split(":")[0]).name for line in result.stderr.splitlines()) == _bad_names()
    assert all(": error: " in line for line in result.stderr.splitlines())


def test_sarif_lists_each_unreadable_file(hostile: Path) -> None:
    files = [str(hostile / name) for name in ("good.md", "xxe.docx", "png.pdf")]
    result = run_cli("check", "--no-model", "--format", "sarif", *files)
    assert result.exit_code == 2
    run = json.loads(result.stdout)["runs"][0]
    invocation = run["invocations"][0]
    errors = [n for n in invocation["toolExecutionNotifications"] if n["descriptor"]["id"] == "read-error"]
    assert [n["message"]["text"] for n in errors] == [
        f"{files[1]}: {lint_file(Path(files[1]), Config(model=False)).error}",
        f"{files[2]}: not a PDF file (no %PDF header)",
    ]
    assert invocation["executionSuccessful"] is False
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert len(run["results"]) >= 2 and all(uri.endswith("good.md") for uri in uris)


def test_text_report_written_to_a_file_still_names_errors_on_stderr(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = run_cli("check", "--no-model", "-o", str(out), str(hostile / "good.md"), str(hostile / "png.pdf"))
    assert result.exit_code == 2
    error, wrote = result.stderr.splitlines()
    assert error == f"{hostile / 'png.pdf'}: error: not a PDF file (no %PDF header)"
    assert wrote.startswith("contractlint: wrote ") and wrote.endswith(f"to {out} (text); 1 file could not be read")
    assert "good.md:" in out.read_text("utf-8")


# --- unexpected exceptions: one line per file, tracebacks only with --debug ------------------------


@pytest.fixture
def crashing_rule_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linting any document named boom.md raises, as a bug in a rule would; other files lint as usual."""
    from contractlint import lint

    real = lint.lint_document

    def lint_document(document, config, nlp=None, cache=None):  # type: ignore[no-untyped-def]
        if document.display_path.endswith("boom.md"):
            raise RuntimeError("kaboom\nsecond line")
        return real(document, config, nlp, cache)

    monkeypatch.setattr(lint, "lint_document", lint_document)


def test_an_unexpected_exception_is_that_files_one_line_error(tmp_path: Path, crashing_rule_pass: None) -> None:
    (tmp_path / "boom.md").write_text(DUTY, "utf-8")
    (tmp_path / "fine.md").write_text(DUTY, "utf-8")
    result = run_cli("check", "--no-model", "--jobs", "1", str(tmp_path))  # the plant is in this process
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{tmp_path / 'boom.md'}: error: internal error (RuntimeError: kaboom); rerun with --debug for the traceback"
    )
    assert lines[1].startswith(f"{tmp_path / 'fine.md'}:1:") and "TL01" in lines[1]


def test_debug_shows_the_traceback(tmp_path: Path, crashing_rule_pass: None) -> None:
    (tmp_path / "boom.md").write_text(DUTY, "utf-8")
    result = CliRunner().invoke(main, ["check", "--no-model", "--debug", str(tmp_path / "boom.md")])
    assert isinstance(result.exception, RuntimeError) and str(result.exception).startswith("kaboom")


def test_an_unexpected_exception_outside_any_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contractlint import formats

    def broken(results: object, **options: object) -> str:
        raise ValueError("formatter bug")

    monkeypatch.setitem(formats.FORMATS, "json", broken)
    (tmp_path / "doc.md").write_text(DUTY, "utf-8")
    result = run_cli("check", "--no-model", "--format", "json", str(tmp_path / "doc.md"))
    assert result.exit_code == 2
    assert result.stderr == (
        "contractlint: error: internal error (ValueError: formatter bug); rerun with --debug for the traceback\n"
    )
    debug = CliRunner().invoke(main, ["check", "--debug", "--no-model", "--format", "json", str(tmp_path / "doc.md")])
    assert isinstance(debug.exception, ValueError)


# --- the classifier artifact and the config file -------------------------------------------------


class _Payload:
    """Unpickling this would create the marker folder: it must never be unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def _artifacts(tmp_path: Path) -> dict[str, bytes]:
    from contractlint.model import persist

    marker = tmp_path / "pickle-ran"
    zipped_pickle = io.BytesIO()
    with zipfile.ZipFile(zipped_pickle, "w") as archive:
        for name in ("schema.json", "header.npy", "coef.npy", "model.pkl"):
            archive.writestr(name, pickle.dumps(_Payload(marker)))
    cases = {
        "random-bytes": random.Random(5).randbytes(4096),
        "empty": b"",
        "pickle": pickle.dumps(_Payload(marker)),
        "zip-of-pickles": zipped_pickle.getvalue(),
    }
    shipped = persist.shipped_path()
    if shipped.is_file():  # the real artifact, tampered with: truncated, and with bytes flipped in the middle
        real = shipped.read_bytes()
        cases["truncated"] = real[: len(real) // 2]
        middle = len(real) // 2
        cases["flipped"] = real[:middle] + bytes(b ^ 0xFF for b in real[middle : middle + 64]) + real[middle + 64 :]
    return cases


def test_a_tampered_or_garbage_model_artifact_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contractlint.model import persist

    (tmp_path / "doc.md").write_text(DUTY, "utf-8")
    for name, data in _artifacts(tmp_path).items():
        artifact = tmp_path / f"{name}-{persist.ARTIFACT_NAME}"
        artifact.write_bytes(data)
        monkeypatch.setattr(persist, "shipped_path", lambda artifact=artifact: artifact)
        result = run_cli("check", str(tmp_path / "doc.md"))
        assert result.exit_code == 2, (name, result.output)
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"contractlint: error: {artifact}: ") and "--no-model" in line, (name, line)
        assert not (tmp_path / "pickle-ran").exists(), name


def test_a_model_named_by_the_user_gets_the_same_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--model PATH` and `model = "PATH"` in the config go through the same validated reader."""
    (tmp_path / "doc.md").write_text(DUTY, "utf-8")
    monkeypatch.chdir(tmp_path)
    for name, data in _artifacts(tmp_path).items():
        artifact = tmp_path / f"{name}.npz"
        artifact.write_bytes(data)
        for args in (("--model", str(artifact)), ()):
            (tmp_path / "contractlint.toml").write_text("" if args else f'model = "{artifact.name}"\n', "utf-8")
            result = run_cli("check", *args, "doc.md")
            assert result.exit_code == 2, (name, args, result.output)
            (line,) = result.stderr.splitlines()
            assert line.startswith(f"contractlint: error: {artifact}: "), (name, args, line)
            assert not (tmp_path / "pickle-ran").exists(), name


def test_a_copy_of_the_shipped_model_named_by_path_gives_the_same_findings(tmp_path: Path) -> None:
    from contractlint.model import persist

    copy = tmp_path / "copy.npz"
    copy.write_bytes(persist.shipped_path().read_bytes())
    (tmp_path / "doc.md").write_text(GOOD, "utf-8")
    default = run_cli("check", "--format", "json", str(tmp_path / "doc.md"))
    named = run_cli("check", "--format", "json", "--model", str(copy), str(tmp_path / "doc.md"))
    assert default.exit_code == named.exit_code == 1
    assert json.loads(named.stdout)["files"] == json.loads(default.stdout)["files"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('select = ["TL"]\nmodel = 3\n', r"contractlint\.toml:2: 'model' must be true, false or the path of a \.npz "
                                          r"artifact \(got 3\)"),
        ("min-score = 2\n", r"contractlint\.toml:1: 'min-score' must be a number from 0 to 1 \(got 2\)"),
        ("severity = 3\n", r"contractlint\.toml:1: 'severity' must be a table of CODE = \"error\|warning\|info\""),
        ('[per-file-ignores]\n\n"*.md" = "TL01"\n', r"contractlint\.toml:3: '\*\.md' must be a list of rule codes"),
        ("terms = []\n", r"contractlint\.toml:1: 'terms' must be a table of CODE = .*"),
        ("[limits]\nmax-characters = -1\n", r"contractlint\.toml:2: limits\.max-characters must be a positive whole "
                                          r"number \(got -1\)"),
        ('select = ["TL"]\nselect = ["WC"]\n', r"contractlint\.toml: invalid TOML: .*\(at line 2, column \d+\)"),
    ],
    ids=["model-not-bool", "min-score-range", "severity-not-table", "per-file-not-list", "terms-not-table",
         "negative-limit", "duplicate-key"],
)  # fmt: skip
def test_malformed_config_is_a_one_line_error_naming_key_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_text(DUTY, "utf-8")
    (tmp_path / "contractlint.toml").write_text(text, "utf-8")
    result = run_cli("check", "--no-model", "doc.md")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(r"contractlint: error: .*" + message, line), line


def test_a_config_file_that_is_not_utf8_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_text(DUTY, "utf-8")
    (tmp_path / "contractlint.toml").write_bytes(b'profile = "sow\xff"\n')
    result = run_cli("check", "--no-model", "doc.md")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("contractlint: error: ") and "contractlint.toml: invalid TOML" in line


# --- never write over an input; write atomically -------------------------------------------------


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_output_through_a_link_to_an_input_is_refused(tmp_path: Path, link: str) -> None:
    source = tmp_path / "sow.md"
    source.write_text(GOOD, "utf-8")
    alias = tmp_path / "report.json"
    (os.symlink if link == "symlink" else os.link)(source, alias)
    result = run_cli("check", "--no-model", "--format", "json", "-o", str(alias), str(source))
    assert result.exit_code == 2 and "refusing to overwrite an input document" in result.stderr
    assert source.read_text("utf-8") == GOOD and alias.read_text("utf-8") == GOOD


def test_annotate_refuses_an_output_that_is_the_input_under_another_name(tmp_path: Path) -> None:
    source = tmp_path / "sow.docx"
    source.write_bytes(_word_bytes())
    os.link(source, tmp_path / "reviewed.docx")
    before = source.read_bytes()
    result = run_cli("annotate", str(source), "-o", str(tmp_path / "reviewed.docx"))
    assert result.exit_code == 2 and "refusing to overwrite an input document" in result.stderr
    assert source.read_bytes() == before


def test_a_failed_write_leaves_the_previous_report_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous report", "utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "new report \ud800 cut short")  # fails while the temp file is written
    assert target.read_text("utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_spacy_model_is_one_line_even_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    from contractlint.nlp import load_pipeline

    load_pipeline.cache_clear()  # this process loaded it already; the workers start afresh anyway
    monkeypatch.setenv("CONTRACTLINT_SPACY_MODEL", str(tmp_path / "no-such-model"))
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(DUTY, "utf-8")
    try:
        result = run_cli("check", "--no-model", "--jobs", jobs, str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    finally:
        monkeypatch.delenv("CONTRACTLINT_SPACY_MODEL")
        load_pipeline.cache_clear()
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("contractlint: error: no spaCy English model found (tried ")


class _KillsTheWorker(type(Path())):  # type: ignore[misc]
    """A path whose unpickling, in the worker process it is sent to, ends that process at once: a
    worker dying as the kernel kills one out of memory, deterministically."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (70,))


def test_a_worker_that_dies_is_an_error_for_the_files_it_takes_with_it(tmp_path: Path) -> None:
    """With --jobs, a dead worker breaks the process pool: no exception escapes, the files not yet
    done are reported as not checked, and files already done keep their results."""
    from contractlint.lint import lint_paths

    good = [tmp_path / f"good-{i}.md" for i in range(2)]
    for path in good:
        path.write_text(DUTY, "utf-8")
    died = "not checked: a worker process died (out of memory, or a crash in a parser library)"
    results = lint_paths([_KillsTheWorker(tmp_path / "fatal.md"), *good], Config(model=False), jobs=2)
    assert [Path(r.path).name for r in results] == ["fatal.md", "good-0.md", "good-1.md"]
    assert results[0].error == died
    for result in results[1:]:  # done before the worker died, or lost with it
        assert (result.error, [f.code for f in result.findings]) in ((None, ["TL01"]), (died, []))


HOSTILE_MARKDOWN = {
    "brackets": "[" * 50_000 + "The Vendor shall reply promptly." + "]" * 50_000,
    "link-starts": "[a](" * 25_000 + "\n\nThe Vendor shall reply promptly.",
    "tag-starts": "<a " * 30_000 + "\n\nThe Vendor shall reply promptly.",
    "wide-table": "| a " * 8_000 + "|\n|" + "-|" * 8_000 + "\n" + "| promptly " * 8_000 + "|\n",
    "directives": "<!-- contractlint: ignore TL01 -->\n\nThe Vendor shall reply promptly.\n\n" * 20_000,
}


@pytest.mark.parametrize("name", list(HOSTILE_MARKDOWN))
def test_markdown_built_to_be_slow_loads_in_linear_time(name: str) -> None:
    """Regression: these took minutes (quadratic scans: inline-markup regexes that ran to the end of the
    line from every "[" or "<", cell lookups from the start of a row for every cell, newline counts
    from the start of the file for every directive).  Now each is a plain load with exact offsets."""
    from contractlint.loaders import load_text

    document = load_text(HOSTILE_MARKDOWN[name], markdown=True)
    assert_exact_offsets(document)
    assert any("promptly" in block.text for block in document.blocks)
    if name == "wide-table":
        assert len(document.blocks) == 16_000
    if name == "directives":
        assert [s.line for s in document.suppressions[-2:]] == [79_993, 79_997]  # four lines per repeat


@pytest.mark.parametrize(
    ("suffix", "target", "make"),
    [
        (".docx", "contractlint.loaders.docx._Builder.body", lambda: _word_bytes()),
        (".pdf", "contractlint.loaders.errors.Budget.check", lambda: _pdf_bytes([DUTY])),
    ],
)
def test_a_bug_in_our_loader_code_is_an_internal_error_not_a_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, target: str, make: Callable[[], bytes]
) -> None:
    """Only the parsing library's failures mean a damaged file; an exception in contractlint's own walk
    is reported as an internal error, and --debug shows its traceback."""
    path = tmp_path / f"valid{suffix}"
    path.write_bytes(make())
    assert lint_file(path, Config(model=False)).error is None  # the file itself is fine

    def broken(*_args: object, **_kwargs: object) -> None:
        raise AttributeError("planted bug")

    monkeypatch.setattr(target, broken)
    error = lint_file(path, Config(model=False)).error or ""
    assert error.startswith("internal error (AttributeError: planted bug)"), error
    assert "corrupt" not in error
    with pytest.raises(AttributeError, match="planted bug"):
        lint_file(path, Config(model=False), debug=True)
