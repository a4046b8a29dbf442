"""Read one printed cell into a value exactly as printed: int, float, None (blank) or the string."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from ..model import Value
from ..textnorm import nfkc

_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_UNIT = re.compile(r"(万元|元|件|条|个|项|次|家|人|份)$")
_SPACED_DIGITS = re.compile(r"^[+-]?\d+(?: \d{3})+(?:\.\d+)?$")
PLACEHOLDERS = frozenset(
    {"/", "／", "-", "—", "–", "－", "——", "--", "无", "空", "×", "*", "＊", "\\"}
)


T = TypeVar("T")

#: entries a ``remember`` store keeps before it is emptied (as the functions' own caches)
REMEMBERED = 4096


def remember(store: dict[str, T], fn: Callable[[str], T], text: str) -> T:
    """``fn(text)``, kept in ``store`` (emptied when full: a batch export holds many texts).
    For the loops that read a cell a time: ``store.get(text) or remember(store, fn, text)``
    costs a third of calling an ``lru_cache`` function (whose results are never false)."""
    if len(store) >= REMEMBERED:
        store.clear()
    found = store[text] = fn(text)
    return found


#: what a blank cell may hold
BLANK_CHARS = " \t\r\n\u3000\u00a0\ufeff\u200b"


def is_blank(text: str) -> bool:
    return not text.strip(BLANK_CHARS)


@lru_cache(maxsize=4096)
def cell_kind(text: str) -> str:
    """ "number", "value" (blank, or a placeholder such as "/": what a value column may hold
    besides a number) or "label"."""
    value, _ = parse_value(text)
    if isinstance(value, int | float):
        return "number"
    return "value" if value is None or value.strip() in PLACEHOLDERS else "label"


@lru_cache(maxsize=4096)
def parse_value(raw: str) -> tuple[Value, tuple[str, ...]]:
    """(value, notes). Notes say what normalisation reading the number needed."""
    if is_blank(raw):
        return None, ()
    notes: list[str] = []
    s = nfkc(raw).strip(" \t\r\n\u00a0\ufeff\u200b")
    if s != raw.strip(" \t\r\n\u00a0\ufeff\u200b"):
        notes.append("全角或兼容字符已规范化")
    if s in PLACEHOLDERS:
        return s, ()
    unit = _UNIT.search(s)
    if unit and len(s) > len(unit.group(1)):
        s = s[: unit.start()].strip()
        notes.append(f"去掉单位“{unit.group(1)}”")
    s = s.replace("，", ",")
    if _SPACED_DIGITS.match(s):
        s = s.replace(" ", "")
        notes.append("数字中的空格已去掉")
    m = _NUMBER.match(s)
    if not m:
        return raw.strip(), ()
    sign, whole, frac = m.groups()
    if "," in whole:
        notes.append("千分位逗号已去掉")
        whole = whole.replace(",", "")
    if frac is not None:
        return float(f"{sign}{whole}.{frac}"), tuple(notes)
    return int(f"{sign}{whole}"), tuple(notes)
