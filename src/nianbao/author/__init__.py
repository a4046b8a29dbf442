"""Authoring: fill-in templates, data files, the 台账 → 表三 computation, and the report in the
official layout with a narrative written from the tables."""

from .compose import compose
from .data import DataError, Draft, from_mapping, load_data
from .ledger import LedgerError, applications, count, merge

__all__ = [
    "DataError",
    "Draft",
    "LedgerError",
    "applications",
    "compose",
    "count",
    "from_mapping",
    "load_data",
    "merge",
]
