"""Write a synthetic corpus of N reports (default 10,000) from the gold reports, for the ingest
benchmark and the corpus tests.

Run: python benchmarks/corpus_gen.py OUTDIR [--reports 10000] [--seed 0]

Every report starts from one of the six gold reports (tests/fixtures/gold: the five seeds and
淮安): its tables' numbers are scaled by a seeded random factor, cell by cell, and the totals
recomputed so the national identities hold (each 总计 the sum of its parts, 本年新收 + 上年结转
= 办理结果总计 + 结转下年度, 表四 总计 the sum of its outcomes), each organ's 上年结转 equal to
its previous year's 结转下年度; blank gold cells stay blank. Known rates: ``SLIP_RATE`` of the
reports carry one planted slip (表三「予以公开」自然人 +1, which breaks its row and column
identity), ``COPY_RATE`` copy another organ's narrative of the same year (PUB-02), and
``BROKEN_RATE`` of the files are broken (empty, binary, damaged PDF or zip). Organs: a region
and a department, over three years. Narratives: sentences of the gold reports' own sections
drawn at random. Layouts: every text layout the readers know, through the test generators
(tests/layouts.py: cells, tabs, pipe, spaces; tests/families.py: browser_text, crawled,
markdown), in several encodings. Broken files differ byte for byte (a broken file is
identified by its content like any other, so each must be recorded on its own). Prints how many files of each kind were written.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

import families  # noqa: E402
import layouts  # noqa: E402
import synth  # noqa: E402
from gold import all_gold, expected_cells  # noqa: E402

SLIP_RATE = 0.10
COPY_RATE = 0.02
BROKEN_RATE = 0.05
YEARS = (2021, 2022, 2023)
#: tests/families.py's text families (bad_bytes is left out: it prints the seed's own
#: narrative, which would be an unplanted copy, and its tables are the layouts above)
TEXT_FAMILIES = ("browser_text", "crawled", "markdown")
STYLES = (*layouts.LAYOUTS, *TEXT_FAMILIES)
_OUTCOMES = ("三.一", "三.二", "三.三", "三.四", "三.五", "三.六")


@dataclass
class Truth:
    """What was printed in one generated file (``values`` by data-model key)."""

    name: str
    gold: str
    organ: str
    region: str
    year: int
    style: str
    encoding: str
    planted: bool = False
    copied_from: str | None = None
    broken: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _scale(value: int | None, factor: float, rng: random.Random) -> int | None:
    if value is None:
        return None
    return max(0, round(value * factor + rng.choice((0, 0, 1, 2)) - 1))


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def vary(gold: dict[str, Any], rng: random.Random, carried: list[int | None]) -> dict[str, Any]:
    """The gold tables with every number scaled and the totals recomputed; ``carried`` is
    the organ's previous 结转下年度 (its 上年结转 now). Returns the new gold-shaped dict,
    its 结转下年度 under the key ``"forward"``."""
    factor = rng.uniform(0.3, 3.0)
    t2 = {k: [_scale(v, factor, rng) for v in vs] for k, vs in gold["table2"].items()}
    t3_in: dict[str, list[int | None]] = gold["table3"]
    t3: dict[str, list[int | None]] = {}
    outcome_keys = [k for k in t3_in if k.startswith(_OUTCOMES)]
    for k in outcome_keys:
        t3[k] = [_scale(v, factor, rng) for v in t3_in[k][:6]]
    total = [_sum([t3[k][j] for k in outcome_keys]) for j in range(6)]
    forward = [
        None if t3_in["四"][j] is None else rng.randint(0, 3 if j == 0 else 1) for j in range(6)
    ]
    new: list[int | None] = []
    for j in range(6):
        done = total[j]
        if done is None:
            new.append(None)
            continue
        n = done + (forward[j] or 0) - (carried[j] or 0)
        if n < 0:  # more carried in than done: the surplus is granted
            t3["三.一"][j] = (t3["三.一"][j] or 0) - n
            total[j] = done - n
            n = 0
        new.append(n)
    fixed: dict[str, list[int | None]] = {"一": new, "二": carried, "三.七": total, "四": forward}
    out3 = {}
    for k in t3_in:
        row = fixed.get(k, t3.get(k))
        assert row is not None
        row = [None if t3_in[k][j] is None and row[j] in (0, None) else row[j] for j in range(6)]
        out3[k] = [*row, _sum(row)]
    t4: list[int | None] = []
    for group in range(3):
        parts = [_scale(v, factor, rng) for v in gold["table4"][group * 5 : group * 5 + 4]]
        t4 += [*parts, _sum(parts)]
    return {**gold, "table2": t2, "table3": out3, "table4": t4, "forward": forward}


def _sentences() -> list[str]:
    """Every sentence of the gold reports' narratives (their own words)."""
    out: list[str] = []
    for g in all_gold():
        for s in families.narrative(g["file"]).sections:
            out += [x + "。" for x in re.split("。", s.text) if 15 <= len(x) <= 150]
    return sorted(set(out))


