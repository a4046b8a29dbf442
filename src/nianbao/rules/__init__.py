"""The check catalogue of format.md §5, one module per family; ``load_rules()`` registers them.

Families: format_version (FMT), structure (STR), active (T2, 表二), requests (T3, 表三),
review (T4, 表四), cells (CELL), and the narrative families text (TXT), dates (DATE),
sections (SEC), cross_year (XY), publication (PUB). ``ORDER`` is the catalogue order (of
findings and of docs/rules.md). See ``nianbao.rule`` for how to write a rule; a new family
module is added to ``load_rules``.
"""

from __future__ import annotations

#: family prefixes in catalogue order (format.md §5)
ORDER = ("FMT", "STR", "T2", "T3", "T4", "CELL", "TXT", "DATE", "SEC", "XY", "PUB")


def load_rules() -> None:
    """Import every family module, whose ``@rule`` declarations fill ``nianbao.rule.REGISTRY``.

    The registry calls this before it lists rules, once a check; importing a module twice is
    a no-op, so after the first call it returns at once (eleven imports looked up in
    ``sys.modules`` cost as much as a small rule)."""
    if _LOADED:
        return
    from . import (  # noqa: F401  (each module registers its rules when imported)
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

    _LOADED.append(True)


#: not empty once ``load_rules`` has imported every family module
_LOADED: list[bool] = []
