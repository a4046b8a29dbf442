"""The web app (``nianbao serve``): upload, review and explore reports in the browser.

Server-rendered Jinja2 pages with htmx over the same corpus database as ``nianbao ingest``;
every page has a JSON twin under ``/api/``. Modules: ``config`` (limits), ``security`` (CSP,
token, request size), ``uploads`` (validation, content-addressed files), ``worker`` (reading
and checking off the request thread), ``queries`` (the corpus reads), ``views`` (what a page
shows), ``pageimage`` (PDF pages as PNG with a cell outlined), ``pages`` and ``api`` (routes),
``app`` (the factory).
"""

from __future__ import annotations

from .app import create_app
from .config import WebConfig

__all__ = ["WebConfig", "create_app"]
