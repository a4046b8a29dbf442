"""The cross pass: the rules that compare a stored report with other stored reports.

Every report the writer stores, and every stored report whose previous year just arrived,
is ``cross_pending``. The pass takes them in chunks; a worker (a local process or a Dask
task, reading the database) rebuilds each report with what it is compared with:

- the same organ's current report for the year before (XY-01…XY-07);
- the other stored versions of the same report (XY-08);
- the current reports of other organs of the year whose narrative shares an LSH band with
  it (PUB-02's candidates, ``rows.narrative_bands``; the rule decides on the exact text);

and runs the cross-report rules. The writer replaces the report's cross findings, its error
and warning counts and clears the flag, a chunk per transaction, so a killed pass resumes
where it stopped. PUB-02 is symmetric: a hit also replaces the other report's PUB-02 finding
against this one (``other_report_id``), so neither needs checking again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from ..model import Finding, Report
from ..model.report import TABLE_IDS
from ..rules.cross_year import SHARED_MEMOS, section_memo
from ..runner import check
from ..settings import DEFAULT, Settings
from . import summary
from .bulk import insert_rows
from .rebuild import StoredCell, report_from_dict
from .rows import CROSS_RULES, FindingRow, finding_rows
from .schema import cells, findings, report_bands, reports
from .writer import FINDING_COLUMNS

CHUNK = 50


#: at most this many other organs' reports per report are compared for PUB-02, those
#: sharing the most narrative bands first: a corpus where everything is a copy stays linear
MAX_CANDIDATES = 20
#: the rules whose stored findings a chunk's pass replaces
_CROSS = frozenset(CROSS_RULES)


@dataclass(frozen=True, slots=True)
class Crossed:
    """One report's cross findings (each with the stored report it compares with), and the
    PUB-02 findings of the other organs' reports it was found similar to, against it."""

    report_id: int
    findings: tuple[tuple[FindingRow, int | None], ...]
    mirrors: tuple[tuple[int, FindingRow], ...] = ()


