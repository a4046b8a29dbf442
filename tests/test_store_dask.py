"""``nianbao ingest --engine dask``: reading and checking on a Dask cluster (a LocalCluster
here), results streamed back to the one writer: the same reports as the local pool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nianbao import Corpus
from nianbao.ingest import ingest
from nianbao.store import open_store

EXAMPLES = Path(__file__).parent.parent / "examples"


def _summary(url: str) -> list[tuple]:
    rows = Corpus(url).reports()
    return sorted(
        (r["sha256"], r["organ"], r["region"], r["year"], r["errors"], r["warnings"]) for r in rows
    )


@pytest.mark.slow  # a LocalCluster and a CLI run: ~40 s on a shared machine
def test_dask_engine_stores_what_the_local_pool_stores(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = str(tmp_path / "local.sqlite")
    ingest(open_store(local), [EXAMPLES], jobs=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        via_lib = str(tmp_path / "dask.sqlite")
        tally = ingest(open_store(via_lib), [EXAMPLES], scheduler=cluster.scheduler_address)
        assert tally.stored == 5
        via_cli = str(tmp_path / "cli.sqlite")
        cmd = [sys.executable, "-m", "nianbao.cli", "ingest", str(EXAMPLES), "--db", via_cli]
        cmd += ["--engine", "dask", "--scheduler", cluster.scheduler_address]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        assert "入库 5 份" in out
    assert _summary(via_lib) == _summary(local) == _summary(via_cli)


def test_a_task_reads_several_files_unless_threads_would_stand_idle() -> None:
    from nianbao.ingest import _TASK_FILES, task_files

    assert task_files(1000, 2) == _TASK_FILES
    assert task_files(100, 16) == 1  # 100 tasks for 16 threads, not 4
    assert task_files(3, 8) == 1
    assert task_files(0, 0) == 1
    assert 1 < task_files(200, 2) < _TASK_FILES  # 25 files a task: 8 tasks for 2 threads
