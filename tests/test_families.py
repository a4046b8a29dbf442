"""The layouts real reports come in (tests/families.py), generated from every gold report:
zero wrong values and at least 99% of the cells, per family; plus the issue's named cases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import nianbao
from corpus import needs_soffice
from families import FAMILIES, generate, narrative, score_family
from gold import EXAMPLES, FIXTURES, all_gold, expected_cells, load, score
from layouts import render

GOLDS = all_gold()


#: problems that say a row's cells could not be told apart, or a label-less row could not be
#: confirmed as the row its order names (not read, never guessed)
UNDECIDABLE = (
    "short_row",
    "glued_ambiguous",
    "unplaced_row",
    "table_values_count",
    "second_line_or_row",
)


def _family_score(family: str, seeds: range) -> tuple[int, int, int, int, list[str]]:
    """(correct, wrong, total, flagged, wrong cells): flagged cells were not read and their
    row carries a problem saying why (a cell lost from a short row, glued digits that several
    splits fit); recall is measured over the other cells."""
    ok = wrong = total = flagged = 0
    bad: list[str] = []
    for gold in GOLDS:
        for seed in seeds:
            report = nianbao.parse(generate(gold, family, seed))
            data = report.to_dict()
            a, b, n, cells = score_family(gold, data)
            ok, wrong, total = ok + a, wrong + b, total + n
            bad += [f"{gold['file'][:6]}#{seed} {c}" for c in cells]
            open_rows = {
                (p.location.table, p.location.row) for p in report.problems if p.code in UNDECIDABLE
            }
            for table, row, col, _ in expected_cells(gold):
                if col in ((data.get(table) or {}).get(row) or {}):
                    continue
                if any(t == table and (r == row or t == "review_litigation") for t, r in open_rows):
                    flagged += 1
    return ok, wrong, total, flagged, bad


@pytest.mark.parametrize("family", FAMILIES)
def test_family_reads_every_gold_report(family: str) -> None:
    ok, wrong, total, flagged, bad = _family_score(family, range(2))
    assert wrong == 0, bad[:5]
    assert ok >= 0.99 * (total - flagged), f"{family}: {ok}/{total}, {flagged} flagged"


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_family_sweep(family: str) -> None:
    ok, wrong, total, flagged, bad = _family_score(family, range(2, 22))
    print(
        f"{family}: recall {ok}/{total} ({100 * ok / total:.2f}%), "
        f"{flagged} cells flagged as undecidable, wrong {wrong}"
    )
    assert wrong == 0, bad[:5]
    assert ok >= 0.99 * (total - flagged)


def test_huaian_pdf_through_pdftohtml_reads_every_cell(tmp_path: Path) -> None:
    """``pdftohtml -s -i``: every text run absolutely positioned, tables only by position."""
    pdf = FIXTURES / "huaian-2024.pdf"
    subprocess.run(["pdftohtml", "-s", "-i", "-q", str(pdf), str(tmp_path / "hu")], check=True)
    report = nianbao.parse(tmp_path / "hu-html.html")
    assert report.source.reader == "html-positioned"
    assert score(load("huaian-2024.json"), report.to_dict())[2] == []
    assert report.meta.organ == "淮安市人民政府" and report.meta.year == 2024


@pytest.mark.parametrize("seed", range(3))
def test_positioned_html_zooms(seed: int) -> None:
    gold = load("huaian-2024.json")
    ok, wrong, total, bad = score_family(
        gold, nianbao.parse(generate(gold, "positioned_html", seed)).to_dict()
    )
    assert (ok, wrong) == (total, 0), bad[:5]


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("gold", GOLDS[:5], ids=lambda g: g["file"][:6])
def test_positioned_html_of_the_seeds(
    gold: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    pdf_dir = tmp_path_factory.getbasetemp() / "pdf-corpus"
    for seed in range(2):
        report = nianbao.parse(generate(gold, "positioned_html", seed, pdf_dir)).to_dict()
        ok, wrong, total, bad = score_family(gold, report)
        assert (ok, wrong) == (total, 0), bad[:5]


def _crawled_check(seeds: range) -> tuple[int, int]:
    """Crawled text: no wrong value, and every cell not read is in a row whose glued digits
    the identities leave open (a ``glued_ambiguous`` problem listing the candidate splits)."""
    ok = total = 0
    for gold in GOLDS:
        for seed in seeds:
            report = nianbao.parse(generate(gold, "crawled", seed))
            data = report.to_dict()
            a, wrong, n, bad = score_family(gold, data)
            assert wrong == 0, bad[:5]
            ok, total = ok + a, total + n
            open_rows = {
                (p.location.table, p.location.row)
                for p in report.problems
                if p.code == "glued_ambiguous"
            }
            for table, row, col, _ in expected_cells(gold):
                got = (data.get(table) or {}).get(row) or {}
                if col not in got:
                    # table 四 is printed as one run of 15: its problem stands for all rows
                    assert any(
                        t == table and (r == row or table == "review_litigation")
                        for t, r in open_rows
                    ), (gold["file"], seed, table, row, col)
    return ok, total


def test_crawled_text_reads_what_the_identities_decide() -> None:
    ok, total = _crawled_check(range(2))
    assert ok >= 0.95 * total


@pytest.mark.slow
def test_crawled_text_sweep() -> None:
    ok, total = _crawled_check(range(2, 12))
    print(f"crawled: recall {ok}/{total} ({100 * ok / total:.2f}%), wrong 0")


def test_glued_cells_say_how_they_were_split() -> None:
    gold = load("huaian-2024.json")
    report = nianbao.parse(generate(gold, "crawled", 0))
    cell = report.cell("requests", "new_received", "total")
    assert cell is not None and cell.value == 3119
    assert any("连写数字" in n and "唯一拆分" in n for n in cell.notes)
    # 规章 "1011" splits as 1/0/11 or 10/1/1; the narrative's 「新增公开市政府规章1件」 leaves one
    cell = report.cell("active", "regulations", "in_force")
    assert cell is not None and cell.value == 11
    assert any("10/1/1" in n and "新增公开市政府规章1件" in n for n in cell.notes)
    # 行政规范性文件 "82666": nothing in this narrative decides; the candidates are listed
    problem = next(
        p
        for p in report.problems
        if p.code == "glued_ambiguous" and p.location.row == "normative_documents"
    )
    assert {"8/26/66", "82/6/66"} <= set(problem.values)
    assert report.cell("active", "normative_documents", "in_force") is None


def test_stated_counts_never_override_the_identities() -> None:
    """A narrative count that no split fits is not believed over the table: the candidates
    stay listed; one that fits a split the identities rule out changes nothing either."""
    gold = load("huaian-2024.json")
    text = generate(gold, "crawled", 0).decode("utf-8")
    head = "本年度制发行政规范性文件9件，现行有效行政规范性文件65件。"
    report = nianbao.parse((text.replace("一、总体情况", "一、总体情况\n" + head, 1)).encode())
    assert report.cell("active", "normative_documents", "in_force") is None
    assert any(
        p.code == "glued_ambiguous" and p.location.row == "normative_documents"
        for p in report.problems
    )


def test_generator_is_reproducible_and_varies() -> None:
    gold = GOLDS[0]
    assert generate(gold, "markdown", 3) == generate(gold, "markdown", 3)
    assert len({generate(gold, "html_fragment", s) for s in range(4)}) == 4


def test_fragment_first_table_is_far_in_and_sniffed_as_html() -> None:
    data = generate(GOLDS[1], "html_fragment", 0)
    assert b"<html" not in data and data.index(b"<table") >= 10_000 or data.startswith(b"<table")
    assert nianbao.parse(data).source.reader == "html"


def _seed_with_ff() -> bytes:
    data = (EXAMPLES / "002_ca1fd1482ab00037.txt").read_bytes()
    at = data.index("。".encode()) + 3
    return data[:at] + b"\xff" + data[at:]


def test_one_stray_byte_reads_everything_and_says_where() -> None:
    report = nianbao.parse(_seed_with_ff())
    assert score(load("002_ca1fd1482ab00037.json"), report.to_dict())[2] == []
    damaged = [p for p in report.problems if p.code == "undecodable_bytes"]
    assert len(damaged) == 1 and damaged[0].location.line is not None
    assert "无法按 utf-8 解码" in damaged[0].message


def test_last_character_cut_in_half() -> None:
    data = (EXAMPLES / "003_f25b27e041e62a7d.txt").read_bytes().rstrip() + "。".encode()
    report = nianbao.parse(data[:-1])
    assert score(load("003_f25b27e041e62a7d.json"), report.to_dict())[2] == []
    assert [p.code for p in report.problems if p.code == "undecodable_bytes"]


def test_random_bytes_are_still_binary() -> None:
    with pytest.raises(nianbao.NianbaoError) as err:
        nianbao.parse(bytes(range(256)) * 40)
    assert err.value.code == "binary"


NOT_REPORTS = {
    "readme.md": "# nianbao\n\nA tool that reads reports.\n\n## Install\n\n    pip install nianbao\n",
    "list.html": (
        "<html><body><ul><li><a href='1.html'>清河县2023年政府信息公开工作年度报告</a></li>"
        "<li><a href='2.html'>清河县2022年政府信息公开工作年度报告</a></li></ul></body></html>"
    ),
    "notice.txt": "关于做好2024年政府信息公开工作年度报告编制发布工作的通知\n各单位：\n请于1月31日前发布。\n",
    # a notice that lists the report's outline and names its rows, under numbered headings
    "outline.txt": (
        "关于做好2024年度政府信息公开工作年度报告编制和发布工作的通知\n各乡镇人民政府：\n"
        "一、总体情况\n报告内容包括：（一）总体情况；（二）主动公开政府信息情况；"
        "（三）收到和处理政府信息公开申请情况。\n二、主动公开政府信息情况\n"
        "表格中的“本年新收政府信息公开申请数量”应与台账一致。\n清河县人民政府办公室\n2025年1月5日\n"
    ),
    # a news item about a report: its rows and section names inside sentences
    "news.txt": (
        "首页 > 新闻中心 > 部门动态\n我局发布2024年政府信息公开工作年度报告\n"
        "发布时间：2025-01-21 来源：县财政局 字号：大 中 小\n"
        "报告显示，2024年我局本年新收政府信息公开申请数量12件，结转下年度继续办理0件，"
        "均予以公开。报告从总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况六个方面作了介绍。\n"
        "【打印本页】 【关闭窗口】\n"
    ),
    # a README with numbered headings and a Markdown table
    "readme-zh.md": (
        "# gov-reports\n\n抓取各地政府信息公开工作年度报告的爬虫。\n\n## 一、安装\n\n"
        "    pip install -r requirements.txt\n\n## 二、输出格式\n\n| 字段 | 说明 |\n|---|---|\n"
        "| title | 报告标题 |\n| year | 年度 |\n\n## 三、许可\n\nMIT\n"
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_REPORTS))
def test_not_a_report_is_answered_as_such(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(NOT_REPORTS[name], encoding="utf-8")
    with pytest.raises(nianbao.NianbaoError) as err:
        nianbao.parse(path)
    assert err.value.code == "not_report"
    for command in ("parse", "check"):
        proc = subprocess.run(
            [sys.executable, "-m", "nianbao.cli", command, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"{path}：不是政府信息公开工作年度报告"
            "（not a government information disclosure annual report (no section or table of one)）"
        ]
        assert "STR-" not in proc.stdout
    # beside a report: named as no report, not as a file that could not be read
    seed = EXAMPLES / "001_b5fe446b3f679b76.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "nianbao.cli", "check", str(path), str(seed)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "读取 1，不是年报 1，无法读取 0" in proc.stderr
    assert f"不是年报：{path}：不是政府信息公开工作年度报告" in proc.stderr


def test_report_with_prose_only_is_still_a_report() -> None:
    text = (EXAMPLES / "004_81a26273262094ca.txt").read_text(encoding="utf-8")
    prose = "\n".join(ln for ln in text.splitlines() if "\t" not in ln)
    assert nianbao.parse(prose.encode()).sections
    # the whole body on one line (a crawled page): no heading found, still a report
    one_line = "".join(prose.splitlines())
    assert nianbao.parse(one_line.encode()).meta.year == 2023


@pytest.mark.slow
@needs_soffice
def test_seed_000_converted_to_docx_by_libreoffice(tmp_path: Path) -> None:
    from nianbao.readers.legacy import convert
    from nianbao.settings import Settings

    src = EXAMPLES / "000_898f5e2484ea1ed0.txt"
    data = convert(src.read_bytes(), ".txt", "docx", Settings(convert_timeout=180), None)
    report: Any = nianbao.parse(data)
    assert report.source.reader == "docx"
    assert score(load("000_898f5e2484ea1ed0.json"), report.to_dict())[2] == []


@pytest.mark.parametrize("family", FAMILIES)
def test_meta_from_every_family(family: str) -> None:
    for gold in GOLDS:
        for seed in range(2):
            meta = nianbao.parse(generate(gold, family, seed)).meta
            assert meta.year == gold["year"], (gold["file"], seed, meta)
            if gold.get("organ"):
                assert meta.organ == gold["organ"], (gold["file"], seed, meta)


@pytest.mark.parametrize(
    "head",
    [
        "淮安市人民政府\n2024年政府信息公开工作年度报告",
        "标题：淮安市人民政府2024年政府信息公开工作年度报告\n发布时间：2025-01-20",
        "淮安市人民政府2024年政府信息公开\n工作年度报告",
        "首页 > 政务公开 > 年度报告\n字号：大 中 小\n淮安市人民政府2024年政府信息公开工作年度报告",
    ],
    ids=["organ-line", "crawler-header", "split-title", "chrome"],
)
def test_title_organ_and_year(head: str) -> None:
    text = head + "\n一、总体情况\n本年度工作有序推进。\n二、主动公开政府信息情况\n"
    meta = nianbao.parse(text.encode()).meta
    assert (meta.title, meta.organ, meta.year) == (
        "淮安市人民政府2024年政府信息公开工作年度报告",
        "淮安市人民政府",
        2024,
    )


def test_year_from_the_signature_date() -> None:
    text = (
        "某某局政府信息公开工作年度报告\n一、总体情况\n本年度工作有序推进。\n"
        "六、其他需要报告的事项\n无。\n某某局\n2025年1月20日\n"
    )
    report = nianbao.parse(text.encode())
    assert report.meta.year == 2024
    assert "落款" in report.meta_evidence["year"]["note"]


def _pdftotext_score(
    family: str, golds: list[dict[str, Any]], seeds: range, pdf_dir: Path | None = None
) -> tuple[int, int, int, int, list[str]]:
    """(correct, wrong, total, flagged, wrong cells) of ``pdftotext`` output. Flagged: a cell
    printed blank (text without positions keeps no trace of it) or in a table whose number
    runs the identities could not place (an ``unplaced_runs`` problem lists them)."""
    ok = wrong = total = flagged = 0
    bad: list[str] = []
    for gold in golds:
        for seed in seeds:
            report = nianbao.parse(generate(gold, family, seed, pdf_dir))
            data = report.to_dict()
            a, b, n, cells = score_family(gold, data)
            ok, wrong, total = ok + a, wrong + b, total + n
            bad += [f"{gold['file'][:6]}#{seed} {c}" for c in cells]
            unplaced = {p.location.table for p in report.problems if p.code == "unplaced_runs"}
            for table, row, col, value in expected_cells(gold):
                if col in ((data.get(table) or {}).get(row) or {}):
                    continue
                if value is None or table in unplaced:
                    flagged += 1
    return ok, wrong, total, flagged, bad


def test_pdftotext_raw_of_huaian_reads_every_cell() -> None:
    """``pdftotext -raw``: rows printed ``label n1 n2 …``, table 二's one-value rows and its
    column header on lines of their own, table 四 as one line of 15 numbers."""
    ok, wrong, total, _, bad = _pdftotext_score(
        "pdftotext_raw", [load("huaian-2024.json")], range(2)
    )
    assert (ok, wrong) == (total, 0), bad[:5]


def test_pdftotext_reading_order_of_huaian() -> None:
    """Without ``-layout`` each cell is a line and labels drift from their numbers: table 三's
    runs are placed by row order because every identity confirms it (the note says so);
    table 四, printed column by column, stays unread with its numbers listed."""
    gold = load("huaian-2024.json")
    ok, wrong, total, flagged, bad = _pdftotext_score("pdftotext_reading", [gold], range(2))
    assert wrong == 0, bad[:5]
    assert ok == total - flagged and ok >= 0.9 * total
    report = nianbao.parse(generate(gold, "pdftotext_reading", 0))
    cell = report.cell("requests", "partially_granted", "total")  # printed without its label
    assert cell is not None and cell.value == 454
    assert any("按表三行序对应" in n and "勾稽关系" in n for n in cell.notes)
    unplaced = [p for p in report.problems if p.code == "unplaced_runs"]
    assert [p.location.table for p in unplaced] == ["review_litigation"]
    assert len(unplaced[0].values) == 15


def test_runs_not_confirmed_by_the_identities_stay_unread() -> None:
    """Table 三's runs in row order, one total misprinted: the placement is not confirmed,
    nothing of the table is read, the runs are listed."""
    gold = load("huaian-2024.json")
    text = generate(gold, "pdftotext_reading", 0).decode("utf-8")
    damaged = text.replace("\n3050\n", "\n3051\n", 1)
    assert damaged != text
    report = nianbao.parse(damaged.encode())
    assert "requests" not in report.tables
    assert any(
        p.code == "unplaced_runs" and p.location.table == "requests" for p in report.problems
    )


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("family", ["pdftotext_reading", "pdftotext_raw"])
def test_pdftotext_of_the_seeds(family: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    pdf_dir = tmp_path_factory.getbasetemp() / "pdf-corpus"
    ok, wrong, total, flagged, bad = _pdftotext_score(family, GOLDS, range(2), pdf_dir)
    print(
        f"{family}: recall {ok}/{total} ({100 * ok / total:.2f}%), "
        f"{flagged} cells blank or in unplaced runs, wrong {wrong}"
    )
    assert wrong == 0, bad[:5]
    assert ok >= 0.99 * (total - flagged) if family == "pdftotext_raw" else ok == total - flagged


@pytest.mark.parametrize(
    ("label", "row", "total"),
    [("2.重复申请", "not_processed.repeat", 25), ("3.其他", "other.other", 110)],
)
def test_label_less_number_row_placed_by_order_and_identities(
    label: str, row: str, total: int
) -> None:
    """A converter prints a row of 表三 without its label: the one gap row order leaves
    places it, every identity confirms it, the note says so; with a total misprinted the
    placement is not confirmed and the row is named, not read."""
    gold = load("huaian-2024.json")
    text = render(gold, narrative(gold["file"]), "pipe")
    lost = text.replace(f"| {label} |", "|  |", 1)
    assert lost != text
    report = nianbao.parse(lost.encode())
    cell = report.cell("requests", row, "total")
    assert cell is not None and cell.value == total
    assert any("没有行名" in n and "按表三行序对应" in n for n in cell.notes)
    assert not [p for p in report.problems if p.table == "requests"]
    misprinted = nianbao.parse(lost.replace("| 3050 |", "| 3051 |", 1).encode())
    assert misprinted.cell("requests", row, "total") is None
    unplaced = [p for p in misprinted.problems if p.code == "unplaced_row"]
    assert [(p.location.row, p.label) for p in unplaced] == [(row, label)]


def _huaian_pipe() -> tuple[dict[str, Any], str]:
    gold = load("huaian-2024.json")
    return gold, render(gold, narrative(gold["file"]), "pipe")


def test_cell_lost_from_a_row_placed_by_the_identities() -> None:
    """A converter drops 部分公开's 总计 from its row and prints it under the row as loose
    text: every column is tried, only one keeps the identities; the note says where the
    number was printed. Without the loose line, the six printed cells are still placed (the
    lost one stays unread)."""
    gold, text = _huaian_pipe()
    row = "| 447 | 7 | 0 | 0 | 0 | 0 | 454 |  |"
    short = text.replace(row, "| 447 | 7 | 0 | 0 | 0 | 0 |\n454（其中网上申请 300 件）", 1)
    assert short != text
    report = nianbao.parse(short.encode())
    assert score(gold, report.to_dict())[2] == []
    cell = report.cell("requests", "partially_granted", "total")
    assert cell is not None and cell.value == 454 and cell.location.line is not None
    assert any("印在表格之外" in n and "勾稽关系" in n for n in cell.notes)
    assert not [p for p in report.problems if p.table == "requests"]
    # a lost 0: the six zeros and the 0 fit any column, and read the same wherever it goes
    alone = nianbao.parse(text.replace(row, "| 447 | 7 | 0 | 0 | 0 | 454 |", 1).encode())
    got = {c: alone.cell("requests", "partially_granted", c) for c in ("natural_person", "total")}
    assert [c.value if c else None for c in got.values()] == [447, 454]
    assert any(p.code == "short_row" for p in alone.problems)


def test_label_less_row_after_a_label_only_row() -> None:
    """``3.要求提供公开出版物`` printed with its label only (cells blank), the next line numbers
    without a label: the row's second line, or row 4 without its label. Row order and the
    identities decide for row 4; with a total misprinted neither reading is confirmed, and
    row 3 is not read either."""
    gold, text = _huaian_pipe()
    blank = "|  |  | 3.要求提供公开出版物 |  |  |  |  |  |  |  |"
    lost = text.replace("|  |  | 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", blank, 1)
    lost = lost.replace("|  |  | 4.无正当理由大量反复申请 |", "|  |  |  |", 1)
    report = nianbao.parse(lost.encode())
    row3 = report.tables["requests"].rows["not_processed.publication"]
    assert [c.value for c in row3.cells.values()] == [None] * 7
    cell = report.cell("requests", "not_processed.excessive", "total")
    assert cell is not None and cell.value == 0
    assert any("没有行名" in n for n in cell.notes)
    misprinted = nianbao.parse(lost.replace("| 3050 |", "| 3051 |", 1).encode())
    rows = misprinted.tables["requests"].rows
    assert "not_processed.publication" not in rows and "not_processed.excessive" not in rows
    assert any(
        p.code == "second_line_or_row" and p.row == "not_processed.publication"
        for p in misprinted.problems
    )


def test_table_four_one_number_short() -> None:
    """表四 printed with 14 numbers, the lost one under the table: only one column keeps
    the three totals. Without the loose number the groups every placement agrees on are read
    and the others named; a lost term of a group (any order of its terms keeps the total)
    leaves that group's terms unread."""
    gold, text = _huaian_pipe()
    row = "| 72 | 64 | 178 | 37 | 351 | 13 | 4 | 8 | 1 | 26 | 12 | 1 | 1 | 6 | 20 |"
    assert row in text
    short = text.replace(row, row.replace(" 26 |", "", 1) + "\n26（其中一审 20 件）", 1)
    report = nianbao.parse(short.encode())
    assert score(gold, report.to_dict())[2] == []
    cell = report.cell("review_litigation", "litigation_direct", "total")
    assert cell is not None and cell.value == 26
    assert any("印在表格之外" in n for n in cell.notes)
    for lost in (" 26 |", " 8 |"):
        alone = nianbao.parse(text.replace(row, row.replace(lost, "", 1), 1).encode())
        assert alone.cell("review_litigation", "review", "total") is not None
        assert alone.cell("review_litigation", "litigation_after_review", "total") is not None
        assert alone.cell("review_litigation", "litigation_direct", "other") is None
        assert any(p.code == "table_values_count" for p in alone.problems)


def test_glued_row_with_blank_cells_lists_where_its_digits_may_sit() -> None:
    """Seed 000's 结转 row is printed blank but for its 总计 0: glued, one digit for seven
    cells. The digit may sit in any column (blanks count as nothing in every identity): the
    row stays unread and the problem lists the seven places."""
    report = nianbao.parse(generate(load("000_898f5e2484ea1ed0.json"), "crawled", 0))
    problem = next(
        p
        for p in report.problems
        if p.code == "glued_ambiguous" and p.location.row == "carried_forward"
    )
    assert len(problem.values) == 7 and "空/空/空/空/空/空/0" in problem.values
    assert report.cell("requests", "carried_forward", "total") is None