def pending(engine: Engine) -> list[int]:
    """The reports waiting for the pass, an organ's years together: a chunk then holds a
    report and the year before it, rebuilt once for both comparisons."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(reports.c.id)
                .where(reports.c.cross_pending.is_(True))
                .order_by(reports.c.organ_id, reports.c.year, reports.c.id)
            ).scalars()
        )


def chunks(ids: Sequence[int], size: int = CHUNK) -> list[tuple[int, ...]]:
    return [tuple(ids[i : i + size]) for i in range(0, len(ids), size)]


# ------------------------------------------------------------------------- the worker side

_ENGINES: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    """One engine per worker process and database (the schema is migrated by the writer)."""
    if url not in _ENGINES:
        from . import open_store

        _ENGINES[url] = open_store(url, migrate=False)
    return _ENGINES[url]


def cross_chunk(ids: Sequence[int], url: str, settings: Settings = DEFAULT) -> list[Crossed]:
    """The cross findings of the reports ``ids`` (runs in a worker, reads only)."""
    with _engine(url).connect() as conn:
        return cross_reports(conn, ids, settings)


def cross_reports(conn: Connection, ids: Sequence[int], settings: Settings) -> list[Crossed]:
    cols = (
        reports.c.id,
        reports.c.organ_id,
        reports.c.year,
        reports.c.identity,
    )
    mine = conn.execute(select(*cols).where(reports.c.id.in_(ids))).all()
    prev_of = _previous_years(conn, mine)
    versions = _versions(conn, mine)
    candidates = _candidates(conn, mine)
    # numbers are compared only with the previous year and the other versions (XY-01…08);
    # PUB-02 reads the narrative alone, so its candidates come back without their tables
    numbers: set[int] = set()
    for r in mine:
        if r.id in prev_of or versions.get(r.id):
            numbers |= {r.id, *versions.get(r.id, ())}
            if r.id in prev_of:
                numbers.add(prev_of[r.id])
    texts = {r.id for r in mine if candidates.get(r.id)}
    texts |= {c for cs in candidates.values() for c in cs}
    # each report's memo shared by every check it takes part in (``SHARED_MEMOS``): a report
    # is checked, and is the year before the next one, or a peer of others, in one chunk
    shared: dict[str, dict[str, Any]] = {}
    loaded = load_reports(conn, numbers, memos=shared)
    loaded |= load_reports(conn, texts - numbers, tables=False)

    def memo(report: Report) -> dict[str, Any]:
        found = shared.setdefault(report.source.sha256, {})
        found[SHARED_MEMOS] = shared
        return found

    out = []
    for r in mine:
        if r.id not in loaded:  # nothing stored to compare with: no cross finding
            out.append(Crossed(r.id, ()))
            continue
        report = loaded[r.id]
        peer_ids = [*versions.get(r.id, ()), *candidates.get(r.id, ())]
        by_path = {loaded[i].source.path: i for i in peer_ids}
        prev_id = prev_of.get(r.id)
        previous = loaded[prev_id] if prev_id is not None else None
        peers = [loaded[i] for i in peer_ids]
        found = check(
            report, previous, select=CROSS_RULES, settings=settings, peers=peers, memo=memo(report)
        )
        rows = []
        mirrors = []
        for f, row in zip(found, finding_rows(found), strict=True):
            other = _other(f, by_path, prev_id)
            rows.append((row, other))
            if f.rule == "PUB-02" and f.status == "fail" and other is not None:
                back = check(
                    loaded[other],
                    select=["PUB-02"],
                    settings=settings,
                    peers=[report],
                    memo=memo(loaded[other]),
                )
                mirrors += [(other, m) for m in finding_rows(back) if m[2] == "fail"]
        out.append(Crossed(r.id, tuple(rows), tuple(mirrors)))
    shared.clear()  # the memos refer to it: a cycle the collector would otherwise have to find
    return out


def _other(finding: Finding, by_path: dict[str | None, int], prev_id: int | None) -> int | None:
    """The stored report a cross finding compares with."""
    if finding.rule == "PUB-02":
        return by_path.get(finding.values.get("other_path"))
    if finding.rule == "XY-08":
        return by_path.get(finding.values.get("other"))
    return prev_id if finding.rule.startswith("XY-") else None


def _previous_years(conn: Connection, mine: Sequence[Any]) -> dict[int, int]:
    """report id → the id of the same organ's current report for the year before."""
    organ_ids = {r.organ_id for r in mine if r.organ_id is not None and r.year is not None}
    if not organ_ids:
        return {}
    # the current ones kept here, not by the query: SQLite would then walk the index of every
    # current report rather than the organs' (a chunk's cost growing with the corpus)
    current = {
        (o, y): i
        for i, o, y, now in conn.execute(
            select(reports.c.id, reports.c.organ_id, reports.c.year, reports.c.is_current).where(
                reports.c.organ_id.in_(organ_ids)
            )
        )
        if now
    }
    return {
        r.id: current[(r.organ_id, r.year - 1)]
        for r in mine
        if r.year is not None and (r.organ_id, r.year - 1) in current
    }


def _versions(conn: Connection, mine: Sequence[Any]) -> dict[int, list[int]]:
    """report id → the other stored versions of the same report (XY-08's peers)."""
    by_identity: dict[str, list[int]] = defaultdict(list)
    for i, ident in conn.execute(
        select(reports.c.id, reports.c.identity).where(
            reports.c.identity.in_({r.identity for r in mine})
        )
    ):
        by_identity[ident].append(i)
    return {r.id: [i for i in by_identity[r.identity] if i != r.id] for r in mine}


