"""The checker on the five seed reports and the 淮安 report: what format.md §6 lists, no false alarms."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import nianbao
from nianbao.model import Finding, Report

EXAMPLES = Path(__file__).parent.parent / "examples"
HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.layout.txt"


@cache
def seed(name: str) -> Report:
    path = HUAIAN if name == "huaian" else next(EXAMPLES.glob(f"{name}_*.txt"))
    return nianbao.parse(path)


@cache
def findings(name: str) -> tuple[Finding, ...]:
    return tuple(nianbao.check(seed(name)))


def failing(name: str) -> set[tuple[str, str]]:
    return {(f.rule, str(f.severity)) for f in findings(name) if f.status == "fail"}


@pytest.mark.parametrize("name", ["003", "004", "huaian"])
def test_consistent_reports_have_no_error(name: str) -> None:
    errors = [
        f"{f.rule}: {f.message}"
        for f in findings(name)
        if f.status == "fail" and str(f.severity) == "error"
    ]
    assert errors == []


def test_huaian_tables_are_consistent() -> None:
    assert not [
        f
        for f in findings("huaian")
        if f.rule.split("-")[0] in ("T2", "T3", "T4", "CELL", "STR")
        and f.status != "note"
        and str(f.severity) != "info"
    ]


def test_seed_000_old_format_blanks_and_unnamed_organ() -> None:
    got = failing("000")
    assert {
        ("FMT-02", "error"),
        ("CELL-01", "warning"),
        ("CELL-06", "warning"),
        ("STR-09", "warning"),
    } <= got
    (balance,) = [f for f in findings("000") if f.rule == "T3-03"]
    assert balance.status == "not_assessable" and "按空白为 0 计算则成立" in balance.message


def test_seed_001_mixed_format_and_bookmark() -> None:
    assert {("FMT-04", "warning"), ("STR-10", "warning")} <= failing("001")


def test_seed_002_one_fault_one_finding_listing_the_identities_it_explains() -> None:
    got = failing("002")
    assert {
        ("T3-02", "error"),
        ("T2-04", "warning"),
        ("FMT-06", "info"),
        ("T3-09", "warning"),
    } <= got
    errors = [f for f in findings("002") if str(f.severity) == "error"]
    (t302,) = errors  # one wrong （七） row: T3-02, T3-03 and T3-04 in both columns
    assert (t302.rule, t302.location.row, t302.location.col) == ("T3-02", "total", "total")
    assert (t302.values["printed"], t302.values["computed"]) == ("29", "1")
    explained = {(e["rule"], e["location"].col) for e in t302.values["explains"]}
    assert explained == {
        (rule, col) for rule in ("T3-02", "T3-03", "T3-04") for col in ("total", "natural_person")
    }
    assert "一 + 二 = 28，（七）总计 + 四 = 29" in t302.message  # the 勾稽关系 (T3-03) break
    assert (
        "应为 1" in t302.message
        and "应为 28" in t302.message
        and "「自然人」列同样" in t302.message
    )
    assert any(e.raw == "29" for e in t302.evidence)
    # the identities disagree on the cell: readings side by side, never two values for one cell
    proposed: dict[tuple[str | None, str | None], set[object]] = {}
    for f in findings("002"):
        for x in f.fix:
            if x.value is not None:
                proposed.setdefault((x.location.row, x.location.col), set()).add(x.value)
    assert all(len(v) == 1 for v in proposed.values())
    assert len([x for x in t302.fix if x.location.col == "total"]) >= 2
    label = [f for f in findings("002") if f.rule == "FMT-06"][0]
    assert label.values["printed"] == "2.其他法律法规禁止公开"


def test_seed_003_label_typo_and_organ() -> None:
    assert {("FMT-06", "info"), ("STR-09", "warning")} <= failing("003")
    assert [f.values["printed"] for f in findings("003") if f.rule == "FMT-06"] == ["本年度止件数"]


def test_check_json_is_serialisable() -> None:
    from nianbao.render.as_json import to_json

    text = json.dumps(to_json(seed("002"), findings("002")), ensure_ascii=False)
    back = json.loads(text)
    assert back["report"]["meta"]["year"] == 2023
    assert {"rule", "severity", "message", "location", "evidence", "fix"} <= set(
        back["findings"][0]
    )
