"""Reports built in code for the checker tests, gold tables as Reports, and ``@covers``.

``make_report()`` gives a complete, consistent 2021-format report (every rule of the table and
structure families passes on it); tests change what they need with ``set_cells`` (raw text as
printed, parsed like the extractor does) or the keyword arguments. ``from_gold(name)`` turns a
gold JSON of tests/fixtures/gold into a Report (mutation test). ``@covers("T3-02", "fail")``
marks a test as a rule's passing or failing test; test_check_catalogue.py requires both for
every registered rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, Literal, TypeVar

from gold import expected_cells, load
from nianbao.extract.values import parse_value
from nianbao.formats import FORMATS, SECTIONS
from nianbao.model import (
    Cell,
    Finding,
    Location,
    Meta,
    Problem,
    Report,
    Row,
    Section,
    Source,
    Table,
    TextBlock,
    Value,
    flatten,
)
from nianbao.runner import check

PATH = "built.txt"
F = TypeVar("F", bound=Callable[..., Any])
Expect = Literal["pass", "fail"]
Key = tuple[str, str, str]


def covers(rule_id: str, expect: Expect) -> Callable[[F], F]:
    """Mark a test as the passing or failing test of a rule (read by the catalogue test)."""

    def mark(fn: F) -> F:
        cases = list(getattr(fn, "__covers__", ()))
        cases.append((rule_id, expect))
        fn.__covers__ = cases  # type: ignore[attr-defined]
        return fn

    return mark


# ---------------------------------------------------------------- a consistent report

_REQUESTS: dict[str, list[int]] = {
    "new_received": [5, 1, 0, 0, 0, 0, 6],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [3, 0, 0, 0, 0, 0, 3],
    "partially_granted": [1, 1, 0, 0, 0, 0, 2],
    "unable.not_held": [1, 0, 0, 0, 0, 0, 1],
    "total": [5, 1, 0, 0, 0, 0, 6],
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}
_ACTIVE_2021: dict[str, list[Value]] = {
    "regulations": [0, 0, 0],
    "normative_documents": [3, 1, 20],
    "licensing": [100],
    "penalty": [5],
    "coercion": [1],
    "fees": [0.5],
}
_ACTIVE_2019: dict[str, list[Value]] = {
    "regulations": [0, 0, 0],
    "normative_documents": [3, 3, 20],
    "licensing": [10, 2, 50],
    "other_services": [4, 0, 8],
    "penalty": [6, -1, 12],
    "coercion": [2, 0, 1],
    "fees": [3, 0],
    "procurement": [2, "8040元"],
}
_REVIEW = {
    "review": [1, 0, 0, 0, 1],
    "litigation_direct": [0] * 5,
    "litigation_after_review": [0] * 5,
}

_TEXT = {
    1: "本机关推进主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作。",
    5: "存在的问题是公开内容不够全面。改进措施是加强培训。",
    6: "本年度未收取信息处理费。",
}


def _cell(raw: str | Value, loc: Location) -> Cell:
    if raw is None:
        return Cell(None, "", loc)
    if isinstance(raw, str):
        value, notes = parse_value(raw)
        return Cell(value, raw, loc, notes)
    return Cell(raw, str(raw), loc)


def _table(table_id: str, fmt: str, values: Mapping[str, list[Any]], first_line: int) -> Table:
    spec = FORMATS[fmt].tables[table_id]
    rows: dict[str, Row] = {}
    line = first_line
    for rs in spec.rows:
        if table_id == "requests" and rs.id not in values:
            data: list[Any] = [0] * len(rs.columns)
        elif rs.id not in values:
            continue
        else:
            data = list(values[rs.id])
        line += 1
        base = Location(path=PATH, line=line, table=table_id, row=rs.id)
        cells = {c: _cell(v, base.with_(col=c)) for c, v in zip(rs.columns, data, strict=True)}
        rows[rs.id] = Row(rs.id, rs.label, cells, base)
    header = {
        "active": " ".join(
            f"{group} 信息内容 " + " ".join(spec.column(c).label for c in spec.rows[i].columns)
            for i, group in _groups(spec.rows)
        ),
        "requests": f"{spec.note} 申请人情况 自然人 法人或其他组织 总计 "
        + " ".join(c.label for c in spec.columns[1:6]),
        "review_litigation": "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计",
    }[table_id]
    return Table(table_id, fmt, rows, Location(path=PATH, line=first_line, table=table_id), header)


def _groups(rows: Iterable[Any]) -> list[tuple[int, str]]:
    seen: list[tuple[int, str]] = []
    for i, r in enumerate(rows):
        if not seen or seen[-1][1] != r.group:
            seen.append((i, r.group))
    return seen


def make_report(
    *,
    year: int | None = 2023,
    fmt: str = "2021",
    organ: str | None = "某某市生态环境局",
    title: str | None = None,
    active: Mapping[str, list[Any]] | None = None,
    requests: Mapping[str, list[Any]] | None = None,
    review: Mapping[str, list[Any]] | None = None,
    drop_tables: Iterable[str] = (),
    sections: Mapping[int, str] | None = None,
    headings: Mapping[int, str] | None = None,
    extra_paragraphs: Iterable[str] = (),
    problems: Iterable[Problem] = (),
) -> Report:
    """A complete, consistent report; every argument replaces one part of it."""
    title = title or f"{organ or ''}{year}年政府信息公开工作年度报告"
    text = {**_TEXT, **(sections or {})}
    heads = {s.no: s.title for s in SECTIONS} | dict(headings or {})
    paragraphs = [TextBlock(title, Location(path=PATH, line=1))]
    secs: list[Section] = []
    line = 2
    for no in sorted(heads):
        head = TextBlock(heads[no], Location(path=PATH, line=line, section=no), "heading")
        body = [
            TextBlock(t, Location(path=PATH, line=line + 1 + i, section=no))
            for i, t in enumerate(text.get(no, "").split("\n"))
            if t
        ]
        paragraphs += [head, *body]
        secs.append(
            Section(no, heads[no], "\n".join(b.text for b in body), head.location, tuple(body))
        )
        line += 40
    for i, t in enumerate(extra_paragraphs):
        paragraphs.append(TextBlock(t, Location(path=PATH, line=500 + i)))
    default_active = _ACTIVE_2019 if fmt == "2019" else _ACTIVE_2021
    tables = {
        "active": _table("active", fmt, active if active is not None else default_active, 50),
        "requests": _table("requests", fmt, requests if requests is not None else _REQUESTS, 90),
        "review_litigation": _table(
            "review_litigation", fmt, review if review is not None else _REVIEW, 130
        ),
    }
    for t in drop_tables:
        tables.pop(t)
    return Report(
        source=Source(PATH, "0" * 64, "text"),
        meta=Meta(title=title, organ=organ, region=None, year=year, format=fmt),
        sections=tuple(secs),
        tables=tables,
        paragraphs=tuple(paragraphs),
        meta_evidence={
            "title": {"raw": title, "line": 1},
            **({"organ": {"raw": title, "line": 1}} if organ else {}),
        },
        problems=tuple(problems),
    )


def set_cells(report: Report, cells: Mapping[Key, str | Value]) -> Report:
    """A copy with cells replaced; a str is raw printed text, parsed as the extractor does."""
    for (table, row, col), raw in cells.items():
        t = report.tables[table]
        r = t.rows[row]
        new = _cell(raw, r.cells[col].location)
        rows = {**t.rows, row: replace(r, cells={**r.cells, col: new})}
        report = replace(report, tables={**report.tables, table: replace(t, rows=rows)})
    return report


def with_meta(report: Report, **changes: Any) -> Report:
    return replace(report, meta=replace(report.meta, **changes))


def run(report: Report, *select: str, previous: Report | None = None) -> list[Finding]:
    return check(report, previous, select=list(select) or None)


def failures(report: Report, *select: str, previous: Report | None = None) -> list[list[Any]]:
    """Flattened findings with status fail: [rule, severity, status, table, row, col]."""
    return flatten(f for f in run(report, *select, previous=previous) if f.status == "fail")


# ---------------------------------------------------------------- gold → Report


def from_gold(name: str) -> Report:
    """The gold tables of tests/fixtures/gold/<name> as a Report (no narrative)."""
    gold = load(name)
    fmt = str(gold.get("format") or "2021")
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for table, row, col, value in expected_cells(gold):
        values.setdefault(table, {}).setdefault(row, {})[col] = value
    tables: dict[str, Table] = {}
    line = 10
    for table_id, rows in values.items():
        t_fmt = "2019" if table_id == "requests" and "other" in rows else fmt
        spec = FORMATS[t_fmt].tables[table_id]
        out: dict[str, Row] = {}
        for rs in spec.rows:
            if rs.id not in rows:
                continue
            line += 1
            base = Location(path=name, line=line, table=table_id, row=rs.id)
            out[rs.id] = Row(
                rs.id,
                rs.label,
                {c: _cell(rows[rs.id].get(c), base.with_(col=c)) for c in rs.columns},
                base,
            )
        tables[table_id] = Table(table_id, t_fmt, out, Location(path=name, table=table_id))
    return Report(
        source=Source(name, "0" * 64, "gold"),
        meta=Meta(
            title=None,
            organ=gold.get("organ"),
            region=gold.get("region"),
            year=gold.get("year"),
            format=fmt,
        ),
        sections=(),
        tables=tables,
    )
