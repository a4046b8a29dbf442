"""The corpus commands: ``ingest``, ``organs``, ``export``, ``stats``, ``compare``, ``rollup``."""

from __future__ import annotations

from typing import Any

from ..store import commands


def register(sub: Any) -> None:
    commands.register(sub)
    commands.register_analysis(sub)
