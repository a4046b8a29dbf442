"""A Draft → the YAML data file: the data model's ids, each with its official label as a comment.

Total cells are left out (they are computed on load) unless the user gave one; a blank cell
is written empty, which YAML reads as blank, never as 0.
"""

from __future__ import annotations

import json

from ..formats import FORMATS, SECTIONS
from ..model import SCHEMA, TABLE_IDS, Value
from .data import Draft, total_cells

_HEAD = """\
# 政府信息公开工作年度报告数据文件（nianbao）
# 依据：{name}（{document}）
# 填写：件数填非负整数，金额单位为万元；留空表示空白（不等于 0）。
# 表中「总计」和「（七）总计」不必填写，读取时按格式的勾稽关系计算。
# 正文各部分留空时，生成报告会写出该部分应包含的内容提纲，统计数字取自表格。
# 生成报告：nianbao render 本文件 --out 报告.docx（或 .html .md .pdf）
"""


def _scalar(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _text(key: str, text: str | None, comment: str, indent: str = "") -> list[str]:
    if not text:
        return [f"{indent}{key}:  # {comment}"]
    body = [f"{indent}  {line}" if line.strip() else "" for line in text.splitlines()]
    return [f"{indent}{key}: |-  # {comment}", *body]


def dump_yaml(draft: Draft) -> str:
    fmt = FORMATS[draft.meta.get("format") or "2021"]
    out = [_HEAD.format(name=fmt.name, document=fmt.document).rstrip("\n")]
    out.append(f"schema: {SCHEMA}")
    out.append("meta:")
    meta_comments = {
        "title": "报告标题（留空则为「机关名称 + 年度 + 政府信息公开工作年度报告」）",
        "organ": "机关名称（落款）",
        "region": "行政区域",
        "year": "年度",
        "published": "落款日期，如 2025-01-20",
        "format": f"格式版本：{fmt.document}",
    }
    for field, comment in meta_comments.items():
        value = draft.meta.get(field)
        text = "" if value is None else json.dumps(str(value), ensure_ascii=False)
        if field == "year" and value is not None:
            text = str(value)
        out.append(f"  {field}: {text}  # {comment}".replace(":   #", ":  #"))
    if any(f != draft.meta.get("format") for f in draft.table_formats.values()):
        out.append("table_formats:")
        out.extend(f"  {t}: {json.dumps(f)}" for t, f in draft.table_formats.items())
    out.extend(_text("intro", draft.intro, "导语（留空则按惯例生成）"))
    out.append("sections:")
    for section in SECTIONS:
        out.extend(
            _text(
                str(section.no),
                draft.sections.get(section.no),
                f"{section.title}（留空则生成提纲）",
                "  ",
            )
        )
    for table_id in TABLE_IDS:
        spec = draft.spec(table_id)
        totals = total_cells(spec)
        out.append("")
        out.append(f"{table_id}:  # {spec.title}")
        group = None
        for row in spec.rows:
            if row.group and row.group != group:
                group = row.group
                out.append(f"  # {group}")
            out.append(f"  {row.id}:  # {row.label}")
            for col in row.columns:
                label = spec.column(col).label
                cell = draft.cells.get((table_id, row.id, col))
                if (row.id, col) in totals and (cell is None or cell.value is None or cell.notes):
                    out.append(f"    # {col}: 由程序计算  # {label}")
                    continue
                value = None if cell is None else cell.value
                text = cell.raw if cell is not None and cell.raw and not cell.notes else ""
                shown = text if text and _is_plain(text, value) else _scalar(value)
                out.append(f"    {col}: {shown}  # {label}".replace(":   #", ":  #"))
    return "\n".join(out) + "\n"


def _is_plain(text: str, value: Value) -> bool:
    """The printed text can be written as it is (a plain number that reads back the same)."""
    try:
        return isinstance(value, int | float) and float(text) == float(value)
    except ValueError:
        return False
