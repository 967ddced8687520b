"""One finding per problem (merge.py): same-category findings on nested words, any findings on the same words."""

from __future__ import annotations

from contractlint.finding import Finding, Reason, Severity
from contractlint.merge import merge_duplicates

ORDER = {"PH01": 0, "OS01": 1, "OS02": 2, "VT01": 3, "TL01": 4, "ML05": 5}


def finding(code: str, category: str, start: int, end: int, **fields: object) -> Finding:
    values: dict = {"severity": Severity.WARNING, "message": f"{code} says so", "source": "rule"} | fields
    return Finding(
        code, code.lower(), category, hint="fix", start=start, end=end, excerpt="x" * (end - start), **values
    )


def test_nested_findings_of_one_category_become_one_naming_both() -> None:
    rule = finding("OS01", "open-scope", 10, 30)
    model = finding("ML05", "open-scope", 12, 20, source="model", score=0.9)
    [merged] = merge_duplicates([model, rule], ORDER)
    assert (merged.code, merged.start, merged.end) == ("OS01", 10, 30)  # the rule over the model
    assert merged.message == "OS01 says so; also ML05: ML05 says so"
    assert merged.also == (Reason("ML05", "open-scope", "ML05 says so"),)


def test_the_more_severe_is_kept_then_the_registry_order() -> None:
    info = finding("OS01", "open-scope", 0, 5, severity=Severity.INFO)
    warning = finding("OS02", "open-scope", 0, 5)
    assert [f.code for f in merge_duplicates([info, warning], ORDER)] == ["OS02"]
    assert [
        f.code
        for f in merge_duplicates([finding("OS02", "open-scope", 0, 5), finding("OS01", "open-scope", 0, 5)], ORDER)
    ] == ["OS01"]


def test_the_same_finding_inside_its_own_cell_is_told_once() -> None:
    cell = finding("PH01", "placeholder", 0, 12, message="table cell is a placeholder")
    inner = finding("PH01", "placeholder", 4, 7, message="table cell is a placeholder")
    assert merge_duplicates([inner, cell], ORDER) == [cell]


def test_two_categories_on_the_same_words_are_one_finding_naming_both() -> None:
    timeline = finding("TL01", "vague-timeline", 0, 15, message="no date")
    vague = finding("VT01", "vague-term", 0, 15, message="vague word")
    [merged] = merge_duplicates([vague, timeline], ORDER)
    assert merged.message == "vague word; also TL01: no date"  # VT01 comes first in ORDER
    assert {merged.category, merged.also[0].category} == {"vague-timeline", "vague-term"}


def test_other_categories_on_nested_words_and_overlaps_that_do_not_nest_stay_apart() -> None:
    timeline = finding("TL01", "vague-timeline", 0, 15)
    vague = finding("VT01", "vague-term", 0, 8)
    crossing = [finding("OS01", "open-scope", 0, 10), finding("OS02", "open-scope", 5, 15)]
    assert len(merge_duplicates([timeline, vague], ORDER)) == 2
    assert len(merge_duplicates(crossing, ORDER)) == 2


def test_document_level_findings_are_never_merged() -> None:
    missing = [Finding("MS01", "missing-section", "missing-section", Severity.ERROR, m, "fix") for m in ("a", "b")]
    assert merge_duplicates(missing, ORDER) == missing
