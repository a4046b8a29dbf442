"""Rules of tables 二, 三 and 四 (T2-*, T3-*, T4-*) on small reports built in code."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from checkkit import covers, failures, from_gold, make_report, run, set_cells, with_meta
from nianbao.model import Location, Problem, flatten

ALL = ("T2", "T3", "T4")
T3_ROWS = {"new_received": [5, 1, 0, 0, 0, 0, 6], "carried_over": [1, 0, 0, 0, 0, 0, 1],
           "granted": [3, 0, 0, 0, 0, 0, 3], "partially_granted": [1, 1, 0, 0, 0, 0, 2],
           "unable.not_held": [1, 0, 0, 0, 0, 0, 1], "total": [5, 1, 0, 0, 0, 0, 6],
           "carried_forward": [1, 0, 0, 0, 0, 0, 1]}  # fmt: skip


@covers("T2-01", "pass")
@covers("T2-02", "pass")
@covers("T2-03", "pass")
@covers("T2-04", "pass")
@covers("T2-05", "pass")
@covers("T2-06", "pass")
@covers("T3-01", "pass")
@covers("T3-02", "pass")
@covers("T3-03", "pass")
@covers("T3-04", "pass")
@covers("T3-05", "pass")
@covers("T3-06", "pass")
@covers("T3-07", "pass")
@covers("T3-08", "pass")
@covers("T3-09", "pass")
@covers("T4-01", "pass")
@covers("T4-02", "pass")
@covers("T4-03", "pass")
@covers("T4-04", "pass")
@covers("T4-05", "pass")
@covers("T4-06", "pass")
def test_a_consistent_2021_report_passes_every_table_rule() -> None:
    assert run(make_report(), *ALL) == []


@covers("T2-07", "pass")
@covers("T2-08", "pass")
def test_a_consistent_2019_report_passes_every_table_rule() -> None:
    assert run(make_report(fmt="2019", year=2020), *ALL) == []


# ---------------------------------------------------------------- 表三 identities


@covers("T3-01", "fail")
def test_row_total_off_names_the_row_and_both_readings() -> None:
    report = set_cells(make_report(), {("requests", "granted", "total"): "4"})
    findings = run(report, "T3-01")
    assert flatten(findings) == [["T3-01", "error", "fail", "requests", "granted", "total"]]
    assert "总计印为 4，各类申请人之和为 3" in findings[0].message


@covers("T3-02", "fail")
def test_result_total_names_the_culprit_where_row_and_column_identities_cross() -> None:
    report = set_cells(make_report(), {("requests", "granted", "natural_person"): "13"})
    assert flatten(run(report, "T3-02"), ("rule", "row", "col", "culprit")) == [
        ["T3-02", "total", "natural_person", ("granted", "natural_person")],
    ]
    # with the row identity too: one wrong cell, one finding explaining both identities
    (finding,) = run(report, "T3")
    assert flatten([finding], ("rule", "row", "col", "culprit")) == [
        ["T3-01", "granted", "total", ("granted", "natural_person")]
    ]
    assert {e["rule"] for e in finding.values["explains"]} == {"T3-01", "T3-02"}
    (fix,) = finding.fix
    assert (fix.printed, fix.value, fix.culprit) == (13, 3, True)
    assert "「（一）予以公开」行「自然人」列" in finding.message and "改为 3" in finding.message


@covers("T3-03", "fail")
def test_balance_break_in_the_total_column_points_at_the_total_cell() -> None:
    report = set_cells(
        make_report(),
        {
            ("requests", "carried_over", "total"): "2",
            ("requests", "carried_over", "natural_person"): "2",
        },
    )
    (finding,) = run(report, "T3-03")  # the same break in two columns of one row: one fault
    assert flatten([finding]) == [["T3-03", "error", "fail", "requests", "total", "total"]]
    assert {e["location"].col for e in finding.values["explains"]} == {"natural_person", "total"}
    assert "「自然人」列同样" in finding.message


def test_blank_cells_make_identities_not_assessable_and_say_what_zero_would_give() -> None:
    blank = {
        ("requests", r, c): ""
        for r in ("new_received", "carried_over", "carried_forward")
        for c in ("research", "public_interest")
    }
    report = set_cells(make_report(), blank)
    findings = run(report, "T3-03")
    assert flatten(findings) == [["T3-03", "info", "not_assessable", "requests", None, None]]
    assert "按空白为 0 计算则成立" in findings[0].message
    # blanks as 0 fail: the finding says so and carries what 0 would require
    report = set_cells(
        report,
        {
            ("requests", "total", "research"): "2",
            ("requests", "total", "total"): "8",
            ("requests", "granted", "research"): "2",
            ("requests", "granted", "total"): "5",
        },
    )
    texts = [f.message for f in run(report, "T3-03") if f.location.col == "research"]
    assert texts and "按空白为 0 计算不成立" in texts[0]


def test_seed_002_shape_lists_the_total_and_the_detail_reading() -> None:
    report = set_cells(
        make_report(),
        {("requests", "total", "natural_person"): "29", ("requests", "total", "total"): "30"},
    )
    (t302,) = run(report, "T3-02")  # the 总计 column repeats the 自然人 column's fault
    assert [x.value for x in t302.fix if x.location.col == "natural_person"] == [5, None]
    assert "或总计无误，而明细共少计 24" in t302.message and "「自然人」列同样" in t302.message


@covers("T3-04", "fail")
def test_negative_and_fractional_counts_and_negative_carry_over() -> None:
    report = set_cells(
        make_report(),
        {("requests", "granted", "commercial"): "-1", ("requests", "granted", "research"): "0.5"},
    )
    (summary,) = [f for f in run(report, "T3-04") if f.location.col != "total"]
    assert "2 个格不是非负整数" in summary.message
    report = set_cells(make_report(), {("requests", "total", "total"): "9"})
    assert ["T3-04", "error", "fail", "requests", "total", "total"] in failures(report, "T3-04")


_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service",
            "other_org", "total")  # fmt: skip


@st.composite
def _requests_rows(draw: st.DrawFn) -> dict[str, list[int]]:
    """表三's rows of T3_ROWS, each applicant column drawn: consistent (every identity holds)
    or, when ``skew`` is drawn, with one row's cells drawn apart from the others."""
    small = st.integers(0, 4)
    rows: dict[str, list[int]] = {row: [] for row in T3_ROWS}
    for _ in _COLUMNS[:-1]:
        granted, partial, not_held, forward = (draw(small) for _ in range(4))
        total = granted + partial + not_held
        new = draw(st.integers(0, total + forward))
        values = {"new_received": new, "carried_over": total + forward - new, "granted": granted,
                  "partially_granted": partial, "unable.not_held": not_held, "total": total,
                  "carried_forward": forward}  # fmt: skip
        for row, v in values.items():
            rows[row].append(v)
    for values in rows.values():
        values.append(sum(values))
    skew = draw(st.none() | st.sampled_from(sorted(rows)))
    if skew is not None:
        rows[skew] = draw(st.lists(st.integers(0, 9), min_size=7, max_size=7))
    return rows


