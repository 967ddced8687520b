"""Start-up of one fresh `contractlint check` on a one-page SOW: where the time goes, and A/B.

Run with the project's interpreter::

    .venv/bin/python benchmarks/startup.py                       # phases of one cold run, then 7 runs
    .venv/bin/python benchmarks/startup.py --runs 9 --against /tmp/before/bin/contractlint

Every timed run is a fresh ``contractlint check --format json --fail-on never --no-cache sow.md``
process on the 377-word SOW of ``benchmarks/run.py`` (the "one page" row of ``scale.py``), in a
temporary folder.  Wall time and user+sys CPU time come from ``os.wait4`` on that process.  With
``--against EXE`` the two executables run alternately (A B A B ...), so a shared machine's load
falls on both alike; the medians of both are printed with the load average before and after.

Bytecode matters here: an editable install run with PYTHONDONTWRITEBYTECODE compiles every
contractlint module from source in every process (≈ 0.08 s of a one-page run), where `pip install`
leaves them compiled.  The script says which case it measures; ``--compile`` byte-compiles this
checkout first (``python -m compileall``), so that it compares like with like against a
``pip install``-ed executable.

The phase table times, in fresh interpreters, what a cold run does in the order it does it: the
imports of the `check` path, `load_pipeline` (spaCy's import and ``spacy.load``, as in a run), and
the lint of the page.  It is a measurement,
never a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ONE_PAGE_SOW, byte_compiled, package_folder  # noqa: E402  (the same page as run.py and scale.py)

HERE = Path(sys.executable).parent / "contractlint"
ARGS = ("check", "--format", "json", "--fail-on", "never", "--no-cache", "sow.md")

PHASES = """
import sys, time
from pathlib import Path
marks = [("interpreter", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
import click; mark("import click")
import contractlint.cli; mark("import contractlint.cli")
import contractlint.lint; mark("import contractlint.lint (rules, analyses, numpy)")
import contractlint.formats.json, contractlint.loaders.markdown; mark("import the json format, the .md loader")
from contractlint.nlp import load_pipeline
nlp = load_pipeline(); mark("load_pipeline: import spacy, spacy.load")
from contractlint.config import Config
from contractlint.lint import CHECK, run_files
run_files(CHECK, [Path("sow.md")], Config(), jobs=1); mark("lint the page (first: term lists, classifier...)")
run_files(CHECK, [Path("sow.md")], Config(), jobs=1); mark("lint the page again (warm process)")
for (_, wall, cpu), (name, wall2, cpu2) in zip(marks, marks[1:]):
    print(f"{name}\t{wall2 - wall:.4f}\t{cpu2 - cpu:.4f}")
"""


def timed_run(exe: str, cwd: Path) -> tuple[float, float]:
    """(wall, user+sys) seconds of one fresh process."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen([exe, *ARGS], cwd=cwd, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{exe} exited {status}: {process.stderr.read().decode()[-800:]}")  # type: ignore[union-attr]
    process.stderr.close()  # type: ignore[union-attr]
    return wall, usage.ru_utime + usage.ru_stime


def phases(cwd: Path, runs: int) -> None:
    """Each phase's median wall and CPU time over `runs` fresh interpreters."""
    walls: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", PHASES], cwd=cwd, capture_output=True, text=True, check=True)
        for line in done.stdout.splitlines():
            name, wall, cpu = line.split("\t")
            walls.setdefault(name, []).append(float(wall))
            cpus.setdefault(name, []).append(float(cpu))
    print(f"| phase (fresh interpreter, in order; median of {runs}) | wall | CPU |\n|---|---|---|")
    for name in walls:
        print(f"| {name} | {statistics.median(walls[name]):.3f} s | {statistics.median(cpus[name]):.3f} s |")


def ab(executables: dict[str, str], runs: int, cwd: Path) -> None:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in executables}
    load_before = os.getloadavg()[0]
    for exe in executables.values():
        timed_run(exe, cwd)  # warm the OS file cache, not timed
    for _ in range(runs):
        for name, exe in executables.items():
            times[name].append(timed_run(exe, cwd))
    load_after = os.getloadavg()[0]
    print(f"\n{runs} runs each, alternating; load average {load_before:.2f} before, {load_after:.2f} after")
    print("| executable | median wall | median user+sys | min wall |\n|---|---|---|---|")
    for name, pairs in times.items():
        walls, cpus = [w for w, _ in pairs], [c for _, c in pairs]
        print(f"| {name} | {statistics.median(walls):.3f} s | {statistics.median(cpus):.3f} s | {min(walls):.3f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="EXE", help="another contractlint executable to alternate with")
    parser.add_argument("--no-phases", action="store_true")
    parser.add_argument("--compile", action="store_true", help="byte-compile this checkout's package first")
    options = parser.parse_args()
    if options.compile:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package_folder())], check=True)
    state = "byte-compiled" if byte_compiled() else "compiled from source in each run"
    print(f"this checkout's contractlint: {state}")
    with tempfile.TemporaryDirectory(prefix="contractlint-startup-") as folder:
        cwd = Path(folder)
        (cwd / "sow.md").write_text(ONE_PAGE_SOW, "utf-8")
        if not options.no_phases:
            phases(cwd, options.runs)
        executables = {"this checkout": str(HERE)}
        if options.against:
            executables = {"against": options.against, **executables}
        ab(executables, options.runs, cwd)


if __name__ == "__main__":
    main()
