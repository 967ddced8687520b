"""Build the reference set of standard-text shingles shipped in `src/contractlint/data/`.

usage: python scripts/build_shingles.py [../shared/docs] [-o src/contractlint/data/standard-shingles.npy]

Reads every numbered document of the reference folder with contractlint's own loaders (the text
`check` sees), hashes each run of 8 words (`standard.shingle_hashes`), and keeps the hashes that
occur in at least 4 distinct documents from at least 2 publishers: text that recurs nearly
verbatim across documents (FAR clauses quoted in RFQs, agency boilerplate, standard agreement
terms).  One publisher's template repeated in its own documents (four Alaska RFPs share a
deliverables table) is that publisher's drafting, still open to review, so it does not count:
the publisher is the second word of the file name (`126-alaska-...`), except for the CUAD filings
and the proposals, each of which has its own author.  Only the sorted
64-bit hashes are written (a .npy of uint64, loaded with allow_pickle=False); no reference text
is copied into the package.  The folder is read here, at build time, and never at check time.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from contractlint.config import Config
from contractlint.loaders import load
from contractlint.standard import MIN_DOCUMENTS, SHINGLES_FILE, shingle_hashes, words

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "docs"


MIN_PUBLISHERS = 2
_SEPARATE_AUTHORS = ("cuad", "proposal")  # collections of documents by unrelated authors


def publisher(path: Path) -> str:
    word = path.stem.split("-")[1] if path.stem.count("-") else path.stem
    return path.stem if word in _SEPARATE_AUTHORS else word


def build(folder: Path) -> np.ndarray:
    """Sorted unique hashes of the shingles found in enough documents and publishers of `folder`."""
    documents: Counter[int] = Counter()
    publishers: dict[int, set[str]] = defaultdict(set)
    for path in sorted(folder.glob("[0-9][0-9][0-9]-*")):
        document = load(path, Config().limits)
        for value in set(shingle_hashes([w.text for w in words(document.blocks)]).tolist()):
            documents[value] += 1
            publishers[value].add(publisher(path))
    kept = [v for v, n in documents.items() if n >= MIN_DOCUMENTS and len(publishers[v]) >= MIN_PUBLISHERS]
    return np.array(sorted(kept), dtype=np.uint64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("-o", "--output", type=Path, default=SHINGLES_FILE)
    args = parser.parse_args()
    hashes = build(args.docs)
    np.save(args.output, hashes, allow_pickle=False)
    size = args.output.stat().st_size
    kept = f"{len(hashes)} shingles in >= {MIN_DOCUMENTS} documents of >= {MIN_PUBLISHERS} publishers"
    print(f"{kept} -> {args.output} ({size} bytes)")


if __name__ == "__main__":
    main()
