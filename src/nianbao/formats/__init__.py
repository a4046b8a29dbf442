"""The national report formats as data; rules and the extractor read them, never hard-code them."""

from .national import (
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    REQUEST_COLUMNS,
    REVIEW_COLUMNS,
    SECTIONS,
    TABLE_SHORT,
    TABLE_TITLES,
    expected_format,
)
from .spec import ColumnSpec, FormatSpec, Identity, RowSpec, SectionSpec, TableSpec

__all__ = [
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "REQUEST_COLUMNS",
    "REVIEW_COLUMNS",
    "SECTIONS",
    "TABLE_SHORT",
    "TABLE_TITLES",
    "ColumnSpec",
    "FormatSpec",
    "Identity",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
    "expected_format",
]