def _candidates(conn: Connection, mine: Sequence[Any]) -> dict[int, list[int]]:
    """report id → other organs' current reports of the year sharing a narrative band."""
    ids = [r.id for r in mine]
    own = report_bands.alias("own")
    other = report_bands.alias("other")
    shared = func.count().label("shared")
    # the reports sharing a band, current or not: joined with ``reports`` to keep the current
    # ones, SQLite's plan started from every current report's bands (a chunk's cost growing
    # with the corpus, 150 ms at 10,000 reports) instead of the chunk's own
    rows = conn.execute(
        select(own.c.report_id, other.c.report_id, shared)
        .join(other, (other.c.year == own.c.year) & (other.c.band == own.c.band))
        .where(own.c.report_id.in_(ids), other.c.report_id != own.c.report_id)
        .group_by(own.c.report_id, other.c.report_id)
        .order_by(own.c.report_id, shared.desc(), other.c.report_id)
    ).all()
    organ = {r.id: r.organ_id for r in mine}
    theirs = {
        i: (organ_id, now)
        for i, organ_id, now in conn.execute(
            select(reports.c.id, reports.c.organ_id, reports.c.is_current).where(
                reports.c.id.in_({b for _, b, _ in rows})
            )
        )
    }
    out: dict[int, list[int]] = defaultdict(list)
    for a, b, _ in rows:
        their_organ, now = theirs[b]
        if not now or (organ[a] is not None and their_organ == organ[a]):
            continue
        if len(out[a]) < MAX_CANDIDATES:
            out[a].append(b)
    return dict(out)


