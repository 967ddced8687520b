"""The corpus engines side by side, alternating: wall time and CPU time of each whole process tree.

Run with the project's interpreter::

    .venv/bin/python benchmarks/corpus_engines.py [FOLDER] [--rounds 5] [--before /tmp/old-venv/bin/contractlint]

Each round runs, one after the other, `contractlint corpus FOLDER --out <fresh folder>` with
`--engine dask` (a 2-worker LocalCluster: `--workers` defaults to the CPUs), with `--engine local`
(the process pool), and, with `--before EXE`, `--engine dask` of another installed contractlint (an
A/B of a change).  Alternating rounds spread a shared machine's changing load over every variant.
CPU time is user + system of the command and every process it waited for (`os.wait4`: the workers
are its children), which the load of other jobs disturbs far less than wall time.  Prints each run,
then the medians and the dask/local words/s ratio (issue 15's target: ≥ 0.85).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_FOLDER, SUFFIXES, count_words

EXE = str(Path(sys.executable).parent / "contractlint")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    system: float
    load: float  # 1-minute load average when it started


def corpus_run(exe: str, folder: Path, engine: str, work: Path, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    command = [exe, "corpus", str(folder), "--out", str(out), "--engine", engine]
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {errors[-1500:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_stime, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", help="another contractlint executable: its --engine dask is run too")
    args = parser.parse_args()
    words = sum(count_words(f) for f in args.folder.rglob("*") if f.suffix in SUFFIXES)
    variants = {"dask": (EXE, "dask"), "local": (EXE, "local")}
    if args.before:
        variants = {"dask (before)": (args.before, "dask"), **variants}
    runs: dict[str, list[Run]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="corpus-engines-") as work:
        for number in range(args.rounds):
            for name, (exe, engine) in variants.items():
                out = Path(work) / name.replace(" ", "")
                run = corpus_run(exe, args.folder, engine, Path(work), out)
                runs[name].append(run)
                print(f"round {number + 1} {name:14} wall {run.wall:6.1f} s  cpu {run.cpu:6.1f} s "
                      f"(system {run.system:5.1f})  load {run.load:.2f}", flush=True)  # fmt: skip
    print(f"\nmedians over {args.rounds} rounds, {words:,} words:")
    for name, done in runs.items():
        wall = statistics.median(r.wall for r in done)
        cpu = statistics.median(r.cpu for r in done)
        print(f"  {name:14} wall {wall:6.1f} s ({words / wall:,.0f} words/s)  cpu {cpu:6.1f} s")
    local = statistics.median(r.wall for r in runs["local"])
    for name in (n for n in runs if n.startswith("dask")):
        print(f"  {name} / local words/s: {local / statistics.median(r.wall for r in runs[name]):.2f}")
    print(f"  load average during the runs: {min(r.load for v in runs.values() for r in v):.2f}-"
          f"{max(r.load for v in runs.values() for r in v):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
