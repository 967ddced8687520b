"""Document-level checks found by content, not headings (MS01, KP01), and --profile auto over the real documents.

Fixture texts are our own; the real documents in ../shared/docs are only read, by the profile test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractlint.config import PROFILE_CHOICES
from contractlint.loaders import load, load_text
from contractlint.profile import detect_profile
from contractlint.rules.base import PROFILES

from .conftest import SHARED_DOCS, lint, needs_shared

FIXTURES = Path(__file__).parent / "fixtures"
COMPLETE_SOW = (FIXTURES / "complete_sow.md").read_text("utf-8")
DOCUMENT_RULES = ("MS01", "KP01")


def _without(heading: str, text: str = COMPLETE_SOW) -> str:
    """The text without the '## N. Heading' section (up to the next '## ')."""
    return re.sub(rf"(?ms)^## \d+\. {heading}\n.*?(?=^## |\Z)", "", text)


def _with_scope_sentence(text: str, sentence: str) -> str:
    """Add a sentence to the Scope of Work section, where no heading names it."""
    return text.replace("Out of scope:", f"{sentence} Out of scope:")


def _missing(text: str, profile: str = "sow") -> list[str]:
    return [f.element or "" for f in lint(text, select=("MS01",), profile=profile).findings]


# Each element stated by content alone (no heading names it), and a near miss that does not state it.
CONTENT_CASES = [
    (
        "objectives",
        "The Department would like to replace its paper permit process with online filing.",
        "The Department intends to award a single task order.",
    ),
    (
        "deliverables",
        "The Contractor shall continuously deliver working software to the Department's staging site.",
        "The Contractor shall develop the portal in the open.",
    ),
    (
        "schedule",
        "The discovery report is due within 30 days after award.",
        "Correct invoices are paid within 30 days of receipt.",
    ),
    (
        "acceptance",
        "The Department reviews the work at the end of each sprint for acceptability.",
        "The Department pays for each release within 30 days of its acceptance.",
    ),
    (
        "pricing",
        "Milestone 1 costs $40,000 and milestone 2 costs $60,000.",
        "The Department has spent $2 million on the legacy system.",
    ),
    (
        "communication",
        "The delivery lead holds a demo of the working software every sprint.",
        "The Department may hold a meeting.",
    ),
    (
        "change-control",
        "Changes to the deliverables take effect only when agreed in writing.",
        "The Contractor records each change in the release notes.",
    ),
]
_SECTION = {
    "objectives": "Objectives",
    "deliverables": "Deliverables",
    "schedule": "Period of Performance",
    "acceptance": "Acceptance Criteria",
    "pricing": "Price and Payment",
    "communication": "Communication and Reporting",
    "change-control": "Change Control",
}


def _sow_without(element: str) -> str:
    text = _without(_SECTION[element])
    if element == "schedule":  # the deliverables table's due dates are a schedule too
        text = text.replace("| Due date |", "| Notes |")
    return text


@pytest.mark.parametrize(("element", "states_it", "near_miss"), CONTENT_CASES, ids=[c[0] for c in CONTENT_CASES])
def test_an_element_is_present_when_its_content_is(element: str, states_it: str, near_miss: str) -> None:
    text = _sow_without(element)
    assert _missing(text) == [element]
    assert _missing(_with_scope_sentence(text, states_it)) == []
    assert _missing(_with_scope_sentence(text, near_miss)) == [element]


def test_a_deliverables_table_with_due_dates_is_a_schedule() -> None:
    assert _missing(_without("Period of Performance")) == []


@pytest.mark.parametrize(
    ("heading", "element"),
    [("Statement of Need", "objectives"), ("Project Description", "scope"), ("Outputs", "deliverables")],
)
def test_headings_that_name_an_element_in_other_words(heading: str, element: str) -> None:
    section = {"objectives": "Objectives", "scope": "Scope of Work", "deliverables": "Deliverables"}[element]
    text = _without(section)
    body = "- A web portal for permit applications\n- An operations runbook for the Department\n"
    assert _missing(text + f"\n## {heading}\n\n{body}") == []


PROPOSAL = """# Proposal: Records Portal for the Department of Licensing

## Our Approach
We will build the portal as a Django application on the Department's cloud platform, release it in
two increments and hand it over with a runbook. We will work in two-week sprints with the
Department's product owner.

## Deliverables
Release 1 (online filing), release 2 (tracking), the operations runbook and training for 20 staff.
{deliverables_note}

## Schedule
Release 1 by 30 September 2027 and release 2 by 31 January 2028.

## Price
A fixed price of $480,000, invoiced on acceptance of each release.

## Our Team
A delivery lead, two engineers and a designer, each with five or more years of public-sector work.

