"""Organ identity: which reports are the same organ's (pairs years, finds republished copies)."""

from __future__ import annotations

from ..textnorm import fold
from .report import Report


def organ_key(report: Report) -> str | None:
    """The folded organ name (or region, or title without the year) that pairs years."""
    meta = report.meta
    name = meta.organ or meta.region
    if not name and meta.title and meta.year:
        name = meta.title.split(str(meta.year))[0]
    key = fold(name or "")
    return key or None
