"""OCR results cached by content: a scanned file read once is not recognised again.

The cache is a directory (``Settings.ocr_cache``; the CLI uses ``$XDG_CACHE_HOME/nianbao`` or
``~/.cache/nianbao`` unless ``--no-cache``) of pickled ``Document``s named by the SHA-256 of
the file's bytes and of everything that changes the reading (nianbao's version, the settings
the readers use).
Only documents read by OCR are kept (the others are read in a fraction of a second). The
files are written by nianbao itself and replaced atomically; one that cannot be loaded (an
older format, a truncated write) is ignored and the file read again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import fields, replace
from pathlib import Path

from ..model import Document, Location, TableGrid
from ..settings import Settings

#: the subdirectory of the cache directory holding the OCR results
SUBDIR = "ocr"
#: settings that do not change what is read (the checker's, the batch's), left out of the key
#: so that changing a local rule or a time limit does not recognise the scans again
_NOT_READING = (
    "ocr_cache",
    "file_timeout",
    "max_memory_bytes",
    "convert_timeout",
    "local_deadline",
    "section_one_max_chars",
    "section_one_counts",
    "section_six_items",
    "copy_similarity",
    "listed_items",
)


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/nianbao``, else ``~/.cache/nianbao``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nianbao"


def _file(data: bytes, settings: Settings) -> Path | None:
    if not settings.ocr_cache:
        return None
    from .. import __version__

    reading = {f.name: getattr(settings, f.name) for f in fields(settings)}
    for name in _NOT_READING:
        reading.pop(name)
    key = hashlib.sha256(data)
    key.update(f"{__version__}\0{sorted(reading.items())!r}".encode())
    return Path(settings.ocr_cache) / SUBDIR / f"{key.hexdigest()}.pickle"


def load(data: bytes, path: str | None, settings: Settings) -> Document | None:
    """The cached document of these bytes, under ``path``; None when there is none."""
    file = _file(data, settings)
    if file is None or not file.is_file():
        return None
    try:
        doc = pickle.loads(file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    if not isinstance(doc, Document):
        return None
    return doc if doc.path == path else relocate(doc, path)


def store(data: bytes, doc: Document, settings: Settings) -> None:
    """Keep an OCR-read document; a cache that cannot be written is no error (it is a cache)."""
    file = _file(data, settings)
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
    except OSError:
        return


def relocate(doc: Document, path: str | None) -> Document:
    """The same document read from another path (the same bytes under another name)."""

    def at(loc: Location) -> Location:
        return replace(loc, path=path)

    blocks = tuple(
        replace(
            b,
            location=at(b.location),
            rows=tuple(tuple(replace(c, location=at(c.location)) for c in row) for row in b.rows),
        )
        if isinstance(b, TableGrid)
        else replace(b, location=at(b.location))
        for b in doc.blocks
    )
    problems = tuple(replace(p, location=at(p.location)) for p in doc.problems)
    return replace(doc, path=path, blocks=blocks, problems=problems)
