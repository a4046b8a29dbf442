"""The XLSX fill-in template: the three tables drawn as the national template draws them, totals
as formulas, input cells validated; and reading a filled one back into a ``Draft``.

Each table sheet is laid out by ``render.html.official_layout`` (the same merged headers as the
DOCX and HTML renderers). A hidden sheet maps every value cell to its data-model id, so the
reader never guesses a cell by its position. Sheets are protected without a password: only
the input cells are unlocked, so the totals' formulas and the labels stay as printed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from ..errors import MissingDependency
from ..formats import SECTIONS, TABLE_SHORT
from ..model import TABLE_IDS, Report
from ..render.html import LayoutCell, official_layout, place
from .data import DataError, Draft, Key, from_mapping, total_cells

_IDS = "_ids"
_INFO = "基本信息"
_META_ROWS = (
    ("title", "报告标题（留空则为「机关名称 + 年度 + 政府信息公开工作年度报告」）"),
    ("organ", "机关名称（落款）"),
    ("region", "行政区域"),
    ("year", "年度"),
    ("published", "落款日期（如 2025-01-20）"),
    ("format", "格式版本（由年度决定，不必修改）"),
)
_FONT = "宋体"
_COUNT_ERROR = "请填写非负整数（件数），不填表示空白，不是 0。"
_MONEY_ERROR = "请填写非负金额，单位万元，最多两位小数。"


def _openpyxl(path: str | None = None) -> Any:
    try:
        import openpyxl
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "openpyxl", "pip install 'nianbao[author]'") from err
    return openpyxl


def layout_keys(report: Report, table_id: str) -> Iterator[tuple[int, int, LayoutCell, Key | None]]:
    """(row, col, cell, data-model key) of every printed cell of the table, sub-tables stacked.

    The official layout prints the value cells in the format's row order and column order, so
    the n-th value cell is the n-th (row, column) of the format."""
    table = report.tables[table_id]
    from ..formats import FORMATS

    spec = FORMATS[table.format or "2021"].tables[table_id]
    keys = iter([(table_id, row.id, col) for row in spec.rows for col in row.columns])
    top = 0
    for sub in official_layout(report, table_id):
        for r, c, cell in place(sub):
            value = not (cell.header or cell.label)
            yield top + r, c, cell, next(keys) if value else None
        top += len(sub)
    if next(keys, None) is not None:
        raise AssertionError(f"{table_id}: the layout prints fewer value cells than the format")


def write_workbook(report: Report, draft: Draft) -> bytes:
    """The template (or a filled data file) as XLSX bytes."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Border, Font, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = _INFO
    ids = wb.create_sheet(_IDS)
    ids.sheet_state = "hidden"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    unlocked = Protection(locked=False)

    info.column_dimensions["A"].width = 44
    info.column_dimensions["B"].width = 90
    info.append(["项目", "填写内容"])
    for field, label in _META_ROWS:
        value = draft.meta.get(field)
        info.append([label, "" if value is None else str(value)])
        ids.append([f"meta.{field}", _INFO, f"B{info.max_row}"])
    info.append(["导语（留空则按惯例生成）", draft.intro or ""])
    ids.append(["intro", _INFO, f"B{info.max_row}"])
    for section in SECTIONS:
        info.append([f"{section.title}（留空则生成提纲）", draft.sections.get(section.no, "")])
        ids.append([f"section.{section.no}", _INFO, f"B{info.max_row}"])
    for row in info.iter_rows(min_row=2):
        row[1].protection = unlocked
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    info.protection.sheet = True

    for table_id in TABLE_IDS:
        ws = wb.create_sheet(TABLE_SHORT[table_id])
        spec = draft.spec(table_id)
        totals = total_cells(spec)
        ws.append([spec.title])
        ws.cell(1, 1).font = Font(name="黑体", size=12)
        top = 2
        placed = list(layout_keys(report, table_id))
        address: dict[Key, str] = {}
        for r, c, _cell, key in placed:
            if key is not None:
                address[key] = f"{get_column_letter(c + 1)}{top + r}"
        n_cols = max(c + cell.colspan for _, c, cell, _ in placed)
        for i in range(n_cols):
            ws.column_dimensions[get_column_letter(i + 1)].width = 12
        if table_id == "requests":
            ws.column_dimensions["C"].width = 40
        if table_id == "active":
            ws.column_dimensions["A"].width = 28
        counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        signed = DataValidation(
            type="whole", operator="between", formula1="-1000000000", formula2="1000000000"
        )
        for dv, message in ((counts, _COUNT_ERROR), (signed, "请填写整数（可为负）。")):
            dv.error, dv.errorTitle, dv.showErrorMessage = message, "输入有误", True
            dv.allow_blank = True
            ws.add_data_validation(dv)
        for r, c, cell, key in placed:
            target = ws.cell(top + r, c + 1)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    ws.cell(top + r + dr, c + 1 + dc).border = border
            target.font = Font(name=_FONT, size=10)
            target.alignment = Alignment(
                wrap_text=True,
                vertical="center",
                horizontal="left" if cell.label else "center",
            )
            if key is None:
                target.value = cell.text
                continue
            ids.append([".".join(key), ws.title, target.coordinate])
            kind = spec.column(key[2]).kind
            if (key[1], key[2]) in totals and _computed(draft, key):
                terms = totals[(key[1], key[2])]
                target.value = "=SUM({})".format(",".join(address[(table_id, *t)] for t in terms))
                continue
            value = draft.value(*key)
            target.value = value
            target.protection = unlocked
            if kind == "money":
                target.number_format = "0.00##"
                money = DataValidation(
                    type="custom",
                    formula1=f"AND(ISNUMBER({target.coordinate}),{target.coordinate}>=0,"
                    f"ROUND({target.coordinate},2)={target.coordinate})",
                )
                money.error, money.errorTitle, money.showErrorMessage = (
                    _MONEY_ERROR,
                    "输入有误",
                    True,
                )
                money.allow_blank = True
                ws.add_data_validation(money)
                money.add(target)
            else:
                target.number_format = "0"
                (signed if kind == "signed" else counts).add(target)
        ws.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _computed(draft: Draft, key: Key) -> bool:
    """A total the user did not type (blank, or computed on load): it becomes a formula."""
    cell = draft.cells.get(key)
    return cell is None or cell.value is None or bool(cell.notes)


