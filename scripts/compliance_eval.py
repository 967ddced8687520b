"""Score `contractlint compliance` against our hand labels of the RFP -> proposal pairs.

    python scripts/compliance_eval.py [--labels corpora/compliance/labels.jsonl] [--docs ../shared/docs]
                                      [--pairs 073,126] [--errors] [-v]

Prints, per pair and over the pairs scored: labelled requirements, requirement recall, status
accuracy and F1 of the not-fully-addressed (partial or missing) class.  `--pairs` scores only the
pairs whose RFP file starts with one of the given prefixes (a development set; the rest held out).
`--errors` prints each label got wrong: the requirement, the gold and predicted status, the gold
reason, the predicted reason and the evidence; `-v` the short form, one line each.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from contractlint.compliance import Row, build_report
from contractlint.compliance.evaluate import Label, Scores, best_row, read_labels, score
from contractlint.config import Config

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "corpora" / "compliance" / "labels.jsonl")
    parser.add_argument("--docs", type=Path, default=ROOT.parent / "shared" / "docs")
    parser.add_argument("--pairs", default="", help="comma-separated RFP prefixes to score (default: all)")
    parser.add_argument("--errors", action="store_true", help="print each wrong row in full")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each wrong row on one line")
    args = parser.parse_args()
    wanted = tuple(p for p in args.pairs.split(",") if p)
    pairs: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for label in read_labels(args.labels):
        if not wanted or label.rfp.startswith(wanted):
            pairs[(label.rfp, label.proposal)].append(label)
    total = Scores(0, 0, 0, 0, 0, 0)
    print(f"{'pair':<12} {'labels':>6} {'recall':>7} {'accuracy':>8} {'F1 not-fully':>12}")
    for (rfp, proposal), labels in pairs.items():
        rfp_path, proposal_path = _find(rfp, args), _find(proposal, args)
        if not rfp_path.exists() or not proposal_path.exists():
            print(f"{rfp[:3]}->{proposal[:3]}: skipped, documents not found under {args.docs}", file=sys.stderr)
            continue
        matrix = build_report(rfp_path, [proposal_path], Config()).proposals[0]
        result = score(labels, matrix.rows)
        total += result
        figures = f"{result.labels:>6} {result.recall:>7.2f} {result.accuracy:>8.2f} {result.f1:>12.2f}"
        print(f"{rfp[:3]}->{proposal[:3]:<7} {figures}")
        for label in labels:
            row = best_row(label, matrix.rows)
            if row is not None and row.status == label.status:
                continue
            if args.errors:
                _print_error(label, row)
            elif args.verbose:
                got = f"{row.requirement.id} {row.status}: {row.reason[:110]}" if row else "not extracted"
                print(f"    {label.start:>6} want {label.status:<9} ({label.reason[:50]}) got {got}")
    print(f"{'all':<12} {total.labels:>6} {total.recall:>7.2f} {total.accuracy:>8.2f} {total.f1:>12.2f}")
    return 0


def _find(name: str, args: argparse.Namespace) -> Path:
    ours = args.labels.parent / name
    return ours if ours.exists() else args.docs / name


def _print_error(label: Label, row: Row | None) -> None:
    if row is None:
        print(f"\n  @{label.start}-{label.end} gold {label.status} ({label.reason}): not extracted")
        return
    requirement = " ".join(row.requirement.text.split())
    print(f"\n  {row.requirement.id} @{label.start}: {requirement[:300]}")
    print(f"    gold      {label.status}: {label.reason}")
    print(f"    predicted {row.status}: {row.reason}")
    for evidence in row.evidence:
        print(f"    evidence  [{evidence.score:.2f}] § {evidence.section}: {evidence.excerpt[:220]}")


if __name__ == "__main__":
    sys.exit(main())
