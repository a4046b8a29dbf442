"""What the checker says about a report: findings with location, evidence and the fix.

A ``Finding`` holds the values one rule found (``values``), the message rendered from the
rule's template with them, where it is (``location``, plus every cell involved in ``cells``),
what was read (``evidence``: the raw text and its page/line) and, where arithmetic decides it,
the ``fix``: which cell and which value. The rule's title and description stay in the
registry (``nianbao.rule.REGISTRY``); its public basis (依据) travels with the finding as
``basis`` so that JSON consumers can show it without the catalogue.

JSON (``Finding.to_dict()``, part of ``nianbao check --json``)::

    {"rule": "T3-02", "severity": "error", "status": "fail", "message": "…",
     "location": {"table": "requests", "row": "total", "col": "total", "page": 4, "line": 97},
     "evidence": [{"raw": "29", "table": "requests", "row": "total", "col": "total", "line": 97}],
     "fix": [{"location": {…}, "printed": 29, "value": 1, "reason": "…", "culprit": true}],
     "values": {…}, "cells": [{…}, …], "basis": "国办公开办函〔2021〕30号附件表三…"}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import Any, Literal

from .location import Location, distinct_cells
from .quick import builder, positional_builder, quick_init
from .report import Cell, Value, cell_locations

#: a Location's JSON dict (``Location.to_dict``)
Place = Callable[[Location], dict[str, Any]]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: info 0, warning 1, error 2 (``--fail-on`` compares ranks)."""
        return _RANK[self]

    @property
    def zh(self) -> str:
        return _ZH[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}

#: "fail": the rule's test failed; "not_assessable": a needed cell is blank or unreadable, so
#: the rule can neither pass nor fail; "note": an observation (the detected format version).
Status = Literal["fail", "not_assessable", "note"]
STATUS_ZH = {"fail": "不通过", "not_assessable": "无法判断", "note": "记录"}


@quick_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """Text the rule read, as printed, and where (built without the frozen ``__init__``: a
    finding may cite every cell of a table)."""

    raw: str
    location: Location

    @classmethod
    def of(cls, cell: Cell) -> Evidence:
        return new_evidence(cell.raw, cell.location)

    def to_dict(self, place: Place | None = None) -> dict[str, Any]:
        return {"raw": self.raw, **(place or _location_dict)(self.location)}


#: ``Evidence(…)`` without the class call (``Evidence.of``, and a rule that has the cells'
#: Locations at hand: a finding may cite every cell)
new_evidence = builder(Evidence)