def read_workbook(data: bytes, path: str | None) -> Draft:
    """A filled template → Draft; a formula cell is a total to compute, never a typed value."""
    openpyxl = _openpyxl(path)
    import hashlib

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign file
        raise DataError(
            path, "无法读取 XLSX 数据文件（已损坏或不是 nianbao 模板）", f"cannot read: {err}"
        ) from err
    if _IDS not in wb.sheetnames:
        raise DataError(
            path,
            "这个 XLSX 不是 nianbao 模板（缺少隐藏的编号表），请用 nianbao template 生成模板后填写",
            "not a nianbao template (no hidden id sheet)",
        )
    obj: dict[str, Any] = {"meta": {}, "sections": {}}
    lines: dict[Key, tuple[int | None, str]] = {}
    for key, sheet, ref in wb[_IDS].iter_rows(values_only=True):
        if not key or sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        value = cell.value
        parts = str(key).split(".")
        if parts[0] == "meta":
            obj["meta"][parts[1]] = _text(value)
        elif parts[0] == "intro":
            obj["intro"] = _text(value)
        elif parts[0] == "section":
            obj["sections"][int(parts[1])] = _text(value) or ""
        elif parts[0] in TABLE_IDS:
            table, row, col = parts[0], ".".join(parts[1:-1]), parts[-1]
            if isinstance(value, str) and value.startswith("="):
                continue  # a formula: computed on load from the inputs
            obj.setdefault(table, {}).setdefault(row, {})[col] = value
            lines[(table, row, col)] = (None, "" if value is None else _number_text(value))
    return from_mapping(
        obj, path=path, sha256=hashlib.sha256(data).hexdigest(), reader="xlsx", lines=lines
    )


def _number_text(value: Any) -> str:
    """A spreadsheet number as printed: 5.0 is 5 (Excel keeps every number as a float)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    return str(value).strip() or None
