"""Batches: many files, each read and checked in a worker process, bounded in time and memory.

This is the one way to process many files (``nianbao check``, ``nianbao parse``, ingest)::

    from nianbao.batch import run
    for out in run(paths, settings=settings, jobs=2):
        out.index, out.path       # the input position and path
        out.report, out.findings  # the Report (None when unreadable) and its findings
        out.error_type, out.error # e.g. "NianbaoError", "PSSyntaxError", "LimitExceeded"
        out.seconds               # wall time the file took

``run(paths, *, settings=DEFAULT, jobs=None, check=True, select=None, skip=None,
previous=None, cross=True, ordered=False, debug=False, contents=None, ship=None)
-> Iterator[Outcome]``

``contents`` maps a path to the bytes to read for it instead of the file (``-``, standard
input, read once by the caller): the worker parses the bytes, so the report has no path.
``pages(path, page, total)`` is called as the recognition (OCR) of each scanned page of a file
starts, for a progress display; ``total`` is None when the reader does not know it yet.

- Each file is read (and checked, unless ``check=False``) in a worker process; any exception
  becomes that file's ``Outcome`` with the exception's type and a one-line reason in Chinese
  and English (``NianbaoError``'s own text for input nianbao cannot read); the traceback is
  kept only with ``debug=True``. The batch always goes on.
- Limits per file, from ``Settings``: wall time ``file_timeout`` (default 60 s) and address
  space ``max_memory_bytes`` (``RLIMIT_AS`` in the worker, default 1.5 GiB). A worker over a
  limit, or one that dies, is replaced and the file is reported as ``LimitExceeded`` (time,
  memory) or ``WorkerCrash``.
- Outcomes are yielded as each file finishes, marked with ``index`` (its input position);
  ``ordered=True`` yields them in input order instead.
- Cross-report rules need other reports: the cross-year rules (``needs_previous``: the same
  organ's report for the year before, paired automatically within the batch, or ``previous``
  for the reports it fits) and the batch comparisons (``needs_peers``: PUB-02, XY-08). With
  ``cross=True`` (the default) those rules run in this process once every file is read, over
  the readable reports in input order, and their findings are merged in catalogue order; the
  outcomes are then yielded in input order. The result equals checking the readable files
  alone, whatever failed beside them and whatever order the workers finished in.
  ``cross=False`` skips those rules and streams every outcome as it finishes.

- ``ship(outcome, memo)``: a picklable module-level function applied in the worker to each
  readable outcome; its result comes back as ``out.shipped`` instead of the Report and
  findings (``out.report`` is None, ``out.ok`` True). ``memo`` is the check's shared reading
  of the report (``runner.check``'s), so what the rules computed (the narrative's sentences)
  is not computed again. A caller that needs only rows from the report (the corpus writer)
  spares the pickling of the whole Report; with ``cross=True`` the cross-report rules need
  the reports, so ``ship`` requires ``cross=False``.

Workers are started with ``forkserver`` (``spawn`` where it is not available), never ``fork``,
so a caller's threads and locks are not copied into them.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
import traceback as tb
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from . import progress
from .errors import NianbaoError
from .model import Finding, Report
from .rule import RULE_ERROR, Rule, iter_rules
from .settings import DEFAULT, Settings

__all__ = ["Outcome", "run"]

_REASON_CHARS = 300
#: the first item of a worker's page progress message (its outcome message is an Outcome)
_PAGE = "page"
#: ``pages(path, page, total)``: a file's scanned page ``page`` is being recognised
PageListener = Callable[[str, int, int | None], None]
#: ``ship(outcome, memo)``: what a worker sends back instead of a readable file's outcome
Ship = Callable[["Outcome", dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file of a batch: its report and findings, or why there are none."""

    index: int
    path: str
    report: Report | None
    findings: tuple[Finding, ...] = ()
    error_type: str | None = None
    error: str | None = None
    seconds: float = 0.0
    #: the worker's traceback, only with ``debug=True`` and only for an unexpected exception
    traceback: str | None = None
    #: ``NianbaoError.code`` ("missing", "corrupt", "limit" …); "unexpected" for any other
    #: exception, "crash" for a worker that died
    code: str | None = None
    #: what ``ship`` made of the report in the worker (the report itself is then None)
    shipped: Any = None

    @property
    def ok(self) -> bool:
        return self.report is not None or self.shipped is not None


