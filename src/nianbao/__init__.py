"""nianbao: read, check, store and compare 政府信息公开工作年度报告.

Public API: ``parse()`` turns a file (any supported format) or bytes into a ``Report``;
``check()`` runs the national format rules over it and returns the findings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from .errors import NianbaoError
from .model import Finding, Report
from .runner import check
from .settings import DEFAULT, Settings

__version__ = "0.1.0"


def parse(
    source: str | Path | bytes, settings: Settings = DEFAULT, *, trace: bool = False
) -> Report:
    """Read a report (path or bytes, any supported format) into the data model.

    ``trace``: keep in ``Report.trace`` what the extractor did with each printed table row
    (what ``nianbao parse --debug`` prints); left empty otherwise, as it costs time.

    Raises ``NianbaoError`` (with the file and a Chinese and English reason) for input that
    cannot be read at all, or that is not an annual report (code ``not_report``); a report that is read only in part comes back with ``problems``.
    """
    return _parser()(source, settings, trace)


@cache
def _parser() -> Callable[[str | Path | bytes, Settings, bool], Report]:
    """Read, extract, ensure: the reader and the extractor imported on the first parse
    (``import nianbao`` stays light), once: the import statements cost some 15,000
    instructions a parse."""
    from .extract import extract
    from .extract.kind import ensure_report
    from .readers import read

    def run(source: str | Path | bytes, settings: Settings, trace: bool) -> Report:
        return ensure_report(extract(read(source, settings), trace=trace))

    return run


def __getattr__(name: str) -> object:
    """``nianbao.Corpus`` imported on first use (it pulls in SQLAlchemy)."""
    if name == "Corpus":
        from .corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'nianbao' has no attribute {name!r}")


__all__ = [
    "Corpus",
    "Finding",
    "NianbaoError",
    "Report",
    "Settings",
    "check",
    "parse",
]