## References
City of Springfield permits portal (2025), contact J. Doe.
"""


@pytest.mark.parametrize(
    "note",
    [
        "Migrating the archive of closed permits exceeds the scope of this proposal.",
        "Integrating the legacy fee system is outside the scope of this proposal.",
        "We won't build a payment module: the Department's payment provider stays in place.",
    ],
)
def test_proposal_assumptions_stated_as_exclusions_or_dependencies(note: str) -> None:
    assert _missing(PROPOSAL.format(deliverables_note=note), "proposal") == []


def test_proposal_without_assumptions_reports_them() -> None:
    assert _missing(PROPOSAL.format(deliverables_note="Each release ships with release notes."), "proposal") == [
        "assumptions"
    ]


def test_proposal_budget_given_as_amounts_per_milestone() -> None:
    text = PROPOSAL.format(deliverables_note="We assume API access within two weeks of award.")
    without_price = re.sub(r"(?ms)^## Price\n.*?(?=^## )", "", text)
    assert _missing(without_price, "proposal") == ["pricing"]
    amounts = "- Milestone 1: 4 weeks, $15k\n- Milestone 2: 6 weeks, $25k\n"
    assert _missing(without_price.replace("## Our Team", amounts + "\n## Our Team"), "proposal") == []
    one_amount = "The legacy system cost the Department $2 million.\n"
    assert _missing(without_price.replace("## Our Team", one_amount + "\n## Our Team"), "proposal") == ["pricing"]


HELP_DESK = (
    "# Statement of Work: Help Desk\n\n## Scope\n"
    + "The Contractor shall staff the help desk on business days, log every call in the ticketing system "
    "and manage hardware returns with the manufacturers for all regional offices of the Agency. "
    * 4
    + "\n\n## Acceptance\n{criterion}\n"
)


@pytest.mark.parametrize(
    ("criterion", "fires"),
    [
        ("A release is accepted with no more than 3 open defects.", False),
        ("A release is accepted with zero critical defects.", False),
        ("The Contractor shall resolve priority 1 incidents within two (2) business days.", False),
        ("The current system is available 97% of the time; the Contractor shall raise availability to 99.9%.", False),
        # not targets: a bidder's qualification, today's state, a version number
        ("Offerors must have experience operating a service with 99.99% availability.", True),
        ("The current system is available 97% of the time.", True),
        ("Release 1.0.0: bug fixes and documentation.", True),
    ],
)
def test_measurable_kpi_cases(criterion: str, fires: bool) -> None:
    result = lint(HELP_DESK.format(criterion=criterion), select=("KP01",), profile="sow")
    assert bool(result.findings) is fires


PRICE_SHEET = """# Attachment 3 - Price Sheet

| CLIN | Description | Unit | Unit price | Extended price |
|---|---|---|---|---|
| 0001 | Help desk support, base year | month | TBD | TBD |
| 0002 | Help desk support, option year 1 | month | TBD | TBD |

