"""Data file → checked report → DOCX, HTML, Markdown or PDF; templates; ledger → data file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ..errors import NianbaoError
from ..model import Finding, Report, Severity
from ..settings import DEFAULT, Settings
from .compose import compose
from .data import DataError, Draft, from_mapping, load_data, total_cells

REPORT_SUFFIXES = (".docx", ".html", ".htm", ".md", ".markdown", ".pdf")
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def blank_draft(year: int | None) -> Draft:
    """An empty data file for ``year`` (its format decided by the year)."""
    return from_mapping({"meta": {"year": year}}, path=None)


def template_bytes(year: int | None, kind: str) -> bytes:
    """The fill-in template: ``kind`` is "xlsx" or "yaml"."""
    draft = blank_draft(year)
    return data_bytes(draft, kind)


def data_bytes(draft: Draft, kind: str) -> bytes:
    """A data file in ``kind`` ("yaml", "json", "xlsx") holding ``draft``."""
    if kind == "xlsx":
        from .workbook import write_workbook

        return write_workbook(compose(draft), draft)
    if kind == "json":
        report = compose(draft)
        obj = {k: v for k, v in report.to_dict().items() if k not in ("evidence", "problems")}
        obj["sections"] = [{"no": n, "text": t} for n, t in sorted(draft.sections.items())]
        if draft.intro:
            obj["intro"] = draft.intro
        return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    from .yamlfile import dump_yaml

    return dump_yaml(draft).encode("utf-8")


def kind_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in DATA_SUFFIXES:
        raise DataError(
            str(path),
            f"数据文件应以 {'、'.join(DATA_SUFFIXES)} 结尾",
            f"a data file must end in {', '.join(DATA_SUFFIXES)}",
        )
    return {".yml": "yaml"}.get(suffix, suffix.lstrip("."))


def prepare(
    data: str | Path,
    *,
    previous: str | Path | None = None,
    settings: Settings = DEFAULT,
) -> tuple[Report, list[Finding]]:
    """The composed report and the checker's findings on it (cross-year with ``previous``)."""
    from ..runner import check

    report = compose(load_data(data))
    prev = None
    if previous is not None:
        if Path(previous).suffix.lower() in DATA_SUFFIXES:
            prev = compose(load_data(previous))
        else:
            from .. import parse

            prev = parse(previous, settings)
    return report, check(report, prev, settings=settings)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR and f.status == "fail"]


def write_report(report: Report, out: str | Path) -> None:
    """Write the report with the registered renderer of ``out``'s suffix."""
    from ..render import Options, Output, load_renderers

    suffix = {".htm": ".html", ".markdown": ".md"}.get(
        Path(out).suffix.lower(), Path(out).suffix.lower()
    )
    renderer = next((r for r in load_renderers().values() if r.suffix == suffix), None)
    if renderer is None or suffix not in REPORT_SUFFIXES:
        raise NianbaoError(
            str(out),
            f"不支持的输出格式，请用 {'、'.join(REPORT_SUFFIXES)}",
            f"unsupported output; use {', '.join(REPORT_SUFFIXES)}",
            code="usage",
        )
    content = renderer.render(Output(report), Options())
    if isinstance(content, bytes):
        Path(out).write_bytes(content)
    else:
        Path(out).write_text(content, encoding="utf-8")


def with_requests(
    draft: Draft | None, requests: Mapping[str, Mapping[str, int]], year: int
) -> Draft:
    """``draft`` (or a new data file for ``year``) with 表三 replaced by ``requests``."""
    if draft is None:
        return from_mapping({"meta": {"year": year}, "requests": requests}, path=None)
    if draft.meta.get("year") not in (None, year):
        raise DataError(
            draft.path,
            f"数据文件的年度（{draft.meta.get('year')}）与 --year {year} 不一致",
            f"the data file is for {draft.meta.get('year')}, not {year}",
        )
    obj: dict[str, object] = {
        "meta": {**draft.meta, "year": year},
        "table_formats": dict(draft.table_formats),
        "intro": draft.intro,
        "sections": dict(draft.sections),
        "requests": requests,
    }
    for table_id in ("active", "review_litigation"):
        totals = total_cells(draft.spec(table_id))
        rows: dict[str, dict[str, object]] = {}
        for (t, row, col), cell in draft.cells.items():
            computed = (row, col) in totals and (cell.value is None or bool(cell.notes))
            if t == table_id and not computed:
                rows.setdefault(row, {})[col] = cell.value
        obj[table_id] = rows
    return from_mapping(obj, path=draft.path)
