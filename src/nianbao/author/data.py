"""A report's data file (YAML, JSON of the data model, or the XLSX template) → a ``Draft``.

The data file is what an agency fills in before publishing: meta, the narrative of each
section (optional), and the three tables by the row and column ids of the data model
(``nianbao parse --json`` output is accepted as it is). A total cell that the file leaves out
(YAML) or holds as a formula (XLSX) is computed from the format's identities; a cell the
file gives, even blank, is kept exactly as given, so the checker still sees the user's slips.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..formats import FORMATS, SECTIONS, expected_format
from ..formats.spec import FormatSpec, Identity, TableSpec
from ..model import TABLE_IDS, Cell, Location, Value
from ..settings import DEFAULT

#: (table id, row id, column id)
Key = tuple[str, str, str]
_COMPUTED_NOTE = "由 nianbao 按格式的勾稽关系计算："
_META = ("title", "organ", "region", "year", "published", "format")


@dataclass(frozen=True, slots=True)
class Draft:
    """What the data file says, before the narrative skeleton and the layout are added."""

    path: str | None
    sha256: str
    reader: str
    meta: Mapping[str, Any]
    #: table id → format id ("2021" or "2019"), decided by the year unless the file says
    table_formats: Mapping[str, str]
    cells: Mapping[Key, Cell] = field(default_factory=dict)
    #: the 导语 (paragraphs before section 一), None when the file gives none
    intro: str | None = None
    #: section number → the narrative the user wrote ("" or absent: write the skeleton)
    sections: Mapping[int, str] = field(default_factory=dict)

    def value(self, table: str, row: str, col: str) -> Value:
        cell = self.cells.get((table, row, col))
        return None if cell is None else cell.value

    def spec(self, table: str) -> TableSpec:
        return FORMATS[self.table_formats[table]].tables[table]


class DataError(NianbaoError):
    """A data file that cannot be used: the message names the file, the place and the fix."""

    def __init__(self, path: str | None, reason_zh: str, reason_en: str):
        super().__init__(path, reason_zh, reason_en, code="data")


# ---------------------------------------------------------------------- totals


def total_identities(spec: TableSpec) -> Iterator[tuple[Identity, str]]:
    """Identities that define one cell (or a row or column of cells) as the sum of others:
    ``（七）总计`` and each row's 总计 in 表三, 总计 in 表四. (identity, the summed cell's id)."""
    for identity in spec.identities:
        if identity.relation == "eq" and len(identity.lhs) == 1:
            yield identity, identity.lhs[0]


def total_cells(spec: TableSpec) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(row, col) of each total cell → the (row, col) cells it sums; the first identity that
    defines a cell wins (the row sum for （七）总计 × 总计)."""
    out: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
    for identity, target in total_identities(spec):
        for item in identity.across:
            if identity.axis == "columns":
                key, terms = (item, target), tuple((item, c) for c in identity.rhs)
            else:
                key, terms = (target, item), tuple((r, item) for r in identity.rhs)
            if key[0] in {r.id for r in spec.rows}:
                out.setdefault(key, terms)
    return out


def _sum(values: list[Value]) -> int | float | None:
    if not values or any(isinstance(v, bool) or not isinstance(v, int | float) for v in values):
        return None
    total = sum((Decimal(str(v)) for v in values), Decimal(0))
    return int(total) if total == total.to_integral_value() else float(total)


def with_totals(draft: Draft, missing: set[Key]) -> Draft:
    """Compute every total cell in ``missing`` whose terms are all numbers (repeatedly, since a
    total may sum other totals)."""
    cells = dict(draft.cells)
    todo = set(missing)
    changed = True
    while todo and changed:
        changed = False
        for table_id in TABLE_IDS:
            spec = draft.spec(table_id)
            for (row, col), terms in total_cells(spec).items():
                key = (table_id, row, col)
                if key not in todo:
                    continue
                value = _sum(
                    [cells[(table_id, *t)].value for t in terms if (table_id, *t) in cells]
                )
                if value is None or any((table_id, *t) not in cells for t in terms):
                    continue
                label = " + ".join(_label(spec, t) for t in terms)
                note = f"{_COMPUTED_NOTE}{_label(spec, (row, col))} = {label}"
                cells[key] = Cell(value, str(value), _where(draft.path, key), notes=(note,))
                todo.discard(key)
                changed = True
    return replace(draft, cells=cells)


