"""`Config`: which rules run, how severe they are, what fails the run.

Read from `[tool.contractlint]` in `pyproject.toml` or from `contractlint.toml` (top-level keys),
found from the current directory upward, or from an explicit `--config FILE`.  Command-line
options override the file, as ruff's do: `--select`/`--ignore` replace its lists, `--extend-select`/
`--extend-ignore` add to them.  `per-file-ignores` globs are read relative to the config file's
folder.  Unknown keys and rule codes are errors that name the key and line.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from .finding import Severity
from .limits import KEYS as LIMIT_KEYS
from .limits import Limits

PROFILE_CHOICES = ("auto", "sow", "proposal", "agreement", "other")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
_KEYS = (
    "select",
    "ignore",
    "severity",
    "fail-on",
    "profile",
    "terms",
    "per-file-ignores",
    "model",
    "min-score",
    "limits",
    "standard-clauses",
    "side",
    "strict",
    "parties",
    "cache-max-size",
)
SIDE_CHOICES = ("neutral", "buyer", "vendor")
STANDARD_CLAUSE_CHOICES = ("info", "hide", "keep")


class ConfigError(ValueError):
    """A config file or option is wrong; the message says where and why."""


@dataclass(frozen=True)
class TermOverrides:
    extra: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # code prefixes; empty = every rule
    extend_select: tuple[str, ...] = ()  # run these as well as `select` (--extend-select)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = Severity.WARNING  # None = never fail on findings
    profile: str = "auto"
    terms: Mapping[str, TermOverrides] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    model: bool = True  # the trained classifier scores, filters and adds findings (model/check.py)
    min_score: float | None = None  # model-only findings at this score or above; None = validated per category
    model_path: Path | None = None  # a retrained artifact (`contractlint train --out`); None = the shipped one
    fast_path: bool = True  # skip work that cannot change a finding (lint.py); off only to check that claim
    limits: Limits = field(default_factory=Limits)  # what one input file may cost (limits.py)
    standard_clauses: str = "info"  # findings in standard clause text (standard.py): info, hide or keep
    side: str = "neutral"  # the reader's side (parties.py): buyer, vendor or neutral (no re-weighing)
    strict: bool = False  # with a side: one-sided terms favouring the other side are errors
    parties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role -> names, for unusual documents
    cache_max_size: int = 512 * 1024 * 1024  # the cache folder's cap (cache.py prunes the least recently used)
    source: Path | None = None

    def enabled(self, code: str, path: str | None = None, *, opt_in: bool = False) -> bool:
        # Opt-in rules need their exact code; the others run unless a selection leaves them out.
        if opt_in:
            selected = code in self.select or code in self.extend_select
        else:
            selected = not self.select or _matches(code, self.select) or _matches(code, self.extend_select)
        ignored = _matches(code, self.ignore) or (path is not None and _matches(code, self.file_ignores(path)))
        return selected and not ignored

    def file_ignores(self, path: str) -> tuple[str, ...]:
        """Codes ignored for `path` (as given on the command line, relative to the working directory).

        As in ruff: a glob with a `/` is matched against the path relative to the config file's
        folder (`docs/*.md` is `<config dir>/docs/*.md`, not any `docs` folder below), `*` stays within
        one folder and `**` spans any number; a glob without `/` is matched against the file name."""
        if not self.per_file_ignores:
            return ()
        name, relative = PurePath(path).name, _relative_to(Path(path), self.base)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if "/" in pattern:
                hit = relative is not None and _glob(pattern.lstrip("/")).fullmatch(relative) is not None
            else:
                hit = fnmatch.fnmatchcase(name, pattern)
            if hit:
                codes.extend(ignored)
        return tuple(codes)

    @property
    def base(self) -> Path:
        """The folder config paths are relative to: the config file's, or the working directory."""
        return self.source.parent if self.source is not None else Path.cwd()

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    def with_options(self, **changes: object) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _relative_to(path: Path, base: Path) -> str | None:
    """`path` relative to `base` with forward slashes; None outside it (then only file-name globs apply)."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: `**/` any folders (none included), `**` anything, `*` and `?` within
    one folder, `[...]` a character class; the rest literal."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] in "*?":
            out.append("[^/]*" if pattern[i] == "*" else "[^/]")
            i += 1
        elif pattern[i] == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def parse_fail_on(value: str) -> Severity | None:
    if value.lower() == "never":
        return None
    return Severity.parse(value)


def find_config(start: Path) -> Path | None:
    """The nearest contractlint.toml, or pyproject.toml with a [tool.contractlint] table."""
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "contractlint.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.contractlint" in pyproject.read_text("utf-8", "replace"):
            return pyproject
    return None


def load_config(path: Path | None, known_codes: Iterable[str]) -> Config:
    if path is None:
        return Config()
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    prefix = ("tool", "contractlint") if path.name == "pyproject.toml" else ()
    table = data.get("tool", {}).get("contractlint", {}) if prefix else data
    return _from_table(table, _Where(path, text, prefix), frozenset(known_codes))


@dataclass(frozen=True)
class _Where:
    path: Path
    text: str
    table: tuple[str, ...] = ()  # where the config table sits: ("tool", "contractlint") in pyproject.toml

    def error(self, key: str | tuple[str, ...], problem: str) -> ConfigError:
        """An error pointing at the line of `key` (a key of the config table, or a path into it)."""
        line = _line_of(self.text, (*self.table, *((key,) if isinstance(key, str) else key)))
        at = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{at}: {problem}")


_KEY_PART = r"""(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_LINE = re.compile(rf"\s*\[\[?\s*(?P<key>{_DOTTED_KEY})\s*\]")
_KEY_LINE = re.compile(rf"\s*(?P<key>{_DOTTED_KEY})\s*=")


def _line_of(text: str, path: tuple[str, ...]) -> int | None:
    """The line where the key at `path` is written — `key =` under its table header, a dotted key,
    or a `[table.key]` header — so that `select` under [tool.ruff] is not mistaken for ours."""
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER_LINE.match(line):
            table = written = _key_parts(header["key"])
        elif assignment := _KEY_LINE.match(line):
            written = (*table, *_key_parts(assignment["key"]))
        else:
            continue
        if written[: len(path)] == path:
            return number
    return None


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in re.findall(_KEY_PART, dotted))