@settings(max_examples=60, deadline=None)
@given(_requests_rows())
def test_negative_carry_is_told_whether_or_not_the_identities_hold(
    rows: dict[str, list[int]],
) -> None:
    """T3-04 skips its column walk when every cell is a count and every identity holds (then
    一 + 二 − （七） is 四 in each column): its findings are the walk's, every time."""
    report = make_report(requests=rows)
    for select in (("T3-04",), ("STR-11", "T3")):  # (STR-11 takes the census first)
        skipping = [f.to_dict() for f in run(report, *select)]
        with patch("nianbao.rules.requests._balanced", return_value=False):  # always walked
            assert [f.to_dict() for f in run(report, *select)] == skipping
    new, old, total = rows["new_received"], rows["carried_over"], rows["total"]
    negative = any(new[k] + old[k] < total[k] for k in range(len(_COLUMNS)))
    assert negative == any(f.rule == "T3-04" for f in run(report, "T3-04"))


@covers("T3-05", "fail")
def test_printed_other_subtotal_must_equal_its_items() -> None:
    report = make_report()
    t = report.tables["requests"]
    from dataclasses import replace

    from nianbao.model import Cell, Row

    base = Location(path="built.txt", line=200, table="requests", row="other")
    cells = {
        c: Cell(v, str(v), base.with_(col=c))
        for c, v in zip(
            (
                "natural_person",
                "commercial",
                "research",
                "public_interest",
                "legal_service",
                "other_org",
                "total",
            ),
            (2, 0, 0, 0, 0, 0, 2),
            strict=True,
        )
    }
    report = replace(
        report,
        tables={
            **report.tables,
            "requests": replace(
                t, rows={**t.rows, "other": Row("other", "（六）其他处理小计", cells, base)}
            ),
        },
    )
    assert failures(report, "T3-05") == [
        ["T3-05", "warning", "fail", "requests", "other", "natural_person"],
        ["T3-05", "warning", "fail", "requests", "other", "total"],
    ]