def _label(spec: TableSpec, cell: tuple[str, str]) -> str:
    row, col = cell
    return f"{spec.row(row).label}×{spec.column(col).label}"


def _where(path: str | None, key: Key, line: int | None = None) -> Location:
    return Location(path=path, line=line, table=key[0], row=key[1], col=key[2])


# ---------------------------------------------------------------------- loading


def load_data(path: str | Path) -> Draft:
    """Read a data file; the kind is decided from the content (XLSX zip, JSON object, YAML)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise DataError(str(path), "无法读取数据文件", f"cannot read the data file: {err}") from err
    if data.startswith(b"PK"):
        from ..readers.docx import check_zip
        from .workbook import read_workbook

        check_zip(data, str(path), DEFAULT, "XLSX")
        return read_workbook(data, str(path))
    if len(data) > DEFAULT.max_text_bytes:
        raise LimitExceeded(
            str(path),
            f"数据文件超过 {DEFAULT.max_text_bytes} 字节",
            f"data file larger than {DEFAULT.max_text_bytes} bytes",
        )
    text = _decode(data, str(path))
    if text.lstrip().startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            raise DataError(
                str(path), f"JSON 格式错误（第 {err.lineno} 行）", f"invalid JSON: {err}"
            ) from err
        return from_mapping(obj, path=str(path), sha256=_sha(data), reader="json")
    obj, lines = _yaml(text, str(path))
    return from_mapping(obj, path=str(path), sha256=_sha(data), reader="yaml", lines=lines)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(path, "数据文件不是 UTF-8 或 GB18030 文本", "data file is not UTF-8 text")


def _yaml(text: str, path: str) -> tuple[Any, dict[Key, tuple[int | None, str]]]:
    """The YAML mapping and, for every table cell, (line, the scalar as written)."""
    try:
        import yaml
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "PyYAML", "pip install 'nianbao[author]'") from err
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        obj = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise DataError(path, f"YAML 格式错误{where}", f"invalid YAML: {err}") from err
    lines: dict[Key, tuple[int | None, str]] = {}
    if isinstance(node, yaml.MappingNode):
        for k, table in node.value:
            if k.value in TABLE_IDS and isinstance(table, yaml.MappingNode):
                for rk, row in table.value:
                    if isinstance(row, yaml.MappingNode):
                        for ck, cell in row.value:
                            raw = cell.value if isinstance(cell, yaml.ScalarNode) else ""
                            lines[(k.value, rk.value, ck.value)] = (cell.start_mark.line + 1, raw)
    return obj, lines


def from_mapping(
    obj: Any,
    *,
    path: str | None,
    sha256: str = "",
    reader: str = "json",
    lines: Mapping[Key, tuple[int | None, str]] | None = None,
) -> Draft:
    """The data model as a mapping (``Report.to_dict()``, or a filled YAML template) → Draft."""
    if not isinstance(obj, Mapping):
        raise DataError(path, "数据文件应为一个对象（键值对）", "the data file must be a mapping")
    meta = dict(obj.get("meta") or {})
    _only(path, "meta", "未知字段", meta, _META)
    year = _year(meta.get("year"), path)
    meta["year"] = year
    fmt = str(meta.get("format") or expected_format(year) or "2021")
    if fmt not in FORMATS:
        raise DataError(path, f"未知的格式版本：{fmt}（可用：2021、2019）", f"unknown format {fmt}")
    meta["format"] = fmt
    given_formats = obj.get("table_formats") or {}
    table_formats = {t: str(given_formats.get(t) or fmt) for t in TABLE_IDS}
    lines = lines or {}
    cells: dict[Key, Cell] = {}
    missing: set[Key] = set()
    for table_id in TABLE_IDS:
        spec = FORMATS[table_formats[table_id]].tables[table_id]
        table = obj.get(table_id) or {}
        if not isinstance(table, Mapping):
            raise DataError(path, f"{table_id} 应为按行编号的对象", f"{table_id} must be a mapping")
        _only(path, table_id, "该格式没有的行", table, tuple(r.id for r in spec.rows))
        for row in spec.rows:
            given = table.get(row.id) or {}
            if not isinstance(given, Mapping):
                raise DataError(
                    path, f"{table_id}.{row.id} 应为按列编号的对象", f"{row.id} must be a mapping"
                )
            _only(path, f"{table_id}.{row.id}", "该行没有的列", given, row.columns)
            for col in row.columns:
                key = (table_id, row.id, col)
                if col not in given:
                    missing.add(key)
                    cells[key] = Cell(None, "", _where(path, key))
                    continue
                line, raw = lines.get(key, (None, None))
                value = _value(given[col], spec.column(col).kind, path, key, line)
                text = raw if raw is not None else ("" if value is None else str(value))
                cells[key] = Cell(value, text, _where(path, key, line))
    sections = _sections(obj.get("sections"), path)
    intro = obj.get("intro")
    draft = Draft(
        path=path,
        sha256=sha256,
        reader=reader,
        meta=meta,
        table_formats=table_formats,
        cells=cells,
        intro=str(intro).strip() or None if intro else None,
        sections=sections,
    )
    computable = {k for k in missing if (k[1], k[2]) in total_cells(draft.spec(k[0]))}
    return with_totals(draft, computable)


def _year(value: Any, path: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(str(value).strip().removesuffix("年"))
    except ValueError:
        year = 0
    if not 2008 <= year <= 2100:
        raise DataError(path, f"meta.year 不是有效年度：{value!r}", f"invalid meta.year {value!r}")
    return year


def _only(path: str | None, where: str, what: str, given: Any, allowed: tuple[str, ...]) -> None:
    """A key the format does not have is a typo to report, never a value to drop silently."""
    unknown = [str(k) for k in given if k not in allowed]
    if unknown:
        raise DataError(
            path,
            f"{where} 中有{what}：{'、'.join(unknown)}（可用：{'、'.join(allowed)}）",
            f"unknown keys in {where}: {', '.join(unknown)}",
        )


def _value(value: Any, kind: str, path: str | None, key: Key, line: int | None) -> Value:
    """A cell as given: a number, None for blank, or the printed text ("/", "—", "无")."""
    if isinstance(value, float) and kind != "money" and value.is_integer():
        return int(value)  # a spreadsheet keeps every number as a float
    if value is None or isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", ""))
        except ArithmeticError:
            return text  # kept as printed; the checker reports it
        return int(number) if "." not in text else float(number)
    where = f"第 {line} 行 " if line else ""
    raise DataError(
        path,
        f"{where}{'.'.join(key)} 的值无法识别：{value!r}（应为数字或留空）",
        f"{'.'.join(key)}: {value!r} is not a number",
    )


def _sections(given: Any, path: str | None) -> dict[int, str]:
    """``sections`` as the data model lists them ([{no, heading, text}]) or {no: text}."""
    out: dict[int, str] = {}
    if not given:
        return out
    items = given.items() if isinstance(given, Mapping) else enumerate(given, 1)
    for key, item in items:
        no, text = (
            (item.get("no", key), item.get("text")) if isinstance(item, Mapping) else (key, item)
        )
        try:
            number = int(no)
        except (TypeError, ValueError):
            number = 0
        if number not in {s.no for s in SECTIONS}:
            raise DataError(
                path, f"sections 中的部分编号无效：{no!r}（应为 1–6）", f"bad section {no!r}"
            )
        out[number] = str(text or "").strip()
    return out


def format_of(draft: Draft) -> FormatSpec:
    return FORMATS[draft.meta.get("format") or "2021"]
