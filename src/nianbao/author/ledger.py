"""表三 from the agency's 依申请公开台账 (one row per application), by the format's counting rules.

For year Y: 一 counts applications received in Y; 二 those received before Y and not concluded
before Y (last year's 四); 三 those concluded in Y, each under exactly one outcome (a 部分公开
only as 部分公开); 四 those received by Y-12-31 and not concluded by then. So 一 + 二 =
三（七）总计 + 四 holds by construction, column by column. Applicant types and outcomes are
matched by their official labels and the variants in ``formats.ledger``; anything else is an
error naming the row and the allowed values, never a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LimitExceeded, NianbaoError
from ..formats import FORMATS, REQUEST_COLUMNS, expected_format
from ..formats.ledger import APPLICANT_VARIANTS, LEDGER_COLUMNS, OUTCOME_VARIANTS, PENDING
from ..formats.spec import RowSpec
from ..settings import DEFAULT
from ..textnorm import fold

_REQUIRED = ("received", "applicant", "outcome", "replied")
_MAX_LISTED = 20
_RESULT_GROUPS = ("三、本年度办理结果", "（三）", "（四）", "（五）", "（六）")


class LedgerError(NianbaoError):
    """A register that cannot be counted: every bad row is named with the allowed values."""

    def __init__(self, path: str | None, problems: Sequence[str]):
        shown = list(problems[:_MAX_LISTED])
        if len(problems) > _MAX_LISTED:
            shown.append(f"……另有 {len(problems) - _MAX_LISTED} 处")
        super().__init__(
            path,
            "台账有无法计数的行：\n  " + "\n  ".join(shown),
            f"{len(problems)} register row(s) cannot be counted",
            code="ledger",
        )
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class Application:
    """One register row, resolved: applicant column id and outcome row id (None: pending)."""

    where: str
    key: str | None
    received: dt.date
    applicant: str
    outcome: str | None
    replied: dt.date | None
    channel: str = ""


# ---------------------------------------------------------------------- matching


def _result_rows() -> tuple[RowSpec, ...]:
    spec = FORMATS["2021"].tables["requests"]
    return tuple(r for r in spec.rows if r.group.startswith(_RESULT_GROUPS))


def outcome_labels() -> list[str]:
    """The allowed outcomes as printed in the format (group and item)."""
    return [f"{r.group}{r.label}" if r.group.startswith("（") else r.label for r in _result_rows()]


def applicant_labels() -> list[str]:
    return [c.label for c in REQUEST_COLUMNS[:-1]]


def match_applicant(value: str) -> str | None:
    folded = fold(value)
    if not folded:
        return None
    labels = {fold(c.label): c.id for c in REQUEST_COLUMNS[:-1]}
    if folded in labels:
        return labels[folded]
    found = [(len(k), col) for k, col in labels.items() if k in folded]
    found += [(len(fold(k)), col) for k, col in APPLICANT_VARIANTS.items() if fold(k) in folded]
    return max(found)[1] if found else None


def match_outcome(value: str) -> str | None:
    """The 表三 result row of an outcome, by the format's labels and keys and the variants; the
    longest phrase found wins, a tie between two rows is no match. A refusal (不予公开) without
    its reason matches nothing, since it has eight rows."""
    folded = fold(value)
    if not folded:
        return None
    rows = _result_rows()
    for r in rows:
        if folded in (fold(r.label), fold(r.group + r.label)):
            return r.id
    found = {(len(fold(k)), row) for k, row in OUTCOME_VARIANTS.items() if fold(k) in folded}
    found |= {(len(fold(k)), r.id) for r in rows for k in r.keys if fold(k) in folded}
    if re.search("不予以?公开|不公开", folded):
        found = {(n, row) for n, row in found if row != "granted"}
    if not found:
        return None
    best = max(n for n, _ in found)
    winners = {row for n, row in found if n == best}
    return winners.pop() if len(winners) == 1 else None


# ---------------------------------------------------------------------- reading


def read_rows(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number as the user sees it, {field: value}) for every non-empty register row."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise NianbaoError(
            str(path), "无法读取台账文件", f"cannot read the register: {err}"
        ) from err
    if len(data) > DEFAULT.max_file_bytes:
        raise LimitExceeded(
            str(path),
            f"台账超过 {DEFAULT.max_file_bytes} 字节",
            f"register larger than {DEFAULT.max_file_bytes} bytes",
        )
    if data.startswith(b"PK"):
        from ..readers.docx import check_zip

        check_zip(data, str(path), DEFAULT, "XLSX")
        grid = _xlsx_rows(data, str(path))
    else:
        grid = _csv_rows(data, str(path))
    for index, row in enumerate(grid[:20]):
        fields = _header(row)
        if all(f in fields for f in _REQUIRED):
            body = grid[index + 1 :]
            return [
                (index + 2 + n, {f: row_[c] if c < len(row_) else None for f, c in fields.items()})
                for n, row_ in enumerate(body)
                if any(v not in (None, "") for v in row_)
            ]
    wanted = "、".join(LEDGER_COLUMNS[f][0] for f in _REQUIRED)
    raise NianbaoError(
        str(path),
        f"台账中找不到表头（至少需要：{wanted}；可用的列名见 README）",
        "no header row with the received date, applicant type, outcome and reply date",
        code="ledger",
    )


def _header(row: Sequence[Any]) -> dict[str, int]:
    fields: dict[str, int] = {}
    for c, value in enumerate(row):
        text = fold(str(value or ""))
        for field, names in LEDGER_COLUMNS.items():
            if field not in fields and any(text == fold(n) for n in names):
                fields[field] = c
    return fields


def _csv_rows(data: bytes, path: str) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise NianbaoError(path, "台账不是 UTF-8 或 GB18030 文本", "register is not UTF-8 text")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _xlsx_rows(data: bytes, path: str) -> list[list[Any]]:
    from .workbook import _openpyxl

    openpyxl = _openpyxl(path)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign file
        raise NianbaoError(path, "无法读取 XLSX 台账", f"cannot read the register: {err}") from err
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if any(all(f in _header(r) for f in _REQUIRED) for r in rows[:20]):
            return rows
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)] if wb.worksheets else []


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(value: Any) -> dt.date | None:
    """A register date: a spreadsheet date or serial, 2024-01-05, 2024/1/5, 2024年1月5日, 20240105."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = str(value).strip()
    m = _DATE.search(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        raise ValueError(text)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def applications(path: str | Path) -> list[Application]:
    """Every register row resolved, or a ``LedgerError`` listing every row that is not."""
    out: list[Application] = []
    problems: list[str] = []
    for line, row in read_rows(path):
        where = f"第 {line} 行"
        try:
            out.append(_application(where, row))
        except ValueError as err:
            problems.append(f"{where}：{err}")
    if problems:
        raise LedgerError(str(path), problems)
    return out


def _application(where: str, row: Mapping[str, Any]) -> Application:
    def date(field: str, label: str) -> dt.date | None:
        try:
            return parse_date(row.get(field))
        except ValueError:
            raise ValueError(f"{label}「{row.get(field)}」不是日期（如 2024-01-05）") from None

    received = date("received", "收到日期")
    if received is None:
        raise ValueError("缺少收到日期")
    applicant_text = str(row.get("applicant") or "").strip()
    applicant = match_applicant(applicant_text)
    if applicant is None:
        raise ValueError(
            f"申请人类型「{applicant_text}」无法识别；可用：{'、'.join(applicant_labels())}"
        )
    replied = date("replied", "答复日期")
    outcome_text = str(row.get("outcome") or "").strip()
    pending = not outcome_text or fold(outcome_text) in {fold(p) for p in PENDING}
    outcome = None if pending else match_outcome(outcome_text)
    if not pending and outcome is None:
        raise ValueError(
            f"办理结果「{outcome_text}」无法识别；可用：{'；'.join(outcome_labels())}"
            f"（尚未办结的留空或填「办理中」）"
        )
    if replied is not None and outcome is None:
        raise ValueError(f"有答复日期 {replied} 却没有办理结果")
    if replied is None and outcome is not None:
        raise ValueError(f"办理结果为「{outcome_text}」却没有答复日期，无法确定在哪一年办结")
    if replied is not None and replied < received:
        raise ValueError(f"答复日期 {replied} 早于收到日期 {received}")
    key = str(row.get("id")).strip() if row.get("id") not in (None, "") else None
    return Application(
        where, key, received, applicant, outcome, replied, str(row.get("channel") or "")
    )


# ---------------------------------------------------------------------- counting


def merge(*registers: Iterable[Application]) -> list[Application]:
    """Registers of several years as one: an application listed twice (same 编号) is taken
    from the later register, which knows its outcome."""
    by_key: dict[str, Application] = {}
    loose: list[Application] = []
    for register in registers:
        for app in register:
            if app.key is None:
                loose.append(app)
            else:
                by_key[app.key] = app
    return [*by_key.values(), *loose]


def count(apps: Iterable[Application], year: int) -> dict[tuple[str, str], int]:
    """表三 of ``year`` as {(row id, column id): count}, totals included, every cell a number."""
    fmt = expected_format(year) or "2021"
    spec = FORMATS[fmt].tables["requests"]
    result_ids = [r.id for r in spec.rows if r.group.startswith(_RESULT_GROUPS) and r.id != "total"]
    cols = [c.id for c in REQUEST_COLUMNS[:-1]]
    table = {(r.id, c.id): 0 for r in spec.rows for c in REQUEST_COLUMNS}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for app in apps:
        if app.received > end or (app.replied is not None and app.replied < start):
            continue
        col = app.applicant
        if app.received >= start:
            table[("new_received", col)] += 1
        else:
            table[("carried_over", col)] += 1
        if app.replied is not None and app.replied <= end and app.outcome is not None:
            row = app.outcome
            if fmt == "2019" and row.startswith("other."):
                row = "other"
            table[(row, col)] += 1
        else:
            table[("carried_forward", col)] += 1
    for col in cols:
        table[("total", col)] = sum(table[(r, col)] for r in result_ids)
    for r in spec.rows:
        table[(r.id, "total")] = sum(table[(r.id, c)] for c in cols)
    return table


def requests_data(table: Mapping[tuple[str, str], int], year: int) -> dict[str, dict[str, int]]:
    """The counts as the data file's ``requests`` object, totals left out (computed on load)."""
    fmt = expected_format(year) or "2021"
    spec = FORMATS[fmt].tables["requests"]
    totals = {(r, c) for r, c in table if r == "total" or c == "total"}
    return {
        r.id: {c: table[(r.id, c)] for c in r.columns if (r.id, c) not in totals} for r in spec.rows
    }
