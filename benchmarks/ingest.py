"""Ingest speed and memory: reports/s with 1 and 2 workers, SQLite and PostgreSQL, the Dask
engine on a LocalCluster against the local pool, and peak memory at two corpus sizes.

Run: python benchmarks/ingest.py [--sizes 1000,10000] [--pg postgresql://…]
(PostgreSQL rows need --pg or NIANBAO_TEST_PG: a server where databases may be created.)
Each configuration runs in a fresh process on a fresh database; the writer's and the
workers' peak RSS are read from getrusage. A second run over the same corpus must add
nothing. Figures are printed, never asserted: on a shared machine compare the ratios.
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

import corpus  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from nianbao.ingest import ingest
from nianbao.store import open_store
url, folder, jobs, scheduler = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] or None
cluster = None
if scheduler == "local":
    from distributed import LocalCluster
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
    scheduler = cluster.scheduler_address
engine = open_store(url)
t0 = time.perf_counter()
tally = ingest(engine, [folder], jobs=jobs, scheduler=scheduler)
seconds = time.perf_counter() - t0
again = ingest(engine, [folder], jobs=jobs, scheduler=scheduler)
if cluster is not None:
    cluster.close()
print(json.dumps({
    "stored": tally.stored, "failed": tally.failed, "seconds": seconds,
    "second_run_stored": again.stored + again.failed,
    "writer_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
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


def run(folder: Path, url: str, jobs: int, scheduler: str = "") -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(folder), str(jobs), scheduler],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--pg", default=os.environ.get("NIANBAO_TEST_PG"))
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            truths = corpus.make(folder, size)
            good = sum(1 for t in truths if not t.broken)
            print(f"\n{len(truths)} files ({good} readable)")
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
                    r = run(folder, url, jobs, scheduler)
                finally:
                    if drop:
                        _drop(args.pg, drop)
                rate = r["stored"] / r["seconds"]
                rates[(backend, jobs, scheduler)] = rate
                engine = "dask LocalCluster" if scheduler else "local pool"
                print(
                    f"{backend:10} {engine:17} {jobs} workers: {rate:6.1f} reports/s "
                    f"({r['stored']:.0f} stored, {r['failed']:.0f} failed, {r['seconds']:.1f} s); "
                    f"second run added {r['second_run_stored']:.0f}; "
                    f"peak RSS writer {r['writer_mb']:.0f} MB, worker {r['worker_mb']:.0f} MB"
                )
            pool, dask = rates[("sqlite", 2, "")], rates[("sqlite", 2, "local")]
            print(f"dask/pool speed ratio (2 workers, SQLite): {dask / pool:.2f}")
            print(f"2 workers / 1 worker (SQLite): {pool / rates[('sqlite', 1, '')]:.2f}")


if __name__ == "__main__":
    main()
