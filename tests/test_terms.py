"""Defined terms, cross-references and number mismatches on a realistic contract written for the tests."""

from __future__ import annotations

from contractlint.loaders import load_text
from contractlint.references import exists, labels, references
from contractlint.terms import defers_definitions, extract_definitions, term_key, usage_pattern

from .conftest import assert_exact_offsets, lint

CONTRACT = """\
# Master Services Agreement

This Master Services Agreement (the "Agreement") is made between Northwind Health Inc. (the "Client")
and Blue Harbor Consulting LLC (the "Vendor").

## 1. Definitions

1.1 "Services" means the data migration services described in Exhibit A.

1.2 "Deliverables" means the reports and software listed in Section 3.1 (each, a "Deliverable").

1.3 "Business Day" means a day other than a Saturday, Sunday or public holiday in New York.

1.4 "Service Credit" means the credit described in Exhibit B.

| Term | Definition |
|------|------------|
| Acceptance Date | The date the Client signs the acceptance certificate |
| Business Day | A day on which banks in London are open |

## 2. Services

2.1 The Vendor shall perform the Services under the direction of the Contracting Officer (CO). The CO
may approve a Change Order in writing.

2.2 The Vendor shall complete the Application System within thirty (60) days of the Acceptance Date.

## 3. Deliverables

3.1 The Vendor shall deliver five (3) printed copies of each Deliverable. Deliverables are accepted on
the Acceptance Date, which shall be no later than one hundred twenty (120) days after signature.

## 4. Fees

4.1 The Client shall pay $10,000 (ten thousand five hundred dollars) per month, as set out in
Section 4.2 and Section 9.4, within ten (10) Business Days, subject to Section 508 of the Rehabilitation Act.

4.2 Any Change Order adjusting the Fees must be signed by both parties.

## Exhibit A - Scope

Migration of patient records to the new platform.
"""


def _found(code: str) -> list[str]:
    result = lint(CONTRACT, profile="agreement", select=("UT", "NM", "UT02", "UT04"))  # opt-in rules: named to run
    assert_exact_offsets(result.document, result.findings)
    return [f.excerpt or "" for f in result.findings if f.code == code]


def test_undefined_terms_are_each_use_of_a_term_never_defined() -> None:
    # "Change Order", "Application System" and "Fees" are never defined.  Not flagged: the Contracting Officer
    # (a term every reader knows), "CO" (an acronym expanded in the text), "New York" (a place), "Master
    # Services Agreement" (the document's own name, given with its short form), "Rehabilitation Act" (a law).
    assert _found("UT01") == ["Change Order", "Application System", "Change Order", "Fees"]


def test_undefined_term_message_counts_the_uses() -> None:
    result = lint(CONTRACT, profile="agreement", select=("UT01",))
    messages = {f.excerpt: f.message for f in result.findings}
    assert "used 2 times" in messages["Change Order"]
    assert "used once" in messages["Application System"]


def test_unused_definition() -> None:
    assert _found("UT02") == ["Service Credit"]


def test_conflicting_definition() -> None:
    result = lint(CONTRACT, profile="agreement", select=("UT03",))
    assert [f.excerpt for f in result.findings] == ["Business Day"]
    assert "first defined at line 12" in result.findings[0].message


def test_broken_cross_references() -> None:
    # Section 3.1 and 4.2 and Exhibit A exist; Section 9.4 does not; Section 508 is another law's; Exhibit B
    # is checked because the document attaches exhibits (Exhibit A) and B is not among them.
    assert _found("UT04") == ["Exhibit B.", "Section 9.4"]  # spaCy keeps "B." as one token


def test_number_mismatches() -> None:
    assert _found("NM01") == ["thirty (60)", "five (3)", "$10,000 (ten thousand five hundred dollars)"]


def test_a_document_with_few_definitions_is_not_checked_for_undefined_terms() -> None:
    text = "The Contractor shall deliver the Application System and each Monthly Report to the Program Office."
    assert not lint(text, select=("UT01",)).findings


def test_a_document_deferring_to_another_for_its_terms_is_not_checked() -> None:
    text = (
        "Capitalized terms not defined in this SOW have the meanings given in the Master Agreement.\n\n"
        '"Services" means migration. "Fees" means the price. "Deliverables" means the reports.\n\n'
        "The Vendor shall deliver the Application System."
    )
    assert defers_definitions(load_text(text, markdown=True).blocks)
    assert not lint(text, select=("UT01",)).findings


# --- the definitions extractor -------------------------------------------------------------------------


def _definitions(text: str) -> list[tuple[str, str]]:
    return [(d.term, d.kind) for d in extract_definitions(load_text(text, markdown=True).blocks)]


