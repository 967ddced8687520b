"""Parties and sides (parties.py): who is the buyer and the vendor, whom findings bind or favour,
and how `--side` re-weighs them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlint.api import lint_text
from contractlint.cli import main
from contractlint.config import Config, ConfigError, load_config
from contractlint.finding import Severity
from contractlint.loaders import load, load_text
from contractlint.parties import detect_parties
from contractlint.profile import detect_profile
from contractlint.rules import BY_CODE

from .conftest import SHARED_DOCS, needs_shared

AGREEMENT = """# Master Services Agreement

This Master Services Agreement is made between Northwind Traders, Inc. ("Northwind") and Contoso
Hosting LLC (the "Provider").

WHEREAS Northwind wishes to buy hosting services.

1. Provider shall provide hosting services. Provider shall maintain the servers. Provider shall
deliver monthly reports.

2. Northwind shall pay the fees within 30 days of each invoice.

3. Provider may suspend the Services at its sole discretion.

4. Northwind may terminate this Agreement for convenience at any time without notice.

5. Provider shall respond to outages as soon as possible.
"""

# The agreements in ../shared/docs, each with one name the document uses for its buyer and one for
# its vendor, read from the document (who provides the service, who pays for it).
AGREEMENT_PARTIES = {
    "019": ("Customer", "Kubient"),
    "021": ("Company", "Contractor"),
    "023": ("BNL", "VIP"),
    "025": ("Customer", "CORIO"),
    "027": ("Converge", "VNE"),
    "029": ("Customer", "Metavante"),
    "034": ("Customer", "Provider"),
    "035": ("Customer", "Provider"),
    "037": ("Customer", "GitHub"),
    "041": ("Microsoft", "Inktomi"),
    "044": ("On2", "Wildform"),
    "045": ("Customer", "Provider"),
    "047": ("Licensee", "Licensor"),
    "049": ("Client", "Developer"),
    "051": ("EuroTel", "Sicap"),
    "052": ("Customer", "Provider"),
    "053": ("Company", "Consultant"),
    "056": ("Buyer", "Supplier"),
    "059": ("Company", "HDI"),
    "079": ("HSNS", "E.piphany"),
    "080": ("Customer", "EIT"),
    "082": ("Diplomat", "Tadeo"),
    "083": ("TAG", "LMG"),
    "084": ("ELEPHANT TALK", "T-Mobile"),
    "085": ("Licensee", "VOTOCAST"),
    "086": ("Sparkling", "Garman"),
    "087": ("MORPHO", "XIMAGE"),
    "088": ("DSS", "Developer"),
    "089": ("VAL", "Developer"),
    "090": ("Company", "CONSULTANT"),
    "101": ("NAI", "Co-Host"),
    "102": ("Client", "TrueLink"),
    "103": ("Customer", "i-on"),
    "105": ("Company", "Provider"),
    "106": ("DCL", "SEV"),
    "108": ("Company", "Consultant"),
    "109": ("Company", "Consultant"),
    "110": ("Client", "Developer"),
    "111": ("Owner", "Service Provider"),
    "112": ("Company", "Contractor"),
}
# Each side serves the other (a co-development deal; two couriers carrying each other's parcels):
# both parties must be found, either may be called the buyer.
MUTUAL = {"031": ("PB", "SFJ"), "104": ("Purolator", "Dynamex")}


def _agreements() -> list[Path]:
    return sorted(p for p in SHARED_DOCS.iterdir() if p.name[:3].isdigit()) if SHARED_DOCS.is_dir() else []


@needs_shared
def test_every_agreement_in_the_development_documents_is_listed_here() -> None:
    agreements = {p.name[:3] for p in _agreements() if detect_profile(load(p)) == "agreement"}
    assert agreements == set(AGREEMENT_PARTIES) | set(MUTUAL)


@needs_shared
@pytest.mark.parametrize("prefix", sorted(AGREEMENT_PARTIES))
def test_buyer_and_vendor_of_each_agreement(prefix: str) -> None:
    [path] = [p for p in _agreements() if p.name.startswith(prefix + "-")]
    parties = detect_parties(load(path), "agreement").as_record()
    buyer, vendor = AGREEMENT_PARTIES[prefix]
    assert buyer in parties["buyer"] and vendor in parties["vendor"], parties


@needs_shared
@pytest.mark.parametrize("prefix", sorted(MUTUAL))
def test_both_parties_of_a_mutual_agreement_are_found(prefix: str) -> None:
    [path] = [p for p in _agreements() if p.name.startswith(prefix + "-")]
    parties = detect_parties(load(path), "agreement").as_record()
    assert sorted(parties["buyer"] + parties["vendor"]) == sorted(MUTUAL[prefix])


def test_a_party_known_by_its_own_name_takes_the_role_the_other_leaves() -> None:
    parties = detect_parties(load_text(AGREEMENT), "agreement")
    assert parties.as_record() == {"buyer": ["Northwind"], "vendor": ["Provider"]}
    assert parties.role_of("the Provider's") == "vendor"
    assert parties.role_of("Northwind personnel") == "buyer"
    assert parties.role_of("either party") == "both"
    assert parties.role_of("the weather") is None


def test_declared_parties_come_first() -> None:
    parties = detect_parties(load_text(AGREEMENT), "agreement", {"buyer": ["Contoso"], "vendor": ["Northwind"]})
    assert parties.role_of("Contoso") == "buyer" and parties.role_of("Northwind") == "vendor"


def test_we_writes_a_proposal_as_the_vendor_and_a_sow_as_the_buyer() -> None:
    text = "We will deliver the dashboard. You will review it. We shall host it for a year."
    assert detect_parties(load_text(text), "proposal").role_of("we") == "vendor"
    assert detect_parties(load_text(text), "sow").role_of("we") == "buyer"


def _one_sided(side: str, strict: bool = False) -> dict[str, tuple[str, str, str | None]]:
    config = replace(Config(), side=side, strict=strict, model=False)
    result = lint_text(AGREEMENT, profile="agreement", config=config)
    return {
        f.excerpt or "": (f.severity.label, f.message, f.favours)
        for f in result.findings
        if f.category == "one-sided-term"
    }


def test_one_sided_terms_name_the_party_they_favour() -> None:
    found = _one_sided("neutral")
    assert found["sole discretion"][2] == "vendor"
    assert found["at any time without notice"][2] == "buyer"


def test_the_readers_side_quiets_its_own_protections_and_keeps_the_others() -> None:
    buyer, vendor = _one_sided("buyer"), _one_sided("vendor")
    assert buyer["sole discretion"][0] == "warning" and "(favours the vendor)" in buyer["sole discretion"][1]
    assert vendor["sole discretion"][0] == "info" and "your side" in vendor["sole discretion"][1]
    assert buyer["at any time without notice"][0] == "info" and vendor["at any time without notice"][0] == "warning"
    assert _one_sided("buyer", strict=True)["sole discretion"][0] == "error"


def test_the_other_sides_vague_deadline_is_raised_and_ones_own_lowered() -> None:
    def severity(side: str) -> Severity:
        config = replace(Config(), side=side, model=False)
        result = lint_text(AGREEMENT, profile="agreement", config=config)
        [finding] = [f for f in result.findings if f.excerpt == "as soon as possible"]
        assert finding.party == "vendor"
        return finding.severity

    assert (severity("neutral"), severity("buyer"), severity("vendor")) == (
        Severity.WARNING,
        Severity.ERROR,
        Severity.INFO,
    )


def test_config_side_and_parties(tmp_path: Path) -> None:
    config_file = tmp_path / "contractlint.toml"
    config_file.write_text('side = "vendor"\nstrict = true\n[parties]\nbuyer = ["Acme"]\nvendor = ["Beta Co"]\n')
    config = load_config(config_file, BY_CODE)
    assert (config.side, config.strict, dict(config.parties)) == (
        "vendor",
        True,
        {"buyer": ("Acme",), "vendor": ("Beta Co",)},
    )
    config_file.write_text('[parties]\nlandlord = ["Acme"]\n')
    with pytest.raises(ConfigError, match="unknown role 'landlord'"):
        load_config(config_file, BY_CODE)


@needs_shared
def test_side_changes_one_sided_severities_on_a_real_agreement(tmp_path: Path) -> None:
    path = SHARED_DOCS / "021-cuad-radialspark-consulting-msa.txt"
    reports = {}
    for side in ("buyer", "vendor"):
        out = tmp_path / f"{side}.json"
        result = CliRunner().invoke(
            main,
            [
                "check",
                str(path),
                "--side",
                side,
                "--no-model",
                "--format",
                "json",
                "--fail-on",
                "never",
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        reports[side] = json.loads(out.read_text())
    assert reports["buyer"]["side"] == "buyer" and reports["vendor"]["side"] == "vendor"
    assert reports["buyer"]["files"][0]["parties"] == {"buyer": ["Company"], "vendor": ["Contractor"]}

    def one_sided(report: dict) -> list[tuple[int, str, str]]:
        return [
            (f["start"], f["severity"], f["favours"])
            for f in report["files"][0]["findings"]
            if f["category"] == "one-sided-term" and f["favours"] in ("buyer", "vendor")
        ]

    buyer, vendor = one_sided(reports["buyer"]), one_sided(reports["vendor"])
    assert buyer and [(s, f) for s, _, f in buyer] == [(s, f) for s, _, f in vendor]
    for (_, as_buyer, favours), (_, as_vendor, _) in zip(buyer, vendor, strict=True):
        assert (as_buyer, as_vendor) == (("info", "warning") if favours == "buyer" else ("warning", "info"))


def test_detection_is_the_same_in_every_process_whatever_the_hash_seed() -> None:
    # Two role words used equally often: the answer must not depend on set iteration order.
    import subprocess
    import sys

    text = "The Government shall pay. The Owner shall pay. " * 3 + "The Contractor shall deliver. " * 3
    code = (
        "import sys; from contractlint.loaders import load_text; from contractlint.parties import detect_parties;"
        "print(detect_parties(load_text(sys.argv[1]), 'sow').as_record())"
    )
    answers = {
        subprocess.run(
            [sys.executable, "-c", code, text], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3", "4", "5")
    }
    assert len(answers) == 1, answers
