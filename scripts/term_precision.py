"""Precision of each matched phrase against ../shared/data/sow-sentences (a development aid).

usage: python scripts/term_precision.py out.json [--category open-scope] [--min 2]

For every finding inside a labelled unit, counts whether the unit carries the finding's
category; prints phrases (lower-cased excerpts) by number of false alarms, so term lists can be
pruned where the data says a phrase is usually not a problem.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sow-sentences" / "sentences.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("findings")
    parser.add_argument("--category")
    parser.add_argument("--min", type=int, default=1)
    args = parser.parse_args()
    units = collections.defaultdict(list)
    for line in DATA.read_text().splitlines():
        unit = json.loads(line)
        units[unit["doc"]].append(unit)
    hits: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    for file in json.loads(Path(args.findings).read_text())["files"]:
        name = Path(file["path"]).name
        for f in file["findings"]:
            if f["start"] is None or (args.category and f["category"] != args.category):
                continue
            for unit in units.get(name, []):
                if f["start"] < unit["end"] and f["end"] > unit["start"]:
                    gold = {x["category"] for x in unit["labels"]}
                    key = (f["code"], " ".join(f["excerpt"].lower().split()))
                    hits[key][0 if f["category"] in gold else 1] += 1
    rows = sorted(hits.items(), key=lambda kv: (-kv[1][1], -kv[1][0]))
    for (code, phrase), (tp, fp) in rows:
        if tp + fp >= args.min:
            print(f"{code} tp={tp:3d} fp={fp:3d}  {phrase[:80]}")


if __name__ == "__main__":
    main()
