"""Ingest speed and memory: reports/s with 1 and 2 workers, SQLite and PostgreSQL, the Dask
engine on a LocalCluster against the local pool, peak memory at two corpus sizes, and the
plumbing alone (parse and check replaced by their results made beforehand).

Run: python benchmarks/ingest.py [--sizes 1000,10000] [--matrix-up-to 1000] [--pg URL]
[--workers 1,2] [--backends sqlite,postgresql]
     python benchmarks/ingest.py --layouts 1000   (a worker's CPU per report, per text layout)
(PostgreSQL rows need --pg or NIANBAO_TEST_PG: a server where databases may be created;
`source .ci/pg.sh; pg_start` starts a throw-away one, `pg_stop` removes it.)

The corpus comes from benchmarks/corpus_gen.py. Each configuration runs in a fresh process on
a fresh database; the writer's peak RSS comes from getrusage, the workers' (the largest one)
and their CPU seconds per stored report from sampling them every 0.2 s (psutil): CPU per
report is what bounds reports/s on a given number of cores. That CPU is split by process
and phase: the workers reading and checking the files, the writer meanwhile, then the cross
pass's workers and the writer applying their findings (workers started after the last
record belong to the cross pass). Sizes up to --matrix-up-to run every configuration;
larger ones the databases of --backends (default sqlite; sqlite,postgresql) with the worker
counts of --workers (default 1,2); every size then measures the plumbing ceiling.
The plumbing ceiling: the records (the rows each worker makes of its report) are made
beforehand, then the one writer stores them and the cross pass runs, both timed in one
process (CPU time, which the machine's load does not change): everything ingest does besides
reading and checking, the worker's row making and pickling excepted (printed beside it).
Asserted (not timings): every readable file is stored, every broken one recorded with a
reason naming it, and a second run adds nothing. Timings are printed, with the ratios
measured in the same run: on a shared machine the absolute numbers are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_gen  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from typing import Any
from sqlalchemy import select
from nianbao.ingest import ingest
from nianbao.store import open_store
from nianbao.store.schema import sources
url, folder, jobs, scheduler = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] or None
cluster = None
if scheduler == "local":
    from distributed import LocalCluster
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
    scheduler = cluster.scheduler_address
engine = open_store(url)
# the workers are sampled from the benchmark's own process (``_sampled``): a sampling thread
# in this one would be measured as the writer's memory (glibc gives it a malloc arena)
def own_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
marks = {}
def progress(tally):
    if not tally.crossed:  # the cross pass starts after the last record's call
        marks["stored"] = time.perf_counter()
        marks["writer_cpu"] = own_cpu()
t0, c0 = time.perf_counter(), own_cpu()
tally = ingest(engine, [folder], jobs=jobs, scheduler=scheduler, progress=progress)
seconds = time.perf_counter() - t0
cross_seconds = time.perf_counter() - marks.get("stored", t0)
writer_cpu = marks.get("writer_cpu", c0) - c0  # the writer while the files are read
writer_cross_cpu = own_cpu() - marks.get("writer_cpu", c0)
again = ingest(engine, [folder], jobs=jobs, scheduler=scheduler)
if cluster is not None:
    cluster.close()
with engine.connect() as conn:
    failed = conn.execute(
        select(sources.c.path, sources.c.error).where(sources.c.status == "failed")
    ).all()
print(json.dumps({
    "stored": tally.stored, "failed": tally.failed, "seconds": seconds,
    "cross_seconds": cross_seconds, "stored_at": marks.get("stored", t0), "ended_at": t0 + seconds,
    "second_run_added": again.stored + again.failed,
    "failed_names": sorted(Path(p).name for p, e in failed if e and Path(p).name in e),
    "writer_cpu": writer_cpu, "writer_cross_cpu": writer_cross_cpu,
}))
"""

PLUMBING = r"""
import json, pickle, sys, time
from nianbao import parse
from nianbao.ingest import checked, plan, run_local
from nianbao.settings import DEFAULT
from nianbao.store import crosscheck, open_store
from nianbao.store.rows import record_of
from nianbao.store.writer import Writer
url, folder = sys.argv[1], sys.argv[2]
engine = open_store(url)
jobs, _, _ = plan(engine, [folder])
records = [r for r in run_local(jobs, 2, DEFAULT) if r.ok]
rows_cpu, sample = 0.0, 0  # a worker's CPU for its report's rows and their pickling
for job in jobs[:50]:
    try:
        report = parse(job.path, DEFAULT)
    except Exception:
        continue
    found, split = checked(report, DEFAULT)
    t = time.process_time()
    pickle.loads(pickle.dumps(record_of(job.path, job.sha256, job.size, report, found, 0.0, split)))
    rows_cpu += time.process_time() - t
    sample += 1
writer = Writer(engine)
t0, c0 = time.perf_counter(), time.process_time()
with writer.bulk(len(records)):  # as ingest does: its SQLite key index built once
    for i in range(0, len(records), 50):
        writer.write(records[i : i + 50])
t1, c1 = time.perf_counter(), time.process_time()
crosscheck.cross_pass(engine, crosscheck.run_here(engine, DEFAULT))
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({
    "stored": len(records), "seconds": t2 - t0, "writer_cpu": c1 - c0, "cross_cpu": c2 - c1,
    "rows_cpu_ms": 1000 * rows_cpu / max(1, sample),
}))
"""


