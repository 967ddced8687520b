"""The corpus dataset on disk: committed batches (parts), what is done, and the compacted tables.

    DIR/findings.parquet    one row per finding   (after the run: the parts compacted)
    DIR/documents.parquet   one row per file
    DIR/parts/<batch>.findings.parquet, DIR/parts/<batch>.documents.parquet   batches committed so far

A batch is committed by writing its findings part and then its documents part, each through a
temporary file and a rename, so a run killed at any moment (Ctrl-C, `kill -9`, a lost machine)
leaves whole parts only, and a batch counts as done only once its documents part exists: findings
parts without one are ignored.  The next run skips every (path, sha256) already in the documents
tables and writes the rest.  Compaction keeps, for each path, the latest committed row and the
findings of that same batch, so even a compaction interrupted half-way leaves no file twice.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import write_atomically
from .rows import Row

if TYPE_CHECKING:
    import pandas as pd

FINDINGS, DOCUMENTS, PARTS = "findings.parquet", "documents.parquet", "parts"
_BATCH = "batch"  # a column of the parts only: which commit a row came from
_COMPACTED = ""  # the batch name of rows read from the compacted tables: older than every part


# The columns a findings table always has, even with no finding in it (more follow from the JSON
# finding: element, section, location, context, also).
FINDING_COLUMNS = (
    *("path", "sha256", "profile", "code", "name", "category", "severity", "message", "hint"),
    *("start", "end", "line", "column", "excerpt", "source", "score"),
)


def _table(rows: list[Row], columns: Sequence[str] = ()) -> bytes:
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=None if rows else list(columns))
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow", index=False)
    return buffer.getvalue()


class Store:
    """The dataset folder: commit batches, say what is done, compact."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._count = 0

    def commit(self, documents: list[Row], findings: list[Row]) -> None:
        """Write one batch: findings first, the documents part last, as the commit."""
        # Names sort in commit order across runs and processes: time, then process, then a counter.
        self._count += 1
        batch = f"{time.time_ns():020d}-{os.getpid()}-{self._count:06d}"
        parts = self.root / PARTS
        rows = [{**r, _BATCH: batch} for r in findings]
        write_atomically(parts / f"{batch}.findings.parquet", _table(rows, (*FINDING_COLUMNS, _BATCH)))
        write_atomically(parts / f"{batch}.documents.parquet", _table([{**r, _BATCH: batch} for r in documents]))

    def _committed(self) -> list[str]:
        folder = self.root / PARTS
        names = (p.name for p in folder.glob("*.documents.parquet")) if folder.is_dir() else ()
        return sorted(n.removesuffix(".documents.parquet") for n in names)

    def _read(self, kind: str) -> pd.DataFrame:
        """The compacted table and every committed part of `kind`, oldest first, with their batch."""
        import pandas as pd

        frames = []
        compacted = self.root / (FINDINGS if kind == "findings" else DOCUMENTS)
        if compacted.is_file():
            frames.append(pd.read_parquet(compacted).assign(**{_BATCH: _COMPACTED}))
        for batch in self._committed():
            part = self.root / PARTS / f"{batch}.{kind}.parquet"
            if part.is_file():
                frames.append(pd.read_parquet(part))
        frames = [f for f in frames if len(f)] or frames[:1]  # empty parts add no rows, only columns
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({_BATCH: []})

    def done(self) -> set[tuple[str, str]]:
        """(path, sha256) of every file whose rows are committed."""
        documents = self._read("documents")
        if "path" not in documents:
            return set()
        return set(zip(documents["path"], documents["sha256"].fillna(""), strict=True))

    def latest(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(findings, documents): each path once, its latest committed row, with that batch's findings."""
        import pandas as pd

        documents = self._read("documents")
        if "path" not in documents:
            return pd.DataFrame(), pd.DataFrame()
        documents = documents.drop_duplicates("path", keep="last")
        findings = self._read("findings")
        if "path" in findings:
            winners = set(zip(documents["path"], documents[_BATCH], strict=True))
            findings = findings[[pair in winners for pair in zip(findings["path"], findings[_BATCH], strict=True)]]
        documents = documents.drop(columns=_BATCH).sort_values("path", kind="stable")
        return findings.drop(columns=_BATCH).reset_index(drop=True), documents.reset_index(drop=True)

    def compact(self) -> tuple[int, int]:
        """Merge the parts into the two tables and delete them; the number of documents and findings."""
        findings, documents = self.latest()
        if "path" not in documents:
            return 0, 0
        write_atomically(self.root / FINDINGS, _frame_bytes(findings))
        write_atomically(self.root / DOCUMENTS, _frame_bytes(documents))
        for part in (self.root / PARTS).glob("*.parquet") if (self.root / PARTS).is_dir() else ():
            part.unlink(missing_ok=True)
        return len(documents), len(findings)


def _frame_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, engine="pyarrow", index=False)
    return buffer.getvalue()


def read_corpus(folder: str | os.PathLike[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, documents) of a corpus dataset written by `contractlint corpus --out FOLDER`.

    Reads the compacted tables; a run that was interrupted before compacting is read from its parts
    (rows committed so far, each file once)."""
    store = Store(Path(folder))
    if (store.root / DOCUMENTS).is_file() and not store._committed():
        import pandas as pd

        return pd.read_parquet(store.root / FINDINGS), pd.read_parquet(store.root / DOCUMENTS)
    findings, documents = store.latest()
    if "path" not in documents:
        raise FileNotFoundError(f"{folder}: no corpus dataset here (run `contractlint corpus ... --out {folder}`)")
    return findings, documents