@covers("T3-06", "fail")
def test_results_without_applications() -> None:
    zero = [0] * 7
    report = make_report(
        requests={
            "total": [1, 0, 0, 0, 0, 0, 1],
            "granted": [1, 0, 0, 0, 0, 0, 1],
            "new_received": zero,
            "carried_over": zero,
        }
    )
    assert failures(report, "T3-06") == [["T3-06", "error", "fail", "requests", "total", "total"]]


@covers("T3-07", "fail")
def test_large_carry_over_is_info() -> None:
    rows = dict(
        T3_ROWS,
        new_received=[20, 0, 0, 0, 0, 0, 20],
        carried_over=[0] * 7,
        granted=[5, 0, 0, 0, 0, 0, 5],
        partially_granted=[0] * 7,
        **{"unable.not_held": [0] * 7},
        total=[5, 0, 0, 0, 0, 0, 5],
        carried_forward=[15, 0, 0, 0, 0, 0, 15],
    )
    report = make_report(requests=rows)
    assert failures(report, "T3") == [
        ["T3-07", "info", "fail", "requests", "carried_forward", "total"]
    ]


@covers("T3-08", "fail")
def test_unpaid_fee_closures_against_a_denial_of_fee_notices() -> None:
    rows = dict(T3_ROWS, **{"unable.not_held": [0] * 7, "other.unpaid_fee": [1, 0, 0, 0, 0, 0, 1]})
    said_none = make_report(requests=rows, sections={6: "本年度未发出收费通知，未收取信息处理费。"})
    assert failures(said_none, "T3-08") == [["T3-08", "warning", "fail", None, None, None]]
    not_charged = make_report(requests=rows, sections={6: "本年度未收取信息处理费。"})
    assert failures(not_charged, "T3-08") == []


@covers("T3-09", "fail")
def test_joined_continuation_line_is_a_column_shift_warning() -> None:
    loc = Location(path="built.txt", line=80, table="requests", row="other.no_correction")
    report = make_report(
        problems=[Problem("continuation_joined", loc, label="（六）其 …", lines=(79, 80))]
    )
    findings = run(report, "T3-09")
    assert flatten(findings) == [
        ["T3-09", "warning", "fail", "requests", "other.no_correction", None]
    ]
    assert len(findings[0].cells) == 7


# ---------------------------------------------------------------- 表二


@covers("T2-01", "fail")
def test_count_cells_must_be_non_negative_integers() -> None:
    report = set_cells(make_report(), {("active", "licensing", "decisions"): "-3"})
    assert failures(report, "T2-01") == [
        ["T2-01", "error", "fail", "active", "licensing", "decisions"]
    ]


@covers("T2-02", "fail")
def test_negative_fee_amount() -> None:
    report = set_cells(make_report(), {("active", "fees", "amount"): "-0.5"})
    assert failures(report, "T2-02") == [["T2-02", "error", "fail", "active", "fees", "amount"]]


@covers("T2-03", "fail")
def test_fee_amount_in_yuan() -> None:
    report = set_cells(make_report(), {("active", "fees", "amount"): "35000元"})
    (finding,) = run(report, "T2-03")
    assert "35000元" in finding.message
    huge = set_cells(make_report(organ="某县财政局"), {("active", "fees", "amount"): "2500000"})
    assert failures(huge, "T2-03") == [["T2-03", "warning", "fail", "active", "fees", "amount"]]


@covers("T2-04", "fail")
def test_county_reporting_regulations() -> None:
    report = set_cells(
        make_report(organ="河曲县人民政府办公室"), {("active", "regulations", "issued"): "12"}
    )
    assert failures(report, "T2-04") == [
        ["T2-04", "warning", "fail", "active", "regulations", None]
    ]
    city = set_cells(
        make_report(organ="淮安市人民政府"), {("active", "regulations", "issued"): "2"}
    )
    assert failures(city, "T2-04") == []


@covers("T2-05", "fail")
def test_more_made_than_valid_plus_repealed() -> None:
    report = set_cells(make_report(), {("active", "normative_documents", "issued"): "30"})
    assert failures(report, "T2-05") == [
        ["T2-05", "warning", "fail", "active", "normative_documents", "issued"]
    ]