#: the CPU seconds the child reports, split by process and phase
_SPLIT = ("reading_cpu", "writer_cpu", "cross_cpu", "writer_cross_cpu")


LAYOUTS = r"""
import json, pickle, sys, time
from collections import defaultdict
from pathlib import Path
from typing import Any
from nianbao import parse
from nianbao.ingest import checked
from nianbao.settings import DEFAULT
from nianbao.store.rows import record_of
folder, styles = Path(sys.argv[1]), json.loads(sys.argv[2])
cost = defaultdict(list)
for path in sorted(folder.iterdir()):
    if path.stem not in styles:
        continue
    c0 = time.process_time()
    report = parse(path, DEFAULT)
    c1 = time.process_time()
    found, split = checked(report, DEFAULT)  # as a worker does (the cross rules find nothing)
    c2 = time.process_time()
    pickle.dumps(record_of(str(path), "", 0, report, found, 0.0, split))
    c3 = time.process_time()
    cost[styles[path.stem]].append((c1 - c0, c2 - c1, c3 - c2, path.name))
lines = ["layout         files  parse  check  rows  (ms per report, CPU)  slowest file"]
every = [c for cs in cost.values() for c in cs]
for name, cs in sorted(cost.items()) + [("all", every)]:
    ms = [1000 * sum(c[k] for c in cs) / len(cs) for k in range(3)]
    worst = max(cs, key=lambda c: c[0] + c[1])
    lines.append(
        f"{name:14} {len(cs):5} {ms[0]:6.1f} {ms[1]:6.1f} {ms[2]:5.1f}"
        f"  {1000 * (worst[0] + worst[1]):22.0f} ms ({worst[3]})"
    )
print(json.dumps({"table": "\n".join(lines)}))
"""


def _pg_database(server: str) -> tuple[str, str]:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name, name


