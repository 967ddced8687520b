"""The Dask engine: the same per-file job, run by the workers of a Dask distributed cluster.

Each worker loads the spaCy pipeline and the classifier once, when it joins (`LoadModels`, a worker
plugin), and keeps them for every file it is given (`load_pipeline` and `load_model` are cached per
process).  Workers read the files themselves, by path: on a real cluster the paths must be on a
file system every worker mounts at the same place (NFS, a shared volume).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from ..config import Config
from ..lint import run_file
from .rows import CORPUS, FileRows


class LoadModels(WorkerPlugin):
    """Loads the pipeline (and the classifier, unless the run has none) once per worker."""

    name = "contractlint-models"

    def __init__(self, config: Config) -> None:
        self.config = config

    def setup(self, worker: object) -> None:
        from ..nlp import load_pipeline

        load_pipeline()
        if self.config.model:
            from ..model.persist import load_model

            load_model(self.config.model_path)


def lint_on_worker(path: str, config: Config) -> FileRows:
    return run_file(CORPUS, Path(path), config)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports the error


def run_on_dask(
    files: list[Path],
    config: Config,
    sink: Callable[[FileRows], None],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    processes: bool = True,
) -> None:
    """Submit one task per file and hand the rows to `sink` as tasks finish; a lost worker's tasks
    are run again by Dask elsewhere.  With no `scheduler`, a LocalCluster of `workers` processes
    (one thread each: a spaCy pipeline is not shared between threads)."""
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers or 1, threads_per_worker=1, processes=processes, dashboard_address=None
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        client.register_plugin(LoadModels(config))
        # Largest files first, as the local engine does: a big file started last leaves the other
        # workers idle at the end.  Config travels to the cluster once, not inside every task.
        ordered = sorted(files, key=_size, reverse=True)
        shared_config = client.scatter(config, broadcast=True)
        futures = client.map(lint_on_worker, [str(f) for f in ordered], config=shared_config, pure=False)
        try:
            for future in as_completed(futures):
                rows = future.result()
                future.release()
                sink(rows)
        finally:
            client.cancel(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
