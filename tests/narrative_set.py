"""The narrative test set (tests/fixtures/narrative/sentences.txt) and its scorer.

Each sentence is put into a built report twice: with tables that agree with its correct reading
(every figure it does not state holds a number that appears nowhere in the sentence, or 0), where
every TXT error is a false error; and, for every figure it states, with that figure changed,
where a TXT finding on the changed cell is a detection. ``python tests/narrative_set.py`` prints
the figures README quotes; test_narrative_set.py holds error-level precision at 100%.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checkkit import make_report
from nianbao.extract.numerals import cn_number
from nianbao.formats import FORMATS
from nianbao.model import Finding, Report
from nianbao.runner import check

FIXTURE = Path(__file__).parent / "fixtures" / "narrative" / "sentences.txt"
ORGANS = {"d": "某某县交通运输局", "g": "某某县人民政府"}
Ref = tuple[str, str, str]

_SPEC = FORMATS["2021"].tables
_STEMS = ("denied", "unable", "not_processed", "other")
#: statement topic → the cell that carries it (the first sub-row for a category of 表三)
_CELL: dict[str, Ref] = {
    "requests.received": ("requests", "new_received", "total"),
    "requests.handled": ("requests", "total", "total"),
    "requests.carried_over": ("requests", "carried_over", "total"),
    "requests.carried_forward": ("requests", "carried_forward", "total"),
    "requests.granted": ("requests", "granted", "total"),
    "requests.partially_granted": ("requests", "partially_granted", "total"),
    **{
        f"requests.{stem}": (
            "requests",
            next(r.id for r in _SPEC["requests"].rows if r.id.startswith(stem + ".")),
            "total",
        )
        for stem in _STEMS
    },
    **{
        f"review.{c}": ("review_litigation", "review", c)
        for c in ("upheld", "corrected", "other", "pending", "total")
    },
    **{
        f"litigation.{c}": ("review_litigation", "litigation_direct", c)
        for c in ("upheld", "corrected", "other", "pending", "total")
    },
    **{
        f"active.{row}.{col}": ("active", row, col)
        for row in ("normative_documents", "regulations")
        for col in ("issued", "in_force", "repealed")
    },
    **{
        f"active.{row}.decisions": ("active", row, "decisions")
        for row in ("licensing", "penalty", "coercion")
    },
}
#: the figures a denial of them contradicts with certainty (error-level)
_DENIABLE = ("requests.received", "review.", "litigation.")
_POOL = (37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127)
_POOL += (131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223)


@dataclass(frozen=True)
class Fact:
    topics: tuple[str, ...]  # one, or two for 「予以公开及部分公开208件」
    value: int | None  # None: "> 0" (some applications, no exact count)

    @property
    def cells(self) -> tuple[Ref, ...]:
        return tuple(_CELL[t] for t in self.topics)

    @property
    def denial(self) -> bool:
        return self.value == 0 and self.topics[0].startswith(_DENIABLE)


@dataclass(frozen=True)
class Item:
    organ: str
    text: str
    facts: tuple[Fact, ...]
    source: str
    line: int


def load(path: Path = FIXTURE) -> list[Item]:
    items: list[Item] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        organ, text, reading, source = (p.strip() for p in line.split(" | "))
        facts = [] if reading == "-" else [_fact(f.strip()) for f in reading.split(",")]
        items.append(Item(organ, text, tuple(facts), source, no))
    return items


def _fact(text: str) -> Fact:
    if text.endswith(">0"):
        return Fact((text[:-2],), None)
    topics, value = text.split("=")
    fact = Fact(tuple(topics.split("+")), int(value))
    for topic in fact.topics:
        if topic not in _CELL:
            raise ValueError(f"unknown topic {topic!r} in {text!r}")
    return fact


def _numbers(text: str) -> set[int]:
    found = {int(n) for n in re.findall(r"\d+", text)}
    for run in re.findall(r"[零〇一二两三四五六七八九十百千万]+", text):
        value = cn_number(run)
        if isinstance(value, int):
            found.add(value)
    return found


def cells_for(
    item: Item, *, zero: bool, change: Fact | None = None, zeroed: bool = False
) -> dict[Ref, int]:
    """The table cells: fillers (or 0), then the reading, then the one change under test."""
    avoid = _numbers(item.text)
    pool = iter(n for n in _POOL if n not in avoid)
    cells: dict[Ref, int] = {}
    for ref in dict.fromkeys(_CELL.values()):
        cells[ref] = 0 if zero else next(pool)
    cells[("review_litigation", "litigation_after_review", "total")] = 0
    for fact in item.facts:
        if fact.value is None:
            if zero:
                cells[fact.cells[0]] = next(n for n in _POOL if n not in avoid)
            continue
        first, *rest = fact.cells
        split = min(2, fact.value) if rest else 0
        cells[first] = fact.value - split
        for ref in rest:
            cells[ref] = split
    if change is not None:
        assert change.value is not None
        cells[change.cells[0]] += 3 if change.value else 2
    if zeroed:
        for row in ("new_received", "carried_over", "total"):
            cells[("requests", row, "total")] = 0
    return cells


def report_for(item: Item, cells: Mapping[Ref, int]) -> Report:
    tables: dict[str, dict[str, list[Any]]] = {
        "active": {},
        "requests": {},
        "review_litigation": {},
    }
    for table_id, rows in tables.items():
        for row in _SPEC[table_id].rows:
            cols = row.columns
            rows[row.id] = [cells.get((table_id, row.id, c), 0) for c in cols]
            if table_id == "requests":  # the count is printed in the 自然人 column too
                rows[row.id][0] = rows[row.id][-1]
    tables["active"]["fees"] = [0]
    return make_report(
        organ=ORGANS[item.organ],
        sections={1: item.text},
        active=tables["active"],
        requests=tables["requests"],
        review=tables["review_litigation"],
    )


def txt_findings(report: Report) -> list[Finding]:
    return [f for f in check(report, select=["TXT"]) if f.status == "fail"]


def _touches(finding: Finding, refs: tuple[Ref, ...]) -> bool:
    return any((c.table, c.row, c.col) in refs for c in finding.cells)


@dataclass
class Score:
    sentences: int = 0
    facts: int = 0
    detected: int = 0
    denials: int = 0
    denials_as_error: int = 0
    true_errors: int = 0
    false_errors: list[str] = field(default_factory=list)
    false_warnings: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def error_precision(self) -> float:
        total = self.true_errors + len(self.false_errors)
        return 1.0 if total == 0 else self.true_errors / total

    def lines(self) -> Iterator[str]:
        yield f"sentences {self.sentences}, stated figures {self.facts}"
        yield (
            f"error-level precision {self.error_precision:.1%} "
            f"({self.true_errors} true, {len(self.false_errors)} false)"
        )
        yield f"recall (any level) {self.detected}/{self.facts} = {self.detected / max(self.facts, 1):.1%}"
        yield (
            f"error-level recall on denials and counts against an empty 表三 "
            f"{self.denials_as_error}/{self.denials} = {self.denials_as_error / max(self.denials, 1):.1%}"
        )
        yield f"false warnings on agreeing tables {len(self.false_warnings)}"


def _describe(item: Item, f: Finding) -> str:
    return f"line {item.line} [{f.rule}] {f.message}"


def score(items: list[Item] | None = None) -> Score:
    s = Score()
    for item in items if items is not None else load():
        s.sentences += 1
        for zero in (False, True):
            for f in txt_findings(report_for(item, cells_for(item, zero=zero))):
                target = s.false_errors if str(f.severity) == "error" else s.false_warnings
                target.append(_describe(item, f))
        for fact in item.facts:
            if fact.value is None:
                continue
            cases = [(fact, False)]
            if fact.topics == ("requests.received",) and fact.value > 0:
                cases.append((fact, True))  # a count of applications against an all-zero 表三
            for change, zeroed in cases:
                s.facts += 1
                refs = change.cells if not zeroed else (("requests", "new_received", "total"),)
                found = txt_findings(
                    report_for(
                        item,
                        cells_for(
                            item, zero=False, change=None if zeroed else change, zeroed=zeroed
                        ),
                    )
                )
                hits = [f for f in found if _touches(f, refs)]
                for f in found:
                    if str(f.severity) == "error":
                        if f in hits:
                            s.true_errors += 1
                        else:
                            s.false_errors.append(_describe(item, f))
                if hits:
                    s.detected += 1
                else:
                    s.missed.append(
                        f"line {item.line} {'+'.join(change.topics)}={change.value}{' (表三全为 0)' if zeroed else ''}: {item.text}"
                    )
                if change.denial or zeroed:
                    s.denials += 1
                    s.denials_as_error += any(str(f.severity) == "error" for f in hits)
    return s


if __name__ == "__main__":
    result = score()
    print("\n".join(result.lines()))
    if "-v" in sys.argv:
        for title, rows in (
            ("false errors", result.false_errors),
            ("false warnings", result.false_warnings),
            ("missed", result.missed),
        ):
            print(f"\n{title}:")
            print("\n".join(f"  {r}" for r in rows))
