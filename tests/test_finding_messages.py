"""What a reviewer reads: official labels only, never internal ids; one fact, one finding."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import nianbao
from checkkit import make_report, run, set_cells
from nianbao.model import Finding, Report

EXAMPLES = Path(__file__).parent.parent / "examples"
HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.layout.txt"
#: an id of the data model (new_received, review_litigation, requests/total/total …)
_INTERNAL = re.compile(r"[a-z]+_[a-z_]+|\b(?:active|requests|total|regulations)\b|[a-z]+/[a-z]+")


@cache
def _reports() -> tuple[Report, ...]:
    return tuple(nianbao.parse(p) for p in [*sorted(EXAMPLES.glob("*.txt")), HUAIAN])


def _messages(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings]


def test_messages_on_the_seeds_and_huaian_name_no_internal_ids() -> None:
    for report in _reports():
        for message in _messages(nianbao.check(report)):
            assert not _INTERNAL.search(message), message


def test_messages_on_broken_built_reports_name_no_internal_ids() -> None:
    broken = set_cells(
        make_report(organ="某某县人民政府"),
        {
            ("requests", "total", "total"): "9",
            ("active", "regulations", "issued"): "3",
            ("active", "normative_documents", "issued"): "",
            ("review_litigation", "review", "total"): "-1",
            ("requests", "granted", "natural_person"): "2.5",
        },
    )
    other = replace(
        set_cells(broken, {("requests", "new_received", "total"): "8"}),
        source=replace(broken.source, path="copy.txt", sha256="1" * 64),
    )
    findings = nianbao.check(broken, peers=[broken, other])
    explained = {e["rule"] for f in findings for e in f.values.get("explains", ())}
    assert {"XY-08", "T3-02", "T2-04", "CELL-01", "CELL-03"} <= {
        f.rule for f in findings
    } | explained
    for message in _messages(findings):
        assert not _INTERNAL.search(message), message


def test_blank_cells_give_the_count_and_the_first_few_with_all_in_evidence() -> None:
    blanks = {("requests", r, "total"): "" for r in ("new_received", "carried_over", "granted")}
    blanks |= {("requests", "total", c): "" for c in ("natural_person", "commercial", "other_org")}
    (finding,) = [f for f in run(set_cells(make_report(), blanks), "CELL-01")]
    assert "共 6 格" in finding.message and len(finding.evidence) == 6
    assert finding.message.count("」列") == 3


def test_text_against_table_gives_both_fixes_a_lookup_decides() -> None:
    report = make_report(sections={1: "2023年，本机关未收到政府信息公开申请。"})
    (finding,) = run(report, "TXT-02")  # 表三 一 = 6
    text_fix, cell_fix = finding.fix
    assert (text_fix.location.section, text_fix.value) == (1, 6)
    assert (cell_fix.location.row, cell_fix.location.col, cell_fix.printed, cell_fix.value) == (
        "new_received",
        "total",
        6,
        0,
    )
