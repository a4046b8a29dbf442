"""The app factory: the database, the upload worker, templates, static files, routes, guard.

FastAPI's own docs pages load Swagger UI from a CDN, so they are off: ``/openapi.json`` is
served and ``/docs`` is a page of this app listing every endpoint from it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from ..store import open_store
from .config import WebConfig
from .security import Guard
from .uploads import Blobs
from .worker import Worker

_HERE = Path(str(resources.files("nianbao.web")))
_VENDOR = Path(str(resources.files("nianbao.store"))) / "static"


@dataclass
class Services:
    """What every route needs, on ``app.state.services``."""

    config: WebConfig
    engine: Engine
    blobs: Blobs
    worker: Worker
    templates: Jinja2Templates

    @property
    def page_cache(self) -> Path:
        return self.config.data_dir / "pages"


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def create_app(config: WebConfig | None = None, *, engine: Engine | None = None) -> FastAPI:
    config = config or WebConfig()
    engine = engine or open_store(config.db)
    blobs = Blobs(config.data_dir / "files")
    worker = Worker(engine, blobs, config.settings, jobs=config.jobs)
    templates = Jinja2Templates(directory=str(_HERE / "templates"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker.start()
        try:
            yield
        finally:
            worker.stop()

    app = FastAPI(
        title="nianbao 年报",
        summary="政府信息公开工作年度报告：上传、检查、浏览与比较",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = Services(config, engine, blobs, worker, templates)
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.mount("/vendor", StaticFiles(directory=str(_VENDOR)), name="vendor")

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_middleware(Guard, token=config.token, max_request_bytes=config.max_request_bytes)
    return app


async def _http_error(request: Request, exc: Any) -> Response:
    """Errors in Chinese: JSON under /api/, a page otherwise."""
    message = _MESSAGES.get(exc.status_code, str(exc.detail))
    detail = str(exc.detail) if exc.detail and exc.detail not in _STOCK else message
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": detail}, status_code=exc.status_code)
    templates = services(request).templates
    return templates.TemplateResponse(
        request, "error.html", {"message": detail}, status_code=exc.status_code
    )


async def _invalid(request: Request, exc: Any) -> Response:
    fields = "、".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
    message = f"请求参数不正确：{fields}（invalid parameters）"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=422)
    templates = services(request).templates
    return templates.TemplateResponse(request, "error.html", {"message": message}, status_code=422)


_MESSAGES = {
    404: "没有这个页面或记录（not found）",
    405: "不支持这种请求方法（method not allowed）",
}
_STOCK = {"Not Found", "Method Not Allowed"}
