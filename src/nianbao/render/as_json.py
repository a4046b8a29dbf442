"""The JSON renderer: the data model (``parse``) or one JSON Lines object per report (``check``).

``check``: ``{"report": <Report.to_dict()>, "findings": [<Finding.to_dict()>, …], "counts": {…}}``
per line (``counts``: the terminal header's, by severity and 无法判断),
and for a file that cannot be read ``{"report": null, "path": …, "error": …, "findings": []}``.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Finding, Report
from . import Options, Output, Renderer
from .findings import counts


def to_json(report: Report, findings: tuple[Finding, ...] | list[Finding]) -> dict[str, Any]:
    """The JSON twin of the terminal findings output for one report."""
    return {
        "report": report.to_dict(),
        "findings": [f.to_dict() for f in findings],
        "counts": counts(findings),
    }


def render(out: Output, options: Options) -> str:
    if out.findings is None:
        indent = None if options.compact else 2
        return json.dumps(out.report.to_dict(), ensure_ascii=False, indent=indent) + "\n"
    return json.dumps(to_json(out.report, out.findings), ensure_ascii=False) + "\n"


def error(path: str, message: str) -> str:
    line: dict[str, Any] = {"report": None, "path": path, "error": message, "findings": []}
    return json.dumps(line, ensure_ascii=False) + "\n"


def skipped(path: str, reason: str) -> str:
    line: dict[str, Any] = {"report": None, "path": path, "skipped": reason, "findings": []}
    return json.dumps(line, ensure_ascii=False) + "\n"


RENDERER = Renderer(
    name="json",
    help="数据模型 JSON；检查时每份报告一行（JSON Lines）",
    render=render,
    suffix=".json",
    findings=True,
    stream=True,
    error=error,
    skipped=skipped,
)