@covers("T2-06", "fail")
def test_single_value_row_with_three_numbers() -> None:
    from dataclasses import replace

    from nianbao.model import Cell

    report = make_report()
    t = report.tables["active"]
    row = t.rows["penalty"]
    extra = tuple(Cell(v, str(v), row.location) for v in (3, 12))
    report = replace(
        report,
        tables={
            **report.tables,
            "active": replace(t, rows={**t.rows, "penalty": replace(row, extra=extra)}),
        },
    )
    findings = run(report, "T2-06")
    assert flatten(findings) == [["T2-06", "warning", "fail", "active", "penalty", None]]
    assert "印有 3 个" in findings[0].message


@covers("T2-07", "fail")
def test_2019_stock_going_negative_and_new_published_over_total() -> None:
    report = set_cells(
        make_report(fmt="2019", year=2020),
        {
            ("active", "penalty", "change"): "-9",
            ("active", "regulations", "new_published"): "5",
            ("active", "regulations", "total_published"): "2",
        },
    )
    assert failures(report, "T2-07") == [
        ["T2-07", "error", "fail", "active", "penalty", "change"],
        ["T2-07", "warning", "fail", "active", "regulations", "new_published"],
    ]


@covers("T2-08", "fail")
def test_2019_procurement_amount_without_unit() -> None:
    report = set_cells(
        make_report(fmt="2019", year=2020), {("active", "procurement", "amount"): "8040"}
    )
    assert failures(report, "T2-08") == [
        ["T2-08", "info", "fail", "active", "procurement", "amount"]
    ]


# ---------------------------------------------------------------- 表四


@covers("T4-01", "fail")
def test_review_total_off_lists_both_readings() -> None:
    report = set_cells(make_report(), {("review_litigation", "review", "total"): "3"})
    (finding,) = run(report, "T4")
    assert flatten([finding]) == [
        ["T4-01", "error", "fail", "review_litigation", "review", "total"]
    ]
    assert [x.value for x in finding.fix] == [1, None]
    assert "或总计无误，而明细共少计 2" in finding.message


@covers("T4-02", "fail")
def test_direct_suit_total() -> None:
    report = set_cells(make_report(), {("review_litigation", "litigation_direct", "upheld"): "2"})
    assert failures(report, "T4") == [
        ["T4-02", "error", "fail", "review_litigation", "litigation_direct", "total"]
    ]


@covers("T4-03", "fail")
def test_suit_after_review_total() -> None:
    report = set_cells(
        make_report(), {("review_litigation", "litigation_after_review", "total"): "1"}
    )
    assert [
        "T4-03",
        "error",
        "fail",
        "review_litigation",
        "litigation_after_review",
        "total",
    ] in failures(report, "T4-03")


@covers("T4-04", "fail")
def test_review_cells_non_negative_integers() -> None:
    report = set_cells(
        make_report(),
        {
            ("review_litigation", "review", "other"): "1.5",
            ("review_litigation", "review", "total"): "2.5",
        },
    )
    (finding,) = run(report, "T4-04")
    assert "2 个格不是非负整数" in finding.message


@covers("T4-05", "fail")
def test_direct_suits_after_2024_are_noted() -> None:
    report = set_cells(
        make_report(year=2024),
        {
            ("review_litigation", "litigation_direct", "upheld"): "2",
            ("review_litigation", "litigation_direct", "total"): "2",
        },
    )
    assert failures(report, "T4-05") == [
        ["T4-05", "info", "fail", "review_litigation", "litigation_direct", "total"]
    ]
    assert failures(with_meta(report, year=2023), "T4-05") == []


@covers("T4-06", "fail")
def test_suit_after_review_without_any_review() -> None:
    cells = {
        ("review_litigation", "review", "upheld"): "0",
        ("review_litigation", "review", "total"): "0",
        ("review_litigation", "litigation_after_review", "upheld"): "1",
        ("review_litigation", "litigation_after_review", "total"): "1",
    }
    report = set_cells(make_report(), cells)
    last_year = set_cells(make_report(year=2022), cells)
    assert failures(report, "T4-06", previous=last_year) == [
        ["T4-06", "info", "fail", "review_litigation", "litigation_after_review", "total"]
    ]
    (na,) = run(report, "T4-06")
    assert na.status == "not_assessable" and "上一年度" in na.message
    assert failures(report, "T4-06", previous=make_report(year=2022)) == []