def _drop(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _child(code: str, *args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"the run failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _sampled(code: str, *args: str) -> dict[str, Any]:
    """``_child``, it and its workers sampled from here every 0.2 s (peak RSS, CPU, when first
    seen): the workers are the forkserver's children, which the writer's getrusage does not
    see, and the writer's own ``ru_maxrss`` starts at this process's size (Linux keeps the
    high-water mark across the fork and exec that start it: at 10,000 files, with the corpus's
    expected values held here, it read 290 MB for a writer of 85 MB). The
    workers first seen before the last file was stored read the files (or the first run's
    cross pass, once they are reused); the later ones ran the cross pass or the second run."""
    import psutil

    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    born: dict[int, float] = {}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=err)
        parent = psutil.Process(proc.pid)
        writer = 0
        while proc.poll() is None:
            try:
                children = parent.children(recursive=True)
                writer = max(writer, parent.memory_info().rss)
            except psutil.Error:
                children = []
            for p in children:
                try:
                    rss[p.pid] = max(rss.get(p.pid, 0), p.memory_info().rss)
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
                    born.setdefault(p.pid, time.perf_counter())
                except psutil.Error:
                    pass
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            sys.exit(f"the run failed (exit {proc.returncode}):\n{err.read()[-4000:]}")
        result: dict[str, Any] = json.loads(out.read().strip().splitlines()[-1])
    stored_at, ended_at = float(result["stored_at"]), float(result["ended_at"])
    first_run = [p for p in cpu if born[p] <= ended_at]
    result["writer_mb"] = writer / 2**20
    result["worker_mb"] = max(rss.values(), default=0) / 2**20
    result["worker_cpu"] = sum(cpu[p] for p in first_run)
    result["reading_cpu"] = sum(cpu[p] for p in first_run if born[p] <= stored_at)
    result["cross_cpu"] = sum(cpu[p] for p in first_run if born[p] > stored_at)
    return result


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--matrix-up-to", type=int, default=1000)
    ap.add_argument("--pg", default=os.environ.get("NIANBAO_TEST_PG"))
    ap.add_argument("--workers", default="1,2", help="worker counts above the matrix")
    ap.add_argument(
        "--backends", default="sqlite", help="databases above the matrix: sqlite,postgresql"
    )
    ap.add_argument(
        "--layouts", type=int, default=0, help="only: a worker's CPU per layout over N files"
    )
    args = ap.parse_args()
    if args.layouts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            truths = corpus_gen.make(folder, args.layouts)
            styles = {t.name: t.style for t in truths if not t.broken}
            print(f"{len(styles)} readable files; {_load()}")
            print(_child(LAYOUTS, str(folder), json.dumps(styles))["table"])
        return
    backends = args.backends.split(",")
    if "postgresql" in backends and not args.pg:
        ap.error("--backends postgresql needs --pg URL (or NIANBAO_TEST_PG)")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            truths = corpus_gen.make(folder, size)
            good = sum(1 for t in truths if not t.broken)
            broken = sorted(p.name for t in truths if t.broken for p in folder.glob(f"{t.name}*"))
            print(f"\n{len(truths)} files ({good} readable, {len(broken)} broken); {_load()}")
            configs = [(b, int(n), "") for b in backends for n in args.workers.split(",")]
            if size <= args.matrix_up_to:
                configs = [("sqlite", 1, ""), ("sqlite", 2, "")]
                if args.pg:
                    configs += [("postgresql", 1, ""), ("postgresql", 2, "")]
                configs += [("sqlite", 2, "local")]
            rates: dict[tuple[str, int, str], float] = {}
            for backend, jobs, scheduler in configs:
                drop = None
                if backend == "sqlite":
                    url = str(Path(tmp) / f"{uuid.uuid4().hex}.sqlite")
                else:
                    url, drop = _pg_database(args.pg)
                try:
                    r = _sampled(CHILD, url, str(folder), str(jobs), scheduler)
                finally:
                    if drop:
                        _drop(args.pg, drop)
                assert (r["stored"], r["failed"]) == (good, len(broken)), r
                assert r["failed_names"] == broken, "every broken file recorded, reason naming it"
                assert r["second_run_added"] == 0, r
                seconds, cross = float(r["seconds"]), float(r["cross_seconds"])
                rate = good / seconds
                rates[(backend, jobs, scheduler)] = rate
                engine = "dask LocalCluster" if scheduler else "local pool"
                print(
                    f"{backend:10} {engine:17} {jobs} workers: {rate:6.1f} reports/s "
                    f"({good} stored, {len(broken)} failed, {seconds:.1f} s of which cross pass "
                    f"{cross:.1f} s); second run added 0; workers' CPU "
                    f"{1000 * float(r['worker_cpu']) / good:.0f} ms/report; "
                    f"peak RSS writer {r['writer_mb']:.0f} MB, worker {r['worker_mb']:.0f} MB"
                )
                ms = {k: 1000 * float(r[k]) / good for k in _SPLIT}
                print(
                    f"  CPU per report: reading workers {ms['reading_cpu']:.1f} ms, writer "
                    f"{ms['writer_cpu']:.1f} ms; cross pass: its workers {ms['cross_cpu']:.1f} "
                    f"ms, the writer {ms['writer_cross_cpu']:.1f} ms; in all "
                    f"{sum(ms.values()):.1f} ms (2 cores: at most "
                    f"{2000 / sum(ms.values()):.0f} reports/s)"
                )
            if size <= args.matrix_up_to:
                pool = rates[("sqlite", 2, "")]
                print(f"2 workers / 1 worker (SQLite): {pool / rates[('sqlite', 1, '')]:.2f}")
                dask = rates[("sqlite", 2, "local")] / pool
                print(f"dask / local pool (2 workers, SQLite): {dask:.2f}")
                if ("postgresql", 2, "") in rates:
                    pg = rates[("postgresql", 2, "")] / pool
                    print(f"PostgreSQL / SQLite (2 workers): {pg:.2f}")
            p = _child(PLUMBING, str(Path(tmp) / "plumbing.sqlite"), str(folder))
            n = float(p["stored"])
            writer_ms = 1000 * float(p["writer_cpu"]) / n
            cross_ms = 1000 * float(p["cross_cpu"]) / n
            rows_ms = float(p["rows_cpu_ms"])
            print(
                f"plumbing alone (records made beforehand, SQLite, one process): "
                f"{n / float(p['seconds']):.0f} reports/s of wall time; CPU per report: "
                f"writer {writer_ms:.1f} ms + cross pass {cross_ms:.1f} ms, and in the workers "
                f"rows and pickling {rows_ms:.1f} ms; ceiling on 2 cores with parse and check "
                f"free: {2000 / (writer_ms + cross_ms + rows_ms):.0f} reports/s"
            )
            print(_load())


if __name__ == "__main__":
    main()
