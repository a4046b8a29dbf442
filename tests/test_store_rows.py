"""The rows a worker makes of a report are what the plain conversions give, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nianbao
from nianbao.model import Finding, Location, Severity
from nianbao.model.finding import Evidence, Fix
from nianbao.model.report import TABLE_IDS
from nianbao.runner import check
from nianbao.store.rows import cell_values, dumps, finding_rows, location_json

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))
#: the store's JSON as the engine's serializer writes it
plain = json.JSONEncoder(ensure_ascii=False).encode


def _plain(found: list[Finding]) -> list[tuple[str, str, str, str, str]]:
    return [(f.rule, str(f.severity), f.status, f.message, plain(f.to_dict())) for f in found]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_finding_rows_hold_each_findings_to_dict_as_json(path: Path) -> None:
    found = check(nianbao.parse(path))
    assert found
    assert list(finding_rows(found)) == _plain(found)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_cell_rows_hold_each_cells_page_line_and_box(path: Path) -> None:
    """Read from the printed cell (a Location, or a text cell line's (path, page, line)) when
    the cell's Location was never made: the same as its Location's."""
    report = nianbao.parse(path)
    got = cell_values(report)  # first: reading .location below makes the Locations
    want = []
    for table_id in TABLE_IDS:
        for row_id, row in report.tables[table_id].rows.items():
            for col_id, cell in row.cells.items():
                where = cell.location
                box = plain(list(where.box)) if where.box else None
                want.append((f"{table_id}.{row_id}.{col_id}", where.page, where.line, box))
    width = len(got) // len(want)
    rows = [got[i : i + width] for i in range(0, len(got), width)]
    assert [(r[0], r[7], r[8], r[10]) for r in rows] == want


def test_finding_json_of_every_field_kind() -> None:
    """Empty and full Locations, fixes, values holding a Location, tuples, None and floats."""
    cell = Location("a.txt", 2, 7, "requests", "total", "natural", box=(1.0, 2.5, 3.0, 4.0))
    bare = Location()
    found = [
        Finding(
            "T3-02",
            Severity.ERROR,
            '「引号」"and" \\ 换行\n',
            cell,
            evidence=(Evidence("12", cell), Evidence("", bare)),
            fix=(Fix(cell, 12, 13.5, "合计", culprit=True), Fix(bare, None, "无", "x")),
            status="not_assessable",
            values={"at": cell, 3: (1, 2.0, None), "nan": float("nan"), "s": {"x"}},
            cells=(cell, bare, cell),
            basis="依据",
        ),
        Finding("META-01", Severity.INFO, "", bare, status="note"),
        Finding(
            "T3-01",
            Severity.WARNING,
            "m",
            cell,
            values={"n": 1, "s": "表", "none": None, "b": True, "f": 2.5, "inf": float("inf")},
        ),
    ]
    rows = finding_rows(found)
    assert list(rows) == _plain(found)
    assert json.loads(rows[1][4])["evidence"] == []


@pytest.mark.parametrize(
    "value", ['「」"\\\n', 3, -2.5, 1e300, float("nan"), True, None, [1, "x"], {"a": [None, 0.1]}]
)
def test_dumps_writes_what_the_plain_encoder_writes(value: object) -> None:
    assert dumps(value) == plain(value)


@pytest.mark.parametrize(
    "where",
    [
        Location(),
        Location("a.txt", 2, 7, "requests", "total", "natural"),
        Location('「目录」\\"x"\n', 0, -1, section=3, x=1.5, y=2.0),
        Location(None, None, 9, box=(1.0, 2.5, 3, 4.0), grid=(1, 2, 3)),
        Location(x=float("inf"), y=1e300),
    ],
)
def test_location_json_is_its_dict_encoded(where: Location) -> None:
    assert location_json(where) == plain(where.to_dict())
