"""The JSON API: every page's twin under ``/api/`` (described at ``/openapi.json`` and ``/docs``)."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from ..compare import history
from ..render.as_json import to_json
from ..rule import get_rule
from ..stats import BY, compute
from . import queries, views
from .app import Services, services
from .security import BodyTooLarge, too_large_message
from .uploads import UploadRefused, display_name, validate
from .worker import Job

router = APIRouter(prefix="/api", tags=["api"])
#: form fields accepted beside the files
_MAX_FIELDS = 20


async def receive(request: Request, svc: Services) -> list[Job]:
    """Every file of a multipart upload (field ``files``) validated, then stored and queued;
    one bad file refuses the whole request and nothing is kept."""
    config = svc.config
    if svc.worker.waiting() >= config.max_queue:
        raise UploadRefused(429, "等待读取的文件过多，请稍后再上传（too many files waiting）")
    try:
        form = await request.form(max_files=10_000, max_fields=_MAX_FIELDS)
    except BodyTooLarge as err:
        raise UploadRefused(413, too_large_message(config.max_request_bytes)) from err
    try:
        files = [v for v in form.getlist("files") if isinstance(v, UploadFile)]
        if not files:
            raise UploadRefused(
                400, "没有收到文件：请在 files 字段上传（no file in field 'files'）"
            )
        if len(files) > config.max_files:
            raise UploadRefused(
                413,
                f"一次最多上传 {config.max_files} 个文件，收到 {len(files)} 个（too many files）",
            )
        checked = []
        for f in files:
            data = await f.read()
            upload = await run_in_threadpool(
                validate,
                display_name(f.filename),
                data,
                max_bytes=config.max_upload_bytes,
                settings=config.settings,
            )
            checked.append((upload, data))
    finally:
        await form.close()
    jobs = []
    for upload, data in checked:
        await run_in_threadpool(svc.blobs.put, data, upload.sha256)
        jobs.append(svc.worker.submit(upload))
    return jobs


@router.post("/uploads", status_code=202, summary="上传报告（一个或多个文件，字段 files）")
async def upload(request: Request, wait: bool = False) -> JSONResponse:
    """Files are checked at once (size, type by content, zip bombs): a bad one is a 4xx with a
    Chinese and English reason and nothing is stored. Reading and checking runs in the
    background (poll ``/api/uploads/{id}``); with ``wait=true`` the answer comes when every
    file is done: 201, or 422 naming a file that could not be read as a report."""
    svc = services(request)
    try:
        jobs = await receive(request, svc)
    except UploadRefused as err:
        return JSONResponse({"error": err.message}, status_code=err.status)
    if not wait:
        return JSONResponse({"jobs": [j.to_dict() for j in jobs]}, status_code=202)
    deadline = time.monotonic() + svc.config.settings.file_timeout * len(jobs) + 60
    while not all(j.finished for j in jobs) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    failed = [j for j in jobs if j.status == "failed"]
    body: dict[str, Any] = {"jobs": [j.to_dict() for j in jobs]}
    if failed:
        body["error"] = failed[0].error
        return JSONResponse(body, status_code=422)
    return JSONResponse(body, status_code=201 if all(j.finished for j in jobs) else 202)


@router.get("/uploads", summary="最近的上传及其状态")
def recent_uploads(request: Request) -> dict[str, Any]:
    return {"jobs": [j.to_dict() for j in services(request).worker.recent()]}


@router.get("/uploads/{job_id}", summary="一次上传的状态与结论")
def upload_status(request: Request, job_id: str) -> dict[str, Any]:
    job = services(request).worker.get(job_id)
    if job is None:
        raise HTTPException(404, "没有这个上传任务（no such upload）")
    return job.to_dict()


def list_query(
    region: str = "",
    year: int | None = None,
    organ: str = "",
    severity: str = "",
    rule: str = "",
    q: str = "",
    sort: str = "year",
    page: int = Query(1, ge=1),
) -> queries.ListQuery:
    """The list's filters from the query string: one definition for the page and its JSON twin."""
    return queries.ListQuery(region, year, organ, severity, rule, q, sort, page)


#: a route's parameter that takes the list's filters from the query string
ListFilters = Annotated[queries.ListQuery, Depends(list_query)]


