"""Report → PDF: the official-layout DOCX converted by LibreOffice headless (its own profile,
killed after ``Settings.convert_timeout``), so the PDF has the same merged tables."""

from __future__ import annotations

from pathlib import Path

from ..errors import MissingDependency, NianbaoError
from ..model import Report
from ..settings import DEFAULT, Settings
from . import Options, Output, Renderer
from .docx import render_docx

INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-noto-cjk"


def render_pdf(
    report: Report, path: str | Path | None = None, settings: Settings = DEFAULT
) -> bytes:
    """The PDF bytes (also written to ``path`` when given)."""
    from ..readers.legacy import convert

    docx = render_docx(report)
    try:
        data = convert(docx, ".docx", "pdf", settings, str(path) if path else None)
    except MissingDependency as err:
        raise NianbaoError(
            err.path,
            f"生成 PDF 需要 LibreOffice，请安装：{INSTALL_HINT}；或改为输出 .docx",
            f"writing PDF needs LibreOffice: {INSTALL_HINT}; or write .docx instead",
            code="dependency",
        ) from None
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _render(out: Output, options: Options) -> bytes:
    return render_pdf(out.report)


RENDERER = Renderer(
    name="pdf",
    help="官方格式排版的 PDF（经 LibreOffice 转换，需要 --output）",
    render=_render,
    suffix=".pdf",
    binary=True,
)