def load_reports(
    conn: Connection,
    ids: Iterable[int],
    *,
    tables: bool = True,
    memos: dict[str, dict[str, Any]] | None = None,
) -> dict[int, Report]:
    """Stored reports rebuilt with their cells' evidence; ``tables=False``: the narrative,
    meta and source only (no tables, one query). ``memos``: each report's memo by its
    content's hash (``SHARED_MEMOS``), given the matching text of the sections the rules
    compare when it was stored with the report (``store.summary``)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    if not tables:
        return {
            i: report_from_dict(_without_tables(dict(d)))
            for i, d in conn.execute(
                select(reports.c.id, reports.c.data).where(reports.c.id.in_(wanted))
            )
        }
    out = {}
    older: dict[int, dict[str, Any]] = {}  # stored before ``cross_data``: from the cells table
    for i, d, cross in conn.execute(
        select(reports.c.id, reports.c.data, reports.c.cross_data).where(reports.c.id.in_(wanted))
    ):
        d = dict(d)
        d["evidence"] = {"meta": d.get("evidence", {}).get("meta", {})}
        if cross is None:
            older[i] = d
            continue
        stored = summary.decode(cross)
        report = out[i] = report_from_dict(d, printed=(stored.raws, stored.pages, stored.lines))
        if memos is not None:
            memo = memos.setdefault(report.source.sha256, {})
            memo.update((section_memo(no), text) for no, text in stored.texts.items())
    if not older:
        return out
    # each cell's printed text, page and line, from the cells table: straight from the
    # driver's cursor (the ids are the stored reports' own integers), a few hundred rows a
    # report that the engine's result rows would cost more to make than to read
    # in the order stored, a report's cells after each other: its values' order, so the
    # rebuild takes each cell's row as the next one instead of looking it up by its key
    found: dict[int, list[StoredCell]] = {i: [] for i in older}
    marks = ", ".join(str(int(i)) for i in sorted(older))
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(
            f"SELECT report_id, table_id, row_id, col_id, raw, page, line FROM {cells.name} "
            f"WHERE report_id IN ({marks}) ORDER BY report_id, id"
        )
        for report_id, group in groupby(cursor.fetchall(), itemgetter(0)):
            found[report_id] = list(group)
    finally:
        cursor.close()
    for i, d in older.items():
        out[i] = report_from_dict(d, found[i])
    return out


def _without_tables(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in TABLE_IDS}
    out["evidence"] = {"meta": (data.get("evidence") or {}).get("meta", {})}
    return out


# ------------------------------------------------------------------------- the writer side


def apply(engine: Engine, results: Sequence[Crossed]) -> None:
    """Store a chunk's cross findings in one transaction: each report's cross findings are
    replaced, each mirrored PUB-02 finding replaces the peer's finding against this report.
    The chunk is stored as if its reports came one at a time, in order: a mirror onto a report
    of the chunk replaces that report's finding if the report came before, and is replaced by
    the report's own findings if it comes after (storing both kept two copies of a pair's
    findings when the pair fell into one chunk, one of each otherwise)."""
    ids = [c.report_id for c in results]
    chunk = set(ids)
    mine: dict[int, list[tuple[Any, ...]]] = {}
    theirs: list[tuple[Any, ...]] = []  # mirrors onto reports outside the chunk
    for c in results:
        mine[c.report_id] = [(c.report_id, *f, other) for f, other in c.findings]
        for other, f in c.mirrors:
            row = (other, *f, c.report_id)
            if other in mine:
                kept = [r for r in mine[other] if r[1] != "PUB-02" or r[-1] != c.report_id]
                mine[other] = [*kept, row]
            elif other not in chunk:
                theirs.append(row)
    with engine.begin() as conn:
        # the chunk's findings found by report, their cross rules kept here: a test of the
        # rule in the statement had SQLite walk the corpus's findings of those rules instead
        old = [
            i
            for i, rule in conn.execute(
                select(findings.c.id, findings.c.rule).where(findings.c.report_id.in_(ids))
            )
            if rule in _CROSS
        ]
        if old:
            conn.execute(delete(findings).where(findings.c.id.in_(old)))
        for other, _rule, *_, against in theirs:
            conn.execute(
                delete(findings).where(
                    findings.c.report_id == other,
                    findings.c.rule == "PUB-02",
                    findings.c.other_report_id == against,
                )
            )
        rows = [row for c in results for row in mine[c.report_id]] + theirs
        insert_rows(conn, findings, (*FINDING_COLUMNS, "other_report_id"), rows)
        touched = {*ids, *(row[0] for row in theirs)}
        _recount(conn, sorted(touched), chunk)


def _recount(conn: Connection, ids: Sequence[int], settled: set[int]) -> None:
    """Each report's error and warning counts from its findings; ``settled`` (the chunk's)
    no longer pending, in the same statement: each update rewrites the whole row, its JSON
    columns (some 10 KB) included."""
    tally: dict[int, dict[str, int]] = {i: {"error": 0, "warning": 0} for i in ids}
    for rid, severity, n in conn.execute(
        select(findings.c.report_id, findings.c.severity, func.count())
        .where(
            findings.c.report_id.in_(ids),
            findings.c.status == "fail",
            findings.c.severity.in_(("error", "warning")),
        )
        .group_by(findings.c.report_id, findings.c.severity)
    ):
        tally[rid][severity] = n
    counted = [
        {"rid": i, "n_errors": t["error"], "n_warnings": t["warning"]} for i, t in tally.items()
    ]
    recount = update(reports).where(reports.c.id == bindparam("rid"))
    recount = recount.values(errors=bindparam("n_errors"), warnings=bindparam("n_warnings"))
    conn.execute(recount.values(cross_pending=False), [c for c in counted if c["rid"] in settled])
    others = [c for c in counted if c["rid"] not in settled]
    if others:
        conn.execute(recount, others)


Runner = Callable[[list[tuple[int, ...]]], Iterator[list[Crossed]]]


def cross_pass(
    engine: Engine, run: Runner, *, progress: Callable[[int], None] | None = None
) -> int:
    """Settle every pending report; returns how many were checked."""
    done = 0
    for results in run(chunks(pending(engine))):
        apply(engine, results)
        done += len(results)
        if progress:
            progress(done)
    return done


def run_here(engine: Engine, settings: Settings) -> Runner:
    """The cross pass in this process (one worker)."""

    def run(parts: list[tuple[int, ...]]) -> Iterator[list[Crossed]]:
        for part in parts:
            with engine.connect() as conn:
                yield cross_reports(conn, part, settings)

    return run
