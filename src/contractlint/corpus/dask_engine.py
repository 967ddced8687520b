"""The Dask engine: the same per-file job, run by the workers of a Dask distributed cluster.

Each worker loads the spaCy pipeline and the classifier once, when it joins (`LoadModels`, a worker
plugin), and keeps them for every file it is given (`load_pipeline` and `load_model` are cached per
process).  Workers read the files themselves, by path: on a real cluster the paths must be on a
file system every worker mounts at the same place (NFS, a shared volume).

`DaskEngine` connects (or starts its `LocalCluster` and has the workers load the models) in a
background thread from the moment it is made, so that start-up overlaps the caller's own work
(reading the dataset, hashing the files); `run` waits for it only when it has files to hand out.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from ..config import Config
from ..lint import run_file
from .rows import CORPUS, FileRows

# Dask settings for the LocalCluster this engine starts; a cluster given by address keeps its own
# (README, "Corpus mode", says what to set there).  Measured over ../shared/docs, 2 workers:
LOCAL_CLUSTER_SETTINGS = {
    # Dask puts MALLOC_TRIM_THRESHOLD_ in its workers' environment so they return memory to the OS
    # sooner; setting any malloc tunable also switches off glibc's dynamic mmap threshold (mallopt(3)),
    # so every array spaCy allocates above 128 KiB is mmap'd and unmapped again: 7 s of system time
    # per worker instead of 1 s, and about 10 s more CPU per worker in all.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The statistical profiler samples the running task's stack every 10 ms on the worker's event
    # loop, taking the GIL from the one thread doing the work; nobody reads the profile here.
    "distributed.worker.profile.enabled": False,
    # Every scheduler, nanny and worker wakes its event loop 50 times a second to time it (a
    # diagnostic), twice a second for psutil figures for the dashboard, and ten times a second for
    # its memory: the scheduler and both nannies live in this process.  Together with the two above:
    # this process 6.6 -> 2.6 s of CPU, the two workers 80.7 -> 76.5 s (the local engine: 0.8 s and
    # 73.3 s).  The memory limits still hold, checked once a second.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


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


def _connect(
    config: Config, scheduler: str | None, workers: int | None, processes: bool
) -> tuple[Client, LocalCluster | None]:
    """A client on the cluster at `scheduler`, or on a new LocalCluster of `workers` processes (one
    thread each: a spaCy pipeline is not shared between threads), with the models loaded on every
    worker."""
    if scheduler is not None:
        client = Client(scheduler)
        client.register_plugin(LoadModels(config))
        return client, None
    with dask.config.set(LOCAL_CLUSTER_SETTINGS):  # read as the scheduler, nannies and workers start
        cluster = LocalCluster(
            n_workers=workers or 1, threads_per_worker=1, processes=processes, dashboard_address=None
        )
        try:
            client = Client(cluster)
            client.register_plugin(LoadModels(config))
        except BaseException:
            cluster.close()
            raise
    return client, cluster


class DaskEngine:
    """A client on a Dask cluster, connecting from the moment it is made; `run` files, then `close`."""

    def __init__(
        self, config: Config, *, scheduler: str | None = None, workers: int | None = None, processes: bool = True
    ) -> None:
        self.config = config
        starter = ThreadPoolExecutor(1, thread_name_prefix="contractlint-dask-start")
        self._started: Future[tuple[Client, LocalCluster | None]] = starter.submit(
            _connect, config, scheduler, workers, processes
        )
        starter.shutdown(wait=False)

    def run(self, files: list[Path], sink: Callable[[FileRows], None]) -> None:
        """Submit one task per file and hand the rows to `sink` as tasks finish; a lost worker's
        tasks are run again by Dask elsewhere."""
        if not files:
            return
        client, _cluster = self._started.result()  # a failure to start or connect is raised here
        # Largest files first, as the local engine does: a big file started last leaves the other
        # workers idle at the end.  Config travels to the cluster once, not inside every task.
        ordered = sorted(files, key=_size, reverse=True)
        shared_config = client.scatter(self.config, broadcast=True)
        futures = client.map(lint_on_worker, [str(f) for f in ordered], config=shared_config, pure=False)
        try:
            for future in as_completed(futures):
                rows = future.result()
                future.release()
                sink(rows)
        finally:
            client.cancel(futures)

    def close(self) -> None:
        try:
            client, cluster = self._started.result()
        except Exception:
            return  # it never started: nothing to close (run, if it was called, raised why)
        client.close()
        if cluster is not None:
            cluster.close()


def run_on_dask(
    files: list[Path],
    config: Config,
    sink: Callable[[FileRows], None],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    processes: bool = True,
) -> None:
    """Every file on a cluster (see `DaskEngine`), started and closed around the run."""
    engine = DaskEngine(config, scheduler=scheduler, workers=workers, processes=processes)
    try:
        engine.run(files, sink)
    finally:
        engine.close()
