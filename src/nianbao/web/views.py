"""What the report page shows, built from a stored report with the shared renderers' pieces.

The tables come from ``render.html.official_layout`` (the official merged layout) and the
marks from ``render.check_report.cell_marks``; a finding's evidence, fix and 依据 are the
check report's own lines (``evidence_lines``, ``fix_lines``, ``basis``). Templates get plain
data and escape every text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..corpus import cell_label
from ..formats import TABLE_TITLES
from ..model import TABLE_IDS, Finding, Location, Report, Severity
from ..model.finding import STATUS_ZH
from ..render.check_report import basis, cell_marks, counts_zh, evidence_lines, fix_lines, verdict
from ..render.findings import where
from ..render.html import official_layout, place, table_format
from .queries import StoredReport

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class ViewCell:
    tag: str
    text: str
    rowspan: int
    colspan: int
    css: str
    #: "table.row.col" of a value cell (clickable), else ""
    key: str
    marker: str


def tables(stored: StoredReport) -> list[dict[str, Any]]:
    """The three tables as rows of cells, failing cells marked, value cells keyed."""
    report = stored.report
    marks = cell_marks(stored.finding_list)
    out = []
    for table_id in TABLE_IDS:
        fmt = table_format(report, table_id).id
        entry: dict[str, Any] = {
            "id": table_id,
            "caption": f"{TABLE_TITLES[table_id]}（{fmt} 年格式）",
            "present": table_id in report.tables,
            "rows": [],
        }
        if entry["present"]:
            for sub in official_layout(report, table_id):
                rows: list[list[ViewCell]] = [[] for _ in sub]
                for r, _c, cell in place(sub):
                    mark = marks.get(cell.key) if cell.key else None
                    css = " ".join(
                        x
                        for x in (
                            "label" if cell.label else "",
                            "v" if cell.key else "",
                            mark[0] if mark else "",
                        )
                        if x
                    )
                    rows[r].append(
                        ViewCell(
                            tag="th" if cell.header else "td",
                            text=cell.text,
                            rowspan=cell.rowspan,
                            colspan=cell.colspan,
                            css=css,
                            key=".".join(cell.key) if cell.key else "",
                            marker=mark[1] if mark else "",
                        )
                    )
                entry["rows"].extend(rows)
        out.append(entry)
    return out


def header(stored: StoredReport) -> dict[str, Any]:
    report, found = stored.report, stored.finding_list
    m = report.meta
    return {
        "title": m.title or "（未识别标题）",
        "organ": m.organ or "（未识别）",
        "region": m.region or "",
        "year": m.year,
        "format": f"{m.format} 年格式" if m.format else "（未识别）",
        "published": m.published or "",
        "file": report.source.path or "",
        "verdict": verdict(found),
        "counts": counts_zh(found),
        "failing": any(f.status == "fail" and f.severity == Severity.ERROR for f in found),
    }


def finding_rows(stored: StoredReport) -> list[dict[str, Any]]:
    """Findings worst first (notes last), each with what the list shows."""
    rows = [
        {
            "id": fid,
            "rule": f.rule,
            "severity": f.severity.value,
            "severity_zh": f.severity.zh,
            "status": f.status,
            "status_zh": STATUS_ZH[f.status],
            "message": f.message,
            "where": where(f.location),
        }
        for fid, f in stored.findings
    ]
    order = {fid: (f.status == "note", _ORDER[f.severity]) for fid, f in stored.findings}
    return sorted(rows, key=lambda r: order[r["id"]])


def finding_detail(stored: StoredReport, finding_id: int) -> dict[str, Any] | None:
    found = dict(stored.findings).get(finding_id)
    if found is None:
        return None
    return {**_detail(stored.report, found), "id": finding_id, "image": finding_box(found)}


def _detail(report: Report, f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "severity_zh": f.severity.zh,
        "status_zh": STATUS_ZH[f.status],
        "message": f.message,
        "where": where(f.location),
        "evidence": evidence_lines(f),
        "fix": fix_lines(report, f),
        "basis": basis(f),
    }


def finding_box(f: Finding) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page, box) to outline: the finding's own cell, else its first evidence with a box."""
    for loc in (f.location, *(e.location for e in f.evidence), *f.cells):
        if loc.page and loc.box:
            return loc.page, loc.box
    return None


def cell_detail(stored: StoredReport, key: str) -> dict[str, Any] | None:
    """A value cell: its labels, value as printed and where, and the findings about it;
    None for a key no national format has."""
    parts = key.split(".")
    if len(parts) != 3:
        return None
    try:
        cell = stored.report.cell(*parts)
    except KeyError:  # no national format has this cell
        return None
    about = [
        {"id": fid, **_detail(stored.report, f)}
        for fid, f in stored.findings
        if f.status != "note" and any(_is(loc, parts) for loc in (f.location, *f.cells))
    ]
    loc = cell.location if cell is not None else Location()
    return {
        "key": key,
        "label": cell_label(key),
        "present": cell is not None,
        "value": "" if cell is None or cell.value is None else str(cell.value),
        "raw": cell.raw if cell is not None else "",
        "where": where(loc),
        "notes": list(cell.notes) if cell is not None else [],
        "findings": about,
        "image": (loc.page, loc.box) if loc.page and loc.box else None,
    }


def _is(loc: Location, parts: list[str]) -> bool:
    return [loc.table, loc.row, loc.col] == parts