def _from_table(table: Mapping[str, object], where: _Where, codes: frozenset[str]) -> Config:
    for key in table:
        if key not in _KEYS:
            raise where.error(key, f"unknown key {key!r} (expected one of: {', '.join(_KEYS)})")
    config = Config(source=where.path)
    changes: dict[str, object] = {}
    if "select" in table:
        changes["select"] = _codes(table["select"], ("select",), where, codes)
    if "ignore" in table:
        changes["ignore"] = _codes(table["ignore"], ("ignore",), where, codes)
    if "fail-on" in table:
        changes["fail_on"] = _choice(table["fail-on"], "fail-on", FAIL_ON_CHOICES, where)
    if "profile" in table:
        changes["profile"] = _choice(table["profile"], "profile", PROFILE_CHOICES, where)
    if "severity" in table:
        changes["severity"] = _severities(table["severity"], where, codes)
    if "terms" in table:
        changes["terms"] = _terms(table["terms"], where, codes)
    if "model" in table:
        changes |= _model(table["model"], where)
    if "min-score" in table:
        changes["min_score"] = _score(table["min-score"], where)
    if "per-file-ignores" in table:
        changes["per_file_ignores"] = _per_file(table["per-file-ignores"], where, codes)
    if "limits" in table:
        changes["limits"] = _limits(table["limits"], where)
    if "standard-clauses" in table:
        mode = _choice(table["standard-clauses"], "standard-clauses", STANDARD_CLAUSE_CHOICES, where)
        changes["standard_clauses"] = mode
    if "side" in table:
        changes["side"] = _choice(table["side"], "side", SIDE_CHOICES, where)
    if "strict" in table:
        if not isinstance(table["strict"], bool):
            raise where.error("strict", "expected true or false")
        changes["strict"] = table["strict"]
    if "parties" in table:
        changes["parties"] = _parties(table["parties"], where)
    if "cache-max-size" in table:
        size = _size(table["cache-max-size"])
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise where.error("cache-max-size", "cache-max-size: expected a size such as \"512MB\" or \"2 GiB\"")
        changes["cache_max_size"] = size
    return replace(config, **changes)  # type: ignore[arg-type]


def validate_codes(values: Iterable[str], codes: frozenset[str]) -> tuple[str, ...]:
    """Upper-case codes or prefixes, each of which must name at least one rule."""
    out = []
    for value in values:
        code = value.strip().upper()
        if not code:
            continue
        if not any(c.startswith(code) for c in codes):
            raise ValueError(f"unknown rule code or prefix {value!r}")
        out.append(code)
    return tuple(out)


def _codes(value: object, at: tuple[str, ...], where: _Where, codes: frozenset[str]) -> tuple[str, ...]:
    key = at[-1]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(at, f"{key!r} must be a list of rule codes")
    try:
        return validate_codes(value, codes)
    except ValueError as exc:
        raise where.error(at, f"{key}: {exc}") from None


