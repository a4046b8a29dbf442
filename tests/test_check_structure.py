"""Format version, structure and cell hygiene rules (FMT-*, STR-*, CELL-*) on built reports."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checkkit import covers, failures, make_report, run, set_cells, with_meta
from nianbao.model import Location, Problem, Row, flatten

ALL = ("FMT", "STR", "CELL")


@covers("FMT-02", "pass")
@covers("FMT-03", "pass")
@covers("FMT-04", "pass")
@covers("FMT-05", "pass")
@covers("FMT-06", "pass")
@covers("STR-01", "pass")
@covers("STR-02", "pass")
@covers("STR-03", "pass")
@covers("STR-04", "pass")
@covers("STR-05", "pass")
@covers("STR-06", "pass")
@covers("STR-07", "pass")
@covers("STR-08", "pass")
@covers("STR-09", "pass")
@covers("STR-10", "pass")
@covers("CELL-01", "pass")
@covers("CELL-02", "pass")
@covers("CELL-03", "pass")
@covers("CELL-04", "pass")
@covers("CELL-05", "pass")
@covers("CELL-06", "pass")
@covers("CELL-07", "pass")
@covers("CELL-08", "pass")
def test_a_complete_consistent_report_passes_every_format_structure_and_cell_rule() -> None:
    assert failures(make_report(), *ALL) == []
    assert failures(make_report(fmt="2019", year=2019), "FMT", "STR") == []


def _mixed() -> object:
    """A 2021 report whose table 三 carries the 2019 single （六）其他处理 row."""
    report = make_report(year=2022)
    t2019 = make_report(fmt="2019", year=2022).tables["requests"]
    return replace(report, tables={**report.tables, "requests": t2019})


@covers("FMT-01", "fail")
def test_unrecognisable_format_is_the_version_rules_failure() -> None:
    report = make_report(drop_tables=("active", "requests"))
    assert failures(report, "FMT-01") == [["FMT-01", "info", "fail", None, None, None]]


@covers("FMT-02", "fail")
def test_2019_format_in_a_2023_report_is_an_error() -> None:
    report = make_report(fmt="2019", year=2023)
    (finding,) = run(report, "FMT-02")
    assert (finding.rule, str(finding.severity)) == ("FMT-02", "error")
    assert (
        "2023 年度报告应使用 2021 年格式" in finding.message
        and "2019 年试行格式" in finding.message
    )


@covers("FMT-03", "fail")
def test_2021_format_in_a_2020_report_is_an_error() -> None:
    assert failures(with_meta(make_report(), year=2020), "FMT-03") == [
        ["FMT-03", "error", "fail", "active", None, None]
    ]


@covers("FMT-04", "fail")
def test_mixed_format_is_one_warning_saying_the_year_needs_the_2021_format() -> None:
    got = run(_mixed(), "FMT")  # type: ignore[arg-type]
    assert [(f.rule, str(f.severity)) for f in got if f.status == "fail"] == [("FMT-04", "warning")]
    assert "应全部使用 2021 年格式" in [f for f in got if f.rule == "FMT-04"][0].message


@covers("FMT-05", "fail")
def test_pre_2019_report_is_out_of_scope() -> None:
    assert failures(with_meta(make_report(), year=2017), "FMT-05") == [
        ["FMT-05", "info", "fail", None, None, None]
    ]


def _sellers(pattern: str, text: str) -> int:
    """The smallest edit distance of ``pattern`` to a substring of ``text``, cell by cell."""
    prev = [0] * (len(text) + 1)
    for i, pc in enumerate(pattern, 1):
        cur = [i] + [0] * len(text)
        for j, tc in enumerate(text, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pc != tc))
        prev = cur
    return min(prev)


_LETTERS = st.lists(st.sampled_from([*"ab公开申请"]), max_size=40).map("".join)


@given(_LETTERS, _LETTERS)
def test_label_distance_is_sellers_table(pattern: str, text: str) -> None:
    """FMT-06 tells a misspelt label by Myers's bit-parallel form of Sellers's table."""
    from nianbao.rules.format_version import _near

    assert _near(pattern, text) == _sellers(pattern, text)
    # FMT-06 skips the table when the text is shorter than the label by more than the limit
    assert _near(pattern, text) >= len(pattern) - len(text)


@covers("FMT-06", "fail")
def test_label_variants_are_reported_with_the_official_label() -> None:
    report = make_report()
    t3 = report.tables["requests"]
    row = t3.rows["denied.prohibited_by_law"]
    t2 = report.tables["active"]
    report = replace(
        report,
        tables={
            **report.tables,
            "requests": replace(
                t3, rows={**t3.rows, row.id: replace(row, label="2.其他法律法规禁止公开")}
            ),
            "active": replace(t2, header=t2.header.replace("本年废止件数", "本年度止件数")),
        },
    )
    findings = run(report, "FMT-06")
    assert [f.values["official"] for f in findings] == [
        "本年废止件数",
        "2.其他法律行政法规禁止公开",
    ]
    # a label assembled from wrapped lines with a stray group character is not a typo
    wrapped = replace(row, label="本 2.其他法律行政法规禁止公开", joined_lines=(3, 4))
    clean = replace(
        make_report(),
        tables={**report.tables, "requests": replace(t3, rows={**t3.rows, row.id: wrapped})},
    )
    assert [f.values["official"] for f in run(clean, "FMT-06")] == ["本年废止件数"]


@covers("STR-01", "fail")
def test_missing_section_is_an_error() -> None:
    report = make_report()
    report = replace(
        report,
        sections=tuple(s for s in report.sections if s.no != 5),
        paragraphs=tuple(p for p in report.paragraphs if p.location.section != 5),
    )
    (finding,) = run(report, "STR-01")
    assert (
        "第五部分「五、存在的主要问题及改进情况」" in finding.message
        and finding.location.section == 5
    )


def test_a_part_printed_but_not_recognised_or_cut_off_is_not_assessable() -> None:
    report = make_report()
    unrecognised = replace(report, sections=tuple(s for s in report.sections if s.no != 5))
    (finding,) = run(unrecognised, "STR-01")
    assert finding.status == "not_assessable" and "未能识别" in finding.message
    cut = replace(
        report,
        sections=tuple(s for s in report.sections if s.no < 5),
        paragraphs=tuple(p for p in report.paragraphs if (p.location.section or 0) < 5),
    )
    assert {f.status for f in run(cut, "STR-01")} == {"not_assessable"}


@covers("STR-02", "fail")
def test_shifted_numbering_and_top_level_subheads() -> None:
    report = make_report(
        headings={6: "五、其他需要报告的事项"},
        sections={1: "一、主动公开\n本机关主动公开政府信息。"},
    )
    msgs = [f.message for f in run(report, "STR-02")]
    assert any("第六部分的标题编号为「五」" in m for m in msgs)
    assert any("小标题使用了一级编号" in m for m in msgs)


def test_one_numbering_slip_shifting_every_later_part_is_one_finding() -> None:
    heads = {2: "一、主动公开政府信息情况", 3: "二、收到和处理政府信息公开申请情况"}
    heads |= {4: "三、政府信息公开行政复议、行政诉讼情况", 5: "四、存在的主要问题及改进情况"}
    heads |= {6: "五、其他需要报告的事项"}
    (finding,) = run(make_report(headings=heads), "STR-02")
    assert "第二至第六部分" in finding.message and len(finding.evidence) == 5


@given(
    st.text(
        alphabet=st.sampled_from(
            ["#", " ", "\u3000", "\u00a0", "一", "十", "、", ".", "．", "\u0301", "总", "⼀"]
        ),
        max_size=8,
    )
)
def test_a_plain_numeral_reads_the_same_unsquashed(heading: str) -> None:
    """STR-02 squashes a heading only when ``_TOP`` finds no numeral in it as printed: one
    found as printed is the one found once it is squashed (squashing drops the whitespace
    ``_TOP`` reads past; of #, the numerals and the marks after them NFKC changes only ．,
    into ., another mark of the set)."""
    from nianbao.rules.structure import _TOP
    from nianbao.textnorm import squash

    m = _TOP.match(heading)
    if m:
        squashed = _TOP.match(squash(heading))
        assert squashed and squashed.group(1) == m.group(1)


def test_squashing_drops_every_character_a_regex_reads_as_whitespace() -> None:
    """Every character ``\\s`` matches is whitespace once NFKC-normalised, which squashing
    drops (STR-02's unsquashed reading of a heading relies on it)."""
    import re
    import sys
    import unicodedata

    assert not [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if re.match(r"\s", c) and unicodedata.normalize("NFKC", c).split()
    ]


@covers("STR-03", "fail")
def test_table_2_missing_a_row() -> None:
    report = make_report()
    t = report.tables["active"]
    report = replace(
        report,
        tables={
            **report.tables,
            "active": replace(t, rows={k: v for k, v in t.rows.items() if k != "coercion"}),
        },
    )
    (finding,) = run(report, "STR-03")
    assert "缺少行：行政强制" in finding.message


@covers("STR-04", "fail")
def test_table_3_missing_rows() -> None:
    report = make_report()
    t = report.tables["requests"]
    report = replace(
        report,
        tables={
            **report.tables,
            "requests": replace(
                t, rows={k: v for k, v in t.rows.items() if not k.startswith("unable.")}
            ),
        },
    )
    (finding,) = run(report, "STR-04")
    assert "缺少 3 行" in finding.message


@given(
    st.sampled_from(["active", "requests", "review_litigation"]),
    st.lists(st.sampled_from(["drop_row", "drop_col", "shuffle", "extra_col"]), max_size=4),
    st.randoms(use_true_random=False),
)
@settings(max_examples=150, deadline=None)
def test_rows_short_of_columns_are_those_the_sets_of_columns_tell(
    table_id: str, changes: list[str], rnd: Any
) -> None:
    """``_missing_rows`` tells a row printed with its columns in the spec's order by comparing
    tuples of ids: the same absent and short rows as comparing each row's columns with the
    spec's as sets, on tables given rows dropped, columns dropped, reordered or added."""
    from nianbao.rule import REGISTRY, Context
    from nianbao.rules.structure import _missing_rows

    report = make_report()
    t = report.tables[table_id]
    rows = {k: dict(v.cells) for k, v in t.rows.items()}
    for change in changes:
        if not rows:
            break
        row_id = rnd.choice(sorted(rows))
        cells = rows[row_id]
        if change == "drop_row":
            del rows[row_id]
        elif change == "drop_col" and cells:
            del cells[rnd.choice(sorted(cells))]
        elif change == "shuffle":
            items = list(cells.items())
            rnd.shuffle(items)
            rows[row_id] = dict(items)
        elif change == "extra_col":
            cells["not_a_column"] = next(iter(t.cells()))[2]
    table = replace(t, rows={k: replace(t.rows[k], cells=c) for k, c in rows.items()})
    report = replace(report, tables={**report.tables, table_id: table})
    spec = report.spec(table_id)
    absent = [r.label for r in spec.rows if r.id not in table.rows]
    short = [
        r.label
        for r in spec.rows
        if r.id in table.rows and not set(table.rows[r.id].cells) >= set(r.columns)
    ]
    ctx = Context(report, REGISTRY["STR-04"])
    assert _missing_rows(ctx, table_id) == (absent, short)


@covers("STR-05", "fail")
def test_table_4_with_a_missing_cell() -> None:
    report = make_report()
    t = report.tables["review_litigation"]
    row = t.rows["review"]
    short = Row(
        row.id, row.label, {k: v for k, v in row.cells.items() if k != "pending"}, row.location
    )
    report = replace(
        report,
        tables={**report.tables, "review_litigation": replace(t, rows={**t.rows, "review": short})},
    )
    (finding,) = run(report, "STR-05")
    assert "读到 14 个" in finding.message


@covers("STR-06", "fail")
def test_missing_table_under_its_heading() -> None:
    (finding,) = run(make_report(drop_tables=("review_litigation",)), "STR-06")
    assert "表四" in finding.message and "有标题但没有可读的表格" in finding.message
    assert finding.location.section == 4


@covers("STR-07", "fail")
def test_missing_balance_note() -> None:
    report = make_report()
    t = report.tables["requests"]
    report = replace(
        report, tables={**report.tables, "requests": replace(t, header="申请人情况 自然人")}
    )
    assert failures(report, "STR-07") == [["STR-07", "info", "fail", "requests", None, None]]


@covers("STR-08", "fail")
def test_duplicated_rows_from_a_page_break() -> None:
    loc = Location(path="built.txt", line=300, table="requests", row="granted")
    kept = tuple(c.raw for c in make_report().tables["requests"].rows["granted"].cells.values())
    differs = Problem(
        "duplicate_row", loc, label="（一）予以公开", lines=(90, 300), values=("9", "9")
    )
    report = make_report(problems=[differs])
    assert failures(report, "STR-08") == [
        ["STR-08", "warning", "fail", "requests", "granted", None]
    ]
    same = make_report(
        problems=[
            Problem("duplicate_row", loc, label="（一）予以公开", lines=(90, 300), values=kept)
        ]
    )
    assert failures(same, "STR-08") == [["STR-08", "info", "fail", "requests", "granted", None]]


@covers("STR-09", "fail")
def test_organ_not_named() -> None:
    assert [
        f.message
        for f in run(make_report(organ=None, title="2023年政府信息公开工作年度报告"), "STR-09")
    ] == ["标题和落款都没有写明机关名称（正文只称「我局」等）"]
    assert failures(make_report(organ="姜营"), "STR-09") == [
        ["STR-09", "warning", "fail", None, None, None]
    ]


@covers("STR-10", "fail")
def test_export_artefacts_and_placeholders() -> None:
    report = make_report(extra_paragraphs=["[bookmark: _GoBack]", "XX县人民政府办公室"])
    assert [f.values["text"] for f in run(report, "STR-10")] == ["[bookmark: _GoBack]", "XX"]


def test_every_artefact_prints_a_word_the_quick_test_looks_for() -> None:
    """STR-10 runs its patterns only on text printing one of ``_ARTEFACT_WORDS``: every
    alternative of every pattern must print one of that pattern's words, or a match would be
    missed; a word is found at its character, which it prints at the offset given."""
    from nianbao.rules.structure import _ARTEFACT_WORDS, _ARTEFACTS

    words = [word for _, group in _ARTEFACT_WORDS for word in group]
    for index, (pattern, _) in enumerate(_ARTEFACTS):
        for alternative in pattern.pattern.split("|"):
            printed = alternative.replace("\\", "")
            assert any(word in printed for i, word, _ in words if i == index), alternative
    assert all(
        word.index(char) == offset for char, group in _ARTEFACT_WORDS for _, word, offset in group
    )


_ARTEFACT_TOKENS = [
    "[bookmark: _GoBack]", "[bookmark:", "]", "[", ":", "XX", "X", "××", "×", "xx", "x", "ＸＸ",
    "〇〇", "〇", "（机关名称）", "(机关名称)", "机关名称", "名称", "（导语", "导语", "此处填写",
    "请填写", "填写说明", "填写", "填", "语", "称", "公开", "。", "\n", " ",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_ARTEFACT_TOKENS), max_size=8).map("".join), max_size=6))
