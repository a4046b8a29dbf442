"""The pages: upload, report, corpus list, an organ across years, statistics, API docs.

Server-rendered (Jinja2, autoescaped); htmx loads the evidence panel and polls upload status.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from ..corpus import Condition, Corpus
from ..export import export
from ..render import Options, Output, load_renderers
from ..render.as_json import to_json
from . import api, queries, views
from .app import Services, services
from .pageimage import PageUnavailable, is_pdf, outlined, page_png
from .uploads import UploadRefused

router = APIRouter(include_in_schema=False)

#: downloads of one report: name → (label, renderer or None for the XLSX export)
DOWNLOADS = {
    "json": "数据与检查结果 JSON",
    "xlsx": "数据表 XLSX",
    "check-html": "检查意见 HTML（可打印）",
    "check-docx": "检查意见 DOCX",
    "docx": "报告 DOCX（官方格式）",
    "html": "报告 HTML（官方格式）",
    "markdown": "报告 Markdown",
}
_MEDIA = {
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}


def _page(request: Request, name: str, **context: Any) -> Response:
    return services(request).templates.TemplateResponse(request, name, context)


@router.get("/")
def upload_page(request: Request) -> Response:
    svc = services(request)
    return _page(
        request,
        "upload.html",
        jobs=svc.worker.recent(),
        limits=svc.config,
        error=None,
    )


@router.post("/upload")
async def upload_form(request: Request) -> Response:
    """The upload form without JavaScript: files queued, then back to the upload page."""
    svc = services(request)
    try:
        await api.receive(request, svc)
    except UploadRefused as err:
        page = _page(
            request, "upload.html", jobs=svc.worker.recent(), limits=svc.config, error=err.message
        )
        page.status_code = err.status
        return page
    return RedirectResponse("/", status_code=303)


@router.get("/uploads/{job_id}")
def upload_row(request: Request, job_id: str) -> Response:
    job = services(request).worker.get(job_id)
    if job is None:
        raise HTTPException(404)
    return _page(request, "_job.html", job=job)


@router.get("/reports")
def report_list(request: Request, query: api.ListFilters) -> Response:
    svc = services(request)
    found = queries.list_reports(svc.engine, query, page_size=svc.config.page_size)
    return _page(
        request,
        "reports.html",
        query=query,
        found=found,
        facets=queries.facets(svc.engine),
        sorts={
            "year": "年度",
            "organ": "机关",
            "region": "地区",
            "errors": "错误数",
            "added": "最近入库",
        },
    )


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: int) -> Response:
    svc = services(request)
    stored = api.stored_or_404(svc, report_id)
    available = load_renderers()
    downloads = {k: v for k, v in DOWNLOADS.items() if k in available or k == "xlsx"}
    return _page(
        request,
        "report.html",
        id=report_id,
        stored=stored,
        head=views.header(stored),
        tables=views.tables(stored),
        findings=views.finding_rows(stored),
        sections=queries.sections_of(svc.engine, report_id),
        downloads=downloads,
    )


@router.get("/reports/{report_id}/cells/{key}")
def cell_panel(request: Request, report_id: int, key: str) -> Response:
    svc = services(request)
    stored = api.stored_or_404(svc, report_id)
    detail = views.cell_detail(stored, key)
    if detail is None:
        raise HTTPException(404, "没有这个单元格（no such cell）")
    return _page(
        request,
        "_evidence.html",
        id=report_id,
        cell=detail,
        finding=None,
        pages=_has_pages(svc, stored),
    )


@router.get("/reports/{report_id}/findings/{finding_id}")
def finding_panel(request: Request, report_id: int, finding_id: int) -> Response:
    svc = services(request)
    stored = api.stored_or_404(svc, report_id)
    detail = views.finding_detail(stored, finding_id)
    if detail is None:
        raise HTTPException(404, "没有这条检查结果（no such finding）")
    return _page(
        request,
        "_evidence.html",
        id=report_id,
        cell=None,
        finding=detail,
        pages=_has_pages(svc, stored),
    )


def _has_pages(svc: Services, stored: queries.StoredReport) -> bool:
    """The original is an uploaded PDF (text or scanned), so its pages can be shown."""
    return svc.blobs.has(stored.sha256) and is_pdf(svc.blobs.path(stored.sha256))


@router.get("/reports/{report_id}/pages/{page}.png")
def page_image(
    request: Request, report_id: int, page: int, cell: str = "", finding: int | None = None
) -> Response:
    """The original page, with the cell (``cell=table.row.col``) or the finding's cell outlined."""
    svc = services(request)
    stored = api.stored_or_404(svc, report_id)
    if not _has_pages(svc, stored):
        raise HTTPException(404, "没有这份报告的原始页面（no page image: not an uploaded PDF）")
    box = None
    if cell:
        detail = views.cell_detail(stored, cell)
        box = detail["image"] if detail else None
    elif finding is not None:
        detail = views.finding_detail(stored, finding)
        box = detail["image"] if detail else None
    try:
        png = page_png(
            svc.blobs.path(stored.sha256),
            svc.page_cache,
            page,
            dpi=svc.config.page_dpi,
            settings=svc.config.settings,
        )
    except PageUnavailable as err:
        raise HTTPException(404, str(err)) from err
    if box is not None and box[0] == page:
        png = outlined(png, box[1], dpi=svc.config.page_dpi)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/reports/{report_id}/download/{name}")
async def download(request: Request, report_id: int, name: str) -> Response:
    svc = services(request)
    if name not in DOWNLOADS:
        raise HTTPException(404, "没有这种下载格式（unknown format）")
    stored = api.stored_or_404(svc, report_id)
    data, suffix = await run_in_threadpool(_download, svc, stored, name)
    filename = f"report-{report_id}{'-check' if name.startswith('check') else ''}{suffix}"
    return Response(
        data,
        media_type=_MEDIA.get(suffix, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _download(svc: Services, stored: queries.StoredReport, name: str) -> tuple[bytes, str]:
    import json

    if name == "json":
        body = to_json(stored.report, stored.finding_list)
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8"), ".json"
    if name == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "report.xlsx"
            where = [Condition("report_id", "=", str(stored.id))]
            export(Corpus(svc.engine), "xlsx", path, where, all_versions=True)
            return path.read_bytes(), ".xlsx"
    renderer = load_renderers().get(name)
    if renderer is None:
        raise HTTPException(404, "没有这种下载格式（unknown format）")
    text = renderer.render(Output(stored.report, stored.finding_list), Options())
    return (text if isinstance(text, bytes) else text.encode("utf-8")), renderer.suffix


@router.get("/organs/{organ_id}")
def organ_page(request: Request, organ_id: int) -> Response:
    data = api.organ_history(services(request), organ_id)
    return _page(request, "organ.html", h=data)


@router.get("/stats")
def stats_page(
    request: Request, by: str = "region", year: int | None = None, region: str = ""
) -> Response:
    svc = services(request)
    data = api.stats_data(svc, by, year, region)
    return _page(
        request,
        "stats.html",
        data=data,
        by=by,
        year=year,
        region=region,
        facets=queries.facets(svc.engine),
    )


@router.get("/docs")
def docs_page(request: Request) -> Response:
    """The API described from its OpenAPI schema, served by the app (no Swagger CDN)."""
    schema = request.app.openapi()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "params": [
                (p["name"], p.get("in", ""), p.get("required", False))
                for p in op.get("parameters", [])
            ],
        }
        for path, ops in schema.get("paths", {}).items()
        for method, op in ops.items()
    ]
    return _page(request, "docs.html", endpoints=endpoints)
