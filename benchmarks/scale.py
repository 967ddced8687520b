"""Scale benchmark (issue 15): the cache, --jobs auto, the corpus engines and a synthetic corpus.

Run with the project's interpreter (proselint installed beside it, a benchmark-only requirement)::

    .venv/bin/python benchmarks/scale.py [FOLDER] [--docs 1000] [--large-docs 10000] [--no-write]

Every contractlint figure is a fresh process (interpreter start, imports, model loading and report
included), run in a temporary working directory so its `.contractlint_cache` is this run's own:

- cold vs warm: `check FOLDER` with an empty cache, then again (every file's findings from the
  cache); `--no-cache --jobs 1` and `--no-cache --jobs auto` for the parallel speed-up.  All four
  JSON reports must be byte-identical.
- edit: the largest document alone, cold, then with one paragraph in its middle changed (one
  word replaced), cache on: only that block is parsed again.  Then the floor: the paragraph
  changed again and run with one cheap rule and no classifier (start-up, the parse pack, the
  document-level analyses and the report, without the whole-document pass of rules and model).
- corpus: `corpus FOLDER --engine local` (all cores) vs `--engine dask --workers 2` (a
  multi-process LocalCluster); both must have check's number of findings.
- synthetic corpus: N documents, each the title "Synthetic document i" and 3-8 consecutive
  paragraphs of one real document of FOLDER from a random start (`random.Random(15)`), written as
  `.md` in folders of 100; linted with `corpus --engine local`; then again into a new dataset with
  the process group killed with SIGKILL once half the batches are committed, and the same command
  rerun: every file must be there exactly once with the uninterrupted run's findings.  With
  `--large-docs M`, a second corpus of M documents gives the cost per word at the larger size.

The table is printed and, unless --no-write, replaces the block between the `<!-- scale:start -->`
and `<!-- scale:end -->` markers of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (
    DEFAULT_FOLDER,
    ONE_PAGE_SOW,
    README,
    SUFFIXES,
    Row,
    byte_compiled,
    count_words,
    machine,
    package_folder,
    proselint_run,
    table,
)

START, END = "<!-- scale:start -->", "<!-- scale:end -->"
EXE = str(Path(sys.executable).parent / "contractlint")


def _log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


def timed(args: Sequence[str], cwd: Path, out: Path | None = None) -> float:
    start = time.perf_counter()
    with (out.open("wb") if out else open(os.devnull, "wb")) as sink:
        done = subprocess.run([EXE, *args], cwd=cwd, stdout=sink, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"contractlint {' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-1500:]}")
    return time.perf_counter() - start


def check(folder: Path, cwd: Path, out: Path | None, *options: str) -> float:
    return timed(["check", "--format", "json", "--fail-on", "never", *options, str(folder)], cwd, out)


def findings_in(report: Path) -> int:
    return sum(len(f["findings"]) for f in json.loads(report.read_text("utf-8"))["files"])


def rate(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f} words/s ({seconds:.1f} s)"


def folder_rows(folder: Path, files: list[Path], words: int, work: Path) -> tuple[list[Row], dict[str, float]]:
    rows: list[Row] = []
    raw: dict[str, float] = {}
    _log("check: cold cache, warm cache, --no-cache --jobs 1, --no-cache --jobs auto")
    cold = check(folder, work, work / "cold.json")
    # One warm run lasts about 1.5 s, so one stray process on the machine moves it by a quarter: median of 3.
    warm = statistics.median(check(folder, work, work / "warm.json") for _ in range(3))
    one = check(folder, work, work / "jobs1.json", "--no-cache", "--jobs", "1")
    auto = check(folder, work, work / "auto.json", "--no-cache")
    reports = [(work / n).read_bytes() for n in ("cold.json", "warm.json", "jobs1.json", "auto.json")]
    same = all(r == reports[0] for r in reports)
    raw |= {"cold_s": cold, "warm_s": warm, "jobs1_s": one, "auto_s": auto, "findings": findings_in(work / "cold.json")}
    rows += [
        Row(f"check, cold cache ({len(files)} files, {words:,} words)", rate(words, cold)),
        Row("check, warm re-run (unchanged folder)", rate(words, warm), "≥ 20× cold",
            _verdict(cold / warm >= 20, f"{cold / warm:.1f}×")),
        Row("JSON identical: cold, warm, --no-cache --jobs 1, --no-cache --jobs auto", "yes" if same else "NO", "yes",
            _verdict(same)),
        Row("--no-cache --jobs 1", rate(words, one)),
        Row("--no-cache --jobs auto (2 CPUs)", rate(words, auto), "≥ 1.8× --jobs 1", _verdict(one / auto >= 1.8,
            f"{one / auto:.2f}×")),
    ]  # fmt: skip
    prose = proselint_run([f for f in files if f.suffix in (".md", ".txt")], 1, work)
    if prose is None:
        rows.append(Row("proselint", "not installed (pip install proselint: benchmark-only)"))
    else:
        prose_words = sum(count_words(f) for f in files if f.suffix in (".md", ".txt"))
        prose_wps = prose_words / prose[0].seconds
        raw["proselint_wps"] = prose_wps
        ratio = (words / warm) / prose_wps
        rows.append(Row("proselint, same run (.md/.txt)", rate(prose_words, prose[0].seconds)))
        rows.append(Row("warm re-run / proselint", f"{ratio:.1f}×", "≥ 3×", _verdict(ratio >= 3)))
    return rows, raw


def edit_rows(files: list[Path], work: Path) -> list[Row]:
    largest = max(files, key=count_words)
    target = work / "edit" / largest.name
    target.parent.mkdir()
    text = largest.read_text("utf-8")
    target.write_text(text, "utf-8")
    _log(f"edit: {largest.name}, cold then one paragraph changed")
    cold = check(target, work, work / "edit-cold.json", "--cache-dir", "edit-cache")
    paragraphs = [m for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text) if len(m.group().split()) > 30]
    middle = paragraphs[len(paragraphs) // 2]
    changed = re.sub(r"\bshall\b|\bthe\b", "must" if "shall" in middle.group() else "this", middle.group(), count=1)

    def write_middle(paragraph: str) -> None:
        target.write_text(text[: middle.start()] + paragraph + text[middle.end() :], "utf-8")

    write_middle(changed)
    edited = check(target, work, work / "edit-warm.json", "--cache-dir", "edit-cache")
    check(target, work, work / "edit-fresh.json", "--no-cache")
    same = (work / "edit-warm.json").read_bytes() == (work / "edit-fresh.json").read_bytes()
    # The floor: the same kind of edit again (new words, so the result cache misses), run with one
    # cheap rule and no classifier: what an edited re-run costs before the whole-document pass.
    write_middle(changed + " Revised once more.")
    floor = check(target, work, None, "--cache-dir", "edit-cache", "--select", "PH01", "--no-model")
    words = count_words(largest)
    return [
        Row(f"edit: {largest.name} ({words:,} words) cold", f"{cold:.1f} s"),
        Row("edit: one paragraph changed, re-run", f"{edited:.1f} s ({edited / cold:.0%} of cold)", "≤ 25% of cold",
            _verdict(edited / cold <= 0.25)),
        Row("edit: the floor (changed again, --select PH01 --no-model)", f"{floor:.1f} s ({floor / cold:.0%} of cold)"),
        Row("edit: findings identical to a --no-cache run of the edited file", "yes" if same else "NO", "yes",
            _verdict(same)),
    ]  # fmt: skip


def one_page_rows(work: Path) -> list[Row]:
    """Median of 5 fresh processes on a one-page SOW: cold (no cache) and re-run (cache warm), with
    contractlint's modules byte-compiled as `pip install` leaves them.  An editable install run with
    PYTHONDONTWRITEBYTECODE (as here) compiles every module it imports from source in every process;
    that case gets its own row, measured first, when the package has no bytecode yet."""
    page = work / "one-page" / "sow.md"
    page.parent.mkdir()
    page.write_text(ONE_PAGE_SOW, "utf-8")
    rows = []
    if not byte_compiled():
        _log("one page: 5 fresh processes without the cache, every module compiled from source")
        source = statistics.median(check(page, work, None, "--no-cache") for _ in range(5))
        rows.append(Row("one page, no cache, contractlint compiled from source in each process (median of 5)",
                        f"{source:.2f} s"))  # fmt: skip
        _log("one page: byte-compiling contractlint (python -m compileall), as pip install does")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package_folder())], check=True)
    _log("one page: 5 fresh processes without the cache, 5 with a warm one")
    cold = statistics.median(check(page, work, None, "--no-cache") for _ in range(5))
    check(page, work, None, "--cache-dir", "page-cache")
    warm = statistics.median(check(page, work, None, "--cache-dir", "page-cache") for _ in range(5))
    return [
        *rows,
        Row("one page end to end, fresh process, no cache (median of 5)", f"{cold:.2f} s", "≤ 1.0 s",
            _verdict(cold <= 1.0)),
        Row("one page end to end, fresh process, cache warm (median of 5)", f"{warm:.2f} s", "≤ 1.0 s",
            _verdict(warm <= 1.0)),
    ]  # fmt: skip


def corpus(paths: Sequence[Path], out: Path, work: Path, *options: str) -> float:
    return timed(["corpus", *map(str, paths), "--out", str(out), *options], work)


def corpus_rows(folder: Path, words: int, findings: int, work: Path) -> tuple[list[Row], dict[str, float]]:
    import pandas as pd

    _log("corpus: --engine local, then --engine dask --workers 2")
    local = corpus([folder], work / "corpus-local", work)
    dask = corpus([folder], work / "corpus-dask", work, "--engine", "dask", "--workers", "2")
    counts = [len(pd.read_parquet(work / d / "findings.parquet")) for d in ("corpus-local", "corpus-dask")]
    same = counts == [findings, findings]
    return [
        Row("corpus --engine local (process pool, 2 CPUs)", rate(words, local)),
        Row("corpus --engine dask, LocalCluster of 2 worker processes", rate(words, dask), "≥ 0.85× local",
            _verdict(local / dask >= 0.85, f"{local / dask:.2f}×")),
        Row("corpus findings = check findings (local, dask)", f"{counts[0]:,}, {counts[1]:,} vs {findings:,}", "equal",
            _verdict(same)),
    ], {"corpus_local_s": local, "corpus_dask_s": dask}  # fmt: skip


def synthetic(files: list[Path], count: int, root: Path) -> tuple[Path, int]:
    """`count` documents of 3-8 consecutive real paragraphs each (see the module docstring)."""
    rng = random.Random(15)
    sources = []
    for path in files:
        if path.suffix in (".md", ".txt"):
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", path.read_text("utf-8")) if len(p.split()) >= 5]
            if len(paragraphs) >= 9:
                sources.append(paragraphs)
    words = 0
    for number in range(count):
        paragraphs = rng.choice(sources)
        size = rng.randint(3, 8)
        start = rng.randrange(len(paragraphs) - size)
        text = f"# Synthetic document {number}\n\n" + "\n\n".join(paragraphs[start : start + size]) + "\n"
        target = root / f"batch-{number // 100:03d}" / f"doc-{number:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        words += len(text.split())
    return root, words


def kill_and_resume(corpus_dir: Path, out: Path, work: Path, count: int, batch: int) -> tuple[float, int]:
    """Start the corpus run, SIGKILL its process group once half the batches are committed, rerun;
    the seconds of both runs and the batches committed when it was killed."""
    command = [EXE, "corpus", str(corpus_dir), "--out", str(out), "--batch-size", str(batch)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    half = max(1, count // batch // 2)
    parts = out / "parts"
    while process.poll() is None and len(list(parts.glob("*.documents.parquet")) if parts.is_dir() else []) < half:
        time.sleep(0.2)
    committed = len(list(parts.glob("*.documents.parquet")))
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    resumed = subprocess.run(command, cwd=work, capture_output=True, text=True)
    if resumed.returncode not in (0, 1):
        raise RuntimeError(resumed.stderr[-1500:])
    return time.perf_counter() - start, committed


def synthetic_rows(files: list[Path], count: int, large: int | None, work: Path) -> list[Row]:
    import pandas as pd

    rows: list[Row] = []
    per_word: dict[int, float] = {}
    for size in [count, *([large] if large else [])]:
        corpus_dir, words = synthetic(files, size, work / f"synthetic-{size}")
        _log(f"synthetic corpus: {size} documents, {words:,} words")
        seconds = corpus([corpus_dir], work / f"syn-{size}", work, "--batch-size", "50")
        per_word[size] = seconds / words
        rows.append(Row(f"synthetic {size:,} documents ({words:,} words), corpus --engine local",
                        f"{rate(words, seconds)}; {1e6 * seconds / words:.1f} µs/word"))  # fmt: skip
        if size == count:
            _log("synthetic corpus: kill -9 half-way, then resume")
            total, committed = kill_and_resume(corpus_dir, work / f"syn-{size}-killed", work, size, 50)
            whole_f = pd.read_parquet(work / f"syn-{size}" / "findings.parquet")
            found_f = pd.read_parquet(work / f"syn-{size}-killed" / "findings.parquet")
            documents = pd.read_parquet(work / f"syn-{size}-killed" / "documents.parquet")
            once = len(documents) == size and documents["path"].is_unique
            same = (found_f.groupby("path").size().sort_index().equals(whole_f.groupby("path").size().sort_index())
                    and len(found_f) == len(whole_f))  # fmt: skip
            rows.append(Row(f"synthetic {size:,}: SIGKILL after {committed} of {size // 50} batches, rerun",
                            f"{len(documents):,} documents, {len(found_f):,} findings ({total:.0f} s both runs)",
                            "each file once, same findings", _verdict(once and same)))  # fmt: skip
    if large:
        ratio = per_word[large] / per_word[count]
        rows.append(Row(f"cost per word, {large:,} vs {count:,} documents", f"{ratio:.2f}×", "flat (≈ 1×)",
                        _verdict(ratio <= 1.15)))  # fmt: skip
    return rows


def projection(raw: dict[str, float], words: int) -> list[Row]:
    """100 million words on N workers, from the measured rates: a worker's throughput is the local
    engine's words/s over the folder divided by its 2 processes, and the Dask engine keeps the
    measured share of it (its scheduling overhead)."""
    per_worker = words / raw["corpus_local_s"] / 2
    efficiency = min(1.0, raw["corpus_local_s"] / raw["corpus_dask_s"])
    cells = []
    for workers in (2, 16, 64, 256):
        hours = 1e8 / (per_worker * efficiency * workers) / 3600
        cells.append(f"{workers}: {hours:,.1f} h" if hours >= 1 else f"{workers}: {60 * hours:.0f} min")
    return [Row(f"100M words projected (per worker {per_worker:,.0f} words/s × dask efficiency {efficiency:.2f})",
                "; ".join(cells))]  # fmt: skip


def _verdict(ok: bool, note: str = "") -> str:
    return (note + " " if note else "") + ("met" if ok else "not met")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--docs", type=int, default=1000, help="synthetic corpus size (with a kill -9 and resume)")
    parser.add_argument("--large-docs", type=int, help="a second, larger synthetic corpus for the cost per word")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--skip", nargs="*", default=(), choices=("folder", "edit", "corpus", "synthetic"))
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    words = sum(count_words(f) for f in files)
    load = os.getloadavg()
    rows: list[Row] = []
    raw: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="contractlint-scale-") as tmp:
        work = Path(tmp)
        if "folder" not in args.skip:
            found, raw = folder_rows(args.folder, files, words, work)
            rows += found
        if "edit" not in args.skip:
            rows += edit_rows(files, work)
            rows += one_page_rows(work)
        if "corpus" not in args.skip:
            found, timings = corpus_rows(args.folder, words, int(raw.get("findings", 0)), work)
            rows += found
            raw |= timings
            rows += projection(raw, words)
        if "synthetic" not in args.skip:
            rows += synthetic_rows(files, args.docs, args.large_docs, work)
    after = os.getloadavg()
    block = "\n".join(
        [
            START,
            f"Machine: {machine()}.  Load average (1 min) {load[0]:.2f} before, {after[0]:.2f} after: other "
            "agents shared the 2 cores, so absolute times are pessimistic and ratios noisy.",
            "",
            table(rows),
            END,
        ]
    )
    print(block)
    if not args.no_write:
        text = README.read_text("utf-8")
        if START in text:
            text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
        else:
            text += "\n## Scale (issue 15): `benchmarks/scale.py`\n\n" + block + "\n"
        README.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