@dataclass(frozen=True, slots=True)
class _Job:
    """What every worker does to a file (sent once, when the worker starts)."""

    settings: Settings
    check: bool
    select: tuple[str, ...] | None
    debug: bool
    ship: Ship | None = None


def run(
    paths: Iterable[str | Path],
    *,
    settings: Settings = DEFAULT,
    jobs: int | None = None,
    check: bool = True,
    select: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    previous: Report | None = None,
    cross: bool = True,
    ordered: bool = False,
    debug: bool = False,
    contents: Mapping[str, bytes] | None = None,
    pages: PageListener | None = None,
    ship: Ship | None = None,
) -> Iterator[Outcome]:
    """Read (and check) every path in worker processes; see the module docstring.

    An unknown rule id or tag in ``select``/``skip`` raises ``ValueError`` before any work."""
    from .runner import select_rules

    items = [str(p) for p in paths]
    rules = select_rules(select, skip) if check else []
    deferred = _deferred(rules, previous, cross=cross, batch=len(items) > 1)
    local_ids = tuple(r.id for r in rules if r not in deferred)
    if ship is not None and deferred:
        raise ValueError("ship needs cross=False: the cross-report rules read the reports")
    job = _Job(settings, check, local_ids, debug, ship)
    outcomes = _pool(items, job, jobs, contents or {}, pages)
    if deferred:
        yield from _cross_check(list(outcomes), deferred, settings, previous)
    elif ordered:
        yield from _in_order(outcomes)
    else:
        yield from outcomes


def _deferred(
    rules: Sequence[Rule], previous: Report | None, *, cross: bool, batch: bool
) -> list[Rule]:
    """The selected rules that need other reports (run once every file is read): the batch
    comparisons, and the cross-year rules whenever there is a year to pair with."""
    if not cross:
        return []
    return [
        r
        for r in rules
        if (r.needs_peers and batch) or (r.needs_previous and (batch or previous is not None))
    ]


def _cross_check(
    outcomes: list[Outcome], rules: list[Rule], settings: Settings, previous: Report | None
) -> Iterator[Outcome]:
    """Add the cross-report rules' findings, deterministically: reports in input order. A
    given ``previous`` goes with the reports it is last year's report of; the others keep
    their own previous year from the batch."""
    from .runner import check, pair_previous, previous_misfit

    outcomes.sort(key=lambda o: o.index)
    readable = [o for o in outcomes if o.report is not None]
    reports = [o.report for o in readable if o.report is not None]
    pairs = dict(zip((o.index for o in readable), pair_previous(reports), strict=True))
    if previous is not None:
        for o in readable:
            if o.report is not None and previous_misfit(o.report, previous) is None:
                pairs[o.index] = previous
    ids = [r.id for r in rules]
    order = {r.id: i for i, r in enumerate(iter_rules())}
    for out in outcomes:
        if out.report is None:
            yield out
            continue
        more = check(out.report, pairs[out.index], select=ids, settings=settings, peers=reports)
        merged = sorted((*out.findings, *more), key=lambda f: order.get(_rule_of(f), -1))
        yield replace(out, findings=tuple(merged))


def _rule_of(finding: Finding) -> str:
    if finding.rule == RULE_ERROR:
        return str(finding.values.get("failed_rule", ""))
    return finding.rule


def _in_order(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    waiting: dict[int, Outcome] = {}
    nxt = 0
    for out in outcomes:
        waiting[out.index] = out
        while nxt in waiting:
            yield waiting.pop(nxt)
            nxt += 1


# ---------------------------------------------------------------------------------- the pool


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Worker:
    """One worker process with its pipe and the file it is working on."""

    def __init__(self, ctx: Any, job: _Job, contents: Mapping[str, bytes]) -> None:
        self.contents = contents
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(target=_serve, args=(child, job), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.started = 0.0

    def give(self, task: tuple[int, str]) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send((*task, self.contents.get(task[1])))

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _pool(
    items: list[str],
    job: _Job,
    jobs: int | None,
    contents: Mapping[str, bytes],
    pages: PageListener | None = None,
) -> Iterator[Outcome]:
    """Outcomes as workers finish them; a worker over a limit or dead is replaced."""
    if not items:
        return
    ctx = _context()
    pending = deque(enumerate(items))
    count = max(1, min(jobs or os.cpu_count() or 1, len(items)))
    workers: list[_Worker] = []
    timeout = job.settings.file_timeout
    try:
        workers = [_Worker(ctx, job, contents) for _ in range(count)]
        for w in workers:
            if pending:
                w.give(pending.popleft())
        while any(w.task is not None for w in workers):
            busy = [w for w in workers if w.task is not None]
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + timeout - now for w in busy))
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                out, retire = _collect(w, ready, timeout, job.settings, pages)
                if out is None:
                    continue
                yield out
                w.task = None
                if retire:
                    w.stop(kill=True)
                    w = workers[i] = _Worker(ctx, job, contents)
                if pending:
                    w.give(pending.popleft())
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)