def _narrative(rng: random.Random, pool: list[str]) -> SimpleNamespace:
    return SimpleNamespace(
        sections=[
            SimpleNamespace(no=no, text="".join(rng.sample(pool, k)))
            for no, k in ((1, 8), (5, 4), (6, 2))
        ]
    )


def _organs(n: int, regions: list[str]) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        region = regions[i % len(regions)]
        dept = synth.DEPARTMENTS[(i // len(regions)) % len(synth.DEPARTMENTS)]
        k = i // (len(regions) * len(synth.DEPARTMENTS))
        syl = synth._SYLLABLES
        prefix = "" if k == 0 else syl[(k - 1) // len(syl) % len(syl)] + syl[(k - 1) % len(syl)]
        out.append((f"{region}{prefix}{dept}", region))
    return out


def _render(g: dict[str, Any], story: SimpleNamespace, style: str, rng: random.Random) -> str:
    if style in layouts.LAYOUTS:
        return layouts.render(g, story, style)
    data = families.generate(g, style, rng.randrange(1 << 30))
    text = data.decode("utf-8", "surrogateescape")
    for section in families.narrative(g["file"]).sections:  # the family prints the seed's
        mine = next((s.text for s in story.sections if s.no == section.no), "")
        if section.text:
            text = text.replace(section.text, mine)
    return text


def _broken(kind: str, n: int) -> bytes:
    """A broken file of ``kind``, unique to ``n`` (an "empty" one is blank: n + 1 newlines)."""
    if kind == "empty":
        return b"\n" * (n + 1)
    return synth.BROKEN[kind] + str(n).encode("ascii")


def generate(
    reports: int,
    seed: int = 0,
    *,
    slip_rate: float = SLIP_RATE,
    copy_rate: float = COPY_RATE,
    broken_rate: float = BROKEN_RATE,
) -> Iterator[tuple[Truth, bytes]]:
    """``reports`` files: organs × ``YEARS``, the organs' years in turn."""
    rng = random.Random(seed)
    golds = all_gold()
    pool = _sentences()
    regions = sorted({g["region"] for g in golds if g.get("region")} | set(synth.REGIONS))
    organs = _organs(max(1, reports // len(YEARS)), regions)
    base = {name: golds[i % len(golds)] for i, (name, _) in enumerate(organs)}
    carried: dict[str, list[int | None]] = {name: [0] * 6 for name, _ in organs}
    count = 0
    for year in YEARS:
        stories: list[tuple[str, SimpleNamespace]] = []
        for name, region in organs:
            if count >= reports:
                return
            g0 = base[name]
            g = vary(g0, rng, carried[name])
            carried[name] = g.pop("forward")
            g |= {"organ": name, "region": region, "year": year}
            style = STYLES[count % len(STYLES)]
            truth = Truth(
                name=f"{count:05d}", gold=g0["file"], organ=name, region=region, year=year,
                style=style, encoding=rng.choice(synth.ENCODINGS) if style in layouts.LAYOUTS
                else "utf-8",
            )  # fmt: skip
            count += 1
            if rng.random() < broken_rate:
                truth.broken = rng.choice(sorted(synth.BROKEN))
                yield truth, _broken(truth.broken, count)
                continue
            if rng.random() < slip_rate and g["table3"]["三.一"][0] is not None:
                g["table3"] = {k: list(v) for k, v in g["table3"].items()}
                g["table3"]["三.一"][0] += 1
                truth.planted = True
            story = _narrative(rng, pool)
            if stories and rng.random() < copy_rate:
                truth.copied_from, story = rng.choice(stories)
            else:
                stories.append((name, story))
            truth.values = {f"{t}.{r}.{c}": v for t, r, c, v in expected_cells(g)}
            text = _render(g, story, style, rng)
            yield truth, text.encode(truth.encoding, "surrogateescape")


def make(outdir: Path, reports: int, seed: int = 0, **rates: float) -> list[Truth]:
    """Write the corpus (names without a telling extension: the reader decides by content)."""
    outdir.mkdir(parents=True, exist_ok=True)
    truths = []
    for truth, data in generate(reports, seed, **rates):
        suffix = (".txt", ".md", "", ".dat")[int(truth.name) % 4]
        (outdir / f"{truth.name}{suffix}").write_bytes(data)
        truths.append(truth)
    return truths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    truths = make(args.outdir, args.reports, args.seed)
    kinds = Counter(
        "broken" if t.broken else "slip" if t.planted else "copy" if t.copied_from else "good"
        for t in truths
    )
    styles = Counter(t.style for t in truths if not t.broken)
    print(f"{len(truths)} files in {args.outdir}: {dict(kinds)}; layouts {dict(styles)}")


if __name__ == "__main__":
    main()
