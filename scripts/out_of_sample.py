"""The in-sample and out-of-sample rows of docs/quality.md, from one `check --format json` report.

usage:
    contractlint check ../shared/docs --format json --fail-on never --no-model -o rules.json
    python scripts/out_of_sample.py rules.json [--label "rules only"]

Scores the report with ../shared/tools/score_spans.py (the measure used on the team's unseen
documents) over: all 94 labelled documents; the two fixed halves (write rules reading one half,
check them on the other); the 40 documents the first rules were written against (002-060); and
the 54 added later (066-130), which no rule of the first rounds had seen.  Prints one Markdown row
per slice: micro precision, recall and F1.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score_spans.py"
DOCS = SHARED / "docs"
FIRST_NEW = 66  # documents 066-130 were labelled after the first rounds of rules


def _numbers() -> list[int]:
    return sorted({int(p.name[:3]) for p in DOCS.iterdir() if p.name[:3].isdigit()})


def _slices() -> dict[str, list[str]]:
    numbers = _numbers()
    first = ",".join(f"{n:03d}" for n in numbers if n < FIRST_NEW)
    new = ",".join(f"{n:03d}" for n in numbers if n >= FIRST_NEW)
    return {
        "all 94": [],
        "half A": ["--half", "A"],
        "half B": ["--half", "B"],
        "002-060 (first 40)": ["--docs", first],
        "066-130 (54 added later)": ["--docs", new],
    }


def _micro(report: Path, extra: list[str]) -> tuple[float, float, float]:
    out = subprocess.run(
        [sys.executable, str(SCORER), str(report), *extra], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"micro P=([\d.]+) R=([\d.]+) F1=([\d.]+)", out)
    if match is None:
        raise SystemExit(f"no micro line in the scorer's output:\n{out}")
    p, r, f = (float(g) for g in match.groups())
    return p, r, f


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("report", type=Path)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if not SCORER.is_file():
        raise SystemExit(f"{SCORER} not found: this needs ../shared beside the checkout")
    print("| run | slice | P | R | F1 |\n|---|---|---:|---:|---:|")
    for name, extra in _slices().items():
        p, r, f = _micro(args.report, extra)
        print(f"| {args.label} | {name} | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
