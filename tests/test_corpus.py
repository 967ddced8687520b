"""`contractlint corpus`: the Parquet dataset, the local and Dask engines, resuming, read_corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster

import contractlint
from contractlint.config import Config
from contractlint.corpus import run_corpus
from contractlint.corpus.store import PARTS

from .conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "vendor-a").mkdir(parents=True)
    (docs / "vendor-b").mkdir()
    for number, fixture in enumerate(sorted(FIXTURES.glob("*.md"))):
        shutil.copy(fixture, docs / ("vendor-a" if number % 2 else "vendor-b") / fixture.name)
    (docs / "vendor-b" / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    return docs


def _check_findings(folder: Path) -> dict[str, int]:
    report = json.loads(run_cli("check", "--format", "json", "--jobs", "1", "--no-cache", str(folder)).stdout)
    return {f["path"]: len(f["findings"]) for f in report["files"]}


def _per_path(findings: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in findings.groupby("path").size().items()}


def test_local_engine_writes_the_dataset_with_checks_findings(folder: Path, tmp_path: Path) -> None:
    result = run_cli("corpus", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--batch-size", "3")
    assert result.exit_code == 2, result.output  # the broken file is an error row; the others are done
    assert "8 documents" in result.output and "1 with errors" in result.output
    findings, documents = contractlint.read_corpus(tmp_path / "out")
    assert not (tmp_path / "out" / PARTS).exists() or not any((tmp_path / "out" / PARTS).iterdir())
    assert len(documents) == 8 and documents["path"].is_unique
    broken = documents.set_index("path").loc[str(folder / "vendor-b" / "broken.docx")]
    assert broken["error"] and broken["findings"] == 0
    expected = _check_findings(folder)
    assert _per_path(findings) == {p: n for p, n in expected.items() if n}
    assert documents.set_index("path")["findings"].to_dict() == expected
    assert {"code", "category", "severity", "excerpt", "line", "sha256", "profile"} <= set(findings.columns)
    assert (documents["warnings"] + documents["errors"] + documents["infos"] == documents["findings"]).all()


def test_dask_engine_on_an_existing_cluster_gives_the_same_rows(folder: Path, tmp_path: Path) -> None:
    run_corpus([folder], tmp_path / "local", Config(), jobs=1)
    local_findings, local_documents = contractlint.read_corpus(tmp_path / "local")
    # A real scheduler and worker, in this process (threads) to keep the suite fast; the benchmark
    # runs a multi-process LocalCluster.
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        result = run_cli("corpus", str(folder), "--out", str(tmp_path / "dask"), "--scheduler", address)
    assert result.exit_code == 2, result.output
    findings, documents = contractlint.read_corpus(tmp_path / "dask")
    assert len(findings) == len(local_findings) == sum(_check_findings(folder).values())
    # Files finish in any order; within a file the findings keep check's order.
    def ordered(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sort_values("path", kind="stable").reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(findings), ordered(local_findings))
    assert documents.drop(columns="error").equals(local_documents.drop(columns="error"))


def test_dask_engine_starts_a_multi_process_local_cluster_with_its_settings(folder: Path, tmp_path: Path) -> None:
    """The engine's own LocalCluster: a worker process started in the background, its environment
    without Dask's malloc tunable, its profiler off, and the same findings as the local engine."""
    import os

    import dask

    from contractlint.corpus.dask_engine import DaskEngine
    from contractlint.corpus.rows import FileRows

    config = Config(model=False)
    run_corpus([folder], tmp_path / "local", config, jobs=1)
    local_findings, _local_documents = contractlint.read_corpus(tmp_path / "local")
    engine = DaskEngine(config, workers=1)
    done: list[FileRows] = []
    try:
        client, cluster = engine._started.result()
        assert cluster is not None and cluster.processes
        ((pid, trim, profiling),) = client.run(
            lambda: (
                os.getpid(),
                os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                dask.config.get("distributed.worker.profile.enabled"),
            )
        ).values()
        assert pid != os.getpid() and trim is None and profiling is False
        engine.run(sorted(p for p in folder.rglob("*") if p.is_file()), done.append)
    finally:
        engine.close()
    per_path = {str(rows.document["path"]): len(rows.findings) for rows in done}
    assert {p: n for p, n in per_path.items() if n} == _per_path(local_findings)


