"""Configuration: where it is found, what each key does, and how mistakes are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlint.cli import main
from contractlint.config import Config, ConfigError, find_config, load_config
from contractlint.finding import Severity
from contractlint.rules import BY_CODE

from .conftest import codes, excerpts, lint

DOC = """\
The Contractor shall respond to all incidents as soon as possible.

The Supplier shall notify the Client promptly of any delay.

The go-live date is TBD.
"""


def _load(path: Path) -> Config:
    return load_config(path, BY_CODE)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _json_check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding DOC as docs/sow.md; the test runs from docs/ (a subdirectory)."""
    _write(tmp_path / "docs" / "sow.md", DOC)
    monkeypatch.chdir(tmp_path / "docs")
    return tmp_path


# --- discovery ---------------------------------------------------------------------------------


def test_no_config_means_defaults(project: Path) -> None:
    assert find_config(Path.cwd()) is None
    assert _load(None) == Config()  # type: ignore[arg-type]


def test_contractlint_toml_found_from_a_subdirectory(project: Path) -> None:
    config_file = _write(project / "contractlint.toml", 'select = ["TL"]\n')
    assert find_config(Path.cwd()) == config_file
    status, data = _json_check("sow.md")
    assert status == 1
    assert {f["code"] for f in data["files"][0]["findings"]} == {"TL01"}


def test_pyproject_table_found_from_a_subdirectory(project: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.contractlint]\nignore = ["TL01"]\n'
    config_file = _write(project / "pyproject.toml", text)
    assert find_config(Path.cwd()) == config_file
    _, data = _json_check("sow.md")
    found = {f["code"] for f in data["files"][0]["findings"]}
    assert found and "TL01" not in found


def test_pyproject_without_our_table_is_passed_over(project: Path) -> None:
    _write(project / "docs" / "pyproject.toml", '[tool.ruff]\nselect = ["E"]\n')
    own = _write(project / "contractlint.toml", 'fail-on = "never"\n')
    assert find_config(Path.cwd()) == own


def test_contractlint_toml_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    _write(project / "pyproject.toml", '[tool.contractlint]\nselect = ["PH"]\n')
    own = _write(project / "contractlint.toml", 'select = ["TL"]\n')
    assert find_config(Path.cwd()) == own


def test_explicit_config_option(project: Path) -> None:
    _write(project / "contractlint.toml", 'select = ["TL"]\n')  # would be found, but --config wins
    explicit = _write(project / "elsewhere" / "team.toml", 'select = ["PH"]\nfail-on = "never"\n')
    status, data = _json_check("--config", str(explicit), "sow.md")
    assert status == 0
    assert {f["code"] for f in data["files"][0]["findings"]} == {"PH01"}


def test_command_line_overrides_the_file(project: Path) -> None:
    _write(project / "contractlint.toml", 'select = ["TL"]\nfail-on = "never"\n')
    status, data = _json_check("--select", "PH", "--fail-on", "error", "sow.md")
    assert status == 1
    assert {f["code"] for f in data["files"][0]["findings"]} == {"PH01"}


# --- what each key does ------------------------------------------------------------------------


def test_select_and_ignore(tmp_path: Path) -> None:
    config = _load(_write(tmp_path / "contractlint.toml", 'select = ["TL", "ph01"]\nignore = ["TL01"]\n'))
    assert (config.select, config.ignore) == (("TL", "PH01"), ("TL01",))
    assert codes(lint(DOC, config=config)) == ["PH01"]


def test_severity_override(tmp_path: Path) -> None:
    config = _load(_write(tmp_path / "contractlint.toml", '[severity]\nTL01 = "error"\nPH01 = "info"\n'))
    result = lint(DOC, config=config, select=("TL01", "PH01"))
    severities = {(f.code, f.severity) for f in result.findings}
    assert severities == {("TL01", Severity.ERROR), ("PH01", Severity.INFO)}


def test_fail_on(project: Path) -> None:
    config_file = _write(project / "contractlint.toml", 'fail-on = "error"\nignore = ["PH"]\n')
    assert _load(config_file).fail_on is Severity.ERROR
    assert _json_check("sow.md")[0] == 0  # only warnings are left
    config_file.write_text('fail-on = "never"\n', "utf-8")
    assert _load(config_file).fail_on is None
    assert _json_check("sow.md")[0] == 0


def test_standard_clauses(tmp_path: Path) -> None:
    config = _load(_write(tmp_path / "contractlint.toml", 'standard-clauses = "Hide"\n'))
    assert (Config().standard_clauses, config.standard_clauses) == ("info", "hide")


def test_profile(project: Path) -> None:
    _write(project / "contractlint.toml", 'profile = "Proposal"\n')
    _, data = _json_check("sow.md")
    assert data["files"][0]["profile"] == "proposal"


