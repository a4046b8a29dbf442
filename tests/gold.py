"""Gold tables (read by eye, Chinese keys) → expected cells by data-model id, and scoring."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nianbao.formats import FORMAT_2019, FORMAT_2021, REQUEST_COLUMNS, REVIEW_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
GOLD_DIR = FIXTURES / "gold"

_T3_ROWS = {
    "一": "new_received", "二": "carried_over", "三.一": "granted", "三.二": "partially_granted",
    "三.三.1": "denied.state_secret", "三.三.2": "denied.prohibited_by_law",
    "三.三.3": "denied.three_safeties", "三.三.4": "denied.third_party",
    "三.三.5": "denied.internal_affairs", "三.三.6": "denied.process_info",
    "三.三.7": "denied.enforcement_file", "三.三.8": "denied.query_matter",
    "三.四.1": "unable.not_held", "三.四.2": "unable.needs_creation", "三.四.3": "unable.unclear",
    "三.五.1": "not_processed.petition", "三.五.2": "not_processed.repeat",
    "三.五.3": "not_processed.publication", "三.五.4": "not_processed.excessive",
    "三.五.5": "not_processed.confirmation", "三.六.1": "other.no_correction",
    "三.六.2": "other.unpaid_fee", "三.六.3": "other.other", "三.六": "other",
    "三.七": "total", "四": "carried_forward",
}  # fmt: skip


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))
    return data


def all_gold() -> list[dict[str, Any]]:
    return [load(p.name) for p in sorted(GOLD_DIR.glob("*.json"))]


def t2_row_id(gold: dict[str, Any], label: str) -> str:
    fmt = FORMAT_2019 if gold.get("format") == "2019" else FORMAT_2021
    spec = fmt.tables["active"]
    return next(r.id for r in spec.rows if r.label == label or label in r.aliases)


def expected_cells(gold: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    fmt = FORMAT_2019 if gold.get("format") == "2019" else FORMAT_2021
    active = fmt.tables["active"]
    for label, values in (gold.get("table2") or {}).items():
        row = active.row(t2_row_id(gold, label))
        for col, value in zip(row.columns, values, strict=False):
            yield "active", row.id, col, value
    for key, values in (gold.get("table3") or {}).items():
        for col, value in zip(REQUEST_COLUMNS, values, strict=True):
            yield "requests", _T3_ROWS[key], col.id, value
    rows = ("review", "litigation_direct", "litigation_after_review")
    for i, value in enumerate(gold.get("table4") or []):
        yield "review_litigation", rows[i // 5], REVIEW_COLUMNS[i % 5].id, value


def _same(gold: Any, got: Any) -> bool:
    if gold is None or got is None:
        return gold is None and got is None
    if isinstance(gold, str) or isinstance(got, str):
        return str(gold).strip() == str(got).strip()
    return math.isclose(float(gold), float(got), abs_tol=1e-9)


def score(gold: dict[str, Any], report: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(matched, total, misses) over every gold cell plus meta.year and meta.format."""
    ok = n = 0
    misses: list[str] = []
    for table, row, col, value in expected_cells(gold):
        n += 1
        got = ((report.get(table) or {}).get(row) or {}).get(col, "<missing>")
        if got != "<missing>" and _same(value, got):
            ok += 1
        else:
            misses.append(f"{table}.{row}.{col}: gold {value!r} got {got!r}")
    for key in ("year", "format"):
        n += 1
        if str(report["meta"].get(key)) == str(gold.get(key)):
            ok += 1
        else:
            misses.append(f"meta.{key}: gold {gold.get(key)!r} got {report['meta'].get(key)!r}")
    return ok, n, misses
