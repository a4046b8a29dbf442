"""Reading-order text (``pdftotext`` without ``-layout``): the lines that are table rows.

Two shapes. Without ``-layout`` each cell is a line of its own and a table's labels and
numbers drift apart: the body of sections 二–四 goes to the extractor as one ``runs`` grid,
a cell per line, where number runs are placed on rows only when identities confirm it
(extract/runs.py).

``pdftotext -raw`` prints a row as ``label n1 n2 …`` with single spaces; a column header as
``信息内容 本年制发件数 …``; a row of table 二 with its one number (``行政许可 447228``). These
become tab rows, so the table reader sees cells. A line is taken as a row only when its label
is one of the format's row or column labels, so a sentence ending in a number never is.
"""

from __future__ import annotations

import re
from functools import cache

from ..formats import FORMAT_2019, FORMAT_2021, SECTIONS
from ..formats.headings import heading_of
from ..textnorm import fold

_ONE_VALUE = re.compile(r"^(?P<label>\S*[^\d\s.,，+-]) (?P<num>-?\d[\d.]*)$")
_HEADER_LEAD = "信息内容"


def row_or_header(s: str) -> bool:
    """Whether a stripped line may be a row of reading-order text, which ends in its number
    (a digit or its point), or a header, which starts with ``_HEADER_LEAD``: a cheap test
    before the patterns."""
    return bool(s) and (s[-1].isdecimal() or s[-1] == "." or s.startswith(_HEADER_LEAD))


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
    if "  " in s or "\u3000" in s:  # -raw puts one space between cells; wider is -layout
        return None
    if not row_or_header(s):  # most lines, told before the split
        return None
    parts = s.split()
    if len(parts) < 2:  # one word: neither a header nor a label with its value
        return None
    rows, cols = _active_labels()
    if parts[0] == _HEADER_LEAD and all(fold(p) in cols for p in parts[1:]):
        return parts
    m = _ONE_VALUE.match(s)
    if m and fold(m["label"]) in rows:
        return [m["label"], m["num"]]
    return None


# ---------------------------------------------------------------- one cell per line

#: a line that is one number and nothing else (a cell of reading-order text)
_LONE = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?$")
_NUMBERS = re.compile(r"(?<!\S)[-+]?\d[\d,，]*(?:\.\d+)?(?!\S)")
#: lone-number lines that make a text reading-order output (table 三 alone has 175 cells)
_MIN_LONE = 12
#: a sentence inside a table section: kept as a paragraph, not a cell
_MAX_CELL_CHARS = 40
_TABLE_SECTIONS = frozenset(s.no for s in SECTIONS if s.table)


def is_cell_per_line(texts: list[str]) -> bool:
    """``pdftotext`` without ``-layout``: many lines hold one number alone, few hold several."""
    # in C loops: a tab anywhere, or a '|' anywhere before the lines are looked at for one
    joined = "\n".join(texts)
    if "\t" in joined or ("|" in joined and any(t.lstrip().startswith("|") for t in texts)):
        return False
    lone = len(list(filter(None, map(_LONE.match, map(str.strip, texts)))))
    if lone < _MIN_LONE:  # the common answer, without scanning every line for numbers
        return False
    several = 0  # lines with several numbers: counted until there are too many
    for t in texts:
        if len(_NUMBERS.findall(t)) >= 2:
            several += 1
            if several * 4 >= lone:  # a table printed a row a line (pdftotext -layout)
                return False
    return True


def table_spans(texts: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each table section's body (二, 三, 四) that holds lone numbers."""
    spans: list[tuple[int, int]] = []
    current = 0
    start: int | None = None
    for i, text in enumerate([*texts, None]):
        heading = heading_of(text, current) if text is not None else None
        if text is not None and heading is None:
            continue
        if start is not None and sum(1 for t in texts[start:i] if _LONE.match(t.strip())) >= 3:
            spans.append((start, i))
        if heading is not None:
            current = heading.no
            start = i + 1 if heading.no in _TABLE_SECTIONS else None
    return spans


def is_cell(text: str) -> bool:
    """A line of a table body: a number or a short label piece, not a sentence."""
    s = text.strip()
    return bool(s) and len(s) <= _MAX_CELL_CHARS and "。" not in s
