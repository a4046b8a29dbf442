"""The catalogue as a whole: metadata, generated docs, test coverage, and the runner's contract."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkkit import covers, make_report, set_cells
from nianbao import check as public_check
from nianbao.model import Finding, Location, flatten
from nianbao.rule import ERROR, REGISTRY, RULE_ERROR, Context, iter_rules, rule
from nianbao.rules.docs import markdown
from nianbao.runner import check, select_rules

ROOT = Path(__file__).parent.parent
TESTS = Path(__file__).parent


def _covers() -> Iterator[tuple[str, str, str]]:
    """(rule id, "pass"/"fail", test) for every ``@covers`` decorator in tests/test_*.py."""
    for path in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for dec in node.decorator_list:
                if (
                    isinstance(dec, ast.Call)
                    and isinstance(dec.func, ast.Name)
                    and dec.func.id == "covers"
                    and len(dec.args) == 2
                    and all(isinstance(a, ast.Constant) for a in dec.args)
                ):
                    rule_id, expect = (a.value for a in dec.args)  # type: ignore[attr-defined]
                    yield rule_id, expect, f"{path.name}::{node.name}"


def test_every_rule_has_a_title_citation_docstring_and_message() -> None:
    rules = list(iter_rules())
    assert len(rules) >= 46
    for r in rules:
        assert (
            r.title.strip() and r.citation.strip() and r.description.strip() and r.message.strip()
        ), r.id
        assert r.family in r.tags


#: what a user cannot look up: our spec files, sample names, source tags, guesses
_INTERNAL = re.compile(
    r"format\.md|§|种子|样本|seed|\bS\d{1,2}\b|推断|KIROGOVCOMPARE|nianbao|spec", re.I
)
#: the public sources a basis may rest on, or the plain admission that there is none
_PUBLIC = re.compile(
    r"条例|30号|60号|109号|立法法|行政复议法|审核惯例，非强制|地方规定|DB51|社会科学院|重庆"
)


def test_every_basis_cites_a_public_source_or_says_it_is_practice() -> None:
    for r in iter_rules():
        assert not _INTERNAL.search(r.citation), (r.id, r.citation)
        assert _PUBLIC.search(r.citation), (r.id, r.citation)
    # the 2023 《立法法》 numbers (部门规章 第九十一条, 地方政府规章 第九十三条), never the old 80/82
    assert "第九十一条" in REGISTRY["T2-04"].citation
    assert "第八十条" not in REGISTRY["T2-04"].citation


def test_every_rule_has_a_passing_and_a_failing_test() -> None:
    seen = {(rule_id, expect) for rule_id, expect, _ in _covers()}
    unknown = {rule_id for rule_id, _ in seen} - set(REGISTRY)
    assert not unknown, f"@covers names rules that do not exist: {sorted(unknown)}"
    missing = [
        f"{r.id} {expect}"
        for r in iter_rules()
        for expect in ("pass", "fail")
        if (r.id, expect) not in seen
    ]
    assert not missing, "rules without a passing/failing test: " + ", ".join(missing)


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == markdown(), (
        "docs/rules.md is stale: python -m nianbao.rules.docs > docs/rules.md"
    )


def test_rule_ids_are_catalogue_ids_and_registered_once() -> None:
    with pytest.raises(ValueError, match="catalogue id"):
        rule("t3.balance", title="x", severity=ERROR, citation="x", message="x")
    with pytest.raises(ValueError, match="twice"):
        rule("T3-01", title="x", severity=ERROR, citation="x", message="x")


# ---------------------------------------------------------------- the runner


@pytest.fixture
def broken_rule() -> Iterator[str]:
    @rule(
        "ZZ-99", title="总是出错", severity=ERROR, citation="测试", message="{x}", tags=("testing",)
    )
    def boom(ctx: Context) -> Iterator[Finding]:
        """Raises, to test the runner."""
        yield ctx.fail(location=Location(table="requests"), x=1)
        raise ZeroDivisionError("division by zero in a rule")

    try:
        yield "ZZ-99"
    finally:
        del REGISTRY["ZZ-99"]


def test_a_crashing_rule_becomes_a_rule_error_and_the_run_goes_on(broken_rule: str) -> None:
    report = set_cells(make_report(), {("requests", "total", "total"): "7"})
    findings = check(report, select=[broken_rule, "T3-01"])
    got = flatten(findings, ("rule", "severity", "status"))
    assert got == [
        ["T3-01", "error", "fail"],
        ["ZZ-99", "error", "fail"],
        [RULE_ERROR, "error", "fail"],
    ]
    error = findings[2]
    assert "ZZ-99" in error.message and "ZeroDivisionError" in error.message
    assert error.values["failed_rule"] == "ZZ-99"


def test_select_and_skip_by_id_prefix_and_tag() -> None:
    ids = {r.id for r in select_rules(["T3"], None)}
    assert ids == {f"T3-0{i}" for i in range(1, 10)}
    arithmetic = {r.id for r in select_rules(["arithmetic"], ["T2"])}
    assert {"T3-01", "T3-02", "T3-03", "T4-01"} <= arithmetic and not any(
        i.startswith("T2") for i in arithmetic
    )
    assert {r.id for r in select_rules(["T3-02", "FMT-02"], None)} == {"T3-02", "FMT-02"}
    with pytest.raises(ValueError, match="未知的规则或标签"):
        select_rules(["T9-99"], None)


def test_public_api_checks_a_path_and_returns_findings() -> None:
    findings = public_check(ROOT / "examples" / "002_ca1fd1482ab00037.txt")
    assert any(f.rule == "T3-02" and f.status == "fail" for f in findings)
    assert all(isinstance(f, Finding) for f in findings)


def test_findings_serialise_with_location_evidence_and_fix() -> None:
    report = set_cells(make_report(), {("requests", "total", "total"): "7"})
    (finding,) = check(report, select=["T3-01"])
    d = finding.to_dict()
    assert set(d) >= {"rule", "severity", "message", "location", "evidence", "fix", "basis"}
    assert d["basis"] == REGISTRY["T3-01"].citation and "30号" in d["basis"]
    assert d["location"] == {
        "path": "built.txt",
        "line": d["location"]["line"],
        "table": "requests",
        "row": "total",
        "col": "total",
    }
    assert (
        d["fix"][0]["value"] == 6 and d["fix"][0]["printed"] == 7 and d["fix"][0]["culprit"] is True
    )
    assert {
        "raw": "7",
        "path": "built.txt",
        "line": d["location"]["line"],
        "table": "requests",
        "row": "total",
        "col": "total",
    } in d["evidence"]


@covers("FMT-01", "pass")
def test_detected_format_is_a_note_not_a_failure() -> None:
    (finding,) = check(make_report(), select=["FMT-01"])
    assert (finding.status, finding.values["code"]) == ("note", "2021")
