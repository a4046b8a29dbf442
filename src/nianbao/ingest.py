"""``nianbao ingest``: read and check every file in parallel, store through one writer.

Files are found by walking folders (every regular file; the reader decides by content) and
identified by the SHA-256 of their bytes, so a rerun skips what is stored (``retry_failed``
tries recorded failures again). Reading and checking run in worker processes (``jobs``) or on
a Dask cluster (``scheduler``); each worker turns its report into rows (``store.rows``), which
stream back to this process, the one writer, a batch per transaction: a run killed mid-way
loses at most the batch in flight. Then the cross pass (``store.crosscheck``) runs the rules
that compare with other stored reports, on the same workers.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from . import batch
from .errors import NianbaoError
from .extract.sentences import Sentence
from .model import Finding, Report
from .settings import DEFAULT, Settings
from .store import DEFAULT_FILE, crosscheck
from .store.rows import Record, failure, record_of
from .store.writer import Writer, known_sources

T = TypeVar("T")

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
    #: reports whose cross-report rules the cross pass has run
    crossed: int = 0


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
) -> tuple[list[Job], list[Record], int]:
    """The files to read, the files unreadable before reading (missing …), and the skipped count.
    The database is asked about the files' hashes a slice at a time, never for all it holds."""
    jobs: list[Job] = []
    refused: list[Record] = []
    seen: set[str] = set()
    skipped = 0
    hashed: list[tuple[Path, str, int]] = []

    def settle() -> None:
        nonlocal skipped
        known = known_sources(engine, {sha for _, sha, _ in hashed})
        for path, sha, size in hashed:
            status = known.get(sha)
            if sha in seen or status == "ok" or (status == "failed" and not retry_failed):
                skipped += 1
                continue
            seen.add(sha)
            jobs.append(Job(str(path), sha, size))
        hashed.clear()

    for path in walk(paths):
        try:
            sha, size = sha256_of(path)
        except OSError as err:
            reason = f"{path}: 无法读取文件（cannot read file: {err.strerror or err}）"
            refused.append(failure(str(path), _path_hash(path), 0, "OSError", reason))
            continue
        hashed.append((path, sha, size))
        if len(hashed) >= _LOOKUP:
            settle()
    settle()
    return jobs, refused, skipped


#: files whose hashes are looked up in one query (below SQLite's 999 bound parameters)
_LOOKUP = 500


def _path_hash(path: Path) -> str:
    """A stand-in identity for a file whose bytes could not be read."""
    return "path:" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:58]


def work(job: Job, settings: Settings = DEFAULT) -> Record:
    """Read and check one file into its rows (on a Dask worker: ``work_all``); a file that
    cannot be read becomes a recorded failure."""
    from . import parse

    start = time.perf_counter()
    try:
        report = parse(job.path, settings)
        found, split = checked(report, settings)
    except NianbaoError as err:
        seconds = time.perf_counter() - start
        return failure(job.path, job.sha256, job.size, type(err).__name__, str(err), seconds)
    except (RecursionError, MemoryError, ValueError, KeyError, IndexError, TypeError) as err:
        # a reader bug on hostile input: recorded with its cause, the batch goes on
        reason = f"{job.path}: 读取时出错（reader failed: {type(err).__name__}: {err}）"
        seconds = time.perf_counter() - start
        return failure(job.path, job.sha256, job.size, type(err).__name__, reason, seconds)
    seconds = time.perf_counter() - start
    return record_of(job.path, job.sha256, job.size, report, found, seconds, split)


def checked(
    report: Report, settings: Settings = DEFAULT
) -> tuple[list[Finding], tuple[Sentence, ...] | None]:
    """The report's findings, and its narrative's sentences when the rules split it
    (``split_of``)."""
    from .runner import check

    memo: dict[str, Any] = {}
    found = check(report, settings=settings, memo=memo)
    return found, split_of(memo)


