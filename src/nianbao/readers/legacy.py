"""Legacy office files (.doc, .wps, .rtf, .odt; .et, .xls, .ods, .xlsx) → Document via LibreOffice.

Text documents are converted to DOCX and read by ``readers.docx``; spreadsheets are converted to
HTML (merged cells become rowspan/colspan) and read by ``readers.html``. Each conversion runs
``soffice --headless`` in its own temporary directory with a private profile
(``-env:UserInstallation``), so conversions can run in parallel, and is killed after
``Settings.convert_timeout`` seconds. Macros are never run: the throw-away profile keeps
LibreOffice's default macro security, which refuses unsigned macros.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import LimitExceeded, MissingDependency, NianbaoError, UnsupportedFormat
from ..model import Block, Document, GridCell, TableGrid, TextBlock
from ..settings import Settings
from .failures import ZIP_ERRORS

INSTALL_HINT = "apt-get install libreoffice-writer-nogui（表格文件另需 libreoffice-calc-nogui）"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KNOWN_SUFFIXES = {
    ".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt", ".docm",
    ".et", ".ett", ".xls", ".xlt", ".ods", ".xlsx",
}  # fmt: skip
_SHEET_SUFFIXES = {".et", ".ett", ".xls", ".xlt", ".ods", ".xlsx"}
# OLE directory entries are UTF-16LE names: a workbook stream marks a spreadsheet (.xls, .et)
_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    suffix, sheet = _kind(data, path, settings)
    if sheet:
        from . import html

        converted = convert(data, suffix, "html", settings, path)
        doc = html.read(converted, path, settings)
        doc = replace(doc, blocks=tuple(b for block in doc.blocks for b in sheet_blocks(block)))
        note = "经 LibreOffice 转换为 HTML 后读取"
    else:
        from . import docx

        converted = convert(data, suffix, "docx", settings, path)
        doc = docx.read(converted, path, settings)
        note = "经 LibreOffice 转换为 DOCX 后读取"
    return replace(
        doc,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="doc",
        notes=(*doc.notes, note),
    )


def sheet_blocks(block: Block) -> Iterator[Block]:
    """A sheet holds title, headings and tables in one grid: a row with a single text (spanning
    or not) is a paragraph, blank rows separate tables; cells keep their sheet coordinates."""
    if not isinstance(block, TableGrid):
        yield block
        return
    run: list[tuple[GridCell, ...]] = []
    for row in (*block.rows, ()):
        texts = {c.text for c in row if c.text}
        origins = [c for c in row if c.text and not c.merged]
        if not texts or (len(texts) == 1 and len(origins) == 1):
            if run:
                yield replace(block, rows=tuple(run))
                run = []
            if texts:
                yield TextBlock(origins[0].text, origins[0].location)
        else:
            run.append(row)


def convert(data: bytes, suffix: str, target: str, settings: Settings, path: str | None) -> bytes:
    """Convert ``data`` (a file ending in ``suffix``) to ``target`` ("docx", "html", "pdf" …)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise MissingDependency(path, "LibreOffice", INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        source = Path(tmp, "input" + suffix)
        source.write_bytes(data)
        outdir = Path(tmp, "out")
        command = [
            soffice,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
            "--convert-to", target, "--outdir", str(outdir), str(source),
        ]  # fmt: skip
        # a session of its own, so a timeout kills soffice.bin too, and only what we started
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            _out, err = proc.communicate(timeout=settings.convert_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise LimitExceeded(
                path,
                f"LibreOffice 转换超时（{settings.convert_timeout:g} 秒）",
                f"LibreOffice conversion timed out after {settings.convert_timeout:g} s",
            ) from None
        produced = outdir / f"input.{target.split(':')[0]}"
        if not produced.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [
                f"exit {proc.returncode}"
            ]
            raise NianbaoError(
                path,
                "LibreOffice 无法转换此文件（可能已损坏、加密，或缺少对应组件："
                + INSTALL_HINT
                + "）",
                f"LibreOffice could not convert the file: {detail[0][:200]}",
                code="convert",
            )
        if produced.stat().st_size > settings.max_file_bytes:
            raise LimitExceeded(
                path, "转换结果过大", f"converted file larger than {settings.max_file_bytes} bytes"
            )
        return produced.read_bytes()


def _kind(data: bytes, path: str | None, settings: Settings) -> tuple[str, bool]:
    """(suffix to give LibreOffice, is a spreadsheet)."""
    given = Path(path).suffix.lower() if path else ""
    if data.startswith(b"{\\rtf"):
        return ".rtf", False
    if data.startswith(_OLE):
        sheet = any(name in data[: 1 << 20] for name in _WORKBOOK) or given in _SHEET_SUFFIXES
        default = ".xls" if sheet else ".doc"
        return (given if given in _KNOWN_SUFFIXES else default), sheet
    from .docx import check_zip

    check_zip(data, path, settings, "ODF/OOXML")
    return _zip_kind(data, path, given)


def _zip_kind(data: bytes, path: str | None, given: str) -> tuple[str, bool]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = (
                zf.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
            )
    except ZIP_ERRORS as err:
        raise NianbaoError(path, "文件已损坏（不是有效的 ZIP 包）", f"corrupt file: {err}") from err
    if "xl/workbook.xml" in names:
        return ".xlsx", True
    if re.search(r"opendocument\.(spreadsheet)", mimetype):
        return ".ods", True
    if re.search(r"opendocument\.text", mimetype):
        return ".odt", False
    raise UnsupportedFormat(
        path,
        f"不支持的办公文件类型（{mimetype or given or '未知'}），请另存为 DOCX 或 PDF",
        f"unsupported office file ({mimetype or given or 'unknown'}); save it as DOCX or PDF",
    )
