"""`contractlint corpus`: lint a whole corpus into a Parquet dataset, on this machine or a Dask cluster.

    discover the files -> skip those already committed (path + sha256) -> lint the rest with an engine
    -> commit rows in batches as files finish (store.py) -> compact into findings/documents.parquet

Engines: `local`, the shared run loop's process pool (`lint.run_files`, as `check --jobs`); `dask`,
an existing Dask distributed cluster (`scheduler="tcp://host:8786"`) or a `LocalCluster` of
`workers` processes.  Either way each file is done by `lint.run_file` with the `CORPUS` job, so its
findings are `check`'s, and a file that fails becomes a documents row with its error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..paths import discover
from .rows import CORPUS, FileRows, Row, sha256_of
from .store import Store, read_corpus

__all__ = ["CorpusRun", "read_corpus", "run_corpus"]

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class CorpusRun:
    """What one run did: files found, already done, done now (with errors), rows, words, seconds."""

    found: int
    skipped_done: int
    done: int
    errors: int
    documents: int
    findings: int
    words: int
    seconds: float


class _Batches:
    """Collects finished files and commits them every `size` files: the unit a kill can lose."""

    def __init__(self, store: Store, size: int, on_file: Callable[[Row], object] | None) -> None:
        self.store, self.size, self.on_file = store, size, on_file
        self.documents: list[Row] = []
        self.findings: list[Row] = []
        self.done = self.errors = self.words = 0
        self.stop_after: int | None = None  # testing hook: see run_corpus(stop_after_batches=...)
        self.committed = 0

    def add(self, rows: FileRows) -> None:
        document, findings = rows.take()
        self.documents.append(document)
        self.findings.extend(findings)
        self.done += 1
        self.errors += document["error"] is not None
        self.words += int(document["words"] or 0)  # type: ignore[call-overload]
        if self.on_file is not None:
            self.on_file(document)
        if len(self.documents) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.documents:
            self.store.commit(self.documents, self.findings)
            self.documents, self.findings = [], []
            self.committed += 1
            if self.stop_after is not None and self.committed >= self.stop_after:
                raise _Stopped


class _Stopped(Exception):
    """Raised by the testing hook after N committed batches: the run ends as if it had been killed."""


def pending(paths: Iterable[Path], store: Store) -> tuple[list[Path], int]:
    """The files under `paths` whose (path, sha256) is not committed yet, and how many were."""
    files = discover(paths).files
    done = store.done()
    todo = [f for f in files if (str(f), sha256_of(f) or "") not in done]
    return todo, len(files) - len(todo)


def run_corpus(
    paths: Iterable[Path],
    out: Path,
    config: Config,
    *,
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = 50,
    on_start: Callable[[int], object] | None = None,
    on_file: Callable[[Row], object] | None = None,
    stop_after_batches: int | None = None,
) -> CorpusRun:
    """Lint every supported file under `paths` not already in the dataset at `out`, commit the rows
    in batches, then compact.  `stop_after_batches` is a testing hook: stop (without compacting)
    once that many batches are committed, as a run killed there would."""
    started = time.perf_counter()
    store = Store(out)
    batches = _Batches(store, batch_size, on_file)
    batches.stop_after = stop_after_batches
    # The engine starts first: a Dask cluster comes up while this process reads the dataset and
    # hashes the files.
    with _engine(engine, config, jobs=jobs, scheduler=scheduler, workers=workers) as run:
        todo, already = pending(paths, store)
        if on_start is not None:
            on_start(len(todo))
        try:
            run(todo, batches.add)
            batches.flush()
        except _Stopped:
            return _summary(batches, len(todo) + already, already, 0, 0, started)
    documents, findings = store.compact()
    return _summary(batches, len(todo) + already, already, documents, findings, started)


def _summary(batches: _Batches, found: int, already: int, documents: int, findings: int, started: float) -> CorpusRun:
    seconds = time.perf_counter() - started
    return CorpusRun(found, already, batches.done, batches.errors, documents, findings, batches.words, seconds)


@contextmanager
def _engine(
    engine: str, config: Config, *, jobs: int, scheduler: str | None, workers: int | None
) -> Iterator[Callable[[list[Path], Callable[[FileRows], None]], None]]:
    """`run(files, sink)`: do every file, handing each file's rows to `sink` as it finishes.  The
    Dask engine connects (or starts its LocalCluster) as soon as it is made, in the background."""
    if engine == "dask":
        from .dask_engine import DaskEngine

        cluster = DaskEngine(config, scheduler=scheduler, workers=workers)
        try:
            yield cluster.run
        finally:
            cluster.close()
        return
    from ..lint import run_files

    def run_locally(files: list[Path], sink: Callable[[FileRows], None]) -> None:
        if files:  # the shared run loop's process pool, as `check --jobs`
            run_files(CORPUS, files, config, jobs=jobs, on_done=sink)

    yield run_locally