def test_a_keying_slip_names_the_cell_where_arithmetic_cannot() -> None:
    """表四 has one identity per row, so arithmetic alone cannot say which cell is wrong; a
    printed 总计 of 351 against details summing to 315 (digits swapped) points at the 总计."""
    base = make_report()
    cells = {
        ("review_litigation", "review", "upheld"): "72",
        ("review_litigation", "review", "corrected"): "64",
        ("review_litigation", "review", "other"): "178",
        ("review_litigation", "review", "pending"): "37",
        ("review_litigation", "review", "total"): "315",
    }
    (finding,) = run(set_cells(base, cells), "T4-01")
    culprit = finding.fix[0]
    assert culprit.culprit and (culprit.location.row, culprit.location.col) == ("review", "total")
    assert (culprit.printed, culprit.value) == (315, 351)
    assert "顺序颠倒" in culprit.reason
    assert "最可能有误的是" in finding.message


def test_keying_slip_kinds() -> None:
    from nianbao.identities import typo

    assert typo(315, 351) == "只差两位数字顺序颠倒"
    assert typo(31, 351) == "只差少印一位数字"
    assert typo(3511, 351) == "只差多印一位数字"
    assert typo(352, 351) is None
    assert typo(0, 37) is None


def test_a_table_whose_identities_all_hold_is_told_without_its_instances() -> None:
    """``identities.evaluate`` skips building the instances of a complete table whose
    identities all hold: its test agrees with the instances' own outcomes, on the gold tables
    and on each with one cell changed, a float put in, or a cell blanked."""
    from nianbao.identities import _all_hold, _found, _instances, _plan

    tried = skipped = 0
    for name in ("000_898f5e2484ea1ed0.json", "001_b5fe446b3f679b76.json",
                 "002_ca1fd1482ab00037.json", "huaian-2024.json"):  # fmt: skip
        report = from_gold(name)
        for table_id, table in report.tables.items():
            first = next(c for c in table.cells() if isinstance(c[2].value, int))
            for change in (None, 1, 0.5, ""):
                if change is not None:
                    row, col, cell = first
                    report = set_cells(report, {(table_id, row, col): str(cell.value + change)
                                                if change != "" else ""})  # fmt: skip
                t = report.tables[table_id]
                spec = report.spec(table_id)
                plan = _plan(spec)
                found = _found(t, plan)
                raw = [None if c is None else c.value for c in found]
                insts = _instances(t, plan, found, raw)
                every = all(i.status == i.status_zero == "holds" for i in insts)
                complete = all(type(v) in (int, float) for v in raw)
                assert _all_hold(t, plan, raw) == (every and complete)
                tried += 1
                skipped += _all_hold(t, plan, raw)
    assert skipped and tried > skipped


_GOLD_TABLES = [
    (name, table_id)
    for name in ("000_898f5e2484ea1ed0.json", "002_ca1fd1482ab00037.json", "huaian-2024.json")
    for table_id in ("active", "requests", "review_litigation")
]


@given(
    st.sampled_from(_GOLD_TABLES),
    st.sampled_from([0, 1, 2, 7, 0.1, 10**6, *(2**k for k in range(38, 48)), 2**53, 2**60]),
    st.sampled_from([0, 1, -3, 0.5, 1e-7, 1e-5, -2.25]),
    st.integers(min_value=0, max_value=400),
)
@settings(max_examples=300, deadline=None)
def test_the_sums_of_ints_compared_tell_what_the_residuals_tell(
    gold: tuple[str, str], scale: float, delta: float, at: int
) -> None:
    """``_all_hold`` compares each step's sums of ints (``Plan.holds``, one generated
    expression) where their magnitudes add up to less than ``Plan.exact``: the same answer as
    adding each step's terms up in floats (``Step.terms``), on gold tables (blanks as 0)
    scaled (an identity that holds holds scaled) to either side of ``exact``, ints and
    floats, with one value moved, also by less than the tolerance."""
    from nianbao.identities import _EPS, _all_hold, _found, _plan

    name, table_id = gold
    report = from_gold(name)
    table = report.tables[table_id]
    plan = _plan(report.spec(table_id))
    raw = [
        c.value * scale if c is not None and type(c.value) is int else 0
        for c in _found(table, plan)
    ]
    if raw:
        raw[at % len(raw)] += delta
    terms = raw + [-v for v in raw]
    simple = True
    for step in plan.steps:
        r = sum(step.terms(terms), 0.0)
        if (r > _EPS) if step.identity.relation == "le" else (abs(r) > _EPS):
            simple = False
    assert _all_hold(table, plan, raw) == simple


