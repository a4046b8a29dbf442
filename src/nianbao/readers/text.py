"""Plain text and Markdown → Document: paragraphs, and table grids recovered from the layouts
real exports produce.

Layouts recognised (each a grid the extractor reads the same way):
- "one cell per line": a DOCX text export; every cell is a line after a tab, rows are separated
  by blank lines, a line without the tab continues the cell above (a wrapped label);
- "tab rows": one row per line, cells separated by tabs, leading empty cells kept (PDF→Markdown);
- Markdown pipe tables;
- space-aligned columns as ``pdftotext -layout`` prints them: cells are runs separated by two or
  more spaces, with their horizontal position kept (``layout="positions"``); short label
  fragments between such lines (wrapped labels) are kept as rows of their own.
Form feeds count pages; page-number lines such as ``-4-`` are dropped, even inside a table.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable
from operator import itemgetter, methodcaller

from ..errors import LimitExceeded
from ..formats.headings import heading_of
from ..model import Document, GridCell, Location, ReadProblem, TableGrid, TextBlock
from ..model.document import PrintedRow, printed_grid
from ..model.location import Position, new_location
from ..model.quick import slots_base
from ..settings import Settings
from ..textnorm import PAGE_MARK_CHARS, is_page_number, loose_number
from .crawled import glued_blocks, is_glued
from .decode import damage_lines, decode
from .reading import is_cell, is_cell_per_line, raw_cells, row_or_header, table_spans

_PIPE_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")
_GAP = re.compile(r"(?:\s{2,}|\u3000+)")
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*$")
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s")
_WIDE_GAP = re.compile(r"\S\s{4,}\S")
#: a cell of a space-aligned line: words one space apart (captured: a split keeps the cells
#: and the gaps before them)
_CHUNK = re.compile(r"(\S+(?: \S+)*)")
_MAX_FRAGMENT = 40  # display width of a wrapped-label fragment inside a space-aligned table
_MAX_FRAGMENT_GAP = 3  # lines between a fragment and the table line it belongs to
_MAX_LOOSE_CHARS = 40  # characters of a loose line between the fragments of a Markdown table
_INTERN_LINES = 5_000  # lines of a text whose cell strings are kept once per distinct text


#: a line as (number, page, text): a tuple, as a text report has hundreds of lines and an
#: object per line cost more than reading it (page None where the text has no form feeds)
_Line = tuple[int, int | None, str]
_TEXT = itemgetter(2)  # a line's text
_LINE_NO = itemgetter(0)  # a line's number
_FORM_FEEDS = methodcaller("count", "\f")


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    if len(data) > settings.max_text_bytes:
        raise LimitExceeded(
            path,
            f"文本过大（{len(data) / 2**20:.1f} MiB，上限 {settings.max_text_bytes / 2**20:.0f} MiB），不像一份年度报告",
            f"text too large ({len(data)} bytes, limit {settings.max_text_bytes})",
        )
    text, encoding = decode(data, path)
    problems = damage_problems(text, encoding, path)
    tabs = text.count("\t")  # once: the glued-text test and the layout test both ask
    glued = is_glued(text, tabs)
    lines, pages, joined = _split_lines(text)
    # most texts hold neither '#' nor '|': no Markdown line to look for
    markdown = ("#" in text or "|" in text) and _is_markdown(lines)
    del text  # the lines hold it now: one copy, not two, while the blocks are built
    if glued:
        blocks = glued_blocks(lines, path)
    else:
        # the lines' tabs are the text's where they are the text (no line dropped)
        blocks = _blocks(lines, path, joined, None if joined is None else tabs)
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="markdown" if markdown else "text",
        blocks=tuple(blocks),
        encoding=encoding,
        pages=pages if pages > 1 else None,
        problems=problems,
    )


def damage_problems(text: str, encoding: str, path: str | None) -> tuple[ReadProblem, ...]:
    """One problem per line that held bytes the encoding could not decode."""
    damaged = damage_lines(text)
    if not damaged:  # the usual text: no generator and tuple built for nothing
        return ()
    return tuple(
        ReadProblem(
            "undecodable_bytes",
            f"第 {no} 行有无法按 {encoding} 解码的字节，已以 \ufffd 代替，其余内容照常读取",
            Location(path=path, line=no),
        )
        for no in damaged
    )


def text_blocks(lines: list[str], path: str | None, first: int = 1) -> list[TextBlock | TableGrid]:
    """Blocks of lines that come from another container (paragraphs of a DOCX made from a
    text export), numbered from ``first``."""
    return _blocks([(first + i, None, t) for i, t in enumerate(lines)], path)


def _split_lines(text: str) -> tuple[list[_Line], int, str | None]:
    """The lines, made by C loops (``zip``; ``accumulate`` counts the pages), then the few
    lines that hold a form feed or a marked page number mended, last first (the earlier ones
    keep their index): a form feed splits its line, the head on the page before, and a page
    number's line is dropped. Last, the lines' texts joined by line breaks where the text is
    that (no line mended), else None."""
    if "\r" in text:  # a memchr: the two replaces would each search the text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    raws = text.split("\n")
    marked = _lines_holding(text, PAGE_MARK_CHARS)
    if "\f" not in text:  # one page, numbers unknown: the common case
        one: list[_Line] = list(zip(itertools.count(1), itertools.repeat(None), raws))
        whole: str | None = text
        for no in sorted(marked, reverse=True):
            if _page_number(raws[no - 1]):
                del one[no - 1]
                whole = None
        return one, 1, whole
    # the page each line ends on: 1 + the form feeds up to its end
    ends = list(itertools.accumulate(map(_FORM_FEEDS, raws), initial=1))[1:]
    out: list[_Line] = list(zip(itertools.count(1), ends, raws))
    feeds = _lines_holding(text, "\f")
    for no in sorted(feeds | marked, reverse=True):
        raw, page = raws[no - 1], ends[no - 1]
        made: list[_Line] = []
        if no in feeds:
            head, *rest = raw.split("\f")
            if head.strip():
                made.append((no, page - len(rest), head))
            raw = rest[-1]
        if no not in marked or not _page_number(raw):
            made.append((no, page, raw))
        out[no - 1 : no] = made
    page = ends[-1]
    if page > 1 and text.rstrip(" \t\r\n").endswith("\f"):
        page -= 1  # pdftotext ends every page, the last one too, with a form feed
    if page == 1:  # no form feeds: pages unknown
        out = [(no, None, raw) for no, _, raw in out]
    return out, page, None


def _page_number(raw: str) -> bool:
    """A line that is a marked page number (``-4-``, ``第 4 页``), which is dropped."""
    return len(raw) < 40 and is_page_number(raw, bare=False)


def _lines_holding(text: str, marks: str) -> set[int]:
    """Numbers of the lines that hold one of ``marks`` (the page marks, a dash or 页; a form
    feed): a ``find`` per mark character (a memchr over the text; the marks are rare) instead
    of a test per line, or a character-class regex, which tests every character of the text."""
    hits: list[int] = []
    for mark in marks:
        pos = text.find(mark)
        while pos >= 0:
            hits.append(pos)
            end = text.find("\n", pos)  # one hit a line is enough
            pos = text.find(mark, end) if end >= 0 else -1
    found: set[int] = set()
    no, last = 1, 0
    for pos in sorted(hits):
        no += text.count("\n", last, pos)
        last = pos
        found.add(no)
    return found


def _is_markdown(lines: list[_Line]) -> bool:
    for ln in lines[:400]:
        text = ln[2]
        if ("#" in text and _HEADING_LINE.match(text)) or ("|" in text and _pipe_row(text)):
            return True
    return False


_BLANKS = " \t\u3000\u00a0\ufeff"

#: a line's kind (``_layout_blocks``), a letter: t a tab row, c a cell line (one leading tab,
#: no other), o a text line continuing the cell above, b blank, p a pipe row, s a
#: space-aligned row, f a fragment of a space-aligned table's wrapped label, x text
_TAB_KINDS = "tco"  # the kinds that start a tab grid
_SPACED_KINDS = "sf"  # … a space-aligned grid
#: the kinds that end each sort of run (``_run_end``): those it does not take
_NOT_TAB_RUN = re.compile("[^tcob]")
_NOT_SPACED_RUN = re.compile("[^sfb]")
_NOT_PIPE_RUN = re.compile("[^p]")


def _blank(text: str) -> bool:
    return not text.strip(_BLANKS)


# reading-order text (pdftotext without -layout): a row is its label and its numbers, one space
# apart, or a line of numbers under the lines of its wrapped label
_RAW_ROW = re.compile(r"^(?P<label>.*?[^\d\s.,，+-])\s(?P<nums>-?\d[\d.]*(?: -?\d[\d.]*)+)\s*$")
_RAW_NUMBERS = re.compile(r"^-?\d[\d.]*(?: -?\d[\d.]*){2,}\s*$")
_RAW_MIN_ROWS = 5  # such rows that make a text reading-order output
_RAW_LABEL_LINES = 6  # lines of a wrapped label above its numbers
_RAW_LABEL_CHARS = 30


def _reading_order_rows(lines: list[_Line], tabbed: bool | None = None) -> list[_Line]:
    """Reading-order text as tab rows: ``label n1 n2 …`` becomes ``label⇥n1⇥n2…``, and a line
    of numbers takes the short lines printed since the previous row as its label.
    ``tabbed``: whether a line holds a tab, where the caller knows."""
    if tabbed is None:
        tabbed = "\t" in "\n".join(map(_TEXT, lines))
    if tabbed:  # a text with tab rows is not reading-order text
        return lines
    # most lines are told by ``row_or_header`` alone
    rows = [row_or_header(s := ln[2].strip()) and _raw_row(s) for ln in lines]
    if sum(rows) < _RAW_MIN_ROWS:
        return lines
    out: list[_Line] = []
    for ln, is_row in zip(lines, rows, strict=True):
        text = ln[2].strip()
        if not is_row or heading_of(text, 0) is not None:
            out.append(ln)
            continue
        cells = raw_cells(text)
        if cells:
            out.append((ln[0], ln[1], "\t".join(cells)))
            continue
        m = _RAW_ROW.match(text)
        if m:
            out.append((ln[0], ln[1], "\t".join([m["label"], *m["nums"].split()])))
            continue
        label: list[_Line] = []
        while out and len(label) < _RAW_LABEL_LINES and _raw_label_part(out[-1][2]):
            label.insert(0, out.pop())
        joined = "".join(part[2].strip() for part in label)
        out.append((ln[0], ln[1], "\t".join([joined, *text.split()])))
    return out


def _raw_row(s: str) -> bool:
    """A stripped line that is a row (``_RAW_ROW``, ``_RAW_NUMBERS``) or a header or one-value
    row (``raw_cells``)."""
    # both patterns end in two numbers one space apart: the last space follows a number
    k = s.rfind(" ")
    if k > 0 and (s[k - 1].isdecimal() or s[k - 1] == "."):
        if _RAW_ROW.match(s) or _RAW_NUMBERS.match(s):
            return True
    return raw_cells(s) is not None


def _raw_label_part(text: str) -> bool:
    s = text.strip()
    return (
        bool(s)
        and "\t" not in s
        and len(s) <= _RAW_LABEL_CHARS
        and "。" not in s
        and heading_of(s, 0) is None
    )


def _blocks(
    lines: list[_Line], path: str | None, joined: str | None = None, tabs: int | None = None
) -> list[TextBlock | TableGrid]:
    """``joined``: the lines' texts joined by line breaks, where the caller has it (the text
    they were split from); ``tabs``: the tabs in it, where the caller counted them."""
    if joined is None:
        joined = "\n".join(map(_TEXT, lines))
    # a tab anywhere: neither one cell per line nor reading-order text (both tests would
    # join the whole text again to look for it)
    first = joined.find("\t")
    tabbed = first >= 0
    if not tabbed and is_cell_per_line(list(map(_TEXT, lines))):
        return _cell_per_line_blocks(lines, path)
    # every tab the first character of its line (a DOCX export, one cell a line), counted
    # only where the first tab is (a text of tab rows has one inside its first row)
    leading = (
        tabbed
        and (first == 0 or joined[first - 1] == "\n")
        and (joined.count("\t") if tabs is None else tabs)
        == joined.count("\n\t") + (joined[0] == "\t")
    )
    return _layout_blocks(lines, path, tabbed, leading)


def _cell_per_line_blocks(lines: list[_Line], path: str | None) -> list[TextBlock | TableGrid]:
    """Reading-order text: each table section's body is one ``runs`` grid, a cell per line
    (sentences in it stay paragraphs); the rest is read as any text."""
    blocks: list[TextBlock | TableGrid] = []
    done = 0
    for start, end in table_spans(list(map(_TEXT, lines))):
        blocks.extend(_layout_blocks(lines[done:start], path, False))
        body = [ln for ln in lines[start:end] if not _blank(ln[2])]
        cells = [ln for ln in body if is_cell(ln[2])]
        blocks.extend(_layout_blocks([ln for ln in body if not is_cell(ln[2])], path, False))
        rows = tuple((GridCell(ln[2].strip(), _loc(path, ln)),) for ln in cells)
        if rows:
            blocks.append(TableGrid(rows, rows[0][0].location, layout="runs"))
        done = end
    blocks.extend(_layout_blocks(lines[done:], path, False))
    return blocks


def _layout_blocks(
    lines: list[_Line], path: str | None, tabbed: bool | None = None, leading: bool = False
) -> list[TextBlock | TableGrid]:
    """``tabbed``: whether a line holds a tab, where the caller knows; ``leading``: that
    every tab is the first character of its line, so a line holding one is a cell line."""
    lines = _reading_order_rows(lines, tabbed)
    # each line's kind, a letter (see ``_TAB_KINDS``): a DOCX-export cell line (one leading
    # tab, no other), a tab row, blank (told inline: a call per line costs more than the
    # test), else a pipe row, a space-aligned row or text. ``rfind`` costs some 700
    # instructions (it parses its arguments), so only for a line that starts with a tab, and
    # not where ``leading`` answers. One string of them: a run's end and whether a row holds
    # a kind are each one C search, where a list of kinds took a comparison a line. An empty
    # line, the usual blank one, is told without ``strip``'s method call
    kinds = "".join(
        [
            ("c" if leading or (t[0] == "\t" and t.rfind("\t") == 0) else "t")
            if "\t" in t
            else "b"
            if not t or not t.strip(_BLANKS)
            else _text_kind(t)
            for _no, _page, t in lines
        ]
    )
    if "c" in kinds:  # only a cell line has continuations
        kinds = _mark_continuations(lines, kinds)
    if "s" in kinds:  # only a space-aligned table has fragments
        kinds = _mark_fragments(lines, kinds)
    blocks: list[TextBlock | TableGrid] = []
    # one string per distinct cell text where the text is long enough to be a batch export,
    # which repeats every label and most numbers; a report's own cells repeat too few to pay
    # for the dict (about 300 instructions a cell)
    strings: dict[str, str] | None = {} if len(lines) >= _INTERN_LINES else None
    i = 0
    while i < len(lines):
        kind = kinds[i]
        if kind in _TAB_KINDS:
            j = _run_end(kinds, i, _NOT_TAB_RUN)
            blocks.append(_tab_grid(lines[i:j], kinds[i:j], path, strings))
            i = j
        elif kind == "p":
            j = _pipe_end(lines, kinds, i)
            blocks.append(_pipe_grid(lines[i:j], path, strings))
            i = j
        elif kind in _SPACED_KINDS:
            j = _run_end(kinds, i, _NOT_SPACED_RUN)
            blocks.append(_spaced_grid(lines[i:j], kinds[i:j], path))
            i = j
        else:
            if kind == "x":
                no, page, text = lines[i]
                stripped = text.strip(" \t\u3000\u00a0\ufeff")
                heading = "#" in stripped and bool(_HEADING_LINE.match(text))
                # new_text_block(…, new_location(path, page, no), …), both built in place
                loc = _LOCATION_SLOTS()
                loc.path, loc.page, loc.line = path, page, no
                loc.table = loc.row = loc.col = loc.section = None
                loc.x = loc.y = loc.box = loc.grid = None
                loc.__class__ = Location
                block = _TEXT_BLOCK_SLOTS()
                block.text = stripped.lstrip("#").strip() if heading else stripped
                block.location = loc
                block.kind = "heading" if heading else "paragraph"
                block.__class__ = TextBlock
                blocks.append(block)
            i += 1
    return blocks


def _run_end(kinds: str, start: int, stop: re.Pattern[str]) -> int:
    """End of the run that starts at ``start`` (a line of the run, not blank): the first line
    after it of a kind ``stop`` matches (the kinds the run does not take), not counting
    trailing blank lines."""
    found = stop.search(kinds, start + 1)
    j = len(kinds) if found is None else found.start()
    while j > start + 1 and kinds[j - 1] == "b":
        j -= 1
    return j


def _pipe_end(lines: list[_Line], kinds: str, start: int) -> int:
    """End of a Markdown table that a converter shredded into fragments: pipe lines, with
    blank lines and short loose lines (a wrapped label's rest, a lost cell) between them as
    long as another pipe line follows within ``_MAX_FRAGMENT_GAP`` lines."""
    end = _run_end(kinds, start, _NOT_PIPE_RUN)
    while True:
        k = end
        while k < len(kinds) and k - end < _MAX_FRAGMENT_GAP and kinds[k] != "p":
            if kinds[k] == "x" and not _loose_part(lines[k][2]):
                break
            k += 1
        if k >= len(kinds) or kinds[k] != "p":
            # a cell lost from the last row, printed right under the table
            lost = end < len(kinds) and kinds[end] == "x" and loose_number(lines[end][2])
            return end + 1 if lost else end
        end = _run_end(kinds, k, _NOT_PIPE_RUN)


def _loose_part(text: str) -> bool:
    """A line a converter dumped between table fragments: short, no sentence, no heading."""
    s = text.strip()
    return bool(s) and len(s) <= _MAX_LOOSE_CHARS and "。" not in s and heading_of(s, 0) is None


def _text_kind(text: str) -> str:
    """A pipe row, a space-aligned row or text (a kind's letter, see ``_TAB_KINDS``): a line
    with no tab that is not blank."""
    if "|" in text and _pipe_row(text):
        return "p"
    # the stripped line's words (``\s`` is what str.split() cuts at): without two there is no
    # gap to split at, and one word is neither several cells nor a number beside a label.
    # Most prose lines, told here without ``_spaced``'s call
    words = text.split()
    if len(words) < 2:
        return "x"
    return "s" if _spaced(text, words) else "x"


def _pipe_row(text: str) -> bool:
    """A Markdown table row: the stripped line starts with a '|' and ends with another (a str
    test, not a regex: it runs on every line that holds a '|')."""
    s = text.strip()
    return len(s) > 1 and s[0] == "|" and s[-1] == "|"


def _spaced(text: str, words: list[str]) -> bool:
    """A space-aligned table line: several cells, or at least one number beside a label.
    ``words``: the line's words, two or more (told before the heading look-up, which hashes
    the whole line for its cache)."""
    s = text.strip()
    if " ".join(words) == s:
        # its words one space apart: no gap (``_GAP`` needs two white spaces or a U+3000),
        # told without the regexes, which test every character of the line; the one part is
        # a row of numbers or prose
        return (
            len(words) >= 3 and all(_NUMBER.match(t) for t in words) and heading_of(text, 0) is None
        )
    if heading_of(text, 0) is not None:
        return False
    parts = _GAP.split(s)  # no empty part: s is stripped, and a gap takes all its spaces
    if len(parts) >= 3:
        return True
    if len(parts) == 2:
        wide_gap = _WIDE_GAP.search(s) is not None
        return wide_gap or any(_NUMBER.match(p.replace(" ", "")) for p in parts)
    return len(words) >= 3 and all(_NUMBER.match(t) for t in words)


def _mark_continuations(lines: list[_Line], kinds: str) -> str:
    """The kinds with each text line right after a one-cell-per-line cell marked as continuing
    that cell (wrapped text). The text lines are found by ``find`` (a memchr): a DOCX export
    is mostly cells."""
    conts: list[int] = []
    i = kinds.find("x", 1)
    while i >= 0:
        if (kinds[i - 1] in "co" or (conts and conts[-1] == i - 1)) and heading_of(
            lines[i][2], 0
        ) is None:
            conts.append(i)
        i = kinds.find("x", i + 1)
    if not conts:
        return kinds
    marked = list(kinds)
    for i in conts:
        marked[i] = "o"
    return "".join(marked)


def _mark_fragments(lines: list[_Line], kinds: str) -> str:
    """The kinds with short lines between space-aligned table lines marked as wrapped-label
    fragments, or rows printed with a label only (their cells blank); a heading or a prose
    line ends the table."""
    marked = list(kinds)
    spaced = [i for i, k in enumerate(marked) if k == "s"]
    for a, b in zip(spaced, spaced[1:], strict=False):
        if b - a <= 1:
            continue
        between = range(a + 1, b)
        if all(marked[i] == "b" or _fragment(lines[i][2]) for i in between):
            for i in between:
                if marked[i] == "x":
                    marked[i] = "f"
    # fragments just before or after a table line (the head or tail of a wrapped label)
    for a in spaced:
        for step in (1, -1):
            i = a + step
            while 0 <= i < len(marked) and abs(i - a) <= 2:
                if marked[i] == "x" and _fragment(lines[i][2]):
                    marked[i] = "f"
                elif marked[i] != "b":
                    break
                i += step
    return "".join(marked)


def _fragment(text: str) -> bool:
    s = text.strip()
    # a section heading ends a space-aligned table even when it is short
    return bool(s) and _width(s) <= _MAX_FRAGMENT and heading_of(s, 0) is None


#: a character that is neither ASCII nor one of the wide ones (east Asian width W or F, as
#: tests/test_relayout.py checks) a Chinese text is mostly made of, each 3 bytes in UTF-8: CJK
#: punctuation, ideographs (and extension A), full-width forms
_NOT_ASCII_OR_WIDE = re.compile(r"[^\x00-\x7f\u3001-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]")


def _width(text: str) -> int:
    """Display columns: 2 for a wide (CJK) character; an ASCII text is one per character."""
    if text.isascii():
        return len(text)
    if _NOT_ASCII_OR_WIDE.search(text) is None:
        # ASCII (1 byte in UTF-8, 1 column) and wide characters (3 bytes, 2 columns) only
        return len(text) + (len(text.encode()) - len(text)) // 2
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------- grids

#: a space-aligned line's GridCells and their Locations are built in place (``quick.slots_base``:
#: every field stored, then the class set) rather than by their builders: a builder's call
#: costs a quarter of the building
_GRID_CELL_SLOTS = slots_base(GridCell)
_LOCATION_SLOTS = slots_base(Location)
_TEXT_BLOCK_SLOTS = slots_base(TextBlock)


def _tab_grid(
    lines: list[_Line], kinds: str, path: str | None, strings: dict[str, str] | None
) -> TableGrid:
    """Group blank-separated runs; a run of one-cell lines is one row, otherwise a row per line.
    A cell's text is the one in ``strings`` equal to it, if any (where ``strings`` is given).
    The rows are kept as printed (``printed_grid``): the GridCells are made only if something
    reads ``rows``."""
    intern = None if strings is None else strings.setdefault
    rows: list[PrintedRow] = []
    printed: list[tuple[int, ...]] = []  # each row's lines
    # the lines' numbers (in order), and whether each is there once (a form feed splits a
    # line in two): a row printed a cell per line is on its lines' numbers. Made at the first
    # such row (a tab table has none)
    numbers: list[int] = []
    once = True
    start = 0
    # each run of lines between blank lines, as its kinds: ``in`` tells a run's sort, where a
    # ``find`` between two indices parses its arguments first (some 700 instructions)
    for group in kinds.split("b"):
        end = start + len(group)
        if "t" in group:  # a row a line
            for no, page, text in lines[start:end]:
                parts = text.split("\t")
                cells = tuple(parts) if intern is None else tuple(map(intern, parts, parts))
                # where: the line's (path, page, line), its Location made only if asked for
                rows.append((cells, (path, page, no)))
                printed.append((no,))
        elif group:  # every line one cell (a cell, a continuation): one row
            if not numbers:
                numbers = list(map(_LINE_NO, lines))
                once = len(set(numbers)) == len(lines)
            nos = numbers[start:end]
            if "o" in group:  # a wrapped cell
                row = _wrapped_row(lines[start:end], group, path, intern)
                rows.append(row)
                # its continuation line is not a line of the row's cells
                printed.append(
                    tuple(nos if once else dict.fromkeys(nos))
                    if len(row[0]) == len(nos)
                    else _lines_of(row[1])
                )
            else:  # a line a cell: a tab, then the cell's text
                run = lines[start:end]
                # ``removeprefix``: a method call, where a slice builds a slice object first
                # (some 150 instructions a cell more)
                texts = [text.removeprefix("\t") for _no, _page, text in run]
                rows.append(
                    (
                        tuple(texts if intern is None else map(intern, texts, texts)),
                        # each cell's (path, page, line): a Location made on first access
                        # (most cells are read by value only)
                        [(path, pg, ln) for ln, pg, _text in run],
                    )
                )
                printed.append(tuple(nos if once else dict.fromkeys(nos)))
        start = end + 1
    return printed_grid(tuple(rows), _loc(path, lines[0]), tuple(printed))


def _wrapped_row(
    lines: list[_Line], kinds: str, path: str | None, intern: Callable[[str, str], str] | None
) -> tuple[tuple[str, ...], list[Position]]:
    """One row printed a cell per line (a DOCX export) where a line without the tab continues
    the cell above (a wrapped label); ``kinds``: its lines'. ``intern(text, text)`` gives the
    string a cell keeps (None: the text itself)."""
    texts: list[str] = []
    wheres: list[Position] = []
    for (no, page, text), kind in zip(lines, kinds, strict=True):
        if kind == "o":
            if texts:
                texts[-1] = texts[-1] + "\n" + text.strip()
                continue
            body = text
        else:
            body = text[1:]
        texts.append(body if intern is None else intern(body, body))
        wheres.append((path, page, no))
    return tuple(texts), wheres


def _lines_of(wheres: list[Position]) -> tuple[int, ...]:
    """The lines of a row's cells, each once, in order."""
    return tuple(sorted({line for _path, _page, line in wheres}))


def _pipe_grid(lines: list[_Line], path: str | None, strings: dict[str, str] | None) -> TableGrid:
    """A Markdown table (rule rows dropped); as in ``_tab_grid``, a line's cells share its
    location and a cell's text is interned (where ``strings`` is given)."""
    rows: list[PrintedRow] = []
    printed: list[tuple[int, ...]] = []  # each row's lines
    for no, page, text in lines:
        body = text.strip()
        loc = (path, page, no)  # its Location made only if asked for, as a tab row's
        if not _pipe_row(body):  # a loose line inside a shredded table: a label part
            if body:
                rows.append(((body,), loc))
                printed.append((no,))
            continue
        parts = body[1:-1].split("|")
        if "--" in body and all(_PIPE_RULE.match(p) for p in parts):  # a rule has "--"
            continue
        texts = [p.strip() for p in parts]
        rows.append(
            (tuple(texts if strings is None else map(strings.setdefault, texts, texts)), loc)
        )
        printed.append((no,))
    return printed_grid(tuple(rows), _loc(path, lines[0]), tuple(printed))


def _spaced_grid(lines: list[_Line], kinds: str, path: str | None) -> TableGrid:
    rows: list[tuple[GridCell, ...]] = []
    printed: list[tuple[int, ...]] = []  # each row's lines
    for ln, k in zip(lines, kinds, strict=True):
        if k == "b":
            continue
        rows.append(tuple(_segments(ln, path)))
        printed.append((ln[0],))
    return TableGrid(tuple(rows), _loc(path, lines[0]), "positions", tuple(printed))


def _segments(ln: _Line, path: str | None) -> list[GridCell]:
    """Cells of a space-aligned line, each with the display column of its centre as x."""
    no, page, raw = ln
    cells: list[GridCell] = []
    text = raw.rstrip().replace("\u3000", "  ")
    start = 0  # the next chunk's display column
    parts = iter(_CHUNK.split(text))  # gap, chunk, gap, chunk … (and the empty end)
    for gap, chunk in zip(parts, parts, strict=False):  # pairs: the empty end is left over
        # the gap before a chunk is white space, a column a character (U+3000, the one wide
        # space, was made two above): each chunk is measured once
        start += len(gap)
        width = len(chunk) if chunk.isascii() else _width(chunk)
        if " " in chunk:
            numbers = chunk.split(" ")
            if all(_NUMBER.match(n) for n in numbers):
                offset = start
                for n in numbers:
                    w = len(n) if n.isascii() else _width(n)
                    cells.append(_cell_at(n, path, page, no, offset + w / 2))
                    offset += w + 1
                start += width
                continue
        cells.append(_cell_at(chunk, path, page, no, start + width / 2))
        start += width
    return cells


def _cell_at(text: str, path: str | None, page: int | None, no: int, x: float) -> GridCell:
    """``new_grid_cell(text, new_location(path, page, no, x=x))``, both built in place
    (``slots_base``): one call a cell of a space-aligned line, not two builders' calls."""
    loc = _LOCATION_SLOTS()
    loc.path, loc.page, loc.line = path, page, no
    loc.table = loc.row = loc.col = loc.section = None
    loc.x = x
    loc.y = loc.box = loc.grid = None
    loc.__class__ = Location
    cell = _GRID_CELL_SLOTS()
    cell.text = text
    cell.location = loc
    cell.merged = cell.unread = False
    cell.confidence = None
    cell.note = ""
    cell.__class__ = GridCell
    return cell


def _loc(path: str | None, ln: _Line, x: float | None = None) -> Location:
    return new_location(path, ln[1], ln[0], None, None, None, None, x)
