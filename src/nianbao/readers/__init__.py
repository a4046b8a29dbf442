"""Readers: any input → ``Document``. One module per format, chosen by content, not by name."""

from __future__ import annotations

import errno
import hashlib
import importlib
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from stat import S_ISDIR

from ..errors import LimitExceeded, MissingDependency, NianbaoError, UnsupportedFormat
from ..model import Document, Location, ReadProblem, TableGrid, TextBlock
from ..settings import DEFAULT, Settings
from . import cache
from .detect import detect
from .failures import brief, from_library, origin

#: kind → module exposing ``read(data: bytes, path: str | None, settings: Settings) -> Document``
READERS: dict[str, str] = {
    "text": "nianbao.readers.text",
    "docx": "nianbao.readers.docx",
    "html": "nianbao.readers.html",
    "pdf": "nianbao.readers.pdf",
    "image": "nianbao.readers.image",
    "legacy": "nianbao.readers.legacy",
    "ofd": "nianbao.readers.ofd",
}

#: kind → the optional extra that installs its libraries
EXTRAS = {
    "docx": "docx",
    "legacy": "docx",
    "html": "html",
    "ofd": "html",
    "pdf": "pdf",
    "image": "ocr",
}


#: the errors for which ``Path.exists`` answers that a file is not there
_NO_FILE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def load(source: str | Path | bytes, settings: Settings = DEFAULT) -> tuple[bytes, str | None]:
    """The bytes of a path (checked against the size limit) or of bytes given directly."""
    if isinstance(source, bytes | bytearray):
        data, path = bytes(source), None
    else:
        # a Path is taken as given: Path(a Path) parses its parts again (a tenth of reading
        # a small text file)
        p = source if isinstance(source, Path) else Path(source)
        path = str(source)
        try:  # one stat for what Path.exists, is_dir and stat would ask three times
            st = os.stat(p)
        except ValueError:  # a path the system cannot take (a NUL in it): Path.exists says no
            st = None
        except OSError as err:
            if err.errno not in _NO_FILE:
                raise
            st = None
        if st is None:
            raise NianbaoError(path, "文件不存在", "file not found", code="missing")
        if S_ISDIR(st.st_mode):
            raise NianbaoError(path, "这是一个目录，不是文件", "is a directory", code="missing")
        size = st.st_size
        if size > settings.max_file_bytes:
            raise LimitExceeded(
                path,
                f"文件过大（{size / 2**20:.0f} MiB，上限 {settings.max_file_bytes / 2**20:.0f} MiB）",
                f"file too large ({size} bytes, limit {settings.max_file_bytes})",
            )
        data = p.read_bytes()
    if not data or data.isspace():  # data.strip() would copy the whole file to test this
        raise NianbaoError(path, "文件为空", "file is empty", code="empty")
    return data, path


def read(source: str | Path | bytes, settings: Settings = DEFAULT) -> Document:
    data, path = load(source, settings)
    kind = detect(data, path)
    module_name = READERS.get(kind)
    if module_name is None:
        raise UnsupportedFormat(path, f"不支持的文件类型：{kind}", f"unsupported file type: {kind}")
    cached = cache.load(data, path, settings) if kind in ("pdf", "image") else None
    if cached is not None:
        return cached
    try:
        # a reader imported before is taken from sys.modules: import_module's checks cost
        # more than reading a small text file's lines
        module = sys.modules.get(module_name) or importlib.import_module(module_name)
        doc: Document = module.read(data, path, settings)
    except (NianbaoError, MemoryError):
        raise
    except RecursionError as err:
        raise LimitExceeded(
            path, "文件结构嵌套过深，无法读取", "structure nested too deeply to read"
        ) from err
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith("nianbao"):
            raise UnsupportedFormat(
                path, f"尚不支持读取 {kind} 格式", f"no reader for {kind} yet"
            ) from err
        extra = EXTRAS.get(kind, "all")
        raise MissingDependency(path, err.name or "?", f"pip install 'nianbao[{extra}]'") from err
    except Exception as err:
        if not from_library(err):
            raise  # a nianbao bug: let it show, with its traceback, rather than blame the file
        raise NianbaoError(
            path,
            f"文件已损坏或格式异常，{origin(err)} 无法解析（{brief(err)}）",
            f"damaged or malformed file: {origin(err)} cannot parse it ({brief(err)})",
            code="corrupt",
        ) from err
    doc = _no_chinese(doc, path)
    if doc.reader == "ocr":
        cache.store(data, doc, settings)
    return doc


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def _no_chinese(doc: Document, path: str | None) -> Document:
    """A decoded text without one Chinese character was most likely decoded with the wrong
    charset (or is not a Chinese report): a problem, not a clean result."""
    if doc.encoding is None:
        return doc
    # over the blocks, not doc.paragraphs and doc.tables: both would be built whole. The
    # paragraphs first, by a plain loop (the first mostly answers: two generators and their
    # chain cost more than its test), then the cells (a text table's are made when read)
    for b in doc.blocks:
        if isinstance(b, TextBlock) and _CJK.search(b.text):
            return doc
    cells = (c.text for b in doc.blocks if isinstance(b, TableGrid) for row in b.rows for c in row)
    if any(_CJK.search(t) for t in cells):
        return doc
    problem = ReadProblem(
        "no_chinese_text",
        f"按 {doc.encoding} 解码后没有一个中文字符：编码可能识别有误，或这不是中文报告",
        Location(path=path),
    )
    return replace(doc, problems=(*doc.problems, problem))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["READERS", "detect", "load", "read", "sha256"]
