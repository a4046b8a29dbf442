"""Merging the findings one fault explains (``nianbao.faults``): the quick forms against the
simple ones they replace."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.faults import (
    _evidence_once,
    _fixes,
    _locations_once,
    _merge,
    _reading,
    _signature,
    _strip_hint,
)
from nianbao.model import Evidence, Finding, Fix, Location, Severity

#: a few places: cells of one table (two of them the same cell printed on another line), and
#: places that name no cell
_PLACES = [
    Location(path="a.txt", line=3, table="requests", row="total", col="total"),
    Location(path="a.txt", line=3, table="requests", row="total", col="natural_person"),
    Location(path="a.txt", line=4, table="requests", row="total", col="total"),
    Location(path="a.txt", line=5, table="requests", row="granted", col="total"),
    Location(path="a.txt", line=6),
    Location(path="a.txt", line=7),
    Location(path="a.txt", table="requests", col="total"),
]


@st.composite
def _locations(draw: Any) -> list[Location]:
    """Locations drawn from ``_PLACES``, each either the place's own object (shared, as a
    cell's Location is by every finding citing it) or an equal copy."""
    out = []
    for i in draw(st.lists(st.integers(0, len(_PLACES) - 1), max_size=30)):
        place = _PLACES[i]
        out.append(place if draw(st.booleans()) else replace(place))
    return out


@given(_locations())
@settings(max_examples=400, deadline=None)
def test_locations_once_is_dict_fromkeys(locations: list[Location]) -> None:
    once = _locations_once(locations)
    simple = list(dict.fromkeys(locations))
    assert once == simple
    assert [x.to_dict() for x in once] == [x.to_dict() for x in simple]


@given(_locations(), st.lists(st.sampled_from(["29", "1", " 1", ""]), min_size=30))
@settings(max_examples=400, deadline=None)
def test_evidence_once_is_dict_fromkeys(locations: list[Location], raws: list[str]) -> None:
    evidence = [Evidence(raw, loc) for raw, loc in zip(raws, locations, strict=False)]
    once = _evidence_once(evidence)
    simple = list(dict.fromkeys(evidence))
    assert once == simple
    assert [e.to_dict() for e in once] == [e.to_dict() for e in simple]


def _simple_merge(primary: Finding, others: list[Finding]) -> Finding:
    """``faults._merge`` as it was written first: membership by equality, ``replace``."""
    group = [primary, *others]
    own = [primary, *(f for f in others if f.location.col == primary.location.col)]
    signatures = {_signature(f) for f in own}
    repeats = [f for f in others if f not in own and _signature(f) in signatures]
    told = [f for f in group if f not in repeats]
    fixes = _fixes(group)
    message = "；".join(dict.fromkeys(_strip_hint(f) for f in told))
    shown = {f.location.col for f in told} | {x.location.col for f in told for x in f.fix}
    readings = list(
        dict.fromkeys(_reading(x) for x in fixes if x.reason and x.location.col in shown)
    )
    if readings:
        message += "。可能是：" + "；或".join(r.removeprefix("或") for r in readings)
    columns = sorted({str(f.values.get("where") or f.location.col) for f in repeats})
    if columns:
        message += f"（{'、'.join(f'「{c}」' for c in columns)}列同样）"
    evidence = list(dict.fromkeys(e for f in group for e in f.evidence))
    cells = list(dict.fromkeys(c for f in group for c in f.cells))
    explains = [{"rule": f.rule, "message": f.message, "location": f.location} for f in group]
    return replace(
        primary,
        message=message,
        evidence=tuple(evidence),
        cells=tuple(cells),
        fix=tuple(fixes),
        values={**primary.values, "explains": explains},
    )


@st.composite
def _finding(draw: Any) -> Finding:
    cells = draw(_locations())
    loc = draw(st.sampled_from(_PLACES[:4]))
    fix = Fix(draw(st.sampled_from(_PLACES[:4])), 29, draw(st.sampled_from([1, 28, None])),
              "按「…」，此格应为 1", draw(st.booleans()))  # fmt: skip
    return Finding(
        rule=draw(st.sampled_from(["T3-02", "T3-03"])),
        severity=Severity.ERROR,
        message=draw(st.sampled_from(["总计印为 29", "勾稽关系不成立"])),
        location=loc if draw(st.booleans()) else replace(loc),
        evidence=tuple(Evidence("29", c) for c in cells),
        fix=(fix,) if draw(st.booleans()) else (),
        values={"diff": draw(st.sampled_from(["28", "1"])), "where": "总计"},
        cells=tuple(cells),
    )


@given(_finding(), st.lists(_finding(), min_size=1, max_size=5), st.booleans())
@settings(max_examples=300, deadline=None)
def test_merge_is_the_simple_merge(primary: Finding, others: list[Finding], twin: bool) -> None:
    """The merged finding is the same, with repeats told from the columns and signatures,
    also when a finding of the group equals another (``twin``)."""
    if twin:
        others = [*others, replace(others[0])]
    merged = _merge(primary, others)
    simple = _simple_merge(primary, others)
    assert merged == simple
    assert merged.to_dict() == simple.to_dict()
