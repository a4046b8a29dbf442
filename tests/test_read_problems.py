"""Reading failures are never reported as the agency's faults: truncated and fragmentary
variants of every seed (and 淮安) get no structure error for what was not read."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import nianbao

EXAMPLES = Path(__file__).parent.parent / "examples"
REPORTS = [
    *sorted(EXAMPLES.glob("*.txt")),
    Path(__file__).parent / "fixtures" / "huaian-2024.layout.txt",
]


def _truncated(text: str, share: float) -> str:
    lines = text.splitlines()
    return "\n".join(lines[: int(len(lines) * share)])


def _fragmented(text: str) -> str:
    """Every other table line broken in two, as a PDF export breaks a wide row."""
    out: list[str] = []
    for i, line in enumerate(text.splitlines()):
        if i % 2 and re.search(r"\d", line) and ("\t" in line or re.search(r"\S\s{3,}\S", line)):
            out += [line[: len(line) // 2], line[len(line) // 2 :]]
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:3])
def test_truncated_and_fragmentary_variants_get_no_structure_error(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    variants = {f"cut {share}": _truncated(text, share) for share in (0.3, 0.5, 0.7)}
    variants["fragments"] = _fragmented(text)
    for name, body in variants.items():
        report = nianbao.parse(body.encode("utf-8"))
        findings = nianbao.check(report, select=["STR"])
        errors = [f.message for f in findings if f.status == "fail" and str(f.severity) == "error"]
        assert errors == [], (name, errors)
        if name.startswith("cut"):  # what could not be read is said, as 无法判断
            assert any(f.status == "not_assessable" for f in findings), name


def test_the_report_header_says_what_could_not_be_read() -> None:
    from rich.console import Console

    from nianbao.render.findings import print_findings

    text = REPORTS[3].read_text(encoding="utf-8")
    report = nianbao.parse(_truncated(text, 0.5).encode("utf-8"))
    console = Console(record=True, width=200)
    print_findings(report, nianbao.check(report), tables=False, out=console)
    assert "未能完整读取：未读到表四" in console.export_text()


def test_an_identity_over_a_row_read_by_position_is_not_assessable() -> None:
    from checkkit import make_report, run, set_cells
    from nianbao.model import Location, Problem

    broken = set_cells(make_report(), {("requests", "granted", "natural_person"): "13"})
    assert {str(f.severity) for f in run(broken, "T3")} == {"error"}
    aligned = Problem(
        "aligned_by_position",
        Location(table="requests", row="granted"),
        label="（一）予以公开",
        expected=7,
        found=6,
    )
    elsewhere = Problem(
        "short_row",
        Location(table="review_litigation", row="review"),
        label="行政复议",
        expected=5,
        found=4,
    )
    misread = [f for f in run(replace(broken, problems=(aligned,)), "T3") if f.rule != "T3-09"]
    assert misread and {(f.status, str(f.severity)) for f in misread} == {
        ("not_assessable", "info")
    }
    assert "无法判断" in misread[0].message and "按列位置对齐" in misread[0].message
    assert {str(f.severity) for f in run(replace(broken, problems=(elsewhere,)), "T3")} == {"error"}
