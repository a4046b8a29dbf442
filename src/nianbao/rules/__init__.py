"""The check catalogue of format.md §5, one module per family; importing it registers every rule.

Families: format_version (FMT), structure (STR), active (T2, 表二), requests (T3, 表三),
review (T4, 表四), cells (CELL); the narrative families text (TXT), dates (DATE),
sections (SEC), cross_year (XY) and publication (PUB) are imported here as they land.
See ``nianbao.rule`` for how to write a rule and ``docs/rules.md`` for the list.
"""

from __future__ import annotations

from importlib import import_module

_FAMILIES = (
    "format_version",
    "structure",
    "active",
    "requests",
    "review",
    "cells",
    "text",
    "dates",
    "sections",
    "cross_year",
    "publication",
)

for _name in _FAMILIES:
    try:
        import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as err:
        # a family not written yet; any other missing import is a real error
        if err.name != f"{__name__}.{_name}":
            raise