Quoters shall enter a firm-fixed unit price for each line item and sign below. Prices include all
labour, travel and other direct costs; the Government will evaluate the total extended price of the
base year and the option year together. Quotes that leave a line item blank are not evaluated.
The Government may ask a quoter to explain a price that appears unbalanced across the line items.
"""


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        ("# RFP: Block Explorer\n\nWe want a block explorer. Your proposal should show a proposal budget.\n", "sow"),
        ("# RFP Proposal: Block Explorer\n\nWe will build the explorer the RFP asks for.\n", "proposal"),
        ("# Request for Proposals\n\nProposals are due on 5 May. Each proposal names its team.\n", "sow"),
        ("# Past Performance Questionnaire\n\nRate the contractor's work on the help desk PWS.\n", "other"),
        ("# Quality Assurance Surveillance Plan\n\nThe COR samples tickets monthly.\n", "other"),
        ("# Attachment B\n\nList of the Agency's offices and their addresses.\n", "other"),
        ("# Attachment 1 - Statement of Work\n\nThe Contractor shall staff a help desk.\n", "sow"),
        ("Exhibit 10.2\n\nMASTER SERVICES AGREEMENT\n\nThis Agreement is made between A and B.\n", "agreement"),
        (PRICE_SHEET, "other"),
        # A form field under the title names what the document refers to, not what it is.
        ("# Explorer\n\nLink to RFP: Block Explorer\n\nWe will build it. I will host it for a year.\n", "proposal"),
        ("# Explorer\n\nProposal Category: app-dev\n\nWe are seeking teams. Your team should show evidence.\n", "sow"),
    ],
)
def test_the_title_names_the_kind_of_document(text: str, profile: str) -> None:
    markdown = text.startswith("#") or text.startswith("|")
    assert detect_profile(load_text(text, markdown=markdown)) == profile


def test_other_documents_get_span_rules_but_no_document_checks() -> None:
    result = lint(PRICE_SHEET, profile="auto")
    assert result.profile == "other"
    found = {f.code for f in result.findings}
    assert "PH01" in found  # "TBD" is still an unfinished price
    assert not found & set(DOCUMENT_RULES)


def test_every_place_that_lists_profiles_accepts_other() -> None:
    assert ("auto", *PROFILES) == PROFILE_CHOICES
    assert "other" in PROFILES


EXPECTED_PROFILES = {
    "002-dol-whd-14c-web-tool-rfq.md": "sow",
    "003-dos-talentmap-pws.md": "sow",
    "005-usfs-epermit-intake-soo.md": "sow",
    "007-tts-bug-bounty-pws.md": "sow",
    "010-cloudgov-support-services-rfq.md": "sow",
    "011-tts-dev-design-research-bpa-rfq.md": "sow",
    "013-searchgov-development-rfq.md": "sow",
    "015-alaska-ies-milestone2-rfp.md": "sow",
    "019-cuad-kubient-ap-master-services-agreement.txt": "agreement",
    "021-cuad-radialspark-consulting-msa.txt": "agreement",
    "023-cuad-bnl-financial-outsourcing.txt": "agreement",
    "025-cuad-corio-license-hosting.txt": "agreement",
    "027-cuad-verticalnet-maintenance-support.txt": "agreement",
    "029-cuad-ofg-bancorp-outsourcing.txt": "agreement",
    "031-cuad-phasebio-development-large.txt": "agreement",
    "034-commonpaper-cloud-service-agreement.md": "agreement",
    "035-bonterms-professional-services-agreement-v1.2.md": "agreement",
    "037-github-corporate-terms-of-service.md": "agreement",
    "039-proposal-optimized-payments.md": "proposal",
    "040-proposal-valist-on-near.md": "proposal",
    "041-cuad-inktomi-software-hosting.txt": "agreement",
    "042-proposal-geo-web.md": "proposal",
    "043-tts-incident-response-saas-rfq.md": "sow",
    "044-cuad-on2-support-maintenance.txt": "agreement",
    "045-commonpaper-data-processing-agreement.md": "agreement",
    "046-proposal-myel-retrieval-market.md": "proposal",
    "047-cuad-sfg-software-license-maintenance.txt": "agreement",
    "048-usfs-epermit-api-rfq.md": "sow",
    "049-cuad-clickstream-app-development.txt": "agreement",
    "050-proposal-w3f-offchain-ipfs.md": "proposal",
    "051-cuad-sicap-maintenance-support.txt": "agreement",
    "052-bonterms-data-protection-addendum-v1.0.md": "agreement",
    "053-cuad-globaltech-consulting.txt": "agreement",
    "054-proposal-cambrian-protocol.md": "proposal",
    "055-gsa-agile-pws-template.md": "sow",
    "056-cuad-bellring-master-supply.txt": "agreement",
    "057-proposal-w3f-subsembly-runtime.md": "proposal",
    "058-alaska-dhss-it-requirements.md": "sow",
    "059-cuad-hanover-site-development-hosting.txt": "agreement",
    "060-proposal-w3f-python-substrate-api.md": "proposal",
    "066-proposal-xdv-protocol.md": "proposal",
    "067-proposal-nufi-proxy-re-encryption.md": "proposal",
    "068-proposal-w3f-yieldscan.md": "proposal",
    "069-proposal-w3f-web3-analytics.md": "proposal",
    "070-proposal-w3f-agroasys.md": "proposal",
    "073-rfp-filecoin-consensus-visualization-tool.md": "sow",
    "074-proposal-filecoin-consensus-visualization-tool.md": "proposal",
    "077-rfp-filecoin-block-explorer.md": "sow",
    "078-proposal-filexplorer-org.md": "proposal",
    "079-cuad-oasys-epiphany-asp-outsourcing.txt": "agreement",
    "080-cuad-ferroglobe-it-outsourcing.txt": "agreement",
    "082-cuad-dyntek-online-hosting.txt": "agreement",
    "083-cuad-regan-tag-license-hosting.txt": "agreement",
    "084-cuad-pareteum-tmobile-mvne-hosting.txt": "agreement",
    "085-cuad-vitalibis-votocast-services-hosting.txt": "agreement",
    "086-cuad-sparkling-garman-license-maintenance.txt": "agreement",
    "087-cuad-imageware-ximage-maintenance.txt": "agreement",
    "088-cuad-hf-enterprises-outsource-tech-development.txt": "agreement",
    "089-cuad-vgrab-mobile-app-development.txt": "agreement",
    "090-cuad-medalist-gunston-consulting.txt": "agreement",
    "091-fedramp-dashboard-pws.md": "sow",
    "093-challengegov-ideation-rfq.md": "sow",
    "094-cloud-marketplace-dev-team-rfq.md": "sow",
    "095-cloudgov-3pao-rfq.md": "sow",
    "096-tts-code-review-rfq.md": "sow",
    "097-iaas-2018-rfq.md": "sow",
    "098-gsa-smartpay-rfq-soo.md": "sow",
    "099-ustaxcourt-case-management-sow.md": "sow",
    "101-cuad-beyondcom-nai-co-hosting.txt": "agreement",
    "102-cuad-truelink-mortgage-logic-web-hosting.txt": "agreement",
    "103-cuad-centrack-i-on-web-site-hosting.txt": "agreement",
    "104-cuad-dynamex-purolator-transportation-services.txt": "agreement",
    "105-cuad-citynet-universal-access-fiber-maintenance.txt": "agreement",
    "106-cuad-smith-electric-fleet-maintenance.txt": "agreement",
    "108-cuad-driven-deliveries-consulting.txt": "agreement",
    "109-cuad-coral-gold-intermark-consulting.txt": "agreement",
    "110-cuad-pelican-delivers-software-development.txt": "agreement",
    "111-cuad-solar-power-om-services.txt": "agreement",
    "112-cuad-twin-cities-power-redwater-outsourcing.txt": "agreement",
    "113-proposal-deplatformer-social-media-archiving.md": "proposal",
    "114-proposal-gravity-decentralized-social-network.md": "proposal",
    "116-proposal-astral-protocol-spatial-data.md": "proposal",
    "117-proposal-w3f-polkascan-account-module.md": "proposal",
    "118-proposal-w3f-cosmos-sdk-parachain-kit-phase2.md": "proposal",
    "120-proposal-w3f-centrifuge-go-substrate-rpc-client.md": "proposal",
    "121-proposal-w3f-calamar-block-explorer.md": "proposal",
    "123-smithsonian-nmaahc-slavery-freedom-digital-soo.md": "sow",
    "124-smithsonian-nmaahc-slavery-freedom-digital-rfq.md": "sow",
    "125-smithsonian-nmaahc-statement-of-qualification.md": "other",
    "126-alaska-eis-search-unification-rfp.md": "sow",
    "127-alaska-ffm-automated-registration-draft-scope.md": "sow",
    "128-usds-sba-8a-digital-mvp-soo.md": "sow",
    "129-usds-sba-8a-select-your-technology-soo.md": "sow",
    "130-fedramp-dashboard-rfq.md": "sow",
}


@needs_shared
def test_every_shared_document_gets_its_profile() -> None:
    """Each document's kind, decided by reading its title and first page: CUAD service agreements,
    Common Paper/Bonterms, GitHub terms and the DPAs are agreements; grant and RFP proposals are
    vendor responses; RFP/RFQ/PWS/SOO/SOW are sow (the filecoin RFPs 073 and 077 too, however often
    they say "proposal"); 125, a qualifications questionnaire vendors answer yes/no, is a form."""
    documents = sorted(p.name for p in SHARED_DOCS.iterdir() if p.name[:3].isdigit())
    assert documents == sorted(EXPECTED_PROFILES)
    wrong = {
        name: found
        for name, expected in EXPECTED_PROFILES.items()
        if (found := detect_profile(load(SHARED_DOCS / name))) != expected
    }
    assert wrong == {}


PAIRED = {  # ../shared/docs/PAIRS.md: the RFPs and the proposals that answered them
    "073-rfp-filecoin-consensus-visualization-tool.md": "sow",
    "074-proposal-filecoin-consensus-visualization-tool.md": "proposal",
    "077-rfp-filecoin-block-explorer.md": "sow",
    "078-proposal-filexplorer-org.md": "proposal",
}


@needs_shared
@pytest.mark.parametrize("name", sorted(PAIRED))
def test_an_rfp_and_its_proposal_are_told_apart_without_their_titles(name: str) -> None:
    """The body decides when the title names no kind: an RFP seeks teams and tells them what to show
    ("your team", "acceptance criteria for"), however often it says "proposal"; a proposal speaks
    for itself ("we will", "I will") and says what it responds to, however often it cites the RFP."""
    text = (SHARED_DOCS / name).read_text(encoding="utf-8")
    untitled = "# Project\n" + text.split("\n", 1)[1]
    assert detect_profile(load_text(untitled, markdown=True)) == PAIRED[name]
