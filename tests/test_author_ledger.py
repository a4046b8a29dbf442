"""nianbao ledger: 表三 from a two-year 依申请公开台账 of 5,000 synthetic applications with known
answers (spanning the year boundary, partial disclosures, withdrawals, unpaid fees, several
applicant types), cell for cell, and 上年结转 equal to last year's 结转下年度."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from nianbao.author import LedgerError, applications, count, load_data, merge
from nianbao.author.ledger import match_applicant, match_outcome
from nianbao.cli import main
from nianbao.formats import FORMAT_2021, REQUEST_COLUMNS

openpyxl = pytest.importorskip("openpyxl")

#: how registers write applicant types → the 表三 column
APPLICANTS = {
    "自然人": "natural_person",
    "个人": "natural_person",
    "公民": "natural_person",
    "商业企业": "commercial",
    "企业": "commercial",
    "法人或其他组织-科研机构": "research",
    "社会公益组织": "public_interest",
    "律师事务所": "legal_service",
    "法律服务机构": "legal_service",
    "其他": "other_org",
}
#: how registers write outcomes → the 表三 row
OUTCOMES = {
    "予以公开": "granted",
    "同意公开": "granted",
    "部分公开": "partially_granted",
    "部分公开（区分处理）": "partially_granted",
    "不予公开-属于国家秘密": "denied.state_secret",
    "不予公开（保护第三方合法权益）": "denied.third_party",
    "属于四类过程性信息": "denied.process_info",
    "属于行政查询事项": "denied.query_matter",
    "本机关不掌握相关政府信息": "unable.not_held",
    "没有现成信息需要另行制作": "unable.needs_creation",
    "补正后申请内容仍不明确": "unable.unclear",
    "信访举报投诉类申请": "not_processed.petition",
    "重复申请": "not_processed.repeat",
    "要求提供公开出版物": "not_processed.publication",
    "无正当理由大量反复申请": "not_processed.excessive",
    "要求行政机关确认或重新出具已获取信息": "not_processed.confirmation",
    "申请人逾期不补正": "other.no_correction",
    "逾期未按收费通知要求缴纳费用": "other.unpaid_fee",
    "申请人撤回申请": "other.other",
}
Y0, Y1 = 2023, 2024


@dataclass(frozen=True)
class App:
    key: str
    received: dt.date
    applicant: str
    outcome: str | None
    replied: dt.date | None


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def synthetic(
    n: int = 5000, seed: int = 7
) -> tuple[list[App], dict[int, Counter[tuple[str, str]]]]:
    """Applications and, per year, the expected 表三 counts, tallied by construction: each
    application is given a story (when received, in which year concluded) and counted for it."""
    rng = random.Random(seed)
    expected: dict[int, Counter[tuple[str, str]]] = {Y0: Counter(), Y1: Counter()}
    apps = []
    stories = ["carried_in", "same_year", "across", "across_pending", "late_same", "late_pending"]
    weights = [3, 40, 10, 2, 40, 5]
    for i in range(n):
        story = rng.choices(stories, weights)[0]
        label = rng.choice(list(APPLICANTS))
        col = APPLICANTS[label]
        outcome = rng.choice(list(OUTCOMES))
        row = OUTCOMES[outcome]
        if story == "carried_in":  # received late 2022, concluded early 2023
            received = _day(rng, dt.date(2022, 12, 1), dt.date(2022, 12, 31))
            replied = _day(rng, dt.date(Y0, 1, 1), dt.date(Y0, 1, 31))
            expected[Y0][("carried_over", col)] += 1
            expected[Y0][(row, col)] += 1
        elif story == "same_year":  # received and concluded in 2023
            received = _day(rng, dt.date(Y0, 1, 1), dt.date(Y0, 11, 30))
            replied = received + dt.timedelta(days=rng.randrange(0, 30))
            expected[Y0][("new_received", col)] += 1
            expected[Y0][(row, col)] += 1
        elif story == "across":  # received December 2023, concluded January 2024
            received = _day(rng, dt.date(Y0, 12, 1), dt.date(Y0, 12, 31))
            replied = _day(rng, dt.date(Y1, 1, 1), dt.date(Y1, 2, 20))
            expected[Y0][("new_received", col)] += 1
            expected[Y0][("carried_forward", col)] += 1
            expected[Y1][("carried_over", col)] += 1
            expected[Y1][(row, col)] += 1
        elif story == "across_pending":  # received 2023, still open at the end of 2024
            received = _day(rng, dt.date(Y0, 10, 1), dt.date(Y0, 12, 31))
            replied, outcome = None, None
            expected[Y0][("new_received", col)] += 1
            expected[Y0][("carried_forward", col)] += 1
            expected[Y1][("carried_over", col)] += 1
            expected[Y1][("carried_forward", col)] += 1
        elif story == "late_same":  # received and concluded in 2024
            received = _day(rng, dt.date(Y1, 1, 1), dt.date(Y1, 11, 30))
            replied = received + dt.timedelta(days=rng.randrange(0, 30))
            expected[Y1][("new_received", col)] += 1
            expected[Y1][(row, col)] += 1
        else:  # received December 2024, open at the end of 2024
            received = _day(rng, dt.date(Y1, 12, 1), dt.date(Y1, 12, 31))
            replied, outcome = None, None
            expected[Y1][("new_received", col)] += 1
            expected[Y1][("carried_forward", col)] += 1
        apps.append(App(f"YSQ-{i:05d}", received, label, outcome, replied))
    return apps, expected


def full_table(counts: Counter[tuple[str, str]]) -> dict[tuple[str, str], int]:
    spec = FORMAT_2021.tables["requests"]
    cols = [c.id for c in REQUEST_COLUMNS[:-1]]
    table = {(r.id, c): counts[(r.id, c)] for r in spec.rows for c in cols}
    results = [
        r.id
        for r in spec.rows
        if r.id not in ("new_received", "carried_over", "total", "carried_forward")
    ]
    for c in cols:
        table[("total", c)] = sum(table[(r, c)] for r in results)
    for r in spec.rows:
        table[(r.id, "total")] = sum(table[(r.id, c)] for c in cols)
    return table


_DATE_STYLES = ("{:%Y-%m-%d}", "{:%Y/%m/%d}", "{0.year}年{0.month}月{0.day}日")


def write_csv(path: Path, apps: list[App], rng: random.Random) -> None:
    """Last year's register as exported at its year end (GB18030, as Excel in China saves CSV):
    what was still open then has no reply yet."""
    with path.open("w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(["申请编号", "收到日期", "申请人类型", "申请渠道", "办理结果", "答复日期"])
        for a in apps:
            open_then = a.replied is None or a.replied.year > Y0
            replied = "" if open_then else rng.choice(_DATE_STYLES).format(a.replied)
            outcome = rng.choice(["", "办理中"]) if open_then else a.outcome
            received = rng.choice(_DATE_STYLES).format(a.received)
            w.writerow(
                [
                    a.key,
                    received,
                    a.applicant,
                    rng.choice(["网上", "信函", "当面"]),
                    outcome,
                    replied,
                ]
            )


def write_xlsx(path: Path, apps: list[App]) -> None:
    """This year's register: new applications and last year's open ones, now answered."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某局2024年政府信息公开申请登记台账"])
    ws.append(["编号", "申请日期", "申请人类别", "提交方式", "答复结果", "办结日期"])
    for a in apps:
        ws.append([a.key, a.received, a.applicant, "网上", a.outcome or "", a.replied])
    wb.save(path)


