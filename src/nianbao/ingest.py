"""``nianbao ingest``: read and check every file in parallel, store through one writer.

Files are found by walking folders (every regular file; the reader decides by content) and
identified by the SHA-256 of their bytes, so a rerun skips what is stored (``retry_failed``
tries recorded failures again). Reading and checking run in worker processes (``jobs``) or on
a Dask cluster (``engine="dask"``); the results stream back to this process, which writes
them a batch per transaction: a run killed mid-way loses at most the batch in flight.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from .errors import NianbaoError
from .settings import DEFAULT, Settings
from .store import DEFAULT_FILE
from .store.writer import Outcome, known_sources, write_batch

#: files a folder walk leaves out: the default database and its journals
_OWN_FILES = (DEFAULT_FILE, f"{DEFAULT_FILE}-wal", f"{DEFAULT_FILE}-shm", f"{DEFAULT_FILE}-journal")


@dataclass(frozen=True, slots=True)
class Job:
    path: str
    sha256: str
    size: int


@dataclass(slots=True)
class Tally:
    """What a run did, for the progress bar and the summary line."""

    files: int = 0
    skipped: int = 0
    stored: int = 0
    failed: int = 0


def walk(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Every regular file under ``paths`` (sorted), hidden files and the database left out."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if f.is_file() and not any(part.startswith(".") for part in rel):
                    if f.name not in _OWN_FILES:
                        yield f.resolve()
        else:
            yield path.resolve()


def sha256_of(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def plan(
    engine: Engine, paths: Sequence[str | Path], *, retry_failed: bool = False
) -> tuple[list[Job], list[Outcome], int]:
    """The files to read, the files unreadable before reading (missing …), and the skipped count."""
    known = known_sources(engine)
    jobs: list[Job] = []
    refused: list[Outcome] = []
    seen: set[str] = set()
    skipped = 0
    for path in walk(paths):
        try:
            sha, size = sha256_of(path)
        except OSError as err:
            reason = f"{path}: 无法读取文件（cannot read file: {err.strerror or err}）"
            refused.append(
                Outcome(str(path), _path_hash(path), 0, error_type="OSError", error=reason)
            )
            continue
        status = known.get(sha)
        if sha in seen or status == "ok" or (status == "failed" and not retry_failed):
            skipped += 1
            continue
        seen.add(sha)
        jobs.append(Job(str(path), sha, size))
    return jobs, refused, skipped


def _path_hash(path: Path) -> str:
    """A stand-in identity for a file whose bytes could not be read."""
    return "path:" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:58]


def work(job: Job, settings: Settings = DEFAULT) -> Outcome:
    """Read and check one file; a file that cannot be read becomes a recorded failure."""
    from . import parse
    from .runner import check

    start = time.perf_counter()
    try:
        report = parse(job.path, settings)
        found = check(report, settings=settings)
    except NianbaoError as err:
        return Outcome(
            job.path,
            job.sha256,
            job.size,
            error_type=type(err).__name__,
            error=str(err),
            seconds=time.perf_counter() - start,
        )
    except (RecursionError, MemoryError, ValueError, KeyError, IndexError, TypeError) as err:
        # a reader bug on hostile input: recorded with its cause, the batch goes on
        return Outcome(
            job.path,
            job.sha256,
            job.size,
            error_type=type(err).__name__,
            error=f"{job.path}: 读取时出错（reader failed: {type(err).__name__}: {err}）",
            seconds=time.perf_counter() - start,
        )
    return Outcome(
        job.path,
        report.source.sha256 if report.source.sha256 == job.sha256 else job.sha256,
        job.size,
        report=report,
        findings=tuple(found),
        seconds=time.perf_counter() - start,
    )


def run_local(jobs: Sequence[Job], workers: int, settings: Settings) -> Iterator[Outcome]:
    """Outcomes as they complete, from ``nianbao.batch`` (a worker process per file slot,
    with its time and memory limits; a crash or a limit becomes that file's failure)."""
    from .batch import run

    # the cross-report rules run in the writer, against the stored reports
    for out in run([j.path for j in jobs], settings=settings, jobs=workers, cross=False):
        job = jobs[out.index]
        yield Outcome(
            job.path,
            job.sha256,
            job.size,
            report=out.report,
            findings=out.findings,
            error_type=out.error_type,
            error=out.error,
            seconds=out.seconds,
        )


def run_dask(jobs: Sequence[Job], scheduler: str | object, settings: Settings) -> Iterator[Outcome]:
    """Outcomes as they complete on a Dask cluster (a ``tcp://`` address or a Client)."""
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(str(scheduler))
    try:
        futures = client.map(work, list(jobs), settings=settings, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()
    finally:
        if client is not scheduler:
            client.close()


def ingest(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    jobs: int = 1,
    retry_failed: bool = False,
    batch_size: int = 50,
    settings: Settings = DEFAULT,
    scheduler: str | object | None = None,
    progress: Callable[[Tally], None] | None = None,
) -> Tally:
    """Store every new file under ``paths``; returns what was stored, skipped and refused."""
    todo, refused, skipped = plan(engine, paths, retry_failed=retry_failed)
    tally = Tally(files=len(todo) + len(refused) + skipped, skipped=skipped)
    source: Iterable[Outcome] = (
        run_dask(todo, scheduler, settings)
        if scheduler is not None
        else run_local(todo, jobs, settings)
    )
    batch: list[Outcome] = list(refused)
    tally.failed += len(refused)
    for outcome in source:
        batch.append(outcome)
        if outcome.report is None:
            tally.failed += 1
        else:
            tally.stored += 1
        if len(batch) >= batch_size:
            write_batch(engine, batch)
            batch = []
        if progress:
            progress(tally)
    if batch:
        write_batch(engine, batch)
    return tally


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
