"""The quantities a requirement sets and an answer states (compliance/numbers.py), compared."""

from __future__ import annotations

from pathlib import Path

from contractlint.compliance import build_report
from contractlint.compliance.numbers import quantities
from contractlint.config import Config

from .test_compliance import write


def _met(asked: str, answered: str) -> bool:
    needs, stated = quantities(asked), quantities(answered)
    return all(any(need.met_by(q) for q in stated) for need in needs)


def test_a_ceiling_is_met_sooner_and_a_floor_only_at_or_above_it() -> None:
    assert _met("within 6 months", "within 4 months")
    assert not _met("within 6 months", "within 8 months")
    assert _met("kept for at least 90 days", "kept for 120 days")
    assert not _met("kept for at least 90 days", "kept for 30 days")
    assert not _met("99.99% uptime", "99.9% availability")


def test_round_the_clock_service_is_not_met_by_business_hours_or_weekdays() -> None:
    assert [q.text for q in quantities("24/7/365 technical support via phone")] == ["24/7/365"]
    assert not _met("24/7/365 support", "support during business hours")
    assert not _met("support 24 hours a day", "support Monday to Friday")
    assert _met("24x7 support", "staffed around the clock")
    assert _met("support during business hours", "support 24/7")


RFP_SUPPORT = """# Request for Quotes: Alerting Service

## Requirements

The vendor shall provide 24/7/365 technical support via phone, chat, and email.
"""


def test_support_during_business_hours_only_is_partial_and_says_so(tmp_path: Path) -> None:
    rfp = write(tmp_path, "rfq.md", RFP_SUPPORT)
    hours = "# Quote\n\n## Support\n\nOur support desk answers phone, chat and email during business hours.\n"
    always = "# Quote\n\n## Support\n\nOur support desk answers phone, chat and email 24/7/365.\n"
    report = build_report(rfp, [write(tmp_path, "a.md", hours), write(tmp_path, "b.md", always)], Config(model=False))
    (short,), (full,) = (matrix.rows for matrix in report.proposals)
    assert short.status == "partial" and "asks 24/7/365, the answer says business hours" in short.reason
    assert full.status == "addressed", full.reason


RFP_UPTIME = """# Request for Quotes: Alerting Service

## Requirements

The vendor shall show an uptime measure that meets or exceeds 99.99% in the last six months.
The vendor shall send alerts by email and by text message.
"""


def test_a_figure_of_the_asked_kind_in_other_words_is_found_and_compared(tmp_path: Path) -> None:
    """The word "availability" never says "uptime", but a requirement setting a percentage is answered
    where a percentage is stated: found, and 99.9% is short of 99.99%."""
    rfp = write(tmp_path, "rfq.md", RFP_UPTIME)
    answer = (
        "# Quote\n\n## Availability\n\nOur platform delivered 99.9% availability over the trailing twelve months.\n\n"
        "## Alerts\n\nAlerts go out by email and by text message.\n"
    )
    report = build_report(rfp, [write(tmp_path, "quote.md", answer)], Config(model=False))
    uptime = report.proposals[0].rows[0]
    assert uptime.status == "partial", uptime.reason
    assert "asks 99.99%, the answer says 99.9%" in uptime.reason