@pytest.fixture(scope="module")
def registers(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, dict[int, Counter[tuple[str, str]]]]:
    apps, expected = synthetic()
    tmp = tmp_path_factory.mktemp("ledger")
    last, this = tmp / "台账2023.csv", tmp / "台账2024.xlsx"
    write_csv(last, [a for a in apps if a.received.year <= Y0], random.Random(3))
    write_xlsx(
        this,
        [
            a
            for a in apps
            if a.received.year == Y1
            or (a.received.year == Y0 and (a.replied is None or a.replied.year == Y1))
        ],
    )
    return last, this, expected


def test_two_year_register_gives_the_expected_tables(registers) -> None:  # type: ignore[no-untyped-def]
    last, this, expected = registers
    earlier = applications(last)
    current = applications(this)
    assert len(earlier) + len([a for a in current if a.received.year == Y1]) == 5000
    t0 = count(earlier, Y0)
    t1 = count(merge(earlier, current), Y1)
    assert t0 == full_table(expected[Y0])
    assert t1 == full_table(expected[Y1])
    for col in REQUEST_COLUMNS:
        assert t1[("carried_over", col.id)] == t0[("carried_forward", col.id)]
    # the cases the test is about are all there
    for row in (
        "partially_granted",
        "other.other",
        "other.unpaid_fee",
        "carried_over",
        "carried_forward",
    ):
        assert t1[(row, "total")] > 0
    assert sum(t1[(r, c)] > 0 for r, c in t1 if r == "new_received" and c != "total") == 6


