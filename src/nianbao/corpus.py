"""``nianbao.Corpus``: the stored reports as rows, for export, comparison and statistics.

    corpus = nianbao.Corpus("nianbao.sqlite")          # or "postgresql://…", None = default
    corpus.reports(where=["year=2023", "region=清河县"])  # one dict per report, every cell a column
    corpus.to_pandas("cells")                           # long tables: "reports", "cells", "findings"
    corpus.to_arrow("findings")

A ``where`` condition is ``FIELD OP VALUE`` with OP one of = != > >= < <= ~ (contains);
FIELD is a report field (organ, region, year, format, errors, warnings, title, path,
published, version) or a cell key such as ``requests.total.total``. Only each report's current
version is returned unless ``all_versions`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Engine, Table, and_, exists, select

from .store import open_store
from .store.schema import cells, findings, reports, sources

if TYPE_CHECKING:
    import pandas
    import pyarrow

TABLES = ("reports", "cells", "findings")

#: report fields: column name → (SQL column, Chinese header)
REPORT_FIELDS: dict[str, tuple[Any, str]] = {
    "report_id": (reports.c.id, "报告编号"),
    "organ": (reports.c.organ, "机关"),
    "region": (reports.c.region, "地区"),
    "year": (reports.c.year, "年度"),
    "title": (reports.c.title, "标题"),
    "format": (reports.c.format, "格式"),
    "published": (reports.c.published, "发布日期"),
    "version": (reports.c.version, "版本"),
    "errors": (reports.c.errors, "错误数"),
    "warnings": (reports.c.warnings, "警告数"),
    "organ_id": (reports.c.organ_id, "机关编号"),
    "path": (sources.c.path, "文件"),
    "sha256": (sources.c.sha256, "SHA-256"),
}
CELL_FIELDS = {
    "report_id": "报告编号",
    "key": "单元格",
    "label": "名称",
    "value": "数值",
    "text": "文字",
    "raw": "原文",
    "page": "页",
    "line": "行",
}
FINDING_FIELDS = {
    "report_id": "报告编号",
    "rule": "规则",
    "severity": "级别",
    "status": "结论",
    "message": "说明",
    "location": "位置",
}

_CONDITION = re.compile(r"^\s*([\w.]+)\s*(!=|>=|<=|=|>|<|~)\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Condition:
    field: str
    op: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Condition:
        m = _CONDITION.match(text)
        if not m:
            raise ValueError(
                f"无法理解的条件「{text}」，应为 字段 运算符 值，如 year=2023"
                f"（bad condition, expected FIELD OP VALUE）"
            )
        field_, op, value = m.groups()
        if field_ not in REPORT_FIELDS and field_.count(".") < 2:
            raise ValueError(f"未知字段「{field_}」（unknown field）")
        return cls(field_, op, value)


def _compare(column: Any, op: str, value: Any) -> ColumnElement[bool]:
    if op == "~":
        return column.contains(str(value))
    ops = {
        "=": column.__eq__,
        "!=": column.__ne__,
        ">": column.__gt__,
        ">=": column.__ge__,
        "<": column.__lt__,
        "<=": column.__le__,
    }
    result: ColumnElement[bool] = ops[op](value)
    return result


def _typed(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


def conditions_sql(where: Iterable[str | Condition]) -> list[ColumnElement[bool]]:
    out = []
    for item in where:
        cond = item if isinstance(item, Condition) else Condition.parse(item)
        if cond.field in REPORT_FIELDS:
            out.append(_compare(REPORT_FIELDS[cond.field][0], cond.op, _typed(cond.value)))
        else:
            out.append(
                exists().where(
                    cells.c.report_id == reports.c.id,
                    cells.c.key == cond.field,
                    _compare(cells.c.value, cond.op, _typed(cond.value)),
                )
            )
    return out


class Corpus:
    """A corpus database (SQLite path or URL, PostgreSQL URL; None = ./nianbao.sqlite)."""

    def __init__(self, url: str | Path | Engine | None = None) -> None:
        self.engine = (
            url if isinstance(url, Engine) else open_store(None if url is None else str(url))
        )

    def _report_filter(
        self, where: Sequence[str | Condition], all_versions: bool
    ) -> list[ColumnElement[bool]]:
        conds = conditions_sql(where)
        if not all_versions:
            conds.append(reports.c.is_current.is_(True))
        return conds

    def report_rows(
        self, where: Sequence[str | Condition] = (), *, all_versions: bool = False
    ) -> list[dict[str, Any]]:
        """One dict per report with its fields only (no cells)."""
        cols = [c.label(name) for name, (c, _) in REPORT_FIELDS.items()]
        query = (
            select(*cols)
            .select_from(reports.join(sources, sources.c.id == reports.c.source_id))
            .where(and_(True, *self._report_filter(where, all_versions)))
            .order_by(reports.c.region, reports.c.organ, reports.c.year, reports.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def reports(
        self, where: Sequence[str | Condition] = (), *, all_versions: bool = False
    ) -> list[dict[str, Any]]:
        """One dict per report: its fields, then every cell as a column named by its key
        (the printed number, the printed text for "/" or "无", None for a blank)."""
        rows = self.report_rows(where, all_versions=all_versions)
        by_id = {r["report_id"]: r for r in rows}
        keys: dict[str, None] = {}
        values: dict[int, dict[str, Any]] = {i: {} for i in by_id}
        for report_id, key, value, text in self._cells(list(by_id)):
            keys.setdefault(key, None)
            values[report_id][key] = _number(value) if value is not None else text
        return [{**row, **{k: values[row["report_id"]].get(k) for k in keys}} for row in rows]

    def _cells(self, report_ids: list[int]) -> Iterator[tuple[int, str, Any, Any]]:
        with self.engine.connect() as conn:
            for chunk in _chunks(report_ids, 500):
                for r in conn.execute(
                    select(cells.c.report_id, cells.c.key, cells.c.value, cells.c.text)
                    .where(cells.c.report_id.in_(chunk))
                    .order_by(cells.c.report_id, cells.c.id)
                ):
                    yield r.report_id, r.key, r.value, r.text

    def _stored(
        self, table: Table, where: Sequence[str | Condition], all_versions: bool
    ) -> Iterator[Any]:
        """The rows of ``table`` (cells or findings) of the selected reports, in stored order."""
        ids = [r["report_id"] for r in self.report_rows(where, all_versions=all_versions)]
        with self.engine.connect() as conn:
            for chunk in _chunks(ids, 500):
                yield from conn.execute(
                    select(table).where(table.c.report_id.in_(chunk)).order_by(table.c.id)
                )

    def cells(
        self, where: Sequence[str | Condition] = (), *, all_versions: bool = False
    ) -> list[dict[str, Any]]:
        """Every cell in long form with its evidence (printed text, page, line)."""
        return [
            {
                "report_id": r.report_id,
                "key": r.key,
                "label": cell_label(r.key),
                "value": _number(r.value),
                "text": r.text,
                "raw": r.raw,
                "page": r.page,
                "line": r.line,
            }
            for r in self._stored(cells, where, all_versions)
        ]

    def findings(
        self, where: Sequence[str | Condition] = (), *, all_versions: bool = False
    ) -> list[dict[str, Any]]:
        """Every finding: rule, severity, status, message and where it points."""
        return [
            {
                "report_id": r.report_id,
                "rule": r.rule,
                "severity": r.severity,
                "status": r.status,
                "message": r.message,
                "location": _where((r.data or {}).get("location") or {}),
            }
            for r in self._stored(findings, where, all_versions)
        ]

    def table(
        self, name: str, where: Sequence[str | Condition] = (), *, all_versions: bool = False
    ) -> list[dict[str, Any]]:
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r}: one of {', '.join(TABLES)}")
        method = {"reports": self.reports, "cells": self.cells, "findings": self.findings}[name]
        return method(where, all_versions=all_versions)

    def to_pandas(
        self, table: str = "reports", where: Sequence[str | Condition] = (), **kw: Any
    ) -> pandas.DataFrame:
        import pandas as pd

        rows = self.table(table, where, **kw)
        return pd.DataFrame(rows, columns=list(rows[0]) if rows else None)

    def to_arrow(
        self, table: str = "reports", where: Sequence[str | Condition] = (), **kw: Any
    ) -> pyarrow.Table:
        import pyarrow as pa

        rows = self.table(table, where, **kw)
        columns = list(rows[0]) if rows else []
        return pa.table({c: _arrow_column([r.get(c) for r in rows]) for c in columns})

    def search(self, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """Sections whose text contains ``text`` (FTS5 trigram on SQLite, pg_trgm on PostgreSQL)."""
        from .store.search import search

        return search(self.engine, text, limit=limit)


def _arrow_column(values: list[Any]) -> Any:
    """Cells mixing numbers and printed text ("/") become strings rather than failing."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values])


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _where(loc: dict[str, Any]) -> str:
    parts = [
        f"{k}={loc[k]}" for k in ("table", "row", "col", "section", "page", "line") if loc.get(k)
    ]
    return " ".join(parts)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def cell_label(key: str) -> str:
    """The official labels of a cell key: 表三｜（七）总计｜总计."""
    from .formats import FORMAT_2019, FORMAT_2021

    table_id, rest = key.split(".", 1)
    row_id, col_id = rest.rsplit(".", 1)
    for fmt in (FORMAT_2021, FORMAT_2019):
        spec = fmt.tables.get(table_id)
        if spec is None:
            continue
        row = next((r for r in spec.rows if r.id == row_id), None)
        col = next((c for c in spec.columns if c.id == col_id), None)
        if row is not None and col is not None:
            return f"{_TABLE_NO[table_id]}｜{row.label}｜{col.label}"
    return key


_TABLE_NO = {"active": "表二", "requests": "表三", "review_litigation": "表四"}
