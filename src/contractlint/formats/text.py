"""Human-readable output, one line per finding, file by file:

    sow.md:12:5: TL01 [warning] message "excerpt" [§ 3.2 Payment]
    contract.docx:¶14: PA01 [warning] message "excerpt" [§ 3.2 Payment]
    contract.docx:table 2 row 3 cell 2: PH01 [error] message "excerpt"
    rfq.pdf:p.3: WC01 [warning] message "excerpt" [§ Scope]
    rfq.md:88:1: UO01 [info] (standard clause) message "excerpt" [§ FAR 52.212-4 ...]

The place is line:column for .md/.txt (editors and `path:line:col:` matchers jump to it) and the
paragraph, table cell or page for .docx/.pdf, where lines of extracted text match nothing a reader
sees.  A finding in standard clause text (standard.py) is tagged "(standard clause)" before its
message.  The section a finding is in closes the line, so the `path:place: CODE [severity]` prefix
that scripts read is the same for every input.  Files that could not be read and files skipped in
folders get a line each; the summary counts both, also with --quiet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..finding import STANDARD_CLAUSE, Finding, Severity
from ..lint import FileResult
from ..paths import Skipped
from . import locations
from .records import notes, plural, totals_phrase

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_CONTEXT_TAGS = {STANDARD_CLAUSE: "(standard clause) "}
_EXCERPT_CHARS = 80
_SECTION_CHARS = 60


def render(
    results: list[FileResult], *, colour: bool = False, quiet: bool = False, skipped: Sequence[Skipped] = ()
) -> str:
    lines: list[str] = []
    for result in results:
        if result.error:
            lines.append(f"{result.path}: error: {result.error}")
            continue
        for finding in result.findings:
            lines.append(_line(result, finding, colour))
        for s in result.unused_suppressions:
            codes = " ".join(s.codes) or "(all)"
            lines.append(
                f"{result.path}:{s.line}:{s.column}: unused suppression: 'contractlint: ignore {codes}' matched nothing"
            )
    if not quiet:
        lines += [f"{s.path}: skipped: {s.reason}" for s in skipped]
        lines.append(_summary_line(results, skipped))
    elif skipped:  # --quiet hides the list, never the count: a skipped contract must not go unnoticed
        lines.append(f"{plural(len(skipped), 'file')} skipped (listed without --quiet)")
    return "\n".join(lines) + "\n"


def _line(result: FileResult, finding: Finding, colour: bool) -> str:
    place = locations.place(finding, result.document)
    severity = f"[{finding.severity.label}]"
    code = finding.code
    if colour:
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        code = f"{_BOLD}{code}{_RESET}"
    text = f"{result.path}:{place}: " if place else f"{result.path}: "
    text += f"{code} {severity} {_CONTEXT_TAGS.get(finding.context or '', '')}{finding.message}"
    excerpt = _shorten(" ".join((finding.excerpt or "").split()), _EXCERPT_CHARS)
    if excerpt:
        text += f' {_DIM}"{excerpt}"{_RESET}' if colour else f' "{excerpt}"'
    if finding.section:
        text += f" [§ {_shorten(' '.join(finding.section.split()), _SECTION_CHARS)}]"
    return text


def _shorten(text: str, limit: int) -> str:
    return text[: limit - 1] + "…" if len(text) > limit else text


def _summary_line(results: list[FileResult], skipped: Sequence[Skipped]) -> str:
    return "; ".join([totals_phrase(results), *notes(results, skipped)]) + "." + _profiles(results)


def _profiles(results: list[FileResult]) -> str:
    """Which document profile was applied, so a wrong automatic choice is visible."""
    linted = [r for r in results if r.profile]
    if not linted:
        return ""
    if len(linted) == 1:
        how = "detected" if linted[0].profile_detected else "set"
        return f" Profile: {linted[0].profile} ({how})."
    counts = Counter(r.profile for r in linted)
    return " Profiles: " + ", ".join(f"{p} {n}" for p, n in sorted(counts.items())) + "."
