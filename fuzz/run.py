"""Long fuzz run: the targets of fuzz/targets.py, round-robin, for a given number of minutes.

    python fuzz/run.py --minutes 60                  # every target, the classifier on
    python fuzz/run.py --minutes 5 --targets docx,bytes --no-model

Each round runs one target for a batch of hypothesis examples (new random inputs each time; no
example database).  A failure is shrunk by hypothesis, printed, saved under --crashes, and the run
goes on.  At the end it prints how many inputs ran, per target, and the failures; the exit code
is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `fuzz` and `tests` (whose offset checks the targets reuse) as packages

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.reporting import with_reporter  # noqa: E402

from contractlint.config import Config  # noqa: E402
from fuzz import targets  # noqa: E402

BATCH = 300


def make_targets(config: Config, scratch: Path) -> dict[str, Callable[[], None]]:
    """One hypothesis test per target; each counts the inputs it ran in COUNTS."""

    def run(name: str, strategy: st.SearchStrategy, check: Callable[[Any], object]) -> Callable[[], None]:
        @settings(max_examples=BATCH, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def test(value: object) -> None:
            COUNTS[name] += 1
            check(value)

        return test

    def text(markdown: bool) -> Callable[[str], object]:
        return lambda value: targets.check_lint(targets.check_text(value, markdown=markdown), config)

    def file(name: str) -> Callable[[bytes], object]:
        return lambda data: targets.check_file(scratch / name, data, config)

    def any_file(pair: tuple[bytes, str]) -> object:
        return targets.check_file(scratch / f"raw{pair[1]}", pair[0], config)

    suffixes = st.sampled_from([".txt", ".md", ".docx", ".pdf"])
    return {
        "text": run("text", targets.contract_text(), text(markdown=False)),
        "markdown": run("markdown", targets.markdown_text(), text(markdown=True)),
        "docx": run("docx", targets.docx_bytes(), file("f.docx")),
        "mutated-docx": run("mutated-docx", targets.mutated_docx(), file("m.docx")),
        "pdf": run("pdf", targets.pdf_bytes(), file("f.pdf")),
        "bytes": run("bytes", st.tuples(targets.raw_bytes, suffixes), any_file),
    }


COUNTS: Counter[str] = Counter()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--targets", default="", help="comma-separated subset (default: all)")
    parser.add_argument("--no-model", action="store_true", help="rules only (the classifier off)")
    parser.add_argument("--crashes", type=Path, default=ROOT / "fuzz" / "crashes", help="where failures are saved")
    args = parser.parse_args()

    config = Config(model=not args.no_model)
    with tempfile.TemporaryDirectory() as scratch:
        tests = make_targets(config, Path(scratch))
        chosen = [t for t in args.targets.split(",") if t] or list(tests)
        unknown = set(chosen) - set(tests)
        if unknown:
            parser.error(f"unknown targets {sorted(unknown)}; choose from {', '.join(tests)}")
        failures = _loop({name: tests[name] for name in chosen}, args.minutes * 60, args.crashes)
    total = sum(COUNTS.values())
    per_target = ", ".join(f"{name} {COUNTS[name]:,}" for name in chosen)
    print(f"fuzz: {total:,} inputs in {args.minutes:g} min ({per_target}); {len(failures)} failures", flush=True)
    for failure in failures:
        print(failure)
    return 1 if failures else 0


def _loop(tests: dict[str, Callable[[], None]], seconds: float, crashes: Path) -> list[str]:
    start = time.monotonic()
    last_report = start
    failures: list[str] = []
    while time.monotonic() - start < seconds:
        for name, test in tests.items():
            if time.monotonic() - start >= seconds:
                break
            notes: list[str] = []
            try:
                with with_reporter(notes.append):  # hypothesis's "Falsifying example" lines
                    test()
            except Exception:
                failures.append(_save(name, notes, traceback.format_exc(), crashes))
            if time.monotonic() - last_report >= 60:
                last_report = time.monotonic()
                minutes = (last_report - start) / 60
                print(f"fuzz: {minutes:.0f} min, {sum(COUNTS.values()):,} inputs, {len(failures)} failures", flush=True)
    return failures


def _save(name: str, notes: list[str], trace: str, crashes: Path) -> str:
    crashes.mkdir(parents=True, exist_ok=True)
    path = crashes / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    path.write_text("\n".join(notes) + "\n\n" + trace, "utf-8")
    summary = f"{name}: {trace.strip().splitlines()[-1]} (saved {path})"
    print("fuzz: FAILURE " + summary, flush=True)
    return summary


if __name__ == "__main__":
    sys.exit(main())
