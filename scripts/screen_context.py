"""Screen context features for the classifier by grouped CV, without re-linting for each variant.

usage:
    python scripts/screen_context.py build DATASET.pkl      # lint the 94 documents once (~2 min)
    python scripts/screen_context.py run DATASET.pkl VARIANT [VARIANT ...]   # ~4 min per variant

`build` lints every source document of ../shared/data/sow-sentences once (rules only, as training
does) and keeps, per unit, the rule-hit names plus context a check-time scorer could also see
without spaCy's tagger or parser: the enclosing section titles, the block kind, whether the block
before ends with ":" (a lead-in), the profile.  `run` adds a variant's extra names to each unit's hit
names (extra one-hot columns, as the profile already is) and runs `training.evaluate.cross_validate`
— the same outer GroupKFold, `train.fit` and thresholds as `contractlint evaluate` — printing the
combined micro P/R/F1, the ceiling and per-category combined P/R.  Variants join with "+":

    base      the shipped feature set (reproduces `evaluate`: combined 0.752 / 0.576 / 0.652)
    sec       the kind of the two innermost section headings (scope, termination, liability, ...)
    secprof   section kind x profile;  seccat  section kind x each rule category that fired
    list      list item (under a lead-in ending ":") or table cell
    subj      who the words before the first modal name: we / a party / nobody (passive) / other,
              alone and x profile;  subjcat  subject x each rule category that fired
    nb        the rule categories that fired on the previous and next unit
    dense     a category that fired on more than 10% of its document's units
    pos       position of the unit in its document (fifths)
    profcue   profile x each binary lexical cue

An experiment tool (docs/quality.md, Round 4): a feature that wins here would move into
`model/features.py` and `training/rulehits.py`.
"""

from __future__ import annotations

import pickle
import sys
from bisect import bisect_right
from pathlib import Path

import numpy as np

from contractlint.config import Config
from contractlint.finding import SPAN_CATEGORIES
from contractlint.lint import lint_parsed
from contractlint.loaders import load
from contractlint.model import features as feat
from contractlint.nlp import load_pipeline
from contractlint.parse import parse_document
from contractlint.training.data import load_units, source_document
from contractlint.training.dataset import rule_hits
from contractlint.training.evaluate import cross_validate
from contractlint.training.rulehits import rule_columns
from contractlint.training.train import Batch

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = SHARED / "data" / "sow-sentences"
EXTRA = Path(__file__).resolve().parents[1] / "corpora" / "labelled"

SECTION_KINDS = {
    "scope": (
        "scope",
        "statement of work",
        "description of work",
        "services",
        "task",
        "requirement",
        "deliverable",
        "work to be performed",
        "specification",
        "responsibilit",
        "duties",
        "obligations",
    ),
    "termination": ("terminat", "suspen", "cancel", "default"),
    "liability": ("liabilit", "indemn", "warrant", "remed", "damages", "insurance"),
    "payment": ("payment", "fee", "price", "pricing", "compensation", "invoic", "cost", "budget"),
    "performance": (
        "performance",
        "service level",
        "sla",
        "quality",
        "acceptance",
        "inspection",
        "standard",
        "metric",
        "measure",
        "qasp",
        "surveillance",
    ),
    "background": (
        "background",
        "introduction",
        "purpose",
        "objective",
        "overview",
        "goal",
        "mission",
        "summary",
        "about",
        "vision",
        "approach",
        "solution",
        "understanding",
    ),
    "staff": ("personnel", "staff", "qualification", "team", "experience", "resume"),
    "schedule": ("schedule", "timeline", "period of performance", "milestone", "delivery", "term"),
    "instructions": ("instruction", "submission", "proposal", "evaluation", "offeror", "quot", "question", "response"),
    "rights": ("confidential", "data", "security", "privacy", "intellectual property", "license", "ownership"),
}
_PARTY_WORDS = (
    "contractor vendor supplier provider customer client government company offeror consultant licensee licensor "
    "agency buyer seller party parties each either both subcontractor contractors bidder respondent "
    "department state county city university owner"
)
PARTY_WORDS = frozenset(_PARTY_WORDS.split())


def build(out: Path) -> None:
    units, extra = load_units(DATA), load_units(EXTRA)
    nlp = load_pipeline()
    by_document: dict[Path, list[int]] = {}
    for i, unit in enumerate(units):
        by_document.setdefault(source_document(DATA, unit), []).append(i)  # type: ignore[arg-type]
    rows: list[dict] = [{}] * len(units)
    for path, indices in sorted(by_document.items()):
        print(path.name, file=sys.stderr, flush=True)
        parsed = parse_document(load(path), Config(model=False), nlp)
        result = lint_parsed(parsed, Config(model=False), nlp)
        findings = [f for f in result.findings if f.is_span]
        blocks = parsed.document.blocks
        starts = [b.start for b in blocks]
        for i in indices:
            unit = units[i]
            start, end = unit.start or 0, unit.end or 0
            b = max(bisect_right(starts, start) - 1, 0)
            spans = [f for f in findings if f.start is not None and f.end is not None]
            on_unit = [f for f in spans if f.start < end and f.end > start]  # type: ignore[operator]
            rows[i] = {
                "hits": feat.hit_names(on_unit, result.profile or ""),
                "path": parsed.outline.path(b),
                "kind": blocks[b].kind,
                "lead": blocks[b - 1].text.rstrip()[-1:] if b else "",
                "profile": result.profile or "",
                "text": unit.text,
            }
    extra_hits = rule_hits(extra, [EXTRA] * len(extra))
    out.write_bytes(pickle.dumps({"units": units, "rows": rows, "extra": extra, "extra_hits": extra_hits}))


