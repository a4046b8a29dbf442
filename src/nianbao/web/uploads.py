"""Uploaded files: checked before anything is kept, then stored by the SHA-256 of their bytes.

The checks that can be made at once run in the request (size, empty, the type decided by
content, a zip bomb, binary data posing as text), so a bad file is refused with a clear 4xx
and nothing is written. A file name the user gives is only ever shown (cleaned of control
characters and cut to a sane length), never used as a path: a file lives at
``DATA/files/ab/abcdef…`` named by its hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import NianbaoError
from ..readers import READERS, detect
from ..settings import Settings

_HEX64 = re.compile(r"[0-9a-f]{64}")
#: kinds the readers take; "zip" (a zip of something else) and anything unknown are refused
ACCEPTED = frozenset(READERS)
_ZIPPED = {"docx": "DOCX", "ofd": "OFD"}
_KIND_ZH = {"zip": "普通压缩包", "binary": "二进制文件"}


class UploadRefused(Exception):
    """A file refused before storing: the HTTP status and a one-line Chinese and English reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    sha256: str
    size: int
    kind: str


def display_name(name: str | None) -> str:
    """The name as the user gave it, for display only: last path part, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return cleaned[:120] or "未命名文件"


def validate(name: str, data: bytes, *, max_bytes: int, settings: Settings) -> Upload:
    """The upload if it may be read; ``UploadRefused`` with 400, 413 or 415 otherwise."""
    if len(data) > max_bytes:
        raise UploadRefused(
            413,
            f"{name}: 文件过大（{len(data) / 2**20:.1f} MiB，上限 {max_bytes / 2**20:.0f} MiB）"
            f"（file too large）",
        )
    if not data.strip():
        raise UploadRefused(400, f"{name}: 文件为空（file is empty）")
    kind = detect(data)
    if kind not in ACCEPTED:
        what = _KIND_ZH.get(kind, kind)
        raise UploadRefused(
            415,
            f"{name}: 不支持的文件类型（{what}）：请上传 DOCX、PDF、OFD、HTML、文本或图片"
            f"（unsupported file type: {kind}）",
        )
    try:
        _precheck(kind, data, name, settings)
    except NianbaoError as err:
        status = 413 if err.code == "limit" else 415
        raise UploadRefused(status, str(err)) from err
    return Upload(name, hashlib.sha256(data).hexdigest(), len(data), kind)


def _precheck(kind: str, data: bytes, name: str, settings: Settings) -> None:
    """What the reader would refuse first, without reading: zip bombs, binary data as text."""
    if kind in _ZIPPED:
        from ..readers.docx import check_zip

        check_zip(data, name, settings, _ZIPPED[kind])
    elif kind == "text":
        from ..readers.decode import decode

        if len(data) > settings.max_text_bytes:
            from ..errors import LimitExceeded

            raise LimitExceeded(name, "文本文件过大", "text file too large")
        decode(data, name)


class Blobs:
    """Files by content: ``root/ab/abcdef…``; the only paths ever built come from a hash."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if not _HEX64.fullmatch(sha256):
            raise ValueError("not a SHA-256")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return _HEX64.fullmatch(sha256) is not None and self.path(sha256).is_file()

    def put(self, data: bytes, sha256: str) -> Path:
        """Write once (atomically: a temporary file renamed into place)."""
        target = self.path(sha256)
        if target.is_file():
            return target
        write_atomic(target, data)
        return target

    def discard(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)


def write_atomic(target: Path, data: bytes) -> None:
    """A temporary file renamed into place: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
