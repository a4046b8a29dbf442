"""``kill -9`` in the middle of ``nianbao ingest``: the rerun completes the job with no
duplicate and no lost report, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

import synth
from nianbao.store import open_store
from nianbao.store.schema import reports, sources


def _stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(sources)).scalar_one())


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[synth.Truth]]:
    """Enough reports (138) that an ingest is still running when the poll below sees
    its first batches stored, however fast parsing and checking get: the 42 of
    ``small_corpus`` were sometimes all stored before the kill."""
    out = tmp_path_factory.mktemp("kill_corpus")
    return out, synth.write(out, synth.generate(40, seed=7, rollup=True))


def test_sigkill_mid_ingest_then_rerun(
    db_url: str, kill_corpus: tuple[Path, list[synth.Truth]]
) -> None:
    folder, truths = kill_corpus
    cmd = [sys.executable, "-m", "nianbao.cli", "ingest", str(folder), "--db", db_url]
    cmd += ["--jobs", "2", "--batch-size", "3"]
    open_store(db_url).dispose()  # schema first, so the poll below can count
    # one engine for the poll, without the schema check of each ``open_store``: a poll must
    # be quick to see the run part-way
    poll = open_store(db_url, migrate=False)
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _stored(poll) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-run
    proc.wait()
    killed_at = _stored(poll)
    poll.dispose()
    assert 0 < killed_at < len(truths), "the first run must be killed part-way"
    subprocess.run(cmd, check=True, capture_output=True)
    engine = open_store(db_url)
    with engine.connect() as conn:
        shas = conn.execute(select(sources.c.sha256)).scalars().all()
        keys = conn.execute(select(reports.c.organ, reports.c.year, reports.c.version)).all()
    # broken files of one kind (empty, a truncated zip) can have the same bytes: one source each
    contents = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert len(shas) == len(set(shas)) == len(contents)
    good = [t for t in truths if not t.broken]
    assert sorted((o, y) for o, y, _ in keys) == sorted((t.organ, t.year) for t in good)
    assert {v for _, _, v in keys} == {1}