def test_an_interrupted_run_resumes_with_every_file_exactly_once(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stopped = run_corpus([folder], out, Config(model=False), jobs=1, batch_size=3, stop_after_batches=1)
    assert stopped.done == 3 and stopped.documents == 0  # one batch committed, nothing compacted
    assert len(list((out / PARTS).glob("*.documents.parquet"))) == 1
    _findings, partial = contractlint.read_corpus(out)  # what is committed is readable already
    assert len(partial) == 3
    # A run killed between a batch's findings part and its documents part leaves an orphan: ignored.
    orphan = next((out / PARTS).glob("*.findings.parquet"))
    shutil.copy(orphan, out / PARTS / "99999999999999999999-1-000001.findings.parquet")
    resumed = run_corpus([folder], out, Config(model=False), jobs=1, batch_size=3)
    assert resumed.skipped_done == 3 and resumed.done == 5
    findings, documents = contractlint.read_corpus(out)
    whole = run_corpus([folder], tmp_path / "whole", Config(model=False), jobs=1)
    assert whole.done == 8
    all_findings, all_documents = contractlint.read_corpus(tmp_path / "whole")
    assert sorted(documents["path"]) == sorted(all_documents["path"]) and documents["path"].is_unique
    assert len(findings) == len(all_findings) and _per_path(findings) == _per_path(all_findings)
    again = run_corpus([folder], out, Config(model=False), jobs=1)
    assert again.done == 0 and again.skipped_done == 8 and again.documents == 8


def test_an_edited_file_replaces_its_rows(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_corpus([folder], out, Config(model=False), jobs=1)
    target = next(folder.glob("*/report_sow.md"))
    target.write_text("# SOW\n\nThe Vendor shall reply promptly.\n", "utf-8")
    rerun = run_corpus([folder], out, Config(model=False), jobs=1)
    assert rerun.done == 1
    findings, documents = contractlint.read_corpus(out)
    assert len(documents) == 8
    assert findings[findings["path"] == str(target)]["excerpt"].tolist() == ["promptly"]


def test_progress_on_a_terminal_shows_files_per_second_and_eta(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from contractlint import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(cli, "_stderr", lambda: terminal)
    result = run_cli("corpus", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-model")
    assert result.exit_code == 2, result.output
    shown = terminal.getvalue()
    assert "Corpus" in shown and "8/8" in shown and "files/s" in shown and "ETA" in shown
    assert "files/s" in result.output and "words/s" in result.output  # the closing summary line


def test_kill_9_half_way_then_rerun_gives_each_file_once(folder: Path, tmp_path: Path) -> None:
    """A real SIGKILL of the command while it commits batches, then the same command again."""
    import os
    import signal
    import subprocess
    import sys
    import time

    for copy in range(2):  # 24 files: the run lasts long enough to be killed in the middle
        shutil.copytree(folder / "vendor-a", folder / f"vendor-c{copy}")
        shutil.copytree(folder / "vendor-b", folder / f"vendor-d{copy}")
    total = len([p for p in folder.rglob("*") if p.is_file()])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "contractlint", "corpus", str(folder), "--out", str(out)]
    command += ["--batch-size", "2", "--jobs", "1", "--no-model"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    committed: list[Path] = []
    while process.poll() is None and len(committed) < 2:
        time.sleep(0.02)
        committed = list((out / PARTS).glob("*.documents.parquet")) if (out / PARTS).is_dir() else []
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 2 <= len(committed) < total // 2, "the run ended before it could be killed half-way"
    assert not (out / "documents.parquet").exists()
    resumed = run_corpus([folder], out, Config(model=False), jobs=1)
    assert resumed.skipped_done >= 4 and resumed.skipped_done + resumed.done == total
    findings, documents = contractlint.read_corpus(out)
    run_corpus([folder], tmp_path / "whole", Config(model=False), jobs=1)
    whole_findings, whole_documents = contractlint.read_corpus(tmp_path / "whole")
    assert sorted(whole_documents["path"]) == sorted(documents["path"])
    assert len(documents) == total and documents["path"].is_unique
    assert _per_path(findings) == _per_path(whole_findings) and len(findings) == len(whole_findings)