@quick_init
@dataclass(frozen=True, slots=True)
class Fix:
    """A proposed correction: the cell, the value printed there, and the value that fits.

    ``culprit`` is True when this one cell explains every failing identity it sits in (a row
    identity and a column identity cross at it); several fixes without ``culprit`` are
    alternative readings (the 总计 is wrong, or a detail cell is).
    """

    location: Location
    printed: Value
    value: Value
    reason: str
    culprit: bool = False

    def to_dict(self, place: Place | None = None) -> dict[str, Any]:
        return {
            "location": (place or _location_dict)(self.location),
            "printed": self.printed,
            "value": self.value,
            "reason": self.reason,
            "culprit": self.culprit,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: Location
    evidence: tuple[Evidence, ...] = ()
    fix: tuple[Fix, ...] = ()
    status: Status = "fail"
    #: the values the message was rendered from (printed and computed numbers, labels …)
    values: Mapping[str, Any] = field(default_factory=dict)
    #: every table cell the finding is about, for marking the drawn table
    cells: tuple[Location, ...] = ()
    #: the public source the rule rests on (条例 article, 30号 table note …) or 「审核惯例，非强制」
    basis: str = ""

    @property
    def culprits(self) -> tuple[Fix, ...]:
        return tuple(f for f in self.fix if f.culprit)

    def to_dict(self, place: Place | None = None) -> dict[str, Any]:
        """``place``: what makes each Location's dict (``Location.to_dict``), for a caller
        that makes each once for many findings naming the same cells (``store.rows``)."""
        where = place or _location_dict
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "status": self.status,
            "message": self.message,
            "location": where(self.location),
            "evidence": [e.to_dict(where) for e in self.evidence],
            "fix": [f.to_dict(where) for f in self.fix],
            "values": _jsonable(self.values),
            "cells": [where(c) for c in self.cells],
            "basis": self.basis,
        }

    def to_json(self, encode: Callable[[Any], str], place: Callable[[Location], str]) -> str:
        """``encode(self.to_dict())`` for a JSON ``encode`` with the default separators, made
        of each Location's JSON ``place(location)`` (``encode(location.to_dict())``, which a
        caller makes once for the many findings naming the same cells: ``store.rows``)
        instead of encoding the same dicts again in finding after finding."""
        evidence = ", ".join(
            f'{{"raw": {encode(e.raw)}{_members(place(e.location))}' for e in self.evidence
        )
        fixes = ", ".join(
            f'{{"location": {place(f.location)}, "printed": {encode(f.printed)}, '
            f'"value": {encode(f.value)}, "reason": {encode(f.reason)}, '
            f'"culprit": {encode(f.culprit)}}}'
            for f in self.fix
        )
        return (
            f'{{"rule": {encode(self.rule)}, "severity": {encode(str(self.severity))}, '
            f'"status": {encode(self.status)}, "message": {encode(self.message)}, '
            f'"location": {place(self.location)}, "evidence": [{evidence}], "fix": [{fixes}], '
            f'"values": {encode(_plain_values(self.values))}, '
            f'"cells": [{", ".join(map(place, self.cells))}], "basis": {encode(self.basis)}}}'
        )


def _members(location: str) -> str:
    """An object's JSON ``location`` as the members after another's first (``{**location}``
    in a dict that has one), its closing brace included."""
    return "}" if location == "{}" else ", " + location[1:]


#: ``Finding(…)`` with every field by position, in field order, without the frozen
#: ``__init__`` (``Context``'s factories make every finding of a check)
new_finding = positional_builder(Finding)


class CitedCells:
    """The ``cells`` of a finding that names many cells (a table's blanks), kept as the cells
    until the finding's ``cells`` is first read, then as their Locations: a check of a mostly
    blank table names some 150 cells, and building their Locations cost a tenth of the
    check, while only a finding written out (JSON, a rendered report) reads them.
    ``unique``: a Location that repeats one before it is dropped (two cells at one place)."""

    __slots__ = ("cells", "unique")

    def __init__(self, cells: Sequence[Cell], *, unique: bool = False) -> None:
        self.cells = cells
        self.unique = unique

    def locations(self) -> tuple[Location, ...]:
        locations = cell_locations(self.cells)
        # distinct cells' Locations differ when each names its own table, row and column (all
        # placed cells do): they are hashed to drop repeats only when that is not told already
        if self.unique and not distinct_cells(locations):
            locations = list(dict.fromkeys(locations))
        return tuple(locations)


class CitedEvidence:
    """The ``evidence`` of a finding citing many cells, each as printed where it was printed
    (``Evidence.of``), kept as the cells until first read (see ``CitedCells``). ``unique``:
    an evidence equal to one before it is dropped (``CitedCells``'s test: compared whole only
    when two of the Locations name one cell). ``printed``: only the cells with something
    printed are evidence, told when first read, so that a finding's evidence and cells can
    cite one list (merging a fault's findings then drops the repeats of one list, not two)."""

    __slots__ = ("cells", "unique", "printed")

    def __init__(
        self, cells: Sequence[Cell], *, unique: bool = False, printed: bool = False
    ) -> None:
        self.cells = cells
        self.unique = unique
        self.printed = printed

    def evidence(self) -> tuple[Evidence, ...]:
        cells = self.cells
        if self.printed:
            cells = [c for c in cells if c.raw.strip()]
        locations = cell_locations(cells)
        evidence = tuple(map(new_evidence, [c.raw for c in cells], locations))
        if self.unique and not distinct_cells(locations):
            evidence = tuple(dict.fromkeys(evidence))
        return evidence


