"""Human-readable output: `path:line:col: CODE [severity] message "excerpt"`, grouped per file."""

from __future__ import annotations

from collections import Counter

from ..finding import Finding, Severity
from ..lint import FileResult
from .records import summary

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_EXCERPT_CHARS = 80


def render(results: list[FileResult], *, colour: bool = False, quiet: bool = False) -> str:
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
        lines.append(_summary_line(results))
    return "\n".join(lines) + "\n"


def _line(result: FileResult, finding: Finding, colour: bool) -> str:
    where = _where(result, finding)
    severity = f"[{finding.severity.label}]"
    code = finding.code
    if colour:
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        code = f"{_BOLD}{code}{_RESET}"
    text = f"{result.path}:{where}: {code} {severity} {finding.message}"
    excerpt = " ".join((finding.excerpt or "").split())
    if excerpt:
        if len(excerpt) > _EXCERPT_CHARS:
            excerpt = excerpt[: _EXCERPT_CHARS - 1] + "…"
        text += f' {_DIM}"{excerpt}"{_RESET}' if colour else f' "{excerpt}"'
    return text


def _where(result: FileResult, finding: Finding) -> str:
    document = result.document
    if finding.start is None or document is None:
        return "1:1"
    line, column = document.line_col(finding.start)
    where = f"{line}:{column}"
    location = document.location(finding.start)
    if document.format in ("docx", "pdf") and location:
        where += " (" + ", ".join(f"{k} {v}" for k, v in location.items()) + ")"
    return where


def _summary_line(results: list[FileResult]) -> str:
    totals = summary(results)
    parts = [f"{totals['findings']} finding{'s' if totals['findings'] != 1 else ''}"]
    parts += [f"{n} {label}{'s' if n != 1 and label != 'info' else ''}" for label, n in totals["by_severity"].items()]
    text = f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]
    text += f" in {totals['files']} file{'s' if totals['files'] != 1 else ''}"
    if totals["errors"]:
        text += f"; {totals['errors']} file{'s' if totals['errors'] != 1 else ''} could not be read"
    return text + "." + _profiles(results)


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