def _choice(value: object, key: str, choices: tuple[str, ...], where: _Where) -> object:
    if not isinstance(value, str) or value.lower() not in choices:
        raise where.error(key, f"{key!r} must be one of: {', '.join(choices)} (got {value!r})")
    return parse_fail_on(value) if key == "fail-on" else value.lower()


def _severities(value: object, where: _Where, codes: frozenset[str]) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise where.error("severity", "'severity' must be a table of CODE = \"error|warning|info\"")
    out = {}
    for code, level in value.items():
        if code.upper() not in codes:
            raise where.error(("severity", code), f"severity: unknown rule code {code!r}")
        try:
            out[code.upper()] = Severity.parse(str(level))
        except ValueError as exc:
            raise where.error(("severity", code), f"severity.{code}: {exc}") from None
    return out


def _terms(value: object, where: _Where, codes: frozenset[str]) -> dict[str, TermOverrides]:
    if not isinstance(value, dict):
        raise where.error("terms", "'terms' must be a table of CODE = {extra = [...], remove = [...]}")
    out = {}
    for code, spec in value.items():
        if code.upper() not in codes:
            raise where.error(("terms", code), f"terms: unknown rule code {code!r}")
        if not isinstance(spec, dict) or set(spec) - {"extra", "remove"}:
            raise where.error(("terms", code), f"terms.{code}: expected only 'extra' and 'remove' lists of phrases")
        lists = {k: spec.get(k, []) for k in ("extra", "remove")}
        if not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lists.values()):
            raise where.error(("terms", code), f"terms.{code}: 'extra' and 'remove' must be lists of strings")
        out[code.upper()] = TermOverrides(tuple(lists["extra"]), tuple(lists["remove"]))
    return out


def _parties(value: object, where: _Where) -> dict[str, tuple[str, ...]]:
    """[tool.contractlint.parties]: buyer = ["Acme"], vendor = ["Supplier Co"]."""
    if not isinstance(value, Mapping):
        raise where.error("parties", 'expected a table like {buyer = ["Acme"], vendor = ["Supplier Co"]}')
    parties: dict[str, tuple[str, ...]] = {}
    for role, names in value.items():
        if role not in ("buyer", "vendor"):
            raise where.error(("parties", role), f"unknown role {role!r} (expected buyer or vendor)")
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise where.error(("parties", role), "expected a list of names")
        parties[role] = tuple(names)
    return parties


def _model(value: object, where: _Where) -> dict[str, object]:
    """`model = true/false`, or the path of an artifact `contractlint train` wrote (relative to the config file)."""
    if isinstance(value, bool):
        return {"model": value}
    if isinstance(value, str) and value.strip():
        return {"model": True, "model_path": (where.path.parent / value).resolve()}
    raise where.error("model", f"'model' must be true, false or the path of a .npz artifact (got {value!r})")


def _score(value: object, where: _Where) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise where.error("min-score", f"'min-score' must be a number from 0 to 1 (got {value!r})")
    return float(value)


def _per_file(value: object, where: _Where, codes: frozenset[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise where.error("per-file-ignores", "'per-file-ignores' must be a table of \"glob\" = [codes]")
    return {glob: _codes(listed, ("per-file-ignores", glob), where, codes) for glob, listed in value.items()}


def _limits(value: object, where: _Where) -> Limits:
    if not isinstance(value, dict):
        raise where.error("limits", "'limits' must be a table of limit = value")
    changes: dict[str, int | float] = {}
    for key, raw in value.items():
        if key not in LIMIT_KEYS:
            raise where.error(
                ("limits", key), f"limits: unknown key {key!r} (expected one of: {', '.join(LIMIT_KEYS)})"
            )
        name, is_size = LIMIT_KEYS[key]
        seconds = name == "max_extraction_seconds"
        number = _size(raw) if is_size else raw
        if isinstance(number, bool) or not isinstance(number, int | float if seconds else int) or not number > 0:
            kind = "a positive number" if seconds else "a positive whole number"
            kind = 'a size (bytes, or a string such as "50 MiB")' if is_size else kind
            raise where.error(("limits", key), f"limits.{key} must be {kind} (got {raw!r})")
        changes[name] = number
    return replace(Limits(), **changes)  # type: ignore[arg-type]


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def _size(value: object) -> object:
    """Bytes from "50 MiB", "2MB" or "1.5 GiB"; any other value is returned as it is, for the caller to check."""
    if not isinstance(value, str) or not (match := _SIZE.fullmatch(value)):
        return value
    return int(float(match[1]) * _UNITS[(match[2] or "b").lower()])