#: the slots of ``Finding.evidence`` and ``Finding.cells`` as stored (``cited``)
_STORED: dict[str, Callable[[Finding, type], Any]] = {}


def cited(finding: Finding) -> tuple[CitedEvidence, CitedCells] | None:
    """The cells a finding's evidence and cells cite, while neither has been read (both made
    from cells: ``CitedEvidence``, ``CitedCells``); else None."""
    evidence = _STORED["evidence"](finding, Finding)
    cells = _STORED["cells"](finding, Finding)
    if type(evidence) is CitedEvidence and type(cells) is CitedCells:
        return evidence, cells
    return None


def _made_on_first_read(name: str, cited: type, make: Callable[[Any], Any]) -> None:
    """``Finding.<name>`` as a property: the slot, or, where it holds a ``cited`` (the cells
    a finding cites), what ``make`` makes of it, stored on first read. The slot's setter
    stays, for the dataclass's ``__init__`` and unpickling."""
    field_slot = Finding.__dict__[name]
    get, set_ = field_slot.__get__, field_slot.__set__
    _STORED[name] = get

    def read(finding: Finding) -> Any:
        value = get(finding, Finding)
        if type(value) is cited:
            value = make(value)
            set_(finding, value)
        return value

    setattr(Finding, name, property(read, set_))


def _finding_eq(self: Finding, other: object) -> bool:
    """The dataclass's ``__eq__`` (every field equal), its other fields compared first: a
    finding's evidence and cells are read through a property, and are compared only when
    all else is equal (merging a fault's findings compares them by the dozen)."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    return (
        _plain_fields(self) == _plain_fields(other)
        and self.evidence == other.evidence
        and self.cells == other.cells
    )


_plain_fields = attrgetter(
    "rule", "severity", "message", "location", "fix", "status", "values", "basis"
)

_made_on_first_read("cells", CitedCells, CitedCells.locations)
_made_on_first_read("evidence", CitedEvidence, CitedEvidence.evidence)
setattr(Finding, "__eq__", _finding_eq)  # noqa: B010


def _location_dict(location: Location) -> dict[str, Any]:
    return location.to_dict()


FLAT_KEYS = ("rule", "severity", "status", "table", "row", "col")


def flatten(findings: Iterable[Finding], keys: Sequence[str] = FLAT_KEYS) -> list[list[Any]]:
    """Findings as lists of plain values, for tests (like frictionless' ``Report.flatten``).

    A key is a Finding field (rule, severity, status, message) or a Location field of the
    finding's location (table, row, col, section, line, page); "culprit" gives the
    ``(row, col)`` of the culprit fix or None.
    """
    out: list[list[Any]] = []
    for f in findings:
        item: list[Any] = []
        for key in keys:
            if key in ("rule", "status", "message"):
                item.append(getattr(f, key))
            elif key == "severity":
                item.append(str(f.severity))
            elif key == "culprit":
                c = f.culprits
                item.append((c[0].location.row, c[0].location.col) if c else None)
            else:
                item.append(getattr(f.location, key))
        out.append(item)
    return out


def _plain_values(values: Mapping[str, Any]) -> Any:
    """``_jsonable(values)``, or ``values`` itself when it would be an equal dict: a dict of
    str keys to str, number, bool or None values, which the rules' values mostly are (the
    test runs in C; ``_jsonable`` walks each value in Python)."""
    if type(values) is dict and _STR.issuperset(map(type, values)):
        if _SCALARS.issuperset(map(type, values.values())):
            return values
    return _jsonable(values)


_STR = frozenset({str})
#: the value types ``_jsonable`` returns as they are
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Location):
        return value.to_dict()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
