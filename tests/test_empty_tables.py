"""A required table with every cell blank is an error (STR-11): the blank official template, a
filled report with 表三 and 表四 emptied, and `--fail-on error` exiting 1 on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkkit import covers, failures, make_report, run
from corpus import GOLD_DIR, load_gold, make_docx
from gold import FIXTURES
from nianbao.cli import main
from nianbao.model import Location, Problem

TEMPLATE = FIXTURES / "template-2021-blank.docx"
_BLANK_REVIEW = {r: [None] * 5 for r in ("review", "litigation_direct", "litigation_after_review")}


def _blank_requests() -> dict[str, list[None]]:
    from nianbao.formats import FORMATS

    return {r.id: [None] * 7 for r in FORMATS["2021"].tables["requests"].rows}


@covers("STR-11", "pass")
def test_filled_tables_pass_even_when_every_count_is_zero() -> None:
    assert failures(make_report(), "STR-11") == []
    zeros = {r: [0] * 5 for r in _BLANK_REVIEW}
    assert failures(make_report(review=zeros), "STR-11") == []


@covers("STR-11", "fail")
def test_an_emptied_table_is_an_error_naming_the_table() -> None:
    found = run(make_report(requests=_blank_requests(), review=_BLANK_REVIEW), "STR-11")
    assert [(f.rule, str(f.severity), f.status, f.location.table) for f in found] == [
        ("STR-11", "error", "fail", "requests"),
        ("STR-11", "error", "fail", "review_litigation"),
    ]
    assert "表三" in found[0].message and "全部空白" in found[0].message
    assert len(found[1].evidence) == 15


def test_a_blank_table_read_with_problems_is_not_assessable_not_an_error() -> None:
    lost = Problem(
        "short_row",
        Location(table="review_litigation", row="review"),
        label="行政复议",
        expected=5,
        found=0,
    )
    (finding,) = run(make_report(review=_BLANK_REVIEW, problems=[lost]), "STR-11")
    assert (finding.status, str(finding.severity)) == ("not_assessable", "info")
    assert "无法判断" in finding.message


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", "--json", "--fail-on", "error", str(path)])
    (obj,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    return code, obj["findings"]  # type: ignore[return-value]


def test_the_blank_official_template_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = _check(TEMPLATE, capsys)
    empty = {f["location"].get("table") for f in findings if f["rule"] == "STR-11"}  # type: ignore[index, union-attr]
    assert empty == {"active", "requests", "review_litigation"}
    assert code == 1


def test_a_filled_report_with_tables_three_and_four_emptied_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = load_gold(GOLD_DIR / "004_81a26273262094ca.json")  # no error as published
    gold["table3"] = {k: [None] * len(v) for k, v in gold["table3"].items()}
    gold["table4"] = [None] * 15
    code, findings = _check(make_docx(gold, tmp_path), capsys)
    errors = [(f["rule"], f["location"].get("table")) for f in findings if f["severity"] == "error"]  # type: ignore[union-attr]
    assert sorted(errors) == [("STR-11", "requests"), ("STR-11", "review_litigation")]
    assert code == 1
