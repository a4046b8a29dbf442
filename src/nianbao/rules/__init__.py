"""The check catalogue of format.md §5, one module per family; importing it registers every rule.

Families: format_version (FMT), structure (STR), active (T2, 表二), requests (T3, 表三),
review (T4, 表四), cells (CELL), and the narrative families text (TXT), dates (DATE),
sections (SEC), cross_year (XY), publication (PUB). ``ORDER`` is the catalogue order (of
findings and of docs/rules.md). See ``nianbao.rule`` for how to write a rule.
"""

from __future__ import annotations

from . import (  # noqa: F401  (imported to register their rules)
    active,
    cells,
    cross_year,
    dates,
    format_version,
    publication,
    requests,
    review,
    sections,
    structure,
    text,
)

#: family prefixes in catalogue order (format.md §5)
ORDER = ("FMT", "STR", "T2", "T3", "T4", "CELL", "TXT", "DATE", "SEC", "XY", "PUB")