def test_artefacts_are_found_as_by_every_pattern_on_every_block(paragraphs: list[str]) -> None:
    """STR-10, which tries a pattern only on the blocks printing one of its words, finds what
    every pattern tried on every block finds, in the same order."""
    from nianbao.rules.structure import _ARTEFACTS

    report = make_report(extra_paragraphs=[p for p in paragraphs if p.strip()])
    seen: set[tuple[int | None, str]] = set()
    expected = []
    for block in report.paragraphs:
        for pattern, kind in _ARTEFACTS:
            for m in pattern.finditer(block.text):
                if (block.location.line, m.group(0)) not in seen:
                    seen.add((block.location.line, m.group(0)))
                    expected.append((block.location.line, kind, m.group(0)))
    found = [(f.location.line, f.values["kind"], f.values["text"]) for f in run(report, "STR-10")]
    assert found == expected


# ---------------------------------------------------------------- cells


@covers("CELL-01", "fail")
def test_blank_cells_are_listed_as_missing() -> None:
    report = set_cells(
        make_report(),
        {("requests", "granted", "research"): "", ("active", "penalty", "decisions"): ""},
    )
    findings = run(report, "CELL-01")
    assert flatten(findings, ("rule", "table", "row")) == [
        ["CELL-01", "active", "penalty"],
        ["CELL-01", "requests", "granted"],
    ]
    assert "「（一）予以公开」行「科研机构」列" in findings[1].message


