"""Web app speed over a 10,000-report database: time to first byte of the corpus list and of
a report page (goal: under 100 ms each), and uploads read, checked and stored per second.

Run: python benchmarks/web.py [--db PATH] [--reports 10000] [--parsed 300] [--uploads 30]

The database is built once and reused (``--db``, default in the system's temp folder): the
synthetic corpus of ``tests/synth.py`` (organs of six regions over three years, 人民政府
summaries, 10% planted slips); the first ``--parsed`` reports are read and checked, the rest
are their stored rows again under the other organs, regions and years of the corpus (bulk
inserts through the corpus writer; the cross pass is skipped and its flags cleared). The
app runs as ``nianbao serve`` in a child process; each page is fetched 20 times, median and
95th percentile printed. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402
from nianbao import check, parse  # noqa: E402
from nianbao.store import open_store  # noqa: E402
from nianbao.store.rows import Record, record_of  # noqa: E402
from nianbao.store.writer import Writer  # noqa: E402

BATCH = 500
REPEAT = 20


def build(db: Path, reports: int, parsed: int) -> None:
    """The benchmark database: ``reports`` current reports (see the module docstring)."""
    engine = open_store(str(db))
    with engine.connect() as conn:
        have = conn.exec_driver_sql("SELECT count(*) FROM reports").scalar_one()
    if have:
        print(f"reusing {db}: {have} reports (remove it to build another size)")
        return
    years = (2021, 2022, 2023)
    # 5% of the synthetic files are broken (left out here): generate enough for ``reports``
    organs = max(1, int(reports / 0.94) // len(years) - len(synth.REGIONS))
    items = _readable(synth.generate(organs, years=years, seed=1, rollup=True))
    truths = [t for t, _ in items]
    t0 = time.perf_counter()
    templates: list[Record] = []
    for truth, data in items:
        report = parse(data)
        templates.append(
            record_of(truth.name, _sha(truth.name), len(data), report, check(report), 0)
        )
        if len(templates) >= parsed:
            break
    print(f"read and checked {len(templates)} reports in {time.perf_counter() - t0:.1f} s")
    writer = Writer(engine)
    batch: list[Record] = []
    t0 = time.perf_counter()
    for i, truth in enumerate(truths[:reports]):
        batch.append(_as(templates[i % len(templates)], truth))
        if len(batch) >= BATCH:
            writer.write(batch)
            batch = []
    if batch:
        writer.write(batch)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE reports SET cross_pending = 0")
    print(f"stored {min(reports, len(truths))} reports in {time.perf_counter() - t0:.1f} s")


def _readable(items: object) -> list[tuple[synth.Truth, bytes]]:
    return [(t, d) for t, d in items if not t.broken]  # type: ignore[attr-defined]


def _sha(name: str) -> str:
    import hashlib

    return hashlib.sha256(f"web-bench:{name}".encode()).hexdigest()


def _as(template: Record, truth: synth.Truth) -> Record:
    """The template's rows as the report of ``truth``'s organ, region and year."""
    from nianbao.store.organs import normalise, organ_key

    assert template.report is not None
    title = f"{truth.organ}{truth.year}年政府信息公开工作年度报告"
    report = {
        **template.report,
        "year": truth.year,
        "organ": truth.organ,
        "region": truth.region,
        "title": title,
    }
    organ = (
        truth.organ,
        truth.region,
        organ_key(truth.organ, truth.region),
        normalise(truth.organ),
    )
    return replace(template, path=truth.name, sha256=_sha(truth.name), organ=organ, report=report)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ttfb(port: int, path: str) -> tuple[float, float]:
    """Median and 95th percentile of the time to the response's first byte (ms)."""
    times = []
    for _ in range(REPEAT):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t0 = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read(1)
        times.append((time.perf_counter() - t0) * 1000)
        response.read()
        assert response.status == 200, (path, response.status)
        conn.close()
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def uploads_per_second(port: int, count: int) -> float:
    """``count`` new reports posted at once; seconds until every one is checked and stored."""
    items = _readable(synth.generate(count, years=(2019,), seed=int(time.time()), rollup=False))
    t0 = time.perf_counter()
    ids = []
    for truth, data in items[:count]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{truth.name}.txt"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST",
            "/api/uploads",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        answer = json.loads(conn.getresponse().read())
        ids += [j["id"] for j in answer["jobs"]]
        conn.close()
    pending = set(ids)
    while pending:
        time.sleep(0.1)
        for job in list(pending):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", f"/api/uploads/{job}")
            if json.loads(conn.getresponse().read())["status"] in ("done", "failed"):
                pending.discard(job)
            conn.close()
    return len(ids) / (time.perf_counter() - t0)


def serve(db: Path, data: Path, port: int, jobs: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "nianbao.cli", "serve", "--db", str(db), "--port", str(port),
           "--data-dir", str(data), "--jobs", str(jobs)]  # fmt: skip
    child = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return child
        except OSError:
            time.sleep(0.2)
    child.kill()
    sys.exit("nianbao serve did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "nianbao-web-bench.sqlite"
    )
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--parsed", type=int, default=300)
    ap.add_argument("--uploads", type=int, default=30)
    args = ap.parse_args()
    build(args.db, args.reports, args.parsed)
    engine = open_store(str(args.db))
    with engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM reports WHERE is_current").scalar_one()
        some = conn.exec_driver_sql("SELECT id FROM reports ORDER BY id DESC LIMIT 1").scalar_one()
        year = conn.exec_driver_sql("SELECT max(year) FROM reports").scalar_one()
    with tempfile.TemporaryDirectory() as data:
        port = _free_port()
        child = serve(args.db, Path(data), port, jobs=1)
        try:
            print(f"{total} current reports; time to first byte, median / p95 of {REPEAT} (ms):")
            for path in (
                "/reports",
                "/reports?page=100",
                f"/reports?year={year}&severity=error&sort=errors",
                "/reports?rule=T3-02",
                "/reports?q=" + "%E4%BF%A1%E6%81%AF%E5%A4%84%E7%90%86%E8%B4%B9",
                "/api/reports",
                f"/reports/{some}",
                f"/api/reports/{some}",
            ):
                median, p95 = ttfb(port, path)
                print(f"  {path:<52} {median:7.1f} {p95:7.1f}")
            if args.uploads:
                rate = uploads_per_second(port, args.uploads)
                print(
                    f"uploads: {rate:.1f} reports/s read, checked and stored ({args.uploads} text reports, 1 worker)"
                )
        finally:
            child.terminate()
            child.wait(10)


if __name__ == "__main__":
    main()
