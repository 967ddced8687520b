"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

    ::warning file=sow.md,line=12,col=5,endLine=12,endColumn=13,title=TL01 vague-timeline::message

Text inputs get line and column; .docx/.pdf findings and document-level findings are annotated on
the file (their lines index extracted text, not the stored file) and name the paragraph or page in
the message; the section a finding is in closes its message.  Files skipped in folders (unsupported
types) get a notice each.  Data is escaped as GitHub's toolkit does (`%`, CR, LF), and properties also `:` and `,`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..finding import Finding, Severity
from ..lint import FileResult
from ..paths import Skipped
from . import locations

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(results: list[FileResult], *, skipped: Sequence[Skipped] = ()) -> str:
    lines: list[str] = []
    for result in results:
        path = locations.artifact_path(result.path)
        if result.error:
            lines.append(_command("error", {"file": path, "title": "contractlint: cannot read file"}, result.error))
            continue
        lines.extend(_annotation(finding, result, path) for finding in result.findings)
        for s in result.unused_suppressions:
            codes = " ".join(s.codes) or "(all)"
            properties = {"file": path, "line": str(s.line), "col": str(s.column), "title": "unused suppression"}
            lines.append(_command("notice", properties, f"'contractlint: ignore {codes}' matched nothing"))
    for s in skipped:
        properties = {"file": locations.artifact_path(str(s.path)), "title": "contractlint: skipped file"}
        lines.append(_command("notice", properties, s.reason))
    return "".join(line + "\n" for line in lines)


def _annotation(finding: Finding, result: FileResult, path: str) -> str:
    properties = {"file": path}
    message = finding.message
    span = locations.span(finding, result.document)
    if span is not None and locations.is_text(result.document):
        properties |= {"line": str(span.line), "endLine": str(span.end_line)}
        if span.line == span.end_line:  # GitHub reads columns only within one line
            properties |= {"col": str(span.column), "endColumn": str(span.end_column)}
    elif where := locations.describe(finding, result.document):
        message = f"{where}: {message}"
    properties["title"] = f"{finding.code} {finding.name}"
    if finding.section:
        message += f" [§ {finding.section}]"
    if finding.hint:
        message += f"\nFix: {finding.hint}"
    return _command(LEVELS[finding.severity], properties, message)


def _command(level: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