def test_ledger_command_writes_a_data_file_that_renders(registers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    last, this, expected = registers
    data = tmp_path / "年报数据.yaml"
    assert (
        main(["ledger", str(this), "--year", str(Y1), "--previous", str(last), "--out", str(data)])
        == 0
    )
    draft = load_data(data)
    table = full_table(expected[Y1])
    assert {k: draft.value("requests", *k) for k in table} == table
    out = tmp_path / "报告.md"
    # 表二 and 表四 are still blank: an error (STR-11) until they are filled, unless forced
    assert main(["render", str(data), "--out", str(out)]) == 1 and not out.exists()
    assert main(["render", str(data), "--out", str(out), "--force"]) == 0
    assert f"全年共收到政府信息公开申请{table[('new_received', 'total')]}件" in out.read_text(
        encoding="utf-8"
    )


def test_ledger_replaces_only_table_three_of_an_existing_data_file(
    registers, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    last, _this, expected = registers
    data = tmp_path / "d.yaml"
    data.write_text(
        "meta:\n  organ: 某市某局\n  year: 2023\nsections:\n  5: 存在的主要问题是解读不够。\n"
        "active:\n  licensing:\n    decisions: 12\n",
        encoding="utf-8",
    )
    assert main(["ledger", str(last), "--year", str(Y0), "--out", str(data)]) == 0
    draft = load_data(data)
    assert draft.meta["organ"] == "某市某局" and draft.sections[5] == "存在的主要问题是解读不够。"
    assert draft.value("active", "licensing", "decisions") == 12
    assert draft.value("requests", "total", "total") == full_table(expected[Y0])[("total", "total")]


def test_unrecognised_values_name_the_row_and_the_allowed_values(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text(
        "收到日期,申请人类型,办理结果,答复日期\n"
        "2024-01-02,个人,予以公开,2024-01-10\n"
        "2024-01-03,外国人,予以公开,2024-01-10\n"
        "2024-01-04,企业,不予公开,2024-01-10\n"
        "2024-01-05,企业,予以公开,\n"
        "2024-13-05,企业,予以公开,2024-02-01\n",
        encoding="utf-8",
    )
    with pytest.raises(LedgerError) as info:
        applications(path)
    message = str(info.value)
    assert (
        "第 3 行：申请人类型「外国人」无法识别；可用：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"
        in message
    )
    assert "第 4 行：办理结果「不予公开」无法识别" in message and "1.属于国家秘密" in message
    assert "第 5 行" in message and "没有答复日期" in message
    assert "第 6 行：收到日期「2024-13-05」不是日期" in message
    assert main(["ledger", str(path), "--year", "2024"]) == 2


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("部分公开", "partially_granted"),
        ("部分予以公开", "partially_granted"),
        ("予以公开", "granted"),
        ("不予以公开（属于国家秘密）", "denied.state_secret"),
        (
            "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "other.unpaid_fee",
        ),
        ("撤回申请", "other.other"),
        ("不予公开", None),
        ("不予以公开", None),
        ("已办", None),
    ],
)
def test_outcome_matching(text: str, row: str | None) -> None:
    assert match_outcome(text) == row


def test_applicant_matching() -> None:
    assert [match_applicant(t) for t in APPLICANTS] == list(APPLICANTS.values())
    assert match_applicant("外星人") is None


def test_2020_register_counts_the_2019_format_single_other_row(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text(
        "收到日期,申请人类型,办理结果,答复日期\n"
        "2020-03-02,个人,申请人撤回申请,2020-03-10\n"
        "2020-03-03,企业,逾期未缴费,2020-04-10\n"
        "2020-12-30,企业,部分公开,2021-01-10\n",
        encoding="utf-8",
    )
    table = count(applications(path), 2020)
    assert (table[("other", "total")], table[("partially_granted", "total")]) == (2, 0)
    assert (table[("new_received", "total")], table[("carried_forward", "commercial")]) == (3, 1)
    assert ("other.other", "total") not in table
