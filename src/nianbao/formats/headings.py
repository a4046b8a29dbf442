"""Find the six statutory sections by their headings (numbered or not, with real-world variants)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..textnorm import fold, squash
from .national import SECTIONS

_NUMBERED = re.compile(r"^#*\s*([一二三四五六七八九十])[、.．,，]?(.*)$")
_MAX_HEADING = 40
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class Heading:
    no: int
    numeral: str | None
    text: str


_KEYS = [(spec.no, tuple(fold(k) for k in spec.keys)) for spec in SECTIONS]
_TITLES = {fold(spec.title[2:]): spec.no for spec in SECTIONS}


@lru_cache(maxsize=4096)
def heading_of(text: str, after: int) -> Heading | None:
    """The section this line heads, if it is a heading of a section later than ``after``."""
    head = text.lstrip(" #\t\u3000\u00a0\ufeff")
    if not head or len(head) > 2 * _MAX_HEADING or (head[0] not in _NUMERALS and len(head) > 20):
        return None
    s = squash(text).lstrip("#")
    if not s or len(s) > _MAX_HEADING:
        return None
    m = _NUMBERED.match(s)
    if m:
        numeral, rest = m.group(1), fold(m.group(2))
        if not rest:
            return None
        for no, keys in _KEYS:
            if no > after and any(k in rest for k in keys):
                return Heading(no, numeral, text.strip())
        return None
    title_no = _TITLES.get(fold(s))
    if title_no and title_no > after:
        return Heading(title_no, None, text.strip())
    return None
