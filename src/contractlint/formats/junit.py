"""JUnit XML for CI dashboards (Jenkins, GitLab, Azure DevOps): a test suite per file.

Each finding is a failing test case named by code and place, so a dashboard lists every finding
with its message; a clean file is one passing test case, so it shows up as checked rather than
absent; a file that could not be read is a test case with an `<error>`, and a file skipped in a
folder (an unsupported type) one with `<skipped>`, so it shows up as not checked.  Built with
xml.etree, which escapes text and attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..finding import Finding
from ..lint import FileResult
from ..paths import Skipped
from . import locations

CLEAN_CASE = "contractlint"
# Characters XML 1.0 cannot carry even escaped (a stray form feed in a .docx run would break the file).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(results: list[FileResult], *, skipped: Sequence[Skipped] = ()) -> str:
    root = ET.Element("testsuites", name="contractlint")
    for result in results:
        _suite(root, result)
    for item in skipped:
        _skipped_suite(root, item)
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    return _NOT_XML.sub("\ufffd", ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


def _suite(root: ET.Element, result: FileResult) -> None:
    path = locations.artifact_path(result.path)
    suite = ET.SubElement(root, "testsuite", name=path)
    if result.error:
        case = ET.SubElement(suite, "testcase", name="read", classname=path, file=path)
        ET.SubElement(case, "error", message=result.error, type="read-error").text = f"{path}: {result.error}"
    elif not result.findings:
        ET.SubElement(suite, "testcase", name=CLEAN_CASE, classname=path, file=path)
    for finding in result.findings:
        _case(suite, finding, result, path)
    _count(suite, [suite])


def _skipped_suite(root: ET.Element, item: Skipped) -> None:
    path = locations.artifact_path(str(item.path))
    suite = ET.SubElement(root, "testsuite", name=path)
    case = ET.SubElement(suite, "testcase", name=CLEAN_CASE, classname=path, file=path)
    ET.SubElement(case, "skipped", message=item.reason)
    _count(suite, [suite])


def _case(suite: ET.Element, finding: Finding, result: FileResult, path: str) -> None:
    span = locations.span(finding, result.document)
    text = locations.is_text(result.document)
    place = f"{span.line}:{span.column}" if span and text else locations.describe(finding, result.document)
    if place:
        name, where = f"{finding.code} {finding.name} at {place}", f"{path}:{place}"
    else:  # document-level: name what is missing, so several MS01 cases stay distinct on a dashboard
        name, where = f"{finding.code} {finding.name}: {finding.element or 'document'}", path
    case = ET.SubElement(suite, "testcase", name=name, classname=path, file=path)
    if span is not None and text:
        case.set("line", str(span.line))
    failure = ET.SubElement(case, "failure", message=finding.message, type=finding.code)
    lines = [f"{where}: {finding.code} [{finding.severity.label}] {finding.message}"]
    if finding.excerpt:
        lines.append(f'"{" ".join(finding.excerpt.split())}"')
    if finding.section:
        lines.append(f"Section: {finding.section}")
    if finding.hint:
        lines.append(f"Fix: {finding.hint}")
    failure.text = "\n".join(lines)


def _count(element: ET.Element, suites: list[ET.Element]) -> None:
    cases = [case for suite in suites for case in suite.findall("testcase")]
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    element.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    if element.tag == "testsuite":
        element.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
