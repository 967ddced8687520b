"""How long `contractlint compliance` takes, and where: loading+parsing+linting vs matching.

    python benchmarks/compliance.py [RFP PROPOSAL ...]

Without arguments: the largest RFP-like pair the team's folder gives, made larger on purpose — the
two Alaska RFPs (015, 126) as one requirements document against the largest agreement (031, about
46,000 words) read as a proposal — so the matching step meets a few hundred requirements and a few
thousand passages.  Prints the counts and the seconds of each step.  A measurement, not a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from contractlint.compliance.match import judge_all
from contractlint.compliance.passages import proposal_passages
from contractlint.compliance.requirements import extract_requirements
from contractlint.config import Config
from contractlint.lint import lint_parsed
from contractlint.loaders import load
from contractlint.nlp import load_pipeline
from contractlint.parse import parse_document

DOCS = Path(__file__).resolve().parents[2] / "shared" / "docs"


def _default_inputs(folder: Path) -> tuple[Path, list[Path]]:
    joined = Path(tempfile.mkdtemp()) / "alaska-rfps.md"
    parts = [
        (DOCS / name).read_text(encoding="utf-8")
        for name in ("015-alaska-ies-milestone2-rfp.md", "126-alaska-eis-search-unification-rfp.md")
    ]
    joined.write_text("\n\n".join(parts), encoding="utf-8")
    return joined, [DOCS / "031-cuad-phasebio-development-large.txt"]


def _step(name: str, start: float, counts: str) -> None:
    print(f"{name:<25}{time.perf_counter() - start:6.2f} s  ({counts})")


def main() -> int:
    if len(sys.argv) >= 3:
        rfp, proposals = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    elif DOCS.is_dir():
        rfp, proposals = _default_inputs(DOCS)
    else:
        print(f"no arguments and no {DOCS}: give RFP PROPOSAL...", file=sys.stderr)
        return 2
    config = Config()
    start = time.perf_counter()
    nlp = load_pipeline()
    print(f"pipeline loaded          {time.perf_counter() - start:6.2f} s")
    start = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401  (imported on first use by the matcher)

    print(f"scikit-learn imported    {time.perf_counter() - start:6.2f} s")
    start = time.perf_counter()
    parsed_rfp = parse_document(load(rfp), config, nlp)
    requirements = extract_requirements(parsed_rfp)
    words = len(parsed_rfp.document.text.split())
    _step("RFP parsed, requirements", start, f"{words:,} words, {len(requirements)} requirements")
    for path in proposals:
        start = time.perf_counter()
        parsed = parse_document(load(path), config, nlp)
        findings = lint_parsed(parsed, config, nlp).findings
        passages = proposal_passages(parsed)
        words = len(parsed.document.text.split())
        _step(
            "proposal parsed, linted", start, f"{words:,} words, {len(passages):,} passages, {len(findings)} findings"
        )
        start = time.perf_counter()
        rows = judge_all(requirements, passages, findings, parsed.document.text)
        _step("matched and judged", start, f"{len(rows)} rows, {len(requirements) * len(passages):,} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
