"""``nianbao export``: the corpus as CSV, XLSX, Parquet or JSON Lines.

Three tables: ``reports`` (one row per report, every cell a named column such as
``requests.total.total``), ``cells`` (long form, with the printed text and page/line) and
``findings``. CSV, Parquet and JSON Lines write one file per table into a folder; XLSX writes
one workbook with a sheet per table, Chinese headers and a frozen header row.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .corpus import (
    CELL_FIELDS,
    FINDING_FIELDS,
    REPORT_FIELDS,
    TABLES,
    Condition,
    Corpus,
    cell_label,
)

FORMATS = ("csv", "xlsx", "parquet", "jsonl")
SHEETS = {"reports": "报告", "cells": "单元格", "findings": "检查结果"}


def export(
    corpus: Corpus,
    fmt: str,
    out: Path,
    where: Sequence[str | Condition] = (),
    *,
    all_versions: bool = False,
) -> list[Path]:
    """Write the three tables; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    tables = {name: corpus.table(name, where, all_versions=all_versions) for name in TABLES}
    if fmt == "xlsx":
        path = out if out.suffix == ".xlsx" else out / "nianbao.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        _xlsx(tables, path)
        return [path]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = out / f"{name}.{fmt}"
        {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt](rows, path)
        written.append(path)
    return written


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(rows[0]) if rows else []


def _csv(rows: list[dict[str, Any]], path: Path) -> None:
    # UTF-8 with a BOM so spreadsheet programs on Chinese Windows open it correctly
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=_columns(rows))
        writer.writeheader()
        writer.writerows(rows)


def _jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .corpus import _arrow_column

    columns = _columns(rows)
    pq.write_table(pa.table({c: _arrow_column([r.get(c) for r in rows]) for c in columns}), path)


def header_zh(table: str, column: str) -> str:
    """The Chinese header of a column: the field's name, or a cell's official labels."""
    if table == "reports":
        if column in REPORT_FIELDS:
            return REPORT_FIELDS[column][1]
        return cell_label(column)
    return {"cells": CELL_FIELDS, "findings": FINDING_FIELDS}[table].get(column, column)


def _xlsx(tables: dict[str, list[dict[str, Any]]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def cell_value(value: Any) -> Any:
        # text read from a document is data: control characters dropped, never a formula
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    book = Workbook(write_only=False)
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(SHEETS[name])
        columns = _columns(rows)
        sheet.append([header_zh(name, c) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([cell_value(row.get(c)) for c in columns])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    book.save(path)
