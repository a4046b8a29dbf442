"""nianbao: read, check, store and compare 政府信息公开工作年度报告.

Public API: ``parse()`` turns a file (any supported format) or bytes into a ``Report``;
``check()`` runs the national format rules over it and returns the findings.
"""

from __future__ import annotations

from pathlib import Path

# The runner module is imported before ``def check`` below on purpose: importing a submodule
# binds it as a package attribute, and ``nianbao.check`` must stay the function.
from .check import check as _run_checks
from .errors import NianbaoError
from .model import Finding, Report
from .settings import DEFAULT, Settings

__version__ = "0.1.0"


def parse(source: str | Path | bytes, settings: Settings = DEFAULT) -> Report:
    """Read a report (path or bytes, any supported format) into the data model.

    Raises ``NianbaoError`` (with the file and a Chinese and English reason) for input that
    cannot be read at all; a report that is read only in part comes back with ``problems``.
    """
    from .extract import extract
    from .readers import read

    return extract(read(source, settings))


def check(
    report: Report | str | Path,
    previous: Report | str | Path | None = None,
    settings: Settings = DEFAULT,
) -> list[Finding]:
    """Every finding of the check catalogue on a report (a ``Report`` or a path to parse).

    ``previous`` is the same organ's report for the year before (enables the cross-year rules).
    ``select``/``skip`` by rule id or tag: ``from nianbao.check import check``.
    """
    return _run_checks(report, previous, settings=settings)


__all__ = ["Finding", "NianbaoError", "Report", "Settings", "__version__", "check", "parse"]
