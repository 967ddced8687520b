"""Document-level rules: required elements per profile (MS01), a measurable KPI (KP01), --profile auto."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlint.cli import main
from contractlint.loaders import load_text
from contractlint.profile import detect_profile
from contractlint.rules.missing_section import elements

from .conftest import lint

FIXTURES = Path(__file__).parent / "fixtures"
COMPLETE_SOW = (FIXTURES / "complete_sow.md").read_text("utf-8")
DOCUMENT_RULES = ("MS01", "KP01")


def _sections(text: str) -> dict[str, str]:
    """The fixture's '## N. Title' sections by element id, in the order of the sow profile."""
    parts = re.split(r"(?m)^(?=## )", text)[1:]
    return dict(zip([e.id for e in elements("sow")], parts, strict=True))


def _reported(text: str, profile: str = "sow") -> list[tuple[str, str | None]]:
    result = lint(text, select=DOCUMENT_RULES, profile=profile)
    return [(f.code, f.element) for f in result.findings]


def test_complete_sow_has_every_element_and_a_kpi() -> None:
    assert _reported(COMPLETE_SOW) == []
    assert lint(COMPLETE_SOW, select=DOCUMENT_RULES, profile="auto").profile == "sow"


@pytest.mark.parametrize("element", [e.id for e in elements("sow")])
def test_each_removed_element_is_reported_and_nothing_else(element: str) -> None:
    text = COMPLETE_SOW.replace(_sections(COMPLETE_SOW)[element], "")
    if element == "schedule":  # the deliverables table's due dates are a schedule too
        text = text.replace("| Due date |", "| Notes |")
    assert _reported(text) == [("MS01", element)]


def test_findings_name_the_element_and_what_a_good_one_contains() -> None:
    text = COMPLETE_SOW.replace(_sections(COMPLETE_SOW)["change-control"], "")
    (finding,) = lint(text, select=("MS01",), profile="sow").findings
    assert finding.message.startswith("missing change control: nothing states how changes")
    assert finding.severity.label == "error" and finding.category == "missing-section"


def test_period_of_performance_paragraph_is_a_schedule() -> None:
    """No 'Schedule' heading: the paragraph sits under Scope, and that is enough."""
    text = COMPLETE_SOW.replace("## 4. Period of Performance\n\n", "")
    assert "Schedule" not in text and "## 4." not in text
    assert _reported(text) == []


PROPOSAL = """# Proposal: Records Portal for the Department of Licensing

## Our Approach
We will build the portal as a Django application on the Department's cloud platform, release it in
two increments and hand it over with a runbook. We will work in two-week sprints with the
Department's product owner.

## Deliverables
Release 1 (online filing), release 2 (tracking), the operations runbook and training for 20 staff.
Each release is ready for acceptance when 95% of the agreed test cases pass.

## Schedule
Release 1 by 30 September 2027 and release 2 by 31 January 2028.

## Price
A fixed price of $480,000, invoiced on acceptance of each release.

## Our Team
A delivery lead, two engineers and a designer, each with five or more years of public-sector work.

## Assumptions
We assume the Department provides API access to its case management system within two weeks of
award and that payment processing stays out of scope.
"""


def test_proposal_without_references_reports_references() -> None:
    assert _reported(PROPOSAL, profile="proposal") == [("MS01", "references")]
    with_references = PROPOSAL + "\n## References\nCity of Springfield permits portal (2025), contact J. Doe.\n"
    assert _reported(with_references, profile="proposal") == []


def test_document_without_figures_has_no_measurable_kpi() -> None:
    text = re.sub(r"[\d$%]+", "", COMPLETE_SOW)
    assert not re.search(r"\d", text)
    assert ("KP01", "kpi") in _reported(text)


def test_a_fragment_is_not_judged_as_a_document() -> None:
    assert _reported("# Statement of Work\n\nThe Contractor shall provide help desk services.\n") == []


def test_json_document_finding_has_null_offsets_and_an_element(tmp_path: Path) -> None:
    path = tmp_path / "sow.md"
    path.write_text(COMPLETE_SOW.replace(_sections(COMPLETE_SOW)["roles"], ""), "utf-8")
    result = CliRunner().invoke(
        main, ["check", "--select", "MS01,KP01", "--format", "json", "--fail-on", "never", str(path)]
    )
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)["files"][0]["findings"]
    assert {k: record[k] for k in ("start", "end", "line", "column", "excerpt")} == dict.fromkeys(
        ("start", "end", "line", "column", "excerpt")
    )
    assert (record["code"], record["category"], record["element"]) == ("MS01", "missing-section", "roles")


AGREEMENT = """# Hosting Services Agreement

This Hosting Services Agreement (the "Agreement") is entered into as of 1 May 2026 by and between
Acme Inc. and Beta LLC (each a "Party" and together the "Parties"). WHEREAS Beta provides managed
hosting, the Parties hereby agree as follows.

1. Term. This Agreement commences on the Effective Date and continues for two years.
2. Fees. Acme shall pay the fees in Exhibit A within 30 days of invoice.
3. Limitation of Liability. Neither Party shall be liable for indirect damages.
4. Governing Law. This Agreement is governed by the laws of the State of Delaware.
IN WITNESS WHEREOF, the Parties have executed this Agreement.
"""

SOLICITATION = """# Request for Quotation: Help Desk Support

The Government intends to award a firm-fixed-price task order. The Contractor shall staff a help
desk for 300 users. Offerors must submit a technical quote and a price quote by 5 June 2026.

## Period of Performance
Twelve months from award. The Contracting Officer's Representative (COR) monitors performance.
"""

GRANT_PROPOSAL = """# Grant Proposal: Offline Maps for Field Teams

We propose to build an offline map viewer for field teams. Our team has shipped two mapping apps.
We will deliver the viewer in three milestones over six months, and we will publish all code under
the MIT licence. Our approach reuses the open vector-tile format.
"""


@pytest.mark.parametrize(
    ("text", "profile"), [(SOLICITATION, "sow"), (GRANT_PROPOSAL, "proposal"), (AGREEMENT, "agreement")]
)
def test_detect_profile(text: str, profile: str) -> None:
    assert detect_profile(load_text(text, markdown=True)) == profile