@covers("CELL-02", "fail")
def test_placeholders_in_number_cells() -> None:
    report = set_cells(
        make_report(),
        {("requests", "granted", "research"): "/", ("requests", "granted", "other_org"): "无"},
    )
    (finding,) = run(report, "CELL-02")
    assert finding.values["count"] == 2 and "为 /" in finding.message


@covers("CELL-03", "fail")
def test_decimals_in_count_cells() -> None:
    report = set_cells(
        make_report(),
        {
            ("requests", "granted", "natural_person"): "3.0",
            ("active", "licensing", "decisions"): "2.5",
        },
    )
    assert flatten(run(report, "CELL-03"), ("rule", "severity", "row")) == [
        ["CELL-03", "error", "licensing"],
        ["CELL-03", "info", "granted"],
    ]


@covers("CELL-04", "fail")
def test_negative_numbers_except_2019_change() -> None:
    report = set_cells(make_report(), {("requests", "granted", "natural_person"): "-3"})
    assert failures(report, "CELL-04") == [
        ["CELL-04", "error", "fail", "requests", "granted", "natural_person"]
    ]
    # the default 2019 report has 本年增/减 = -1 for 行政处罚: allowed
    assert failures(make_report(fmt="2019", year=2020), "CELL-04") == []


@covers("CELL-05", "fail")
def test_normalised_numbers_are_recorded() -> None:
    report = set_cells(
        make_report(),
        {
            ("requests", "granted", "natural_person"): "３",
            ("active", "licensing", "decisions"): "1,000",
        },
    )
    findings = run(report, "CELL-05")
    assert [f.location.table for f in findings] == ["active", "requests"]
    assert "千分位逗号" in findings[0].message and "全角" in findings[1].message