def test_extracts_means_and_shall_mean_with_straight_or_curly_quotes() -> None:
    text = (
        '"Services" means hosting. \u201cFees\u201d shall mean the price. **\u201cSite\u201d** has the meaning below.'
    )
    assert _definitions(text) == [("Services", "means"), ("Fees", "means"), ("Site", "means")]


def test_extracts_parenthetical_labels() -> None:
    text = (
        'Acme Inc. (the "Vendor") and Beta LLC ("Client") agree that the reports (each, a "Deliverable" and '
        'collectively, the "Deliverables") are due monthly.'
    )
    terms = [term for term, kind in _definitions(text) if kind == "parenthetical"]
    assert terms == ["Vendor", "Client", "Deliverable", "Deliverables"]


def test_extracts_labels_with_a_determiner_possessor_or_full_stop_inside() -> None:
    text = (
        'Acme Inc. ("the Customer") and Beta LLC agree. Each party\'s data (a party\'s "Proprietary Information") '
        'is protected. The sites are referred to herein as the "Originating Sites." Renewals ("Extended Term(s)") '
        "follow."
    )
    terms = [term for term, kind in _definitions(text) if kind != "entry"]
    assert terms == ["Customer", "Proprietary Information", "Originating Sites", "Extended Term"]


def test_run_on_glossary_entries_and_run_in_headings_are_entries_not_definitions() -> None:
    text = "Due Period. The monthly period for interest. 1.1 Services. The Vendor shall host. PURPOSE. To host."
    assert _definitions(text) == [("Due Period", "entry"), ("Services", "entry")]


def test_extracts_a_qualified_means_and_a_parenthetical_closing_on_its_label() -> None:
    text = (
        'The "Region" as that word is used here shall mean the EU. A "Group Company" of a Party means its parent. '
        'The rent is $90 a day (as the case may be, "Day Rate"). The fee is due on the "Due Date" at noon.'
    )
    assert _definitions(text) == [("Region", "means"), ("Group Company", "means"), ("Day Rate", "parenthetical")]


def test_the_other_spellings_of_a_defined_term_are_defined_with_it() -> None:
    text = '"Service Order" or "SO" means an order form. "Host", "Hosted" or "Hosting" means to run the site.'
    assert _definitions(text) == [
        ("Service Order", "means"),
        ("SO", "alias"),
        ("Host", "means"),
        ("Hosted", "alias"),
        ("Hosting", "alias"),
    ]


def test_a_parenthetical_with_other_words_is_not_a_definition() -> None:
    assert _definitions('The portal (see the "Help" page for details) is public.') == []


def test_extracts_called_as_and_by_reference() -> None:
    text = (
        'A Statement of Work may designate individuals as "Key Personnel". The Customer Data (as defined in the '
        "Agreement) stays in the EU. The Warranty Period as defined in Section 9 applies."
    )
    assert _definitions(text) == [
        ("Key Personnel", "called"),
        ("Customer Data", "reference"),
        ("Warranty Period", "reference"),
    ]


def test_extracts_acronyms_expanded_in_the_text() -> None:
    assert ("COR", "acronym") in _definitions("The Contracting Officer's Representative (COR) approves invoices.")


def test_extracts_definition_tables_and_glossary_lists() -> None:
    text = (
        "## Glossary\n\n- Sprint: a two-week development cycle\n- Product Owner \u2013 the agency lead\n\n"
        "| Term | Definition |\n|---|---|\n| Go-Live | The first day of production use |\n"
    )
    assert _definitions(text) == [("Sprint", "glossary"), ("Product Owner", "glossary"), ("Go-Live", "table")]


def test_a_term_is_used_in_its_plural_and_capitals_form() -> None:
    assert usage_pattern("Party").findall("the Parties and each Party, not a party") == ["Parties", "Party"]
    assert usage_pattern("SOFTWARE").findall("the Software") == ["Software"]
    assert term_key("Parties'") == term_key("party") == "party"


def test_cross_reference_labels_from_headings_lists_and_run_in_numbering() -> None:
    text = (
        "## 7.0 Pricing\n\n1. Scope\n    1. Access\n    2. Support\n\n"
        "Terms apply. 12. Notices. Notices go by mail.\n\nEXHIBIT C\n\nSee Section 7, Section 1.2, Section 12, "
        "Exhibit C, Section 2.3 and FAR 52.212-4."
    )
    document = load_text(text, markdown=True)
    carried = labels(document)
    found = [(r.kind, r.label, exists(r, carried)) for r in references(document.blocks)]
    assert found == [
        ("section", "7", True),
        ("section", "1.2", True),
        ("section", "12", True),
        ("exhibit", "C", True),
        ("section", "2.3", False),
    ]
