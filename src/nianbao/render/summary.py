"""A checked batch → ``DIR/``: one check report per file, ``index.html``, ``summary.csv`` and
``summary.xlsx``, and the summary a batch ends with on the terminal."""

from __future__ import annotations

import csv
import html
import re
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding, Report
from ..settings import DEFAULT, Settings
from .check_report import basis, check_report_html, evidence_lines, fix_lines, verdict
from .findings import counts, where


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the batch: checked (``report``), unreadable (``error``) or skipped."""

    path: str
    report: Report | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    #: the file is no supported format (the reason), so it was not read
    skipped: str | None = None
    #: the check report's file name inside the output directory
    page: str | None = field(default=None, compare=False)
    #: read, and no annual report at all (a README, a notice, a news page): not 无法读取
    not_report: bool = False

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "跳过"
        if self.not_report:
            return "不是年报"
        if self.report is None:
            return "无法读取"
        return verdict(self.findings)


#: the one-row-per-file columns of summary.csv / summary.xlsx
COLUMNS = (
    "文件",
    "机关",
    "年度",
    "格式",
    "结论",
    "错误",
    "警告",
    "提示",
    "无法判断",
    "原因",
    "检查报告",
)
FINDING_COLUMNS = (
    "文件",
    "机关",
    "年度",
    "规则",
    "级别",
    "状态",
    "问题",
    "位置",
    "证据",
    "改法",
    "依据",
)


def page_names(entries: Sequence[Entry]) -> list[Entry]:
    """Give each checked file a unique, safe page name: 「001_原文件名.html」."""
    out = []
    for i, e in enumerate(entries, 1):
        if e.report is None:
            out.append(e)
            continue
        stem = re.sub(r"[^\w.\-]+", "_", Path(e.path).stem)[:60] or "report"
        out.append(Entry(e.path, e.report, e.findings, e.error, e.skipped, f"{i:03d}_{stem}.html"))
    return out


def row(e: Entry) -> list[object]:
    """The summary row of one file, in ``COLUMNS`` order."""
    if e.report is None:
        reason = e.skipped if e.skipped is not None else e.error
        return [e.path, "", "", "", e.status, "", "", "", "", reason or "", ""]
    m = e.report.meta
    n = counts(e.findings)
    return [
        e.path,
        m.organ or "",
        m.year or "",
        m.format or "",
        e.status,
        n["error"],
        n["warning"],
        n["info"],
        n["not_assessable"],
        "",
        e.page or "",
    ]


def finding_rows(e: Entry) -> list[list[object]]:
    if e.report is None:
        return []
    m = e.report.meta
    return [
        [
            e.path,
            m.organ or "",
            m.year or "",
            f.rule,
            f.severity.zh,
            {"fail": "不通过", "not_assessable": "无法判断"}.get(f.status, f.status),
            f.message,
            where(f.location),
            "\n".join(evidence_lines(f)),
            "\n".join(fix_lines(e.report, f)),
            basis(f),
        ]
        for f in e.findings
        if f.status != "note"
    ]


def write_batch(
    out_dir: Path,
    entries: Sequence[Entry],
    *,
    pdf: bool = False,
    docx: bool = False,
    settings: Settings = DEFAULT,
) -> list[str]:
    """Write every check report (with ``docx`` also as DOCX, with ``pdf`` also printed to PDF)
    and the batch files; what could not be written, one line each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    named = page_names(entries)
    problems: list[str] = []
    for e in named:
        if e.report is not None and e.page:
            page = out_dir / e.page
            page.write_text(check_report_html(e.report, e.findings), "utf-8")
            if docx:
                from .check_docx import check_report_docx

                page.with_suffix(".docx").write_bytes(check_report_docx(e.report, e.findings))
            if pdf and not problems:
                problems += _print(page, settings)
    (out_dir / "index.html").write_text(index_html(named, docx=docx), "utf-8")
    with (out_dir / "summary.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(row(e) for e in named)
    write_xlsx(out_dir / "summary.xlsx", named)
    return problems


def _print(page: Path, settings: Settings) -> list[str]:
    from ..errors import NianbaoError
    from .pdf_print import html_to_pdf

    try:
        html_to_pdf(page, page.with_suffix(".pdf"), settings)
    except (NianbaoError, OSError, subprocess.SubprocessError) as err:
        return [str(err)]
    return []


def write_xlsx(path: Path, entries: Sequence[Entry]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    sheets = (
        (wb.active, "汇总", COLUMNS, [row(e) for e in entries]),
        (
            wb.create_sheet(),
            "全部问题",
            FINDING_COLUMNS,
            [r for e in entries for r in finding_rows(e)],
        ),
    )
    for ws, title, columns, rows in sheets:
        assert ws is not None
        ws.title = title
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append([_xlsx_safe(v) for v in r])
        ws.freeze_panes = "A2"
        for i, name in enumerate(columns, 1):
            letter = ws.cell(row=1, column=i).column_letter
            ws.column_dimensions[letter].width = (
                40 if name in ("问题", "证据", "改法", "依据", "文件") else 12
            )
            for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                c.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)


def _xlsx_safe(value: object) -> object:
    """Report text is hostile: a leading = + - @ would be a formula in Excel, so quote it."""
    if isinstance(value, str):
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return value


def index_html(entries: Sequence[Entry], *, docx: bool = False) -> str:
    """The batch page: one row per file, linking each check report (and its DOCX)."""
    from .check_report import CSS

    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in COLUMNS[:-1])
    rows = []
    for entry in entries:
        cells = row(entry)
        link = f'<a href="{e(entry.page)}">{e(entry.path)}</a>' if entry.page else e(entry.path)
        if entry.page and docx:
            link += f'（<a href="{e(str(Path(entry.page).with_suffix(".docx")))}">DOCX</a>）'
        rows.append(
            '<tr><td class="label">'
            + link
            + "</td>"
            + "".join(f"<td>{e(str(v))}</td>" for v in cells[1:-1])
            + "</tr>"
        )
    lines = "".join(f"<li>{e(x)}</li>" for x in summary_lines(entries))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>年度报告检查汇总</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>年度报告检查汇总</h1>\n<ul>{lines}</ul>\n"
        f"<table><tr>{head}</tr>\n" + "\n".join(rows) + "\n</table>\n</body>\n</html>\n"
    )


