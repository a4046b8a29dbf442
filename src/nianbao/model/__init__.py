"""The data model: documents (reader output), reports (extractor output) and locations."""

from .document import Block, Document, GridCell, ReadProblem, TableGrid, TextBlock
from .finding import Evidence, Finding, Fix, Severity, Status, flatten
from .location import Location
from .organ import organ_key
from .problem import Problem
from .report import (
    SCHEMA,
    TABLE_IDS,
    Cell,
    Meta,
    Report,
    Row,
    Section,
    Source,
    Table,
    Value,
    number,
)
from .trace import TraceEvent

__all__ = [
    "SCHEMA",
    "TABLE_IDS",
    "Block",
    "Cell",
    "Document",
    "Evidence",
    "Finding",
    "Fix",
    "GridCell",
    "Location",
    "Meta",
    "Problem",
    "ReadProblem",
    "Report",
    "Row",
    "Section",
    "Severity",
    "Source",
    "Status",
    "Table",
    "TableGrid",
    "TextBlock",
    "TraceEvent",
    "Value",
    "flatten",
    "number",
    "organ_key",
]
