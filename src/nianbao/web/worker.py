"""Reading and checking uploads off the request thread: a queue, one thread, ``nianbao.batch``.

An upload becomes a ``Job``; the thread takes every waiting job, reads and checks them in
worker processes (``nianbao.batch``: the per-file time and memory limits of the CLI), and
stores each report through the corpus writer (and its cross pass: previous year, versions,
copies) as soon as it is checked, so the upload page shows each verdict as it comes. A file that cannot be read is reported on its job and
nothing of it is kept (its stored bytes are removed).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Engine, select

from ..model import Finding, Location, Report
from ..settings import Settings
from ..store import crosscheck
from ..store.rows import record_of
from ..store.schema import reports, sources
from ..store.writer import Writer
from .uploads import Blobs, Upload

#: finished jobs remembered for the upload page (the oldest are forgotten first)
KEEP_JOBS = 2000
STATUS_ZH = {"queued": "排队中", "running": "读取检查中", "done": "已完成", "failed": "无法读取"}


@dataclass
class Job:
    id: str
    name: str
    sha256: str
    size: int
    kind: str
    status: str = "queued"
    report_id: int | None = None
    errors: int = 0
    warnings: int = 0
    error: str | None = None
    #: "这份文件已在数据库中" when the same bytes were stored before
    note: str | None = None
    created: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def status_zh(self) -> str:
        return STATUS_ZH[self.status]

    @property
    def verdict(self) -> str | None:
        if self.status != "done":
            return None
        if self.errors:
            return f"需修改：错误 {self.errors} 处"
        if self.warnings:
            return f"建议修改：警告 {self.warnings} 处"
        return "未发现错误或警告"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "sha256": self.sha256,
            "size": self.size,
            "kind": self.kind,
            "status": self.status,
            "status_zh": self.status_zh,
            "report_id": self.report_id,
            "errors": self.errors,
            "warnings": self.warnings,
            "verdict": self.verdict,
            "error": self.error,
            "note": self.note,
        }


class Worker:
    def __init__(self, engine: Engine, blobs: Blobs, settings: Settings, *, jobs: int = 1) -> None:
        self.engine = engine
        self.blobs = blobs
        self.settings = settings
        self.processes = max(1, jobs)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: list[Job] = []
        self._cond = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ the request side

    def submit(self, upload: Upload) -> Job:
        """A job for a validated upload whose bytes are stored; already stored → done at once."""
        job = Job(uuid.uuid4().hex, upload.name, upload.sha256, upload.size, upload.kind)
        stored = self._stored(upload.sha256)
        with self._cond:
            self._remember(job)
            if stored is not None:
                job.status, job.report_id = "done", stored[0]
                job.errors, job.warnings = stored[1], stored[2]
                job.note = "这份文件已在数据库中（same file stored before）"
            else:
                self._queue.append(job)
                self._cond.notify()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._cond:
            return self._jobs.get(job_id)

    def waiting(self) -> int:
        with self._cond:
            return len(self._queue)

    def recent(self, limit: int = 50) -> list[Job]:
        with self._cond:
            return list(self._jobs.values())[-limit:][::-1]

    def _remember(self, job: Job) -> None:
        self._jobs[job.id] = job
        while len(self._jobs) > KEEP_JOBS:
            self._jobs.popitem(last=False)

    def _stored(self, sha256: str) -> tuple[int, int, int] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(reports.c.id, reports.c.errors, reports.c.warnings)
                .join(sources, sources.c.id == reports.c.source_id)
                .where(sources.c.sha256 == sha256, sources.c.status == "ok")
            ).first()
        return None if row is None else (int(row.id), int(row.errors), int(row.warnings))

    # ------------------------------------------------------------------ the thread

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="nianbao-uploads", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                batch, self._queue = self._queue, []
                for job in batch:
                    job.status = "running"
            self._run(batch)

    def _run(self, batch: list[Job]) -> None:
        from ..batch import run

        paths = [str(self.blobs.path(job.sha256)) for job in batch]
        workers = min(self.processes, len(batch))
        for out in run(paths, settings=self.settings, jobs=workers, cross=False):
            job = batch[out.index]
            if out.report is None:
                reason = (out.error or "无法读取（unreadable）").replace(out.path, job.name)
                self._fail(job, reason)
                continue
            self._store(job, out.report, out.findings, out.seconds)

    def _store(self, job: Job, report: Report, found: tuple[Finding, ...], seconds: float) -> None:
        report = replace(report, source=replace(report.source, path=job.name))
        found = tuple(relabel(f, job.name) for f in found)
        record = record_of(job.name, job.sha256, job.size, report, found, seconds)
        # a writer per report: its organ cache must not outlive other writers (``ingest``)
        Writer(self.engine).write([record])
        crosscheck.cross_pass(self.engine, crosscheck.run_here(self.engine, self.settings))
        stored = self._stored(job.sha256)
        with self._cond:
            if stored is None:  # the writer kept an earlier failure: never the case for "ok"
                job.status, job.error = "failed", "保存失败（not stored）"
                return
            job.report_id, job.errors, job.warnings = stored
            job.status = "done"

    def _fail(self, job: Job, reason: str) -> None:
        if self._stored(job.sha256) is None:
            self.blobs.discard(job.sha256)
        with self._cond:
            job.status, job.error = "failed", reason


def relabel(finding: Finding, name: str) -> Finding:
    """The finding with every location naming the upload, not the file it was kept as."""

    def loc(location: Location) -> Location:
        return location.with_(path=name) if location.path is not None else location

    return replace(
        finding,
        location=loc(finding.location),
        evidence=tuple(replace(e, location=loc(e.location)) for e in finding.evidence),
        fix=tuple(replace(x, location=loc(x.location)) for x in finding.fix),
        cells=tuple(loc(c) for c in finding.cells),
    )
