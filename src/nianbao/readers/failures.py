"""Telling a library's exception (a damaged file) from a bug in nianbao's own code."""

from __future__ import annotations

import traceback
import zipfile
import zlib
from pathlib import Path

#: what ``zipfile`` raises on a damaged archive: besides ``BadZipFile``, a version or compression
#: method it does not implement, encryption, a truncated or corrupt deflate stream
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)

_PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
_OURS = ("builtins", "nianbao")


def from_library(err: BaseException) -> bool:
    """Whether a library raised ``err``: its type is a library's, or the innermost frame is
    outside nianbao. A builtin exception raised in nianbao's own code is a bug, not the file's
    fault, and is not mapped to an error about the file."""
    if not type(err).__module__.startswith(_OURS):
        return True
    frames = traceback.extract_tb(err.__traceback__)
    return bool(frames) and not str(Path(frames[-1].filename).resolve()).startswith(_PACKAGE_DIR)


def origin(err: BaseException) -> str:
    """The library that raised ``err``: its exception's package, else the raising frame's."""
    module = type(err).__module__
    if not module.startswith(_OURS):
        return module.split(".")[0]
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return "?"
    parts = Path(frames[-1].filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts and parts.index(marker) + 1 < len(parts):
            return Path(parts[parts.index(marker) + 1]).stem
    return Path(frames[-1].filename).stem


def brief(err: BaseException) -> str:
    """``Type: message`` on one line, at most 200 characters of message."""
    detail = " ".join(str(err).split())[:200]
    return f"{type(err).__name__}: {detail}" if detail else type(err).__name__