def section_kinds(path: tuple[str, ...]) -> set[str]:
    titles = [title.lower() for title in path[-2:]]
    found = {kind for kind, keys in SECTION_KINDS.items() for title in titles if any(k in title for k in keys)}
    return found or {"none"}


def subject(text: str) -> str:
    """Who the words before the first modal name, read from the words alone (no parser)."""
    tokens = feat.words(text)
    at = next((i for i, t in enumerate(tokens) if t in feat.MODALS), None)
    if at is None:
        return "no-modal"
    before = set(tokens[max(0, at - 6) : at])
    if before & feat.FIRST_PERSON:
        return "we"
    if before & PARTY_WORDS:
        return "party"
    return "passive" if tokens[at + 1 : at + 2] == ["be"] else "other"


def context_names(row: dict, prev: dict | None, nxt: dict | None, variant: set[str]) -> set[str]:
    names: set[str] = set()
    profile = row["profile"]
    fired = [c for c in row["hits"] if c in SPAN_CATEGORIES]
    kinds = section_kinds(row["path"])
    if "sec" in variant:
        names |= {f"section={k}" for k in kinds}
    if "secprof" in variant:
        names |= {f"section={k}|{profile}" for k in kinds}
    if "seccat" in variant:
        names |= {f"section={k}|{c}" for k in kinds for c in fired}
    if "list" in variant and row["kind"] in ("list-item", "table-cell"):
        names.add(f"block={row['kind']}" + ("|lead-in" if row["lead"] == ":" else ""))
    if "subj" in variant:
        who = subject(row["text"])
        names |= {f"subject={who}", f"subject={who}|{profile}"}
    if "subjcat" in variant:
        names |= {f"subject={subject(row['text'])}|{c}" for c in fired}
    if "nb" in variant:
        for side, other in (("prev", prev), ("next", nxt)):
            if other is not None:
                names |= {f"{side}:{c}" for c in other["hits"] if c in SPAN_CATEGORIES}
    if "dense" in variant:
        names |= {f"dense:{c}" for c in fired if row["rates"].get(c, 0) > 0.1}
    if "pos" in variant:
        names.add(f"position={min(int(row['position'] * 5), 4)}")
    if "profcue" in variant:
        cues = zip(feat.CUE_NAMES, feat.cues(row["text"]), strict=True)
        names |= {f"{profile}|{name}" for name, value in cues if value == 1.0}
    return names


def add_document_context(units: list, rows: list[dict]) -> None:
    """Each unit's position in its document and how often each rule name fired there."""
    members: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        members.setdefault(unit.doc, []).append(i)
    for indices in members.values():
        counts: dict[str, int] = {}
        for i in indices:
            for name in rows[i]["hits"]:
                counts[name] = counts.get(name, 0) + 1
        for rank, i in enumerate(indices):
            rows[i]["rates"] = {name: n / len(indices) for name, n in counts.items()}
            rows[i]["position"] = rank / len(indices)


def batch_with(data: dict, variant: set[str]) -> Batch:
    units, rows = data["units"], data["rows"]
    add_document_context(units, rows)
    hits = []
    for i, row in enumerate(rows):
        prev = rows[i - 1] if i and units[i - 1].doc == units[i].doc else None
        nxt = rows[i + 1] if i + 1 < len(rows) and units[i + 1].doc == units[i].doc else None
        hits.append(frozenset(row["hits"]) | context_names(row, prev, nxt, variant))
    everything = [*units, *data["extra"]]
    all_hits = [*hits, *data["extra_hits"]]
    columns = (*rule_columns(), *sorted({n for h in all_hits for n in h} - set(rule_columns())))
    texts = [u.text for u in everything]
    static = np.hstack([feat.rule_matrix(all_hits, columns), feat.cue_matrix(texts)])
    cats = SPAN_CATEGORIES
    labels = np.array([[c in u.labels for c in cats] for u in everything], dtype=np.int8)
    mask = np.array([[u.only is None or c in u.only for c in cats] for u in everything], dtype=bool)
    rule = np.array([[c in h for c in cats] for h in all_hits], dtype=bool)
    primary = np.array([True] * len(units) + [False] * len(data["extra"]))
    return Batch(texts, static, labels, mask, np.array([u.doc for u in everything]), primary, rule)


def report(name: str, metrics: dict) -> str:
    micro = metrics["systems"]["combined"]["micro"]
    top = metrics["ceiling"]
    per = metrics["systems"]["combined"]["categories"]
    cells = " ".join(f"{c}={per[c]['precision']:.2f}/{per[c]['recall']:.2f}" for c in per)
    return (
        f"{name}: combined P {micro['precision']:.3f} R {micro['recall']:.3f} F1 {micro['f1']:.3f}"
        f" | ceiling P {top['precision']:.3f} R {top['recall']:.3f} F1 {top['f1']:.3f} | {cells}"
    )


def main() -> None:
    command, path = sys.argv[1], Path(sys.argv[2])
    if command == "build":
        build(path)
        return
    data = pickle.loads(path.read_bytes())
    for name in sys.argv[3:]:
        variant = {v for v in name.split("+") if v != "base"}
        print(report(name, cross_validate(batch_with(data, variant))), flush=True)


if __name__ == "__main__":
    main()