@covers("CELL-06", "fail")
def test_totals_without_details() -> None:
    report = make_report()
    blank = {
        ("requests", r, c): ""
        for r, row in report.tables["requests"].rows.items()
        if r != "total"
        for c in row.cells
    }
    report = set_cells(report, blank)
    (finding,) = run(report, "CELL-06")
    assert "明细格全部空白，总计格却填了数（5、1、0、6）" in finding.message


@covers("CELL-07", "fail")
def test_fill_down_repetition() -> None:
    rows = {
        r: [0, 0, 0, 0, 0, 0, 0]
        for r in (
            "granted",
            "partially_granted",
            "denied.state_secret",
            "denied.prohibited_by_law",
            "denied.three_safeties",
        )
    }
    cells = {("requests", r, "other_org"): "7" for r in rows}
    report = set_cells(make_report(), cells)
    (finding,) = run(report, "CELL-07")
    assert "「其他」列连续 5 行都是 7" in finding.message


_COLUMN = st.tuples(
    st.lists(st.sampled_from(["", "0", "1", "2", "/"]), min_size=8, max_size=8),
    st.sampled_from(["1", "2", "7", "2.0"]),
    st.integers(min_value=0, max_value=7),
    st.integers(min_value=0, max_value=8),
)


@given(st.lists(_COLUMN, min_size=5, max_size=5))
@settings(max_examples=200, deadline=None)
def test_fill_down_runs_are_those_a_plain_scan_of_each_column_finds(
    columns: list[tuple[list[str], str, int, int]],
) -> None:
    """CELL-07 reads only the columns whose census counts five numbers that are not 0: it
    reports the runs a plain scan of every column of every table finds, on 表三's first
    rows filled with blanks, zeros, placeholders and a repeated number (2 and 2.0 alike)."""
    values = []
    for background, repeated, start, length in columns:
        column = list(background)
        column[start : start + length] = [repeated] * len(column[start : start + length])
        values += column
    report = make_report()
    table = report.tables["requests"]
    rows = list(table.rows)[:8]
    cols = ["natural_person", "other_org", "total", "commercial", "research"]
    places = [(r, c) for c in cols for r in rows]
    cells = {("requests", r, c): v for (r, c), v in zip(places, values, strict=True)}
    report = set_cells(report, cells)
    expected = []
    for table_id, t in report.tables.items():
        spec = report.spec(table_id)
        for col in spec.columns:
            run_cells: list[Any] = []
            for row in [*t.rows.values(), None]:
                cell = None if row is None else row.cells.get(col.id)
                v = None if cell is None else cell.number
                if v and run_cells and run_cells[-1].number == v:
                    run_cells.append(cell)
                    continue
                if len(run_cells) >= 5:
                    expected.append((table_id, col.label, len(run_cells), run_cells[0].location))
                run_cells = [cell] if v else []
    found = [
        (f.location.table, f.values["column"], f.values["count"], f.location)
        for f in run(report, "CELL-07")
    ]
    assert found == expected


@covers("CELL-08", "fail")
def test_low_confidence_ocr_cells_are_listed_for_a_human() -> None:
    report = make_report()
    row = report.tables["requests"].rows["granted"]
    cell = replace(row.cells["total"], confidence=0.42)
    sure = replace(row.cells["natural_person"], confidence=0.99)
    new_row = replace(row, cells={**row.cells, "total": cell, "natural_person": sure})
    table = replace(
        report.tables["requests"], rows={**report.tables["requests"].rows, "granted": new_row}
    )
    report = replace(report, tables={**report.tables, "requests": table})
    (finding,) = run(report, "CELL-08")
    assert flatten([finding]) == [["CELL-08", "warning", "fail", "requests", "granted", "total"]]
    assert "置信度低于 0.9" in finding.message
