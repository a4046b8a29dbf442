"""Every cross-report rule runs at ingest against the stored reports: the previous year's
(XY-01…07), the other versions of the same report (XY-08) and the other organs' reports of
the year (PUB-02), whatever order the files arrive in, with the findings a batch check of
all the files together gives."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, inspect, select, update

from nianbao.batch import run
from nianbao.ingest import ingest
from nianbao.settings import DEFAULT
from nianbao.store import crosscheck, open_store, upgrade
from nianbao.store.rows import CROSS_RULES
from nianbao.store.schema import findings, reports, sources

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus_gen  # noqa: E402


def _stored(url: str) -> set[tuple[str, str, str, str]]:
    engine = open_store(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(sources.c.path, findings.c.rule, findings.c.status, findings.c.message)
            .join(reports, reports.c.id == findings.c.report_id)
            .join(sources, sources.c.id == reports.c.source_id)
            .where(findings.c.rule.in_(CROSS_RULES))
        ).all()
    return {(Path(p).name, r, s, m) for p, r, s, m in rows}


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[corpus_gen.Truth]]:
    """10 organs over three years, a quarter of the narratives copied from another organ."""
    folder = tmp_path_factory.mktemp("cross")
    truths = corpus_gen.make(folder, 30, seed=3, copy_rate=0.25, slip_rate=0, broken_rate=0)
    return folder, truths


def test_cross_rules_at_ingest_equal_a_batch_check_of_all_files(
    copied: tuple[Path, list[corpus_gen.Truth]], tmp_path: Path
) -> None:
    folder, truths = copied
    # the last year first, then the rest: the earlier years arrive after the later ones
    first, rest = tmp_path / "first", tmp_path / "rest"
    for t in truths:
        src = next(folder.glob(f"{t.name}*"))
        target = first if t.year == corpus_gen.YEARS[-1] else rest
        target.mkdir(exist_ok=True)
        shutil.copy(src, target / src.name)
    url = str(tmp_path / "db.sqlite")
    ingest(open_store(url), [first], jobs=2)
    ingest(open_store(url), [rest], jobs=2)
    files = sorted([*first.iterdir(), *rest.iterdir()])
    expected = {
        (Path(out.path).name, f.rule, f.status, f.message)
        for out in run(files, jobs=2)
        for f in out.findings
        if f.rule in CROSS_RULES
    }
    assert _stored(url) == expected
    copies = {t.name for t in truths if t.copied_from}
    originals = {
        o.name
        for t in truths
        if t.copied_from
        for o in truths
        if o.organ == t.copied_from and o.year == t.year
    }
    assert copies, "the corpus must plant copies"
    hit = {name.split(".")[0] for name, rule, status, _ in expected if rule == "PUB-02"}
    # no report blamed that did not copy or was not copied; most copies found (page chrome
    # and a layout's stray lines around a narrative can keep a copy under the threshold)
    assert hit <= copies | originals
    assert len(hit & copies) >= len(copies) / 2
    assert not [f for f in expected if f[1] == "XY-01" and f[2] == "fail"]  # carry-over holds


def test_a_new_version_is_compared_with_the_stored_one(
    copied: tuple[Path, list[corpus_gen.Truth]], tmp_path: Path
) -> None:
    folder, truths = copied
    truth = next(t for t in truths if t.style == "tabs" and t.encoding == "utf-8")
    src = next(folder.glob(f"{truth.name}*"))
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    shutil.copy(src, old)
    text = src.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "（一）予以公开" in x)
    cells = line.split("\t")
    cells[-1] = str(int(cells[-1]) + 1)
    cells[-7] = str(int(cells[-7]) + 1)  # 自然人 and 总计: the identities still hold
    new.write_text(text.replace(line, "\t".join(cells)), encoding="utf-8")
    url = str(tmp_path / "db.sqlite")
    ingest(open_store(url), [old])
    ingest(open_store(url), [new])
    found = _stored(url)
    xy08 = [f for f in found if f[1] == "XY-08" and f[2] == "fail"]
    assert [f[0] for f in xy08] == ["new.txt"]
    assert "old.txt" in xy08[0][3] and "2 个单元格" in xy08[0][3]


def test_reports_stored_before_their_cross_data_are_checked_alike(
    copied: tuple[Path, list[corpus_gen.Truth]], tmp_path: Path
) -> None:
    """A database of the version before ``reports.cross_data`` (migration 0005): its reports
    have none and are rebuilt from the cells table, beside reports that have one."""
    folder, _ = copied
    url = str(tmp_path / "db.sqlite")
    old = open_store(url, migrate=False)
    upgrade(old, "0004")
    with old.connect() as conn:
        assert "cross_data" not in {c["name"] for c in inspect(conn).get_columns("reports")}
    engine = open_store(url)  # migrated to the newest revision
    ingest(engine, [folder], jobs=2)
    expected = _stored(url)
    with engine.begin() as conn:
        ids = sorted(conn.execute(select(reports.c.id)).scalars())
        # every other report as stored before: no cross_data; all of them to check again
        conn.execute(update(reports).where(reports.c.id.in_(ids[::2])).values(cross_data=None))
        conn.execute(delete(findings).where(findings.c.rule.in_(CROSS_RULES)))
        conn.execute(update(reports).values(cross_pending=True))
    assert crosscheck.cross_pass(engine, crosscheck.run_here(engine, DEFAULT)) == len(ids)
    assert _stored(url) == expected