def summary_lines(entries: Sequence[Entry]) -> list[str]:
    """What a batch ends with: files, read, unreadable, skipped (with reasons), reports with
    errors and warnings, the rules most often broken."""
    read = [e for e in entries if e.report is not None]
    unreadable = [e for e in entries if e.report is None and e.skipped is None and not e.not_report]
    not_reports = [e for e in entries if e.not_report]
    skipped = [e for e in entries if e.skipped is not None]
    with_errors = sum(1 for e in read if counts(e.findings)["error"])
    with_warnings = sum(1 for e in read if counts(e.findings)["warning"])
    others = f"不是年报 {len(not_reports)}，" if not_reports else ""
    out = [
        f"文件 {len(entries)} 个：读取 {len(read)}，{others}无法读取 {len(unreadable)}，"
        f"跳过 {len(skipped)}",
        f"有错误的报告 {with_errors} 份，有警告的报告 {with_warnings} 份",
    ]
    out += [f"不是年报：{e.error}" for e in not_reports]
    out += [f"无法读取：{e.error}" for e in unreadable]
    out += [f"跳过：{e.path}（{e.skipped}）" for e in skipped]
    broken = Counter(
        f.rule for e in read for f in {f.rule: f for f in e.findings if f.status == "fail"}.values()
    )
    if broken:
        top = "、".join(f"{rule}（{n} 份）" for rule, n in broken.most_common(5))
        out.append(f"最常见的问题：{top}")
    return out