def _collect(
    w: _Worker,
    ready: list[Any],
    timeout: float,
    settings: Settings,
    pages: PageListener | None = None,
) -> tuple[Outcome | None, bool]:
    """The worker's outcome if it has one (and whether to replace the worker), else None;
    page progress messages on the way go to ``pages``."""
    assert w.task is not None
    index, path = w.task
    elapsed = time.monotonic() - w.started
    if w.conn in ready or w.process.sentinel in ready:
        try:
            while w.conn.poll():
                message = w.conn.recv()
                if message[0] == _PAGE:
                    if pages is not None:
                        pages(path, message[1], message[2])
                    continue
                out, retire = message
                return out, retire
        except (EOFError, OSError):
            pass
        if not w.process.is_alive() or w.process.sentinel in ready:
            w.process.join(timeout=1)
            return _crashed(index, path, w.process.exitcode, elapsed, settings), True
    if elapsed >= timeout:
        err = NianbaoError(
            path,
            f"处理时间超过上限 {timeout:g} 秒，已中止",
            f"over the time limit of {timeout:g} s; stopped",
            code="limit",
        )
        return Outcome(
            index, path, None, (), "LimitExceeded", str(err), elapsed, code="limit"
        ), True
    return None, False


def _crashed(
    index: int, path: str, exitcode: int | None, elapsed: float, settings: Settings
) -> Outcome:
    limit = settings.max_memory_bytes
    if exitcode is not None and exitcode < 0 and limit:
        zh = f"处理进程异常终止（信号 {-exitcode}），可能超过内存上限 {limit / 2**20:.0f} MiB"
        en = f"worker killed by signal {-exitcode}, probably over the memory limit"
    else:
        zh, en = f"处理进程异常退出（退出码 {exitcode}）", f"worker exited with code {exitcode}"
    err = NianbaoError(path, zh, en, code="crash")
    return Outcome(index, path, None, (), "WorkerCrash", str(err), elapsed, code="crash")


# ---------------------------------------------------------------------------------- the worker


def _serve(conn: Connection, job: _Job) -> None:
    """Worker loop: limit the address space, then read and check one file per message.
    Libraries' log warnings (pdfminer's on every damaged stream) are silenced: what matters
    reaches the outcome."""
    logging.disable(logging.WARNING)
    quiet_collector()
    _limit_memory(job.settings.max_memory_bytes)
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, path, data = task
        progress.listen(lambda page, total: conn.send((_PAGE, page, total)))
        memo: dict[str, Any] = {}
        out, retire = process_one(index, path, job, data, memo)
        if job.ship is not None and out.report is not None:
            try:
                out = replace(out, report=None, findings=(), shipped=job.ship(out, memo))
            except Exception as err:  # the caller's conversion failed on this report only
                out = _failure(index, path, err, out.seconds, debug=job.debug)
        progress.listen(None)
        try:
            conn.send((out, retire))
        except Exception as err:  # an unpicklable result must still answer for its file
            conn.send((_failure(index, path, err, out.seconds, debug=job.debug), retire))
        if retire:
            return  # the heap may be fragmented near the limit: start afresh
        if gc.get_count()[2]:  # objects reached the oldest generation: see quiet_collector
            gc.collect()


def quiet_collector() -> None:
    """In a worker process: the cyclic collector leaves alone what the process holds when it
    starts (the modules, SQLAlchemy's above all, which a full collection walked in some
    70 ms) and runs a fourteenth as often (a file's or a chunk's objects mostly die by their
    reference counts before it would look at them). Its share of a worker's CPU: reading
    0.9 ms a report before, 0.1 after; the cross pass 1.4 ms, 0.3.

    The oldest generation, though, was then never collected in a reading worker (no full
    collection in 10,000 files): reference cycles among objects that had lived through a
    young collection stayed in it for good (a Markdown table's readings, some 200,000 tuples
    held by nested functions that call themselves), and a worker grew from 65 to 126 MB over
    10,000 files. So ``_serve`` collects in full after a file that moved objects into the
    oldest generation (``gc.get_count()[2]``: collections of the middle one since the last
    full one): 9 times in those 10,000 files, 0.3 s of CPU in all; the worker ends at 85 MB."""
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, 10, 10)


