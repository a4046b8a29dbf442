"""The Python API as a developer meets it: strings where lists are expected, typos in cell ids
caught, and ``import *`` giving the public names only."""

from __future__ import annotations

from pathlib import Path

import pytest

import nianbao

SEED_002 = Path(__file__).parent.parent / "examples" / "002_ca1fd1482ab00037.txt"


@pytest.fixture(scope="module")
def report() -> nianbao.Report:
    return nianbao.parse(SEED_002)


def test_check_select_takes_a_string_not_its_characters(report: nianbao.Report) -> None:
    rules = {f.rule for f in nianbao.check(report, select="T3")}
    assert rules and all(r.startswith("T3-") for r in rules)
    assert {f.rule for f in nianbao.check(report, skip="T3")}.isdisjoint(rules)


def test_cell_with_an_unknown_id_names_the_valid_ones(report: nianbao.Report) -> None:
    assert report.cell("requests", "total", "total").value == 29  # type: ignore[union-attr]
    with pytest.raises(KeyError, match="unknown row 'totl'.*carried_forward"):
        report.cell("requests", "totl", "total")
    with pytest.raises(KeyError, match="unknown column 'sum'.*natural_person"):
        report.cell("requests", "total", "sum")
    with pytest.raises(KeyError, match="unknown table 'table3'.*requests"):
        report.cell("table3", "total", "total")


def test_a_known_cell_the_report_lacks_is_none() -> None:
    # a 2019-format report has no 逾期未按收费通知要求缴纳费用 row: known id, no cell
    old = nianbao.parse(Path(__file__).parent.parent / "examples" / "000_898f5e2484ea1ed0.txt")
    assert old.meta.format == "2019"
    assert old.cell("requests", "other.unpaid_fee", "total") is None


def test_all_lists_only_public_names() -> None:
    assert all(not name.startswith("_") for name in nianbao.__all__)
    assert {"parse", "check", "Report", "Finding", "NianbaoError", "Settings"} <= set(
        nianbao.__all__
    )
    for name in nianbao.__all__:
        assert getattr(nianbao, name) is not None
    namespace: dict[str, object] = {}
    exec("from nianbao import *", namespace)
    assert {"annotations", "Path", "DEFAULT"}.isdisjoint(namespace)


def test_the_extraction_trace_is_kept_when_asked_for(report: nianbao.Report) -> None:
    """The trace ``parse --debug`` prints is there for a developer who asks for it; a plain
    parse leaves it out and reads the same report."""
    traced = nianbao.parse(SEED_002, trace=True)
    assert report.trace == ()
    assert any(e.kind == "matched" and e.table == "requests" for e in traced.trace)
    assert traced.to_dict() == report.to_dict()
