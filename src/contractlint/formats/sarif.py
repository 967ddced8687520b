"""SARIF 2.1.0: one run, the rules from the registry (and the classifier's), one result per finding.

For code scanning (GitHub uploads it with `github/codeql-action/upload-sarif`) and any SARIF viewer.

- Text inputs (.md, .txt) get a `region` with lines, columns and character offsets into the file,
  counted in Unicode code points (`columnKind`), as Python counts them.
- .docx and .pdf get no `region`: their lines and offsets index the extracted text, and a viewer
  would highlight that line of the zip or PDF bytes.  A `logicalLocation` names the paragraph, table
  cell or page instead, and `properties.extractedTextRegion` keeps the coordinates in the extracted
  text for tools that re-extract it.
- Every finding in a section also names it as a `logicalLocation` of kind `section` (and in
  `properties.section`), for viewers that group results by where they are in a document.
- Document-level findings (a missing section) are located at the file only.
- `properties.context` is `standard-clause` for a finding in standard clause text (its level is then
  `note` unless `--standard-clauses keep`); `properties.also` lists findings merged into it.
- `partialFingerprints["contractlint/v1"]` hashes the baseline's identity of a finding (rule, excerpt
  and sentence, normalised; never offsets), so an alert survives edits elsewhere in the document
  exactly when a baseline entry would.  A repeat of the same finding in one file is told apart by
  its occurrence number, as GitHub's own `primaryLocationLineHash` is.
- Files that could not be read are `toolExecutionNotifications` and make the invocation unsuccessful;
  files skipped in folders (unsupported types) are `note` notifications (`skipped-file`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from ..baseline import fingerprint as identity
from ..digest import ReportDocument
from ..document import Suppression
from ..finding import Finding, Severity
from ..lint import FileResult
from ..paths import Skipped
from ..rules import BY_CODE
from ..rules.base import Rule
from ..version import __version__
from . import locations
from .records import also_records, side_of

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/contractlint/contractlint"
FINGERPRINT_KEY = "contractlint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(results: list[FileResult], *, skipped: Sequence[Skipped] = ()) -> str:
    rules = list(BY_CODE.values())  # the registry, then the classifier's ML codes
    index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    for result in results:
        uri = _uri(result.path)
        prints = fingerprints(result.findings, result.document)
        for finding, fingerprint in zip(result.findings, prints, strict=True):
            if finding.code not in index:  # e.g. a classifier finding: describe it from the finding
                index[finding.code] = len(rules)
                rules.append(_rule_from_finding(finding))
            sarif_results.append(_result(finding, index[finding.code], uri, result.document, fingerprint))
    run = {
        "tool": {"driver": _driver(rules)},
        "invocations": [_invocation(results, skipped)],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
        "properties": {"side": side_of(results)},  # the reader's side the findings were weighed for (--side)
    }
    sarif = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _driver(rules: list[Rule]) -> dict[str, Any]:
    return {
        "name": "contractlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(rule) for rule in rules],
    }


def _descriptor(rule: Rule) -> dict[str, Any]:
    help_text = f"{rule.doc}\n\nFix: {rule.hint}" if rule.doc else f"Fix: {rule.hint}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": not rule.opt_in},
        "properties": {"tags": [rule.category], "category": rule.category},
    }


def _rule_from_finding(finding: Finding) -> Rule:
    return Rule(
        code=finding.code,
        name=finding.name,
        category=finding.category,
        severity=finding.severity,
        summary=finding.name,
        hint=finding.hint,
        doc="",
        fires=(),
        passes=(),
        check=lambda unit: (),
    )


def _result(
    finding: Finding, rule_index: int, uri: str, document: ReportDocument | None, fingerprint: str
) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
    properties: dict[str, Any] = {"category": finding.category, "source": finding.source}
    span = locations.span(finding, document)
    if span is not None and document is not None and finding.start is not None and finding.end is not None:
        region = {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
            "charOffset": finding.start,
            "charLength": finding.end - finding.start,
            "snippet": {"text": finding.excerpt or ""},
        }
        if locations.is_text(document):
            location["physicalLocation"]["region"] = region
        else:
            properties["extractedTextRegion"] = region
            where = locations.describe(finding, document)
            if where:
                location["logicalLocations"] = [{"name": where, "fullyQualifiedName": where, "kind": "element"}]
    if finding.section is not None:
        # SARIF's kinds are for code and markup; a document section is neither, and the spec allows another kind.
        location.setdefault("logicalLocations", []).append({"name": finding.section, "kind": "section"})
    for key in ("section", "element", "score", "context", "party", "favours"):
        if getattr(finding, key) is not None:
            properties[key] = getattr(finding, key)
    if finding.also:
        properties["also"] = also_records(finding)
    message = f"{finding.message}\nFix: {finding.hint}" if finding.hint else finding.message
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }


def fingerprints(findings: list[Finding], document: ReportDocument | None) -> list[str]:
    """`sha256:occurrence` per finding: the path is left out, as code scanning adds its own."""
    seen: Counter[str] = Counter()
    prints = []
    for finding in findings:
        _path, *parts = identity(finding, document, "")
        key = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
        seen[key] += 1
        prints.append(f"{key}:{seen[key]}")
    return prints


def _invocation(results: list[FileResult], skipped: Sequence[Skipped]) -> dict[str, Any]:
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{r.path}: {r.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
            "descriptor": {"id": "read-error"},
        }
        for r in results
        if r.error
    ]
    notifications += [_unused(r, s) for r in results for s in r.unused_suppressions]
    notifications += [_skipped(s) for s in skipped]
    invocation: dict[str, Any] = {"executionSuccessful": not any(r.error for r in results)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _unused(result: FileResult, suppression: Suppression) -> dict[str, Any]:
    codes = " ".join(suppression.codes) or "(all)"
    region = {"startLine": suppression.line, "startColumn": suppression.column}
    return {
        "level": "warning",
        "message": {"text": f"unused suppression: 'contractlint: ignore {codes}' matched nothing"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}, "region": region}}],
        "descriptor": {"id": "unused-suppression"},
    }


def _skipped(skipped: Skipped) -> dict[str, Any]:
    return {
        "level": "note",
        "message": {"text": f"{skipped.path}: skipped: {skipped.reason}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(str(skipped.path))}}}],
        "descriptor": {"id": "skipped-file"},
    }


def _uri(path: str) -> str:
    """A relative URI reference (forward slashes; spaces, '#', ':' percent-encoded), or a file:
    URI for a file outside the working directory."""
    relative = locations.artifact_path(path)
    if PurePath(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative, safe="/")
