"""How alike two narratives are: character n-grams with every number folded to 0."""

from __future__ import annotations

import re

from .numerals import CN_DIGITS
from .sentences import normalize


def shingles(text: str, n: int = 5) -> frozenset[str]:
    """Character n-grams of the folded text, every number (Arabic or Chinese) replaced by 0:
    a copy with new years or new figures is still a copy."""
    words = re.sub(r"[^\w]", "", normalize(text))
    folded = re.sub(rf"\d+(?:\.\d+)?|[{CN_DIGITS}百佰千仟万亿]+", "0", words)
    return frozenset(folded[i : i + n] for i in range(max(len(folded) - n + 1, 0)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Jaccard similarity of two texts' ``shingles`` (made once per text by the caller, which
    compares each with several others); None when either text is too short."""
    if not a or not b:
        return None
    return len(a & b) / len(a | b)
