"""Score `contractlint compliance` against our hand labels of the RFP -> proposal pairs.

    python scripts/compliance_eval.py [--labels corpora/compliance/labels.jsonl] [--docs ../shared/docs] [-v]

Prints, per pair and over all pairs: labelled requirements, requirement recall, status accuracy and
F1 of the not-fully-addressed (partial or missing) class; with -v, every label that was got wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from contractlint.compliance import build_report
from contractlint.compliance.evaluate import Label, Scores, best_row, read_labels, score
from contractlint.config import Config

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "corpora" / "compliance" / "labels.jsonl")
    parser.add_argument("--docs", type=Path, default=ROOT.parent / "shared" / "docs")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    pairs: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for label in read_labels(args.labels):
        pairs[(label.rfp, label.proposal)].append(label)
    total = Scores(0, 0, 0, 0, 0, 0)
    print(f"{'pair':<12} {'labels':>6} {'recall':>7} {'accuracy':>8} {'F1 not-fully':>12}")
    for (rfp, proposal), labels in pairs.items():
        folder = args.labels.parent if (args.labels.parent / rfp).exists() else args.docs
        rfp_path = folder / rfp
        proposal_path = (args.labels.parent if (args.labels.parent / proposal).exists() else args.docs) / proposal
        if not rfp_path.exists() or not proposal_path.exists():
            print(f"{rfp[:3]}->{proposal[:3]}: skipped, documents not found under {args.docs}", file=sys.stderr)
            continue
        rows = build_report(rfp_path, [proposal_path], Config()).proposals[0].rows
        result = score(labels, rows)
        total += result
        figures = f"{result.labels:>6} {result.recall:>7.2f} {result.accuracy:>8.2f} {result.f1:>12.2f}"
        print(f"{rfp[:3]}->{proposal[:3]:<7} {figures}")
        if args.verbose:
            for label in labels:
                row = best_row(label, rows)
                if row is None or row.status != label.status:
                    got = f"{row.requirement.id} {row.status}: {row.reason[:110]}" if row else "not extracted"
                    print(f"    {label.start:>6} want {label.status:<9} ({label.reason[:50]}) got {got}")
    print(f"{'all':<12} {total.labels:>6} {total.recall:>7.2f} {total.accuracy:>8.2f} {total.f1:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