def test_terms_extra_uses_the_custom_message(tmp_path: Path) -> None:
    text = "The Vendor shall fix defects pronto.\n"
    assert not lint(text, select=("TL01",)).findings
    config = _load(_write(tmp_path / "contractlint.toml", '[terms.TL01]\nextra = ["pronto"]\n'))
    (finding,) = lint(text, config=config, select=("TL01",)).findings
    assert finding.excerpt == "pronto"
    assert finding.message == "'pronto' is a vague time expression: give a date or a bounded duration"


def test_terms_remove(tmp_path: Path) -> None:
    text = "The Supplier shall notify the Client promptly of any delay.\n"
    assert excerpts(lint(text, select=("TL01",)), "TL01") == ["promptly"]
    config = _load(_write(tmp_path / "contractlint.toml", '[terms.TL01]\nremove = ["Promptly"]\n'))
    assert config.terms["TL01"].remove == ("Promptly",)
    assert not lint(text, config=config, select=("TL01",)).findings
    assert excerpts(lint(DOC, config=config, select=("TL01",)), "TL01") == ["as soon as possible"]


def test_terms_remove_a_phrase(tmp_path: Path) -> None:
    config = _load(_write(tmp_path / "contractlint.toml", '[terms.TL01]\nremove = ["as soon as possible"]\n'))
    assert excerpts(lint(DOC, config=config, select=("TL01",)), "TL01") == ["promptly"]


def test_per_file_ignores(project: Path) -> None:
    _write(project / "docs" / "other.txt", DOC)
    _write(project / "contractlint.toml", '[per-file-ignores]\n"*.md" = ["TL"]\n"other.*" = ["PH01"]\n')
    _, data = _json_check("sow.md", "other.txt")
    by_file = {f["path"]: {x["code"] for x in f["findings"]} for f in data["files"]}
    assert by_file == {"sow.md": {"PH01"}, "other.txt": {"TL01"}}


# --- mistakes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('select = ["TL"]\n\nfail_on = "error"\n', r"contractlint\.toml:3: unknown key 'fail_on'"),
        ('select = ["TL", "QQ"]\n', r"contractlint\.toml:1: select: unknown rule code or prefix 'QQ'"),
        ('ignore = "TL01"\n', r"contractlint\.toml:1: 'ignore' must be a list of rule codes"),
        ('fail-on = "sometimes"\n', r"contractlint\.toml:1: 'fail-on' must be one of"),
        ('profile = "memo"\n', r"contractlint\.toml:1: 'profile' must be one of"),
        ('standard-clauses = "drop"\n', r"contractlint\.toml:1: 'standard-clauses' must be one of: info, hide, keep"),
        ('[severity]\nTL01 = "error"\nZZ01 = "info"\n', r"contractlint\.toml:3: severity: unknown rule code 'ZZ01'"),
        ('[severity]\nTL01 = "fatal"\n', r"contractlint\.toml:2: severity\.TL01: unknown severity 'fatal'"),
        ('[terms.XX01]\nextra = ["x"]\n', r"contractlint\.toml:1: terms: unknown rule code 'XX01'"),
        ('[terms.TL01]\nextras = ["x"]\n', r"contractlint\.toml:1: terms\.TL01: expected only 'extra' and 'remove'"),
        ('[per-file-ignores]\n"*.md" = ["QQ"]\n', r"contractlint\.toml:2: \*\.md: unknown rule code or prefix 'QQ'"),
        ('select = [\n', r"contractlint\.toml: invalid TOML"),
        ('select = ["TL"\nfail-on = 3\n', r"contractlint\.toml: invalid TOML: .*line 2"),
    ],
    ids=[
        "unknown-key", "unknown-code", "not-a-list", "bad-fail-on", "bad-profile", "bad-standard-clauses",
        "severity-code",
        "severity-level", "terms-code", "terms-key", "per-file-code", "invalid-toml", "invalid-toml-line",
    ],
)
def test_config_errors_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _load(_write(tmp_path / "contractlint.toml", text))


def test_pyproject_errors_point_into_our_table(tmp_path: Path) -> None:
    """`select` under [tool.ruff] comes first in the file; the error must name our line, not ruff's."""
    text = '[tool.ruff]\nselect = ["E"]\n\n[tool.contractlint]\nfail-on = "error"\nselect = ["ZZ"]\n'
    with pytest.raises(ConfigError, match=r"pyproject\.toml:6: select: unknown rule code or prefix 'ZZ'"):
        _load(_write(tmp_path / "pyproject.toml", text))


def test_pyproject_nested_table_errors(tmp_path: Path) -> None:
    text = '[tool.contractlint]\nselect = ["TL"]\n\n[tool.contractlint.severity]\nTL01 = "loud"\n'
    with pytest.raises(ConfigError, match=r"pyproject\.toml:5: severity\.TL01: unknown severity 'loud'"):
        _load(_write(tmp_path / "pyproject.toml", text))


def test_missing_explicit_config_is_an_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--config", "nowhere.toml", "sow.md"])
    assert result.exit_code == 2
    assert "nowhere.toml: cannot read config" in result.stderr
