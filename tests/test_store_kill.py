"""``kill -9`` in the middle of ``nianbao ingest``: the rerun completes the job with no
duplicate and no lost report, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

import synth
from nianbao.store import open_store
from nianbao.store.schema import reports, sources


def _stored(url: str) -> int:
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(sources)).scalar_one())
    finally:
        engine.dispose()


def test_sigkill_mid_ingest_then_rerun(
    db_url: str, small_corpus: tuple[Path, list[synth.Truth]]
) -> None:
    folder, truths = small_corpus
    cmd = [sys.executable, "-m", "nianbao.cli", "ingest", str(folder), "--db", db_url]
    cmd += ["--jobs", "2", "--batch-size", "3"]
    open_store(db_url).dispose()  # schema first, so the poll below can count
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _stored(db_url) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-run
    proc.wait()
    killed_at = _stored(db_url)
    assert 0 < killed_at < len(truths), "the first run must be killed part-way"
    subprocess.run(cmd, check=True, capture_output=True)
    engine = open_store(db_url)
    with engine.connect() as conn:
        shas = conn.execute(select(sources.c.sha256)).scalars().all()
        keys = conn.execute(select(reports.c.organ, reports.c.year, reports.c.version)).all()
    assert len(shas) == len(set(shas)) == len(truths)
    good = [t for t in truths if not t.broken]
    assert sorted((o, y) for o, y, _ in keys) == sorted((t.organ, t.year) for t in good)
    assert {v for _, _, v in keys} == {1}