_PLAN_SPECS = [(fmt, table_id) for fmt in ("2019", "2021")
               for table_id in ("active", "requests", "review_litigation")]  # fmt: skip
_TERM = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, width=64),
    st.sampled_from([0.0, -0.0, 0.1, 1e-7, 2.5]),
)


@given(st.sampled_from(_PLAN_SPECS), st.lists(_TERM, min_size=200, max_size=200))
@settings(max_examples=300, deadline=None)
def test_a_plans_residuals_are_each_steps_terms_summed(
    spec_id: tuple[str, str], pool: list[float]
) -> None:
    """``Plan.residuals`` (one generated expression) gives each step's residual bit for bit as
    ``sum(step.terms(…), 0.0)`` adds its terms: ints small and beyond 2**53, floats of any
    size (infinities too), signed zeros."""
    from nianbao.formats import FORMATS
    from nianbao.identities import _plan

    fmt, table_id = spec_id
    plan = _plan(FORMATS[fmt].tables[table_id])
    values = pool[: len(plan.refs)]
    terms = values + [-v for v in values]
    simple = [sum(step.terms(terms), 0.0) for step in plan.steps]
    assert repr(list(plan.residuals(values))) == repr(simple)


def test_number_is_the_cells_number() -> None:
    """``model.number`` (its test written out) is ``Cell.number``, and None for no cell."""
    from nianbao.model import Cell, Location, number

    for value in (0, 3, -2, 2.5, 0.0, True, False, "/", "", None):
        cell = Cell(value, str(value), Location())
        assert number(cell) is cell.number
    assert number(None) is None


def test_the_census_of_a_table_is_its_cells_sorted_by_kind() -> None:
    """``analysis.Census.of`` walks the rows' cells itself: each list is the cells of
    ``Table.cells()`` of its kind, in print order, on the gold tables and on each with a blank,
    a placeholder, a decimal and a negative number put in."""
    from nianbao.rules.analysis import Census

    for name in ("000_898f5e2484ea1ed0.json", "002_ca1fd1482ab00037.json", "huaian-2024.json"):
        report = from_gold(name)
        for table_id, table in report.tables.items():
            row, col, _ = table.cells()[1]
            for change in (None, "", "/", "2.5", "-3"):
                if change is not None:
                    report = set_cells(report, {(table_id, row, col): change})
                t = report.tables[table_id]
                cells = t.cells()
                census = Census.of(t)
                values = [c.value for _, _, c in cells]
                assert census.blank == tuple(c for _, _, c in cells if c.value is None)
                assert census.text == tuple(c for _, _, c in cells if isinstance(c.value, str))
                assert census.odd == tuple(
                    (k, c)
                    for _, k, c in cells
                    if type(c.value) is float or (type(c.value) is int and c.value < 0)
                )
                assert census.nonzero == tuple(
                    k for _, k, c in cells if type(c.value) in (int, float) and c.value
                )
                assert census.noted == tuple(c for _, _, c in cells if c.notes)
                assert census.rated == tuple(c for _, _, c in cells if c.confidence is not None)
                assert census.has_number == any(type(v) in (int, float) for v in values)
                assert census.size == len(cells)
                assert census.counts == all(type(v) is int and v >= 0 for v in values)
    assert Census.of(None).size == 0