@router.get("/reports", summary="报告列表（筛选、全文检索、排序、分页）")
def report_list(request: Request, query: ListFilters) -> dict[str, Any]:
    svc = services(request)
    found = queries.list_reports(svc.engine, query, page_size=svc.config.page_size)
    return {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "reports": [{**r, "snippet": found.snippets.get(r["id"])} for r in found.rows],
    }


@router.get("/facets", summary="筛选项：地区、年度、规则")
def facet_values(request: Request) -> dict[str, Any]:
    return queries.facets(services(request).engine)


def stored_or_404(svc: Services, report_id: int) -> queries.StoredReport:
    stored = queries.load(svc.engine, report_id)
    if stored is None:
        raise HTTPException(404, "没有这份报告（no such report）")
    return stored


@router.get("/reports/{report_id}", summary="一份报告：数据模型、检查结果与计数")
def report_detail(request: Request, report_id: int) -> dict[str, Any]:
    stored = stored_or_404(services(request), report_id)
    out = to_json(stored.report, stored.finding_list)
    for item, (fid, _) in zip(out["findings"], stored.findings, strict=True):
        item["id"] = fid
    return {
        "id": stored.id,
        "version": stored.version,
        "is_current": stored.is_current,
        "organ_id": stored.organ_id,
        **views.header(stored),
        **out,
    }


@router.get("/reports/{report_id}/cells/{key}", summary="一个单元格：原文、位置与相关问题")
def cell(request: Request, report_id: int, key: str) -> dict[str, Any]:
    detail = views.cell_detail(stored_or_404(services(request), report_id), key)
    if detail is None:
        raise HTTPException(404, "没有这个单元格（no such cell）")
    return detail


@router.get("/reports/{report_id}/findings/{finding_id}", summary="一条检查结果：证据与改法")
def finding(request: Request, report_id: int, finding_id: int) -> dict[str, Any]:
    detail = views.finding_detail(stored_or_404(services(request), report_id), finding_id)
    if detail is None:
        raise HTTPException(404, "没有这条检查结果（no such finding）")
    return detail


@router.get("/reports/{report_id}/sections", summary="报告各部分正文")
def report_sections(request: Request, report_id: int) -> dict[str, Any]:
    svc = services(request)
    stored_or_404(svc, report_id)
    return {"sections": queries.sections_of(svc.engine, report_id)}


@router.get("/organs/{organ_id}", summary="一个机关历年报告并排比较")
def organ(request: Request, organ_id: int) -> dict[str, Any]:
    return organ_history(services(request), organ_id)


def organ_history(svc: Services, organ_id: int) -> dict[str, Any]:
    from ..corpus import Corpus, cell_label

    named = queries.organ_of(svc.engine, organ_id)
    if named is None:
        raise HTTPException(404, "没有这个机关（no such organ）")
    h = history(Corpus(svc.engine), named[0], named[1])
    return {
        "organ_id": h.organ_id,
        "name": h.name,
        "region": h.region,
        "years": h.years,
        "cells": [
            {
                "key": key,
                "label": cell_label(key),
                "values": {str(y): by_year.get(y) for y in h.years},
                "change": {str(y): h.change(key, y) for y in h.years[1:]},
            }
            for key, by_year in h.values.items()
        ],
        "cross_year": [
            {"year": y, "rule": r, "severity": s, "status": st, "message": m}
            for y, r, s, st, m in h.cross_year
        ],
    }


@router.get("/stats", summary="统计：申请量、办理结果构成、纠错率、常见问题")
def statistics(
    request: Request, by: str = "region", year: int | None = None, region: str = ""
) -> dict[str, Any]:
    return stats_data(services(request), by, year, region)


def stats_data(svc: Services, by: str, year: int | None, region: str) -> dict[str, Any]:
    from ..corpus import Condition, Corpus
    from ..plot import chart_data

    if by not in BY:
        raise HTTPException(422, f"分组方式应为 {'、'.join(BY)} 之一（unknown grouping）")
    where = []
    if year is not None:
        where.append(Condition("year", "=", str(year)))
    if region:
        where.append(Condition("region", "=", region))
    groups = compute(Corpus(svc.engine), by=by, where=where)
    titles = {r: rule.title for r in {r for g in groups for r in g.rules} if (rule := get_rule(r))}
    return {
        "by": by,
        "groups": [g.to_dict() for g in groups],
        "charts": chart_data(groups, titles),
    }