#: container objects allocated (net) before the collector looks at the young ones (700 by default)
_YOUNG_OBJECTS = 10_000


@contextmanager
def lent_collector() -> Iterator[None]:
    """In a process that is not ours (a Dask worker): the young objects looked at as seldom as
    in our workers (``quiet_collector``) while the block runs, the threshold restored once the
    last such block in the process ends (a worker may run several tasks at once). With
    Dask's default, what a report's reading keeps alive for a while (a Markdown table's
    readings: 200,000 tuples) was promoted to the oldest generation, and the collections it
    set off walked the worker's whole heap (Dask's modules): 0.8-0.9 of a 1,000-file run's
    5 s of workers' CPU, 0.2 with this. The heap is not frozen: the process is the user's."""
    global _lent, _threshold
    with _lent_lock:
        if not _lent:
            _threshold = gc.get_threshold()
            gc.set_threshold(max(_YOUNG_OBJECTS, _threshold[0]), *_threshold[1:])
        _lent += 1
    try:
        yield
    finally:
        with _lent_lock:
            _lent -= 1
            if not _lent:
                gc.set_threshold(*_threshold)


#: blocks inside ``lent_collector`` now, and the thresholds they found
_lent = 0
_threshold: tuple[int, ...] = gc.get_threshold()
_lent_lock = threading.Lock()


def _limit_memory(limit: int | None) -> None:
    """RLIMIT_AS, and at most two malloc arenas: glibc reserves 64 MiB of address space per
    thread arena, which would count against the limit on a machine with many cores."""
    if not limit:
        return
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still holds
        return
    _few_arenas()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _few_arenas() -> None:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(name), "mallopt", None) if name else None
    if mallopt is not None:  # glibc only
        mallopt(_M_ARENA_MAX, 2)


_M_ARENA_MAX = -8


def process_one(
    index: int, path: str, job: _Job, data: bytes | None = None, memo: dict[str, Any] | None = None
) -> tuple[Outcome, bool]:
    """Read and check one file (or ``data`` given for it); every exception becomes the file's
    error record. The flag says the worker hit its memory limit and should be replaced.
    ``memo``: the check's shared reading of the report (``runner.check``), for ``ship``."""
    from . import parse
    from .runner import check

    start = time.monotonic()
    try:
        report = parse(path if data is None else data, job.settings)
        findings: tuple[Finding, ...] = ()
        if job.check:
            found = check(report, select=job.select, settings=job.settings, memo=memo)
            findings = tuple(found)
        return Outcome(index, path, report, findings, seconds=time.monotonic() - start), False
    except NianbaoError as err:
        seconds = time.monotonic() - start
        name = type(err).__name__
        return Outcome(index, path, None, (), name, str(err), seconds, code=err.code), False
    except MemoryError:
        limit = job.settings.max_memory_bytes or 0
        over = NianbaoError(
            path,
            f"内存用量超过上限 {limit / 2**20:.0f} MiB，已中止",
            f"over the memory limit of {limit / 2**20:.0f} MiB; stopped",
            code="limit",
        )
        seconds = time.monotonic() - start
        return Outcome(
            index, path, None, (), "LimitExceeded", str(over), seconds, code="limit"
        ), True
    except Exception as err:  # a reader bug or a library's exception: this file only
        return _failure(index, path, err, time.monotonic() - start, debug=job.debug), False


def _failure(index: int, path: str, err: Exception, seconds: float, *, debug: bool) -> Outcome:
    name = type(err).__name__
    detail = " ".join(str(err).split())[:_REASON_CHARS] or name
    text = str(
        NianbaoError(
            path,
            f"读取或检查时出错（{name}：{detail}）",
            f"unexpected {name} while reading or checking",
        )
    )
    trace = "".join(tb.format_exception(err)) if debug else None
    return Outcome(index, path, None, (), name, text, seconds, trace, code="unexpected")