def test_instances_tell_their_missing_cells_and_blanks_as_zero_as_the_cells_do() -> None:
    """``identities._instances`` tells the cells that are not numbers, and blanks as 0, from
    the values it read once: the same as asking each instance's cells (``number``,
    ``is_blankish``), on gold tables given a blank, placeholders and text; the refs the
    diagnosis may correct (``_usable_refs``) are those ``_usable`` keeps one by one."""
    from nianbao.identities import (
        _cell,
        _found,
        _instances,
        _outcome,
        _plan,
        _usable,
        _usable_refs,
        col_label,
        named_positions,
        row_label,
    )
    from nianbao.model import number
    from nianbao.rules.arith import _missing

    for name in ("000_898f5e2484ea1ed0.json", "002_ca1fd1482ab00037.json", "huaian-2024.json"):
        report = from_gold(name)
        for table_id, table in report.tables.items():
            cells = table.cells()
            changes = {
                (table_id, r, c): v
                for (r, c, _), v in zip(cells[:4], ("", "/", "无", "abc"), strict=True)
            }
            for changed in (report, set_cells(report, changes)):
                t = changed.tables[table_id]
                plan = _plan(changed.spec(table_id))
                found = _found(t, plan)
                raw = [None if c is None else c.value for c in found]
                insts = _instances(t, plan, found, raw)
                for group in (insts, insts[1::3], insts[::-2]):
                    # the missing cells of many instances, each once, in their order
                    simple = dict.fromkeys(r for i in group for r in i.missing)
                    assert [plan.refs[at] for at in _missing(group)] == list(simple)
                for ident in {i.identity.id for i in insts}:
                    # all of an identity's instances: the positions they name are the plan's
                    group = [i for i in insts if i.identity.id == ident]
                    steps, every = named_positions(plan.spec, ident)
                    if len(group) == steps:
                        assert _missing(group, every) == _missing(group)
                spec = changed.spec(table_id)
                for inst in insts:
                    # named by the label of the row or column it holds in
                    axis_rows = inst.identity.axis == "rows"
                    label = col_label if axis_rows else row_label
                    assert inst.where == label(spec, inst.item)
                    # cells read by position are the cells at their refs
                    assert all(inst.cell(r) is _cell(t, r) for r in inst.refs)
                    assert inst.missing == tuple(
                        r for r in inst.refs if number(_cell(t, r)) is None
                    )
                    for policy in ("missing", "zero"):
                        assert _usable_refs(inst, policy) == [
                            r for r in inst.refs if _usable(inst, r, policy)
                        ]
                    for policy, residual, status in (
                        ("missing", inst.residual, inst.status),
                        ("zero", inst.residual_zero, inst.status_zero),
                    ):
                        # each residual as its instance's sums tell, under its own policy
                        sums = inst.sums(policy)  # type: ignore[arg-type]
                        assert (residual is None) == (sums is None)
                        if sums is not None and residual is not None:
                            assert abs(residual - (sums[0] - sums[1])) < 1e-6
                        assert status == _outcome(inst.identity.relation, residual)


@given(
    st.sampled_from(_GOLD_TABLES),
    st.lists(
        st.one_of(
            st.none(),
            st.integers(min_value=-(2**60), max_value=2**60),
            st.floats(allow_nan=False, allow_infinity=False, width=32),
        ),
        min_size=1,
        max_size=200,
    ),
)
@settings(max_examples=300, deadline=None)
def test_a_residual_is_none_where_one_of_its_terms_is(
    gold: tuple[str, str], pool: list[float | None]
) -> None:
    """``identities._residual`` tells a step with a value missing by the positions of the
    missing values (``_nones``): the same as looking for None among its terms, and else the
    same sum of them, on the plans of gold tables given ints, floats and Nones."""
    from nianbao.identities import _nones, _plan, _residual, _signed

    name, table_id = gold
    plan = _plan(from_gold(name).spec(table_id))
    values = [pool[i % len(pool)] for i in range(len(plan.refs))]
    terms = _signed(values)
    for step in plan.steps:
        simple = step.terms(terms)
        expected = None if None in simple else sum(simple, 0.0)  # type: ignore[type-var]
        assert _residual(step, terms, _nones(values)) == expected


