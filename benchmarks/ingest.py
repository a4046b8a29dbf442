"""Ingest speed and memory: reports/s with 1 and 2 workers, SQLite and PostgreSQL, the Dask
engine on a LocalCluster against the local pool, peak memory at two corpus sizes, and the
writer alone.

Run: python benchmarks/ingest.py [--sizes 1000,10000] [--matrix-up-to 1000] [--pg URL]
(PostgreSQL rows need --pg or NIANBAO_TEST_PG: a server where databases may be created;
`source .ci/pg.sh; pg_start` starts a throw-away one, `pg_stop` removes it.)

The corpus comes from benchmarks/corpus_gen.py. Each configuration runs in a fresh process on
a fresh database; the writer's peak RSS comes from getrusage, the workers' (the largest one)
and their CPU seconds per stored report from sampling them every 0.5 s (psutil): CPU per
report is what bounds reports/s on a given number of cores. Sizes
up to --matrix-up-to run every configuration; larger ones SQLite with 2 workers only.
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
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_gen  # noqa: E402

CHILD = r"""
import json, resource, sys, threading, time
from pathlib import Path
import psutil
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
seen_rss, seen_cpu = {}, {}
def sample():  # the workers are the forkserver's children: getrusage does not see them
    while True:
        for p in psutil.Process().children(recursive=True):
            try:
                seen_rss[p.pid] = max(seen_rss.get(p.pid, 0), p.memory_info().rss)
                t = p.cpu_times()
                seen_cpu[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        time.sleep(0.5)
threading.Thread(target=sample, daemon=True).start()
marks = {}
def progress(tally):
    if tally.crossed and "cross" not in marks:
        marks["cross"] = time.perf_counter()
t0 = time.perf_counter()
tally = ingest(engine, [folder], jobs=jobs, scheduler=scheduler, progress=progress)
seconds = time.perf_counter() - t0
cross_seconds = time.perf_counter() - marks.get("cross", time.perf_counter())
again = ingest(engine, [folder], jobs=jobs, scheduler=scheduler)
if cluster is not None:
    cluster.close()
with engine.connect() as conn:
    failed = conn.execute(
        select(sources.c.path, sources.c.error).where(sources.c.status == "failed")
    ).all()
print(json.dumps({
    "stored": tally.stored, "failed": tally.failed, "seconds": seconds,
    "cross_seconds": cross_seconds,
    "second_run_added": again.stored + again.failed,
    "failed_names": sorted(Path(p).name for p, e in failed if e and Path(p).name in e),
    "writer_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": max(seen_rss.values(), default=0) / 2**20,
    "worker_cpu": sum(seen_cpu.values()),
}))
"""

WRITER_ONLY = r"""
import json, sys, time
from nianbao.ingest import plan, run_local
from nianbao.store import open_store
from nianbao.store.writer import Writer
url, folder = sys.argv[1], sys.argv[2]
engine = open_store(url)
jobs, _, _ = plan(engine, [folder])
records = list(run_local(jobs, 2, __import__("nianbao.settings").settings.DEFAULT))
writer = Writer(engine)
t0 = time.perf_counter()
for i in range(0, len(records), 50):
    writer.write(records[i : i + 50])
print(json.dumps({"stored": sum(r.ok for r in records), "seconds": time.perf_counter() - t0}))
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


def _child(code: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--matrix-up-to", type=int, default=1000)
    ap.add_argument("--pg", default=os.environ.get("NIANBAO_TEST_PG"))
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            truths = corpus_gen.make(folder, size)
            good = sum(1 for t in truths if not t.broken)
            broken = sorted(p.name for t in truths if t.broken for p in folder.glob(f"{t.name}*"))
            print(f"\n{len(truths)} files ({good} readable, {len(broken)} broken); {_load()}")
            configs = [("sqlite", 2, "")]
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
                    r = _child(CHILD, url, str(folder), str(jobs), scheduler)
                finally:
                    if drop:
                        _drop(args.pg, drop)
                assert (r["stored"], r["failed"]) == (good, len(broken)), r
                assert r["failed_names"] == broken, "every broken file recorded, reason naming it"
                assert r["second_run_added"] == 0, r
                seconds, cross = float(r["seconds"]), float(r["cross_seconds"])  # type: ignore[arg-type]
                rate = good / seconds
                rates[(backend, jobs, scheduler)] = rate
                engine = "dask LocalCluster" if scheduler else "local pool"
                print(
                    f"{backend:10} {engine:17} {jobs} workers: {rate:6.1f} reports/s "
                    f"({good} stored, {len(broken)} failed, {seconds:.1f} s of which cross pass "
                    f"{cross:.1f} s); second run added 0; workers' CPU "
                    f"{1000 * float(r['worker_cpu']) / good:.0f} ms/report; "  # type: ignore[arg-type]
                    f"peak RSS writer {r['writer_mb']:.0f} MB, worker {r['worker_mb']:.0f} MB"
                )
            if ("sqlite", 1, "") in rates:
                pool = rates[("sqlite", 2, "")]
                print(f"2 workers / 1 worker (SQLite): {pool / rates[('sqlite', 1, '')]:.2f}")
                print(
                    f"dask / local pool (2 workers, SQLite): {rates[('sqlite', 2, 'local')] / pool:.2f}"
                )
                if ("postgresql", 2, "") in rates:
                    print(
                        f"PostgreSQL / SQLite (2 workers): {rates[('postgresql', 2, '')] / pool:.2f}"
                    )
                w = _child(WRITER_ONLY, str(Path(tmp) / "writer.sqlite"), str(folder))
                print(
                    f"writer alone (records made beforehand, SQLite, batches of 50): "
                    f"{float(w['stored']) / float(w['seconds']):.0f} reports/s"  # type: ignore[arg-type]
                )
            print(_load())


if __name__ == "__main__":
    main()
