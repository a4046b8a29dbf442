"""HTML check reports → PDF, printed by headless Chromium or else LibreOffice, when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import NianbaoError
from ..settings import DEFAULT, Settings

_CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)
HINT = "apt-get install chromium（或 libreoffice-writer）"


def printer() -> str | None:
    """The program that will print: a Chromium, else LibreOffice, else None."""
    for name in (*_CHROMIUM, "soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(source: Path, target: Path, settings: Settings = DEFAULT) -> None:
    """Print ``source`` (a standalone page) to ``target``; NianbaoError when nothing can."""
    program = printer()
    if program is None:
        raise NianbaoError(
            str(source),
            f"未生成 PDF：没有安装 Chromium 或 LibreOffice，请安装：{HINT}",
            f"no PDF: neither Chromium nor LibreOffice is installed ({HINT})",
            code="dependency",
        )
    if Path(program).name.startswith(("chrom", "google")):
        with tempfile.TemporaryDirectory(prefix="nianbao-chromium-") as profile:
            subprocess.run(
                [
                    program,
                    *_FLAGS,
                    f"--user-data-dir={profile}",
                    f"--print-to-pdf={target}",
                    source.resolve().as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=settings.convert_timeout,
            )
        return
    from ..readers.legacy import convert

    pdf = convert(source.read_bytes(), ".html", "pdf:writer_web_pdf_Export", settings, str(source))
    target.write_bytes(pdf)