@given(
    st.sampled_from(_GOLD_TABLES),
    st.integers(min_value=0, max_value=400),
    st.sampled_from([None, "", "/", 0, 3, -1, 2.5, 2**53, 2**60, True]),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_a_table_of_counts_is_told_to_hold_as_any_other(
    gold: tuple[str, str], at: int, value: object, drop_row: bool
) -> None:
    """``_all_hold`` told that every printed cell is an int ≥ 0 (``Census.counts``) adds the
    values up without looking at their types: the same answer as without, on gold tables
    given one cell changed (a blank, text, a negative, a decimal, a big int, a bool) or a
    row not printed."""
    from dataclasses import replace

    from nianbao.identities import _all_hold, _found, _plan
    from nianbao.rules.analysis import Census

    name, table_id = gold
    table = from_gold(name).tables[table_id]
    rows = dict(table.rows)
    row_id = list(rows)[at % len(rows)]
    if drop_row:
        del rows[row_id]
    else:
        row = rows[row_id]
        col_id = list(row.cells)[at % len(row.cells)]
        rows[row_id] = replace(
            row, cells={**row.cells, col_id: replace(row.cells[col_id], value=value)}
        )
    changed = replace(table, rows=rows)
    plan = _plan(from_gold(name).spec(table_id))
    raw = [None if c is None else c.value for c in _found(changed, plan)]
    counts = Census.of(changed).counts
    assert _all_hold(changed, plan, raw, counts) == _all_hold(changed, plan, raw)


@given(
    st.sampled_from(_GOLD_TABLES),
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=400),
            st.sampled_from([None, None, 0, 0, 0.0, 3, -1, 2.5, -0.0, "/", "abc"]),
        ),
        max_size=200,
    ),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_the_outcomes_of_a_printed_table_of_blanks_are_the_outcomes_told_cell_by_cell(
    gold: tuple[str, str], changes: list[tuple[int, object]], drop_row: bool
) -> None:
    """``_outcomes`` told the values' types and that every cell is printed (``evaluate``,
    from ``_found_all``) gives the outcomes it gives without: on gold tables given many cells
    blank, 0, a number, a placeholder or text, or a row not printed."""
    from dataclasses import replace

    from nianbao.identities import _found, _found_all, _outcomes, _plan

    name, table_id = gold
    table = from_gold(name).tables[table_id]
    rows = {row_id: dict(row.cells) for row_id, row in table.rows.items()}
    places = [(r, c) for r, cells in rows.items() for c in cells]
    for at, value in changes:
        row_id, col_id = places[at % len(places)]
        rows[row_id][col_id] = replace(rows[row_id][col_id], value=value)
    if drop_row:
        del rows[places[changes[0][0] % len(places) if changes else 0][0]]
    changed = replace(
        table, rows={r: replace(table.rows[r], cells=cells) for r, cells in rows.items()}
    )
    plan = _plan(from_gold(name).spec(table_id))
    found, printed = _found_all(changed, plan)
    assert found == _found(changed, plan)
    assert printed == all(c is not None for c in found)
    raw = [None if c is None else c.value for c in found]
    told = _outcomes(changed, plan, found, raw, set(map(type, raw)), printed)
    simple = _outcomes(changed, plan, found, raw)
    for field in ("gaps", "evaluated", "status", "status_zero"):
        assert list(getattr(told, field)) == list(getattr(simple, field))
    for field in ("residual", "residual_zero"):  # bit for bit, signed zeros too
        assert [repr(r) for r in getattr(told, field)] == [repr(r) for r in getattr(simple, field)]


def test_an_identity_covering_the_plan_names_every_ref_in_order() -> None:
    """``Plan.covering``: the identities whose positions (``named_positions``) are every ref
    of the plan in order, whose missing cells a pooled finding takes as the gaps sorted."""
    from nianbao.formats import FORMATS
    from nianbao.identities import _plan, named_positions

    for fmt in FORMATS.values():
        for spec in fmt.tables.values():
            plan = _plan(spec)
            for ident, (_, named) in plan.named.items():
                covers = named == tuple(range(len(plan.refs)))
                assert (ident in plan.covering) == covers
                assert named_positions(spec, ident)[1] == named


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_an_ascii_fee_prints_no_yuan_once_squashed(raw: str) -> None:
    """T2-03 does not squash an ASCII cell to look for 元 (squashed it stays ASCII)."""
    from nianbao.rules.active import _YUAN_ONLY
    from nianbao.textnorm import squash

    assert _YUAN_ONLY.search(squash(raw)) is None


def test_an_identity_that_holds_makes_no_generator() -> None:
    """``identity_findings`` returns () when every instance holds (no generator made), and the
    findings of the instances that do not, as before, otherwise."""
    from collections.abc import Iterable

    from nianbao.model import Finding, Report
    from nianbao.rule import Context, get_rule
    from nianbao.rules.arith import identity_findings
    from nianbao.settings import Settings

    def findings(report: Report, identity: str) -> Iterable[Finding]:
        ctx = Context(report, get_rule("T3-01"), None, Settings(), {}, ())
        return identity_findings(ctx, "requests", identity)

    assert findings(make_report(), "t3.row_total") == ()
    off = set_cells(make_report(), {("requests", "granted", "total"): "4"})
    assert findings(off, "t3.balance") == ()  # (the row total fails, not the balance)
    told = list(findings(off, "t3.row_total"))
    assert flatten(told) == [["T3-01", "error", "fail", "requests", "granted", "total"]]
