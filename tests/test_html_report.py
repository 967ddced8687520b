"""The HTML report: highlights built from offsets (overlaps, escaping, size), a self-contained page,
and the real page in Debian's headless Chromium: no console messages, a highlight for every span
finding, working click/hover/filters, and a screenshot.

`CONTRACTLINT_UPDATE_SCREENSHOT=1 pytest tests/test_html_report.py` also writes the screenshot to
docs/html-report.png, the picture in the README.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import struct
import subprocess
import time
from collections import defaultdict
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlint.cli import main
from contractlint.document import Document
from contractlint.finding import CATEGORIES, Finding, Severity
from contractlint.formats import FORMATS
from contractlint.formats.html import PALETTE, highlight, render
from contractlint.lint import FileResult

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "html_report_sow.md"
README_SCREENSHOT = ROOT / "docs" / "html-report.png"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium installed (Debian: apt-get install chromium): the browser test needs it"
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


class _Marks(HTMLParser):
    """The text of each finding as the highlights spell it, and the number of <mark> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[int, str] = defaultdict(str)
        self.count = 0
        self._open: list[int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.count += 1
            self._open = [int(i) for i in (dict(attrs)["data-f"] or "").split()]

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open = None

    def handle_data(self, data: str) -> None:
        for ident in self._open or ():
            self.texts[ident] += data


def _marks(page: str) -> _Marks:
    parser = _Marks()
    parser.feed(page)
    return parser


def _finding(code: str, category: str, text: str, start: int, end: int, severity: Severity = Severity.WARNING):
    return Finding(code, code.lower(), category, severity, f"{code} here", "fix it", start, end, text[start:end])


def _result(text: str, findings: list[Finding], path: str = "doc.md") -> FileResult:
    return FileResult(
        path, Document(path=None, display_path=path, format="md", text=text, blocks=[]), "sow", findings=findings
    )


# --- without a browser ------------------------------------------------------------------------


def test_overlapping_findings_are_split_into_pieces_that_name_every_covering_finding() -> None:
    text = "The Vendor shall respond promptly and as soon as possible."
    a = text.index("respond promptly")
    b = text.index("promptly and as soon")
    spans = [
        (a, a + len("respond promptly"), 0, "vague-timeline"),
        (b, b + len("promptly and as soon"), 1, "open-scope"),
    ]
    page = highlight(text, spans)
    marks = _marks(page)
    assert marks.count == 3  # "respond ", "promptly" (both), " and as soon"
    assert marks.texts[0] == "respond promptly"
    assert marks.texts[1] == "promptly and as soon"
    assert '<mark class="hl multi" data-f="0 1" data-c="vague-timeline" data-first="1">promptly</mark>' in page
    assert html.unescape(re.sub(r"<[^>]+>", "", page)) == text


def test_text_is_escaped_and_the_data_cannot_close_its_script() -> None:
    text = 'Payment <b>TBD</b> & "net 30" </script><script>alert(1)</script>'
    start = text.index("TBD")
    finding = _finding("PH01", "placeholder", text, start, start + 3, Severity.ERROR)
    page = render([_result(text, [finding], path="<evil>.md")])
    assert "<script>alert(1)" not in page and "<b>TBD" not in page
    assert "&lt;evil&gt;.md" in page
    data = re.search(r'<script type="application/json" id="cl-data">(.*?)</script>', page, re.S)
    assert data is not None
    assert json.loads(data.group(1))["findings"][0]["excerpt"] == "TBD"


def test_the_page_is_self_contained() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    start = text.index("TBD")
    page = render([_result(text, [_finding("PH01", "placeholder", text, start, start + 3)])])
    assert "default-src 'none'" in page  # the browser itself refuses any request the page might make
    for external in ("<link", " src=", 'href="http', "url(", "@import", "@font-face"):
        assert external not in page, external


def test_document_level_findings_sections_and_unreadable_files_are_in_the_summary() -> None:
    text = "# Scope\n\nThe Vendor shall respond promptly.\n\n# Fees\n\nFees are TBD.\n"
    a, b = text.index("promptly"), text.index("TBD")
    findings = [
        Finding(
            "MS01",
            "missing-section",
            "missing-section",
            Severity.ERROR,
            "missing change control",
            "add it",
            element="change-control",
        ),
        _finding("TL01", "vague-timeline", text, a, a + 8),
        _finding("PH01", "placeholder", text, b, b + 3, Severity.ERROR),
    ]
    findings = [findings[0], replace(findings[1], section="A"), replace(findings[2], section="B")]
    page = render([_result(text, findings), FileResult("broken.pdf", error="not a PDF file")])
    assert "Document-level findings" in page and '<strong class="element">change-control</strong>' in page
    assert re.search(r'class="label" title="A">A</span>.*class="label" title="B">B</span>', page)
    assert "Files that could not be read (1)" in page and "not a PDF file" in page
    assert _marks(page).count == 2


def test_a_large_document_renders_quickly_with_one_element_per_highlight() -> None:
    paragraph = "The Contractor shall deliver the reports promptly and use best efforts where possible.\n\n"
    text = paragraph * (300_000 // len(paragraph))
    findings = []
    for match in re.finditer(r"promptly|best efforts", text):
        category = "vague-timeline" if match.group() == "promptly" else "weak-commitment"
        findings.append(_finding("TL01" if category == "vague-timeline" else "WC01", category, text, *match.span()))
    began = time.perf_counter()
    page = render([_result(text, findings)])
    elapsed = time.perf_counter() - began
    assert len(text) >= 290_000 and len(findings) > 6000
    assert _marks(page).count == len(findings)
    assert elapsed < 5, f"rendering took {elapsed:.1f}s"


def test_every_category_has_a_colour_and_the_format_is_registered() -> None:
    assert set(PALETTE) == set(CATEGORIES)
    assert FORMATS["html"] is render


# --- in the browser ---------------------------------------------------------------------------

# Injected into a copy of the report, before its own script: records errors and refused requests.
_RECORDER = """<script>
window.__problems = [];
window.addEventListener("error", function (e) { window.__problems.push("error: " + e.message); });
document.addEventListener("securitypolicyviolation", function (e) { window.__problems.push("csp: " + e.blockedURI); });
</script>"""

# Injected after the report's script: exercises the page and writes what it saw into the DOM.
_SELF_CHECK = """<script>
(function () {
  var out = {problems: window.__problems, texts: {}};
  var marks = document.querySelectorAll("mark.hl");
  marks.forEach(function (m) {
    m.getAttribute("data-f").split(" ").forEach(function (i) { out.texts[i] = (out.texts[i] || "") + m.textContent; });
  });
  out.marks = marks.length;
  var first = marks[0];
  first.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  out.tip = document.getElementById("tip").hidden ? null : document.getElementById("tip").textContent;
  first.click();
  out.panel = document.getElementById("panel").textContent;
  out.selected = document.querySelectorAll("mark.hl.sel").length;
  var category = first.getAttribute("data-c");
  var box = document.querySelector('input[data-filter="c"][value="' + category + '"]');
  box.click();
  out.filtered = {category: category, off: document.querySelectorAll("mark.hl.off").length,
                  hiddenRows: document.querySelectorAll("tr.fi.hidden").length};
  box.click();
  out.restored = document.querySelectorAll("mark.hl.off, .fi.hidden").length;
  var severity = document.querySelector('input[data-filter="s"][value="error"]');
  severity.click();
  out.errorsHidden = document.querySelectorAll(".fi.hidden").length;
  severity.click();
  var pre = document.createElement("pre");
  pre.id = "self-check";
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
})();
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.glob('chromium-profile-*')))}"
    command = [CHROMIUM or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The fixture rendered through the CLI (`check --format html -o`), and the same run as JSON."""
    out = tmp_path_factory.mktemp("html") / "report.html"
    runner = CliRunner()
    fixture = str(FIXTURE.relative_to(ROOT))  # the path the report shows, as a user would type it
    with contextlib.chdir(ROOT):
        result = runner.invoke(main, ["check", "--format", "html", "-o", str(out), "--fail-on", "never", fixture])
        as_json = runner.invoke(main, ["check", "--format", "json", "--fail-on", "never", fixture])
    assert result.exit_code == 0, result.output
    return out, json.loads(as_json.output)


def test_the_fixture_is_realistic(report: tuple[Path, dict]) -> None:
    _, data = report
    findings = data["files"][0]["findings"]
    assert len({f["category"] for f in findings if f["start"] is not None}) >= 6
    assert any(f["start"] is None for f in findings), "the fixture should miss a section"


@needs_chromium
def test_report_in_headless_chromium(report: tuple[Path, dict], tmp_path: Path) -> None:
    page, data = report
    span_findings = [f for f in data["files"][0]["findings"] if f["start"] is not None]
    instrumented = tmp_path / "instrumented.html"
    source = page.read_text(encoding="utf-8")
    source = source.replace("<head>", "<head>" + _RECORDER, 1).replace("</body>", _SELF_CHECK + "</body>", 1)
    instrumented.write_text(source, encoding="utf-8")

    run = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", instrumented.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], "the page wrote to the console:\n" + "\n".join(console)
    found = re.search(r'<pre id="self-check">(.*?)</pre>', run.stdout, re.S)
    assert found, "the self-check did not run:\n" + run.stdout[-2000:]
    check = json.loads(html.unescape(found.group(1)))

    assert check["problems"] == []
    # One highlight per span finding, each spelling exactly the finding's excerpt.
    assert len(check["texts"]) == len(span_findings)
    assert {int(i): t for i, t in check["texts"].items()} == {
        i: f["excerpt"] for i, f in enumerate(data["files"][0]["findings"]) if f["start"] is not None
    }
    first = min(span_findings, key=lambda f: f["start"])
    assert first["message"] in check["tip"]
    assert first["message"] in check["panel"] and first["hint"] in check["panel"] and check["selected"] == 1
    in_category = [f for f in span_findings if f["category"] == check["filtered"]["category"]]
    assert check["filtered"]["off"] >= len(in_category) and check["filtered"]["hiddenRows"] == len(in_category)
    assert check["restored"] == 0
    assert check["errorsHidden"] == sum(1 for f in data["files"][0]["findings"] if f["severity"] == "error")

    # The screenshot is of the report itself, with one finding selected through its link (#fN).
    shot = tmp_path / "html-report.png"
    goal = next((f for f in span_findings if f["category"] == "unmeasurable-goal"), first)
    index = data["files"][0]["findings"].index(goal)
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", f"{page.as_uri()}#f{index}")
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", header[16:24]) == (1280, 2000)
    if os.environ.get("CONTRACTLINT_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, README_SCREENSHOT)
