"""Extractor edge cases seen in PDF and OCR grids, as minimal grids."""

from __future__ import annotations

from nianbao.extract import extract
from nianbao.model import Document, GridCell, Location, TableGrid, TextBlock

HEAD = TextBlock("三、收到和处理政府信息公开申请情况", Location(line=1))
VALUES = ["0", "0", "0", "0", "0", "0", "0"]


def _doc(rows: list[list[tuple[str, float | None, int]]], layout: str = "positions") -> Document:
    grid = tuple(
        tuple(GridCell(t, Location(page=2, line=ln, x=x)) for t, x, ln in row) for row in rows
    )
    return Document(
        "t.pdf", "0" * 64, "pdf", (HEAD, TableGrid(grid, Location(page=2, line=2), layout))
    )  # type: ignore[arg-type]


def _row(
    label: list[tuple[str, float]], line: int, values: list[str] = VALUES
) -> list[tuple[str, float | None, int]]:
    return [(t, x, line) for t, x in label] + [
        (v, 300.0 + 34 * i, line) for i, v in enumerate(values)
    ]


def test_a_tail_fragment_equally_near_two_rows_goes_to_the_row_without_a_label() -> None:
    doc = _doc(
        [
            _row([("1.属于国家秘密", 196)], 14, ["2", "0", "0", "0", "0", "0", "2"]),
            [("理", 94, 15), ("予公开", 127, 15)],
            _row([("2.其他法律行政法规禁止公", 218)], 16, ["30", "1", "0", "0", "0", "0", "31"]),
            [("结", 94, 17)],
            [("开", 169, 18)],
            [("果", 94, 19)],
            _row([("3.危及“三安全一稳定”", 209)], 20, ["5", "0", "0", "0", "0", "0", "5"]),
        ]
    )
    rows = extract(doc).tables["requests"].rows
    assert rows["denied.prohibited_by_law"].cells["total"].value == 31
    assert rows["denied.three_safeties"].cells["total"].value == 5


def test_a_label_wrapped_over_two_lines_without_values_is_a_blank_row() -> None:
    doc = _doc(
        [
            _row([("1.属于国家秘密", 196)], 14),
            [("结", 94, 19), ("2.其他法律行政法规禁止公", 218, 19)],
            [("果", 94, 20), ("开", 169, 20)],
            _row([("3.危及“三安全一稳定”", 209)], 21),
        ]
    )
    report = extract(doc)
    row = report.tables["requests"].rows["denied.prohibited_by_law"]
    assert all(c.value is None for c in row.cells.values())
    assert any(p.code == "blank_row" for p in report.problems)


def test_an_unreadable_value_stays_in_its_column() -> None:
    cells = [("一、本年新收政府信息公开申请数量", None, 3)] + [
        (t, None, 3) for t in ["3001", "53", "0", "0", "61", "E", "3119"]
    ]
    row = extract(_doc([cells], layout="cells")).tables["requests"].rows["new_received"]
    assert row.cells["natural_person"].value == 3001
    assert row.cells["other_org"].value == "E"
    assert row.cells["total"].value == 3119
