"""Reading-order text (``pdftotext`` without ``-layout``): the lines that are table rows.

``pdftotext -raw`` prints a row as ``label n1 n2 …`` with single spaces; a column header as
``信息内容 本年制发件数 …``; a row of table 二 with its one number (``行政许可 447228``). These
become tab rows, so the table reader sees cells. A line is taken as a row only when its label
is one of the format's row or column labels, so a sentence ending in a number never is.
"""

from __future__ import annotations

import re
from functools import cache

from ..formats import FORMAT_2019, FORMAT_2021
from ..textnorm import fold

_ONE_VALUE = re.compile(r"^(?P<label>\S*[^\d\s.,，+-])\s+(?P<num>-?\d[\d.]*)\s*$")
_HEADER_LEAD = "信息内容"


@cache
def _active_labels() -> tuple[frozenset[str], frozenset[str]]:
    """(row labels, column labels) of table 二 in either format, folded."""
    rows: set[str] = set()
    cols: set[str] = set()
    for fmt in (FORMAT_2021, FORMAT_2019):
        table = fmt.tables["active"]
        for r in table.rows:
            rows.update(fold(t) for t in (r.label, *r.aliases))
        cols.update(fold(c.label) for c in table.columns)
    return frozenset(rows), frozenset(cols)


def raw_cells(text: str) -> list[str] | None:
    """The cells of a header line or a one-value row of table 二, else None."""
    s = text.strip()
    rows, cols = _active_labels()
    parts = s.split()
    if len(parts) >= 2 and parts[0] == _HEADER_LEAD and all(fold(p) in cols for p in parts[1:]):
        return parts
    m = _ONE_VALUE.match(s)
    if m and fold(m["label"]) in rows:
        return [m["label"], m["num"]]
    return None
