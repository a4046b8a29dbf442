"""A synthetic corpus with known values: organs of several regions over several years.

Every report's tables are generated so the national identities hold (本年新收 + 上年结转 =
总计 + 结转下年度, each 总计 the sum of its parts, 表四 总计 = 维持 + 纠正 + 其他 + 尚未审结) and
each year's 上年结转 equals the year before's 结转下年度; a known share has one planted slip
(表三「予以公开」自然人 +1, which breaks the row and the column identity). Tables are printed in
every text layout the readers know (tests/layouts.py) and several encodings; a share of files
is broken (empty, binary, damaged PDF or zip). ``Truth`` keeps every printed value by its
data-model key, so a test can compute any figure without the reader.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from gold import _T3_ROWS
from layouts import LAYOUTS, render
from nianbao.formats import REQUEST_COLUMNS, REVIEW_COLUMNS

REGIONS = ("清河县", "获嘉县", "河曲县", "涞源县", "平潭县", "德化县")
DEPARTMENTS = (
    "财政局",
    "教育局",
    "卫生健康委员会",
    "自然资源局",
    "市场监督管理局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")
OUTCOMES = [k for k in _T3_ROWS if k.startswith("三.") and k not in ("三.六", "三.七")]
_WEIGHTS = {"三.一": 6.0, "三.二": 1.0, "三.四.1": 2.0}
_REVIEW_ROWS = ("review", "litigation_direct", "litigation_after_review")
SECTIONS = (
    (1, "本机关认真贯彻落实政府信息公开条例，持续推进政务公开工作，主动回应社会关切。"),
    (5, "存在的主要问题是公开内容不够全面。下一步将加强业务培训，改进工作方式。"),
    (6, "本机关本年度未收取信息处理费。无其他需要报告的事项。"),
)


@dataclass
class Truth:
    """What was printed in one generated file (``values`` by key, e.g. requests.total.total)."""

    name: str
    organ: str
    region: str
    year: int
    layout: str
    encoding: str
    planted: bool = False
    broken: str | None = None
    members: tuple[str, ...] = ()
    values: dict[str, int | float] = field(default_factory=dict)


def _columns(rng: random.Random, carried: list[int]) -> tuple[dict[str, list[int]], list[int]]:
    """表三 with the six applicant columns generated and 总计 as their sum."""
    rows: dict[str, list[int]] = {k: [0] * 6 for k in [*OUTCOMES, "一", "二", "三.七", "四"]}
    forward = [0] * 6
    for j in range(6):
        new = rng.randint(0, 40) if j == 0 else rng.choice((0, 0, 0, 1, 2, 5))
        available = new + carried[j]
        forward[j] = rng.randint(0, min(3, available))
        done = available - forward[j]
        weights = [_WEIGHTS.get(k, 0.2) for k in OUTCOMES]
        for k in rng.choices(OUTCOMES, weights=weights, k=done):
            rows[k][j] += 1
        rows["一"][j], rows["二"][j], rows["四"][j] = new, carried[j], forward[j]
        rows["三.七"][j] = done
    return {k: [*v, sum(v)] for k, v in rows.items()}, forward


def _review(rng: random.Random) -> list[int]:
    out: list[int] = []
    for _ in _REVIEW_ROWS:
        parts = [rng.choice((0, 0, 1, 2, 3)) for _ in range(4)]
        out += [*parts, sum(parts)]
    return out


def gold_dict(
    truth: Truth, table3: dict[str, list[int]], table4: list[int], stock: int
) -> dict[str, Any]:
    """The gold-file shape tests/layouts.py prints from."""
    order = [k for k in _T3_ROWS if k in table3]
    return {
        "organ": truth.organ,
        "region": truth.region,
        "year": truth.year,
        "format": "2021",
        "table2": {
            "规章": [0, 0, 0],
            "行政规范性文件": [0, 0, stock],
            "行政许可": [stock * 10],
            "行政处罚": [stock * 3],
            "行政强制": [stock],
            "行政事业性收费": [0],
        },
        "table3": {k: table3[k] for k in order},
        "table4": table4,
    }


def _values(table3: dict[str, list[int]], table4: list[int]) -> dict[str, int | float]:
    out: dict[str, int | float] = {}
    for key, row in table3.items():
        for col, v in zip(REQUEST_COLUMNS, row, strict=True):
            out[f"requests.{_T3_ROWS[key]}.{col.id}"] = v
    for i, v in enumerate(table4):
        out[f"review_litigation.{_REVIEW_ROWS[i // 5]}.{REVIEW_COLUMNS[i % 5].id}"] = v
    return out


_SYLLABLES = "东西南北中新老上下前后大小高长安平和顺兴"


def _organ(i: int) -> tuple[str, str]:
    """The i-th department: region and department cycle; beyond them a two-character
    place prefix keeps names unique (never a digit, which would run into the year)."""
    region = REGIONS[i % len(REGIONS)]
    dept = DEPARTMENTS[(i // len(REGIONS)) % len(DEPARTMENTS)]
    k = i // (len(REGIONS) * len(DEPARTMENTS))
    if k == 0:
        return f"{region}{dept}", region
    n = len(_SYLLABLES)
    prefix = _SYLLABLES[(k - 1) // n % n] + _SYLLABLES[(k - 1) % n]
    return f"{region}{prefix}{dept}", region


_NARRATIVE = SimpleNamespace(sections=[SimpleNamespace(no=n, text=t) for n, t in SECTIONS])

BROKEN = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\ngarbage\n",
    "zip": b"PK\x03\x04" + b"\x00" * 60,
}


def generate(
    n_organs: int = 12,
    years: tuple[int, ...] = (2021, 2022, 2023),
    *,
    seed: int = 0,
    plant_rate: float = 0.1,
    broken_rate: float = 0.05,
    rollup: bool = False,
    rollup_slip: tuple[str, int] | None = None,
) -> Iterator[tuple[Truth, bytes]]:
    """Reports of ``n_organs`` departments (spread over REGIONS) for every year; with
    ``rollup`` each region also gets a 人民政府 report whose tables sum its departments' (all
    of them, broken files included; ``rollup_slip`` = (region, year) adds one granted
    application to that summary alone)."""
    rng = random.Random(seed)
    organs = [_organ(i) for i in range(n_organs)]
    carried = {name: [0] * 6 for name, _ in organs}
    stock = {name: rng.randint(1, 50) for name, _ in organs}
    count = 0
    for year in years:
        sums: dict[str, tuple[dict[str, list[int]], list[int], list[str]]] = {}
        for name, region in organs:
            table3, carried[name] = _columns(rng, carried[name])
            table4 = _review(rng)
            truth = Truth(
                name=f"{count:05d}",
                organ=name,
                region=region,
                year=year,
                layout=LAYOUTS[count % len(LAYOUTS)],
                encoding=rng.choice(ENCODINGS),
            )
            count += 1
            if rollup:  # the summary adds up every department, whatever happens to its file
                acc = sums.setdefault(region, ({k: [0] * 7 for k in table3}, [0] * 15, []))
                for k, row in table3.items():
                    acc[0][k] = [a + b for a, b in zip(acc[0][k], row, strict=True)]
                acc[1][:] = [a + b for a, b in zip(acc[1], table4, strict=True)]
                acc[2].append(name)
            if rng.random() < broken_rate:
                truth.broken = rng.choice(sorted(BROKEN))
                yield truth, BROKEN[truth.broken]
                continue
            planted = rng.random() < plant_rate
            if planted:
                table3 = {k: list(v) for k, v in table3.items()}
                table3["三.一"][0] += 1
                truth.planted = True
            yield _emit(truth, table3, table4, stock[name])
        for region, (table3, table4, members) in sorted(sums.items()):
            if (region, year) == rollup_slip:
                # one more application granted than the departments report, identities kept
                for key in ("一", "三.一", "三.七"):
                    table3[key] = [table3[key][0] + 1, *table3[key][1:6], table3[key][6] + 1]
            truth = Truth(
                name=f"{count:05d}",
                organ=f"{region}人民政府",
                region=region,
                year=year,
                layout=LAYOUTS[count % len(LAYOUTS)],
                encoding="utf-8",
                members=tuple(members),
            )
            count += 1
            yield _emit(truth, table3, table4, 0)


def _emit(
    truth: Truth, table3: dict[str, list[int]], table4: list[int], stock: int
) -> tuple[Truth, bytes]:
    truth.values = _values(table3, table4)
    text = render(gold_dict(truth, table3, table4, stock), _NARRATIVE, truth.layout)  # type: ignore[arg-type]
    return truth, text.encode(truth.encoding)


def write(outdir: Path, items: Iterator[tuple[Truth, bytes]]) -> list[Truth]:
    """Write the files (names without a telling extension: the reader decides by content)."""
    outdir.mkdir(parents=True, exist_ok=True)
    truths = []
    for truth, data in items:
        suffix = (".txt", ".md", "", ".dat")[int(truth.name) % 4]
        (outdir / f"{truth.name}{suffix}").write_bytes(data)
        truths.append(truth)
    return truths