def split_of(memo: dict[str, Any]) -> tuple[Sentence, ...] | None:
    """The narrative's sentences as the check's rules split them (``Analysis.sentences``,
    when they did), so that its bands and compared sections need not split it again."""
    from .rules.analysis import Analysis

    analysis = memo.get("analysis")
    if not isinstance(analysis, Analysis):
        return None
    # made when a rule read them: ``Analysis.sentences`` is kept in the instance's ``__dict__``
    # (every check makes its Analysis, before any rule reads it)
    sentences: tuple[Sentence, ...] | None = analysis.__dict__.get("sentences")
    return sentences


def ship(out: batch.Outcome, memo: dict[str, Any]) -> Record:
    """In the batch worker: the report as rows (the writer fills in hash and size)."""
    assert out.report is not None
    return record_of(out.path, "", 0, out.report, out.findings, out.seconds, split_of(memo))


#: what every local worker imports to read, check and store a text report, or to run the
#: cross pass (``_warm_forkserver``), after the caller's main module (the default preload)
_PRELOAD = ["__main__", "nianbao.ingest", "nianbao.readers.text", "nianbao.rules.analysis"]


def _warm_forkserver() -> None:
    """Have the forkserver import the workers' modules once, before it forks them: each
    worker, of the reading pool and of the cross pass, then starts with them loaded instead
    of importing them itself (some 0.7 s of CPU a worker). No effect once the forkserver
    runs (its workers import what they need, as before)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.get_context("forkserver").set_forkserver_preload(_PRELOAD)


def run_local(jobs: Sequence[Job], workers: int, settings: Settings) -> Iterator[Record]:
    """Records as they complete, from ``nianbao.batch`` (a worker process per file slot,
    with its time and memory limits; a crash or a limit becomes that file's failure), taken
    from the workers in a thread of their own (``ahead``)."""
    _warm_forkserver()
    # the cross-report rules run in the cross pass, against the stored reports
    runs = batch.run(
        [j.path for j in jobs], settings=settings, jobs=workers, cross=False, ship=ship
    )
    for out in ahead(runs, _AHEAD):
        job = jobs[out.index]
        if out.shipped is not None:
            yield replace(out.shipped, sha256=job.sha256, size=job.size)
        else:
            error_type, error = out.error_type or "Error", out.error or ""
            yield failure(job.path, job.sha256, job.size, error_type, error, out.seconds)


#: records taken from the workers before the writer asks for them: two batches (``ingest``'s
#: ``batch_size``), some 6 MB
_AHEAD = 100


def ahead(items: Iterator[T], size: int) -> Iterator[T]:
    """``items`` drawn in a thread, up to ``size`` ahead of the caller. The reading pool
    gives a worker its next file only when it is asked for the next record: while the writer
    stored a batch (some 0.1 s), the workers ran out of files and a core stood idle. Once
    the caller stops (done, failed or interrupted), the thread stops drawing and closes
    ``items`` (stopping the workers) within a file's time."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(size)
    stop = threading.Event()

    def put(item: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def draw() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    break
            else:
                put((False, None))
        except BaseException as err:  # the caller's to raise
            put((False, err))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=draw, name="nianbao-ingest-read", daemon=True)
    thread.start()
    try:
        while True:
            more, value = box.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()
        thread.join()


#: how often the drawing thread looks whether its caller stopped, while the caller is busy
_POLL = 0.2


def run_dask(jobs: Sequence[Job], client: Any, settings: Settings) -> Iterator[Record]:
    """Records as they complete on a Dask cluster, several files a task (``task_files``)."""
    from distributed import as_completed

    size = task_files(len(jobs), sum(client.nthreads().values()))
    tasks = [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
    futures = client.map(work_all, tasks, settings=settings, pure=False)
    for future in as_completed(futures):
        yield from future.result()
        future.release()


def task_files(files: int, threads: int) -> int:
    """Files a Dask task reads: ``_TASK_FILES``, fewer when the files are too few to give each
    of the cluster's ``threads`` ``_TASKS_A_THREAD`` tasks (one file a task at the least)."""
    return max(1, min(_TASK_FILES, files // (_TASKS_A_THREAD * max(1, threads))))


#: files a Dask task reads at most. A task costs the scheduler, the worker and the writer's
#: client about as much CPU as reading a text report: with a file a task, a LocalCluster of
#: two workers stored 55-65 reports/s where the local pool stores 85-95 (session 10); with
#: eight, 82-93. With 32 (1,000 files, 2 workers, session 13), the writer spent 0.1-0.4 ms
#: less CPU a report than with eight in 6 runs of 7, the workers' event loops 0.2 ms less.
_TASK_FILES = 32
#: tasks a thread of the cluster gets at least, so that the last ones leave few threads idle
_TASKS_A_THREAD = 4


def work_all(jobs: list[Job], settings: Settings = DEFAULT) -> list[Record]:
    """``work`` for each of several files (one Dask task), the collector as in a pool
    worker (``batch.lent_collector``)."""
    with batch.lent_collector():
        return [work(job, settings) for job in jobs]


def cross_all(
    ids: Sequence[int], url: str, settings: Settings = DEFAULT
) -> list[crosscheck.Crossed]:
    """``crosscheck.cross_chunk`` as a Dask task (``batch.lent_collector``, as ``work_all``)."""
    with batch.lent_collector():
        return crosscheck.cross_chunk(ids, url, settings)


def cross_local(engine: Engine, workers: int, settings: Settings) -> crosscheck.Runner:
    """The cross pass in worker processes reading the database (in this process for one)."""
    if workers <= 1:
        return crosscheck.run_here(engine, settings)
    _warm_forkserver()
    url = engine.url.render_as_string(hide_password=False)

    def run(parts: list[tuple[int, ...]]) -> Iterator[list[crosscheck.Crossed]]:
        ctx = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=batch.quiet_collector
        ) as pool:
            # a few chunks in flight, not all: finished ones would wait in memory for the writer
            window: deque[Future[list[crosscheck.Crossed]]] = deque()
            for part in parts:
                window.append(pool.submit(crosscheck.cross_chunk, part, url, settings))
                if len(window) > 2 * workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()

    return run


def cross_dask(engine: Engine, client: Any, settings: Settings) -> crosscheck.Runner:
    """The cross pass as Dask tasks; the workers reach the database by its URL."""
    from distributed import as_completed

    url = engine.url.render_as_string(hide_password=False)

    def run(parts: list[tuple[int, ...]]) -> Iterator[list[crosscheck.Crossed]]:
        futures = client.map(cross_all, parts, url=url, settings=settings, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()

    return run


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
    """Store every new file under ``paths``, then settle the cross-report rules of every
    report waiting for them; returns what was stored, skipped and refused."""
    todo, refused, skipped = plan(engine, paths, retry_failed=retry_failed)
    tally = Tally(files=len(todo) + len(refused) + skipped, skipped=skipped)
    client = None
    if scheduler is not None:
        from distributed import Client

        client = scheduler if isinstance(scheduler, Client) else Client(str(scheduler))
    try:
        source: Iterable[Record] = (
            run_dask(todo, client, settings) if client else run_local(todo, jobs, settings)
        )
        writer = Writer(engine)
        pending: list[Record] = list(refused)
        tally.failed += len(refused)
        with writer.bulk(len(todo)):
            for record in source:
                pending.append(record)
                if record.ok:
                    tally.stored += 1
                else:
                    tally.failed += 1
                if len(pending) >= batch_size:
                    writer.write(pending)
                    pending = []
                if progress:
                    progress(tally)
            if pending:
                writer.write(pending)

        def crossed(n: int) -> None:
            tally.crossed = n
            if progress:
                progress(tally)

        runner = (
            cross_dask(engine, client, settings) if client else cross_local(engine, jobs, settings)
        )
        crosscheck.cross_pass(engine, runner, progress=crossed)
    finally:
        if client is not None and client is not scheduler:
            client.close()
    return tally


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
