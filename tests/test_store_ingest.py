"""``nianbao ingest``: every good report stored with its cells, every broken file recorded with
its reason, a rerun adds nothing, a changed file is a new version, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import synth
from nianbao.ingest import ingest
from nianbao.store import open_store
from nianbao.store.schema import cells, findings, reports, sources


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (sources, reports, cells, findings)
        }


def test_ingest_stores_every_good_report_and_records_every_broken_one(
    db_url: str, small_corpus: tuple[Path, list[synth.Truth]]
) -> None:
    folder, truths = small_corpus
    engine = open_store(db_url)
    tally = ingest(engine, [folder], jobs=2, batch_size=7)
    good = [t for t in truths if not t.broken]
    broken = [t for t in truths if t.broken]
    assert broken, "the generator must include broken files"
    assert (tally.stored, tally.failed) == (len(good), len(broken))
    with engine.connect() as conn:
        failed = conn.execute(
            select(sources.c.path, sources.c.error).where(sources.c.status == "failed")
        ).all()
        assert sorted(Path(p).stem for p, _ in failed) == sorted(t.name for t in broken)
        assert all(err and Path(p).name in err for p, err in failed)  # the reason names the file
        stored = {
            (r.organ, r.year): r.id
            for r in conn.execute(select(reports.c.organ, reports.c.year, reports.c.id))
        }
        assert set(stored) == {(t.organ, t.year) for t in good}
        # every printed value is stored, by its key, with its printed text as evidence
        truth = next(t for t in good if t.planted)
        rows = conn.execute(
            select(cells.c.key, cells.c.value, cells.c.raw, cells.c.line).where(
                cells.c.report_id == stored[(truth.organ, truth.year)]
            )
        ).all()
        got = {k: v for k, v, _, _ in rows}
        assert {k: got[k] for k in truth.values} == truth.values
        assert all(raw == str(int(v)) and line for k, v, raw, line in rows if k in truth.values)
        slips = conn.execute(
            select(func.count(func.distinct(findings.c.report_id))).where(
                findings.c.rule.in_(("T3-01", "T3-02")), findings.c.status == "fail"
            )
        ).scalar_one()
        assert slips == sum(t.planted for t in good)
    before = _counts(engine)
    again = ingest(engine, [folder], jobs=2)
    assert (again.stored, again.failed, again.skipped) == (0, 0, len(truths))
    assert _counts(engine) == before


def test_changed_file_is_a_new_version_and_the_old_one_is_kept(
    db_url: str, small_corpus: tuple[Path, list[synth.Truth]], tmp_path: Path
) -> None:
    folder, truths = small_corpus
    truth = next(t for t in truths if not t.broken and t.encoding == "utf-8")
    src = next(folder.glob(f"{truth.name}*"))
    copy = tmp_path / "report.txt"
    shutil.copy(src, copy)
    engine = open_store(db_url)
    ingest(engine, [copy])
    text_ = copy.read_text(encoding="utf-8")
    copy.write_text(text_.replace("本机关认真贯彻落实", "本机关全面贯彻落实"), encoding="utf-8")
    tally = ingest(engine, [copy])
    assert tally.stored == 1
    with engine.connect() as conn:
        rows = conn.execute(
            select(reports.c.version, reports.c.is_current, reports.c.organ).order_by(
                reports.c.version
            )
        ).all()
    assert [(v, c) for v, c, _ in rows] == [(1, False), (2, True)]
    assert {o for _, _, o in rows} == {truth.organ}


def test_retry_failed_reads_recorded_failures_again(tmp_path: Path) -> None:
    report = tmp_path / "in" / "a.txt"
    report.parent.mkdir()
    shutil.copy(Path(__file__).parent.parent / "examples" / "004_81a26273262094ca.txt", report)
    engine = open_store(str(tmp_path / "db.sqlite"))
    from nianbao.ingest import sha256_of
    from nianbao.store.rows import failure
    from nianbao.store.writer import Writer

    sha, size = sha256_of(report)
    # as if an earlier run had failed on it (a missing reader library, a limit since raised)
    Writer(engine).write([failure(str(report), sha, size, "X", "earlier failure")])
    assert ingest(engine, [report.parent]).stored == 0
    tally = ingest(engine, [report.parent], retry_failed=True)
    assert tally.stored == 1
    with engine.connect() as conn:
        assert conn.execute(select(sources.c.status)).scalars().all() == ["ok"]


def test_full_text_search_over_section_texts(tmp_path: Path) -> None:
    engine = open_store(str(tmp_path / "db.sqlite"))
    ingest(engine, [Path(__file__).parent.parent / "examples"])
    with engine.connect() as conn:
        hits = conn.execute(
            text("SELECT rowid FROM sections_fts WHERE sections_fts MATCH :q"), {"q": "依申请公开"}
        ).all()
        like = conn.execute(
            select(func.count())
            .where(text("sections.text LIKE '%依申请公开%'"))
            .select_from(text("sections"))
        ).scalar_one()
    assert len(hits) == like > 0


def test_cli_ingest_default_database_in_working_directory(tmp_path: Path) -> None:
    examples = Path(__file__).parent.parent / "examples"
    cmd = [sys.executable, "-m", "nianbao.cli", "ingest", str(examples), "--jobs", "1"]
    first = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "入库 5 份" in first.stdout
    second = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "入库 0 份，跳过已入库 5 个文件" in second.stdout
    assert (tmp_path / "nianbao.sqlite").is_file()


def test_ahead_yields_every_item_in_order_and_raises_what_the_source_raises() -> None:
    from nianbao.ingest import ahead

    assert list(ahead(iter(range(50)), 3)) == list(range(50))

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("boom")

    got = []
    with pytest.raises(ValueError, match="boom"):
        for x in ahead(failing(), 2):
            got.append(x)
    assert got == [1]


def test_ahead_closes_the_source_when_its_caller_stops() -> None:
    """A writer that fails mid-way must not leave the reading pool's workers running."""
    from nianbao.ingest import ahead

    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            yield from range(1000)
        finally:
            closed.set()

    items = ahead(source(), 2)
    assert next(items) == 0
    items.close()
    assert closed.is_set()
