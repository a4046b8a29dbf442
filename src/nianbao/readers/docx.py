"""DOCX → Document: body paragraphs and tables in order, merged cells expanded into full grids.

The body XML is walked directly (python-docx opens the package and resolves styles) so that
paragraphs and tables interleave exactly as printed. ``gridSpan``, ``vMerge`` and the legacy
``hMerge`` are expanded: every position a merged cell covers is a ``GridCell`` with
``merged=True`` that repeats the origin's text. Nested tables follow their outer table as grids
of their own; a layout table (one cell, or prose-length cells) is read as running text.
DOCX has no page numbers until it is laid out, so ``Location.line`` is the block's ordinal.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..model import Block, Document, GridCell, Location, ReadProblem, TableGrid, TextBlock
from ..settings import Settings
from .failures import ZIP_ERRORS
from .text import text_blocks

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _TR, _TC = (f"{{{_W}}}{t}" for t in ("p", "tbl", "tr", "tc"))
_SDT, _SDT_CONTENT, _CUSTOM = (f"{{{_W}}}{t}" for t in ("sdt", "sdtContent", "customXml"))
_T, _TAB, _BR, _CR = (f"{{{_W}}}{t}" for t in ("t", "tab", "br", "cr"))
_TXBX, _RPR, _VANISH = (f"{{{_W}}}{t}" for t in ("txbxContent", "rPr", "vanish"))
_VAL = f"{{{_W}}}val"
# subtrees whose text is not printed in place: deleted revisions, the VML copy of a drawing,
# field instructions, properties (text boxes are read as blocks after their paragraph)
_SKIP = {f"{{{_W}}}{t}" for t in ("del", "delText", "instrText", "pPr", "tblPr", "trPr", "tcPr")}
_SKIP.add(f"{{{_MC}}}Fallback")

#: a cell with more text than this is prose, so its table is a layout table, not data
LAYOUT_CELL_CHARS = 200
#: members smaller than this are not held to the compression-ratio limit (small XML parts
#: legitimately compress well; the total-size limit still bounds them)
_RATIO_FLOOR = 1024 * 1024
#: paragraphs with a tab in them that make a run of paragraphs a text-export table
_TAB_TABLE_LINES = 6
_HEADING_NAME = re.compile(r"^(heading|title|subtitle|标题|副标题)", re.IGNORECASE)


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    check_zip(data, path, settings, "DOCX")
    root, styles = _open(data, path)
    body = root.find(f"{{{_W}}}body")
    walker = _Walker(path, _heading_styles(styles))
    if body is not None:
        walker.container(body)
    walker.flush()
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="docx",
        blocks=tuple(walker.blocks),
        pages=_page_count(data),
        problems=tuple(walker.problems),
    )


def check_zip(data: bytes, path: str | None, settings: Settings, kind: str) -> None:
    """Refuse a zip bomb before any library inflates it.

    First the central directory: declared sizes against ``max_unzipped_bytes`` and each
    member's compression ratio against ``max_zip_ratio``. Then every member is inflated in
    1 MB steps and discarded: ``zipfile`` stops a step-wise read at the declared size, so a
    member whose header understates its size fails its CRC check here, with memory bounded,
    instead of being inflated whole by a later ``ZipFile.read``.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_declared(infos, path, settings, kind)
            for info in infos:
                with zf.open(info) as member:
                    while member.read(1 << 20):
                        pass
    except ZIP_ERRORS as err:
        raise NianbaoError(
            path, f"{kind} 文件已损坏（不是有效的 ZIP 包）：{_short(err)}", f"corrupt {kind}: {err}"
        ) from err


def _check_declared(
    infos: list[zipfile.ZipInfo], path: str | None, settings: Settings, kind: str
) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_FLOOR and ratio > settings.max_zip_ratio:
            raise LimitExceeded(
                path,
                f"{kind} 内部文件 {info.filename} 压缩比异常（{ratio:.0f} 倍，上限 {settings.max_zip_ratio} 倍），疑似压缩炸弹",
                f"member {info.filename} compression ratio {ratio:.0f} exceeds {settings.max_zip_ratio} (zip bomb?)",
            )
        if total > settings.max_unzipped_bytes:
            raise LimitExceeded(
                path,
                f"{kind} 解压后过大（超过 {settings.max_unzipped_bytes / 1e6:.0f} MB），疑似压缩炸弹",
                f"uncompressed size exceeds {settings.max_unzipped_bytes} bytes (zip bomb?)",
            )


def _open(data: bytes, path: str | None) -> tuple[Any, Any]:
    try:
        import docx
        from docx.opc.exceptions import OpcError
        from lxml import etree
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "python-docx", "pip install 'nianbao[docx]'") from err
    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as err:
        if err.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:  # nesting depth, entity expansion
            raise LimitExceeded(
                path,
                f"DOCX 内容超出解析限制（嵌套过深或实体膨胀），疑似恶意文件：{_short(err)}",
                f"DOCX XML exceeds parser limits: {_short(err)}",
            ) from err
        raise NianbaoError(
            path, f"DOCX 文件已损坏：{_short(err)}", f"corrupt DOCX: {_short(err)}"
        ) from err
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise NianbaoError(
            path, f"DOCX 文件已损坏或不完整：{_short(err)}", f"corrupt DOCX: {_short(err)}"
        ) from err
    return document.element, document.styles.element


def _short(err: BaseException) -> str:
    return str(err).splitlines()[0][:160] if str(err) else type(err).__name__


def _heading_styles(styles: Any) -> frozenset[str]:
    """Style ids that make a heading: a heading/title name, or an outline level, own or inherited."""
    named: dict[str, tuple[str, str | None, bool]] = {}
    for st in styles.iterchildren(f"{{{_W}}}style"):
        sid = st.get(f"{{{_W}}}styleId")
        if sid is None:
            continue
        name = st.find(f"{{{_W}}}name")
        based = st.find(f"{{{_W}}}basedOn")
        outline = st.find(f"{{{_W}}}pPr/{{{_W}}}outlineLvl")
        has_outline = outline is not None and outline.get(_VAL, "9") not in ("9", "")
        named[sid] = (
            name.get(_VAL, "") if name is not None else "",
            based.get(_VAL) if based is not None else None,
            has_outline,
        )

    def is_heading(sid: str, depth: int = 0) -> bool:
        if sid not in named or depth > 20:
            return False
        name, based, outline = named[sid]
        if outline or _HEADING_NAME.match(name.strip()):
            return True
        return based is not None and is_heading(based, depth + 1)

    return frozenset(s for s in named if is_heading(s))


def _page_count(data: bytes) -> int | None:
    """The page count Word stored at the last save (docProps/app.xml), where present."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        try:
            app = zf.read("docProps/app.xml")[:65536]
        except KeyError:
            return None
    m = re.search(rb"<(?:\w+:)?Pages>\s*(\d{1,5})\s*<", app)
    return (int(m.group(1)) or None) if m else None


@dataclass(slots=True)
class _Cell:
    """One ``w:tc`` as written, before expansion."""

    element: Any
    text: str
    span: int
    vmerge: str | None  # None, "restart" or "continue"
    hmerge: str | None


@dataclass(slots=True)
class _Walker:
    path: str | None
    headings: frozenset[str]
    blocks: list[Block] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    tables: int = 0
    #: every w:tbl met so far, layout tables included: the number Word's user counts by
    word_tables: int = 0
    #: paragraph lines not yet emitted, with their kind
    pending: list[tuple[str, Literal["paragraph", "heading"]]] = field(default_factory=list)

    # ------------------------------------------------------------------ flow
    def container(self, element: Any) -> None:
        """Paragraphs and tables of a body, cell, text box or content control, in order."""
        for child in _flow_children(element):
            if child.tag == _P:
                self.paragraph(child)
            else:
                self.table(child)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = "".join(_runs_text(p, boxes))
        kind: Literal["paragraph", "heading"] = "heading" if self._is_heading(p) else "paragraph"
        self.pending.extend((line, kind) for line in text.split("\n"))
        if boxes:
            self.flush()
        for box in boxes:
            self.container(box)

    def flush(self) -> None:
        """Emit the paragraphs read since the last table. A run of paragraphs holding tab
        rows (a text export opened in Word or LibreOffice) is read as the text reader reads
        those lines, so its tables become grids."""
        pending, self.pending = self.pending, []
        if sum(1 for line, _ in pending if "\t" in line.strip(" ")) >= _TAB_TABLE_LINES:
            first = len(self.blocks) + 1
            self.blocks.extend(text_blocks([line for line, _ in pending], self.path, first))
            return
        for line, kind in pending:
            line = line.strip()
            if line:
                loc = Location(path=self.path, line=len(self.blocks) + 1)
                self.blocks.append(TextBlock(line, loc, kind=kind))

    def _is_heading(self, p: Any) -> bool:
        ppr = p.find(f"{{{_W}}}pPr")
        if ppr is None:
            return False
        style = ppr.find(f"{{{_W}}}pStyle")
        if style is not None and style.get(_VAL) in self.headings:
            return True
        outline = ppr.find(f"{{{_W}}}outlineLvl")
        return outline is not None and outline.get(_VAL, "9") not in ("9", "")

    # ------------------------------------------------------------------ tables
    def table(self, tbl: Any) -> None:
        self.flush()
        self.word_tables += 1
        number = self.word_tables
        rows = [[self._cell(tc) for tc in _row_cells(tr)] for tr in _rows(tbl)]
        origins = [
            c for row in rows for c in row if c.vmerge != "continue" and c.hmerge != "continue"
        ]
        if not origins:
            return
        if len(origins) == 1 or any(len(c.text) > LAYOUT_CELL_CHARS for c in origins):
            for c in origins:  # a layout table: its cells are running text
                self.container(c.element)
            return
        self.tables += 1
        table_no = str(self.tables)
        loc = Location(path=self.path, line=len(self.blocks) + 1, table=table_no)
        offsets = _row_offsets(tbl)
        grid, ends = _expand(rows, offsets, loc, number)
        self.problems.extend(_short_rows(grid, ends, offsets))
        self.blocks.append(TableGrid(rows=grid, location=loc, layout="cells"))
        for row in rows:
            for c in row:
                for nested in c.element.iter(_TBL):
                    if _parent_table(nested) is tbl:
                        self.table(nested)

    def _cell(self, tc: Any) -> _Cell:
        lines: list[str] = []
        for child in _flow_children(tc):
            if child.tag == _P:
                boxes: list[Any] = []
                lines.extend(s.strip() for s in "".join(_runs_text(child, boxes)).split("\n"))
        tcpr = tc.find(f"{{{_W}}}tcPr")
        span, vmerge, hmerge = 1, None, None
        if tcpr is not None:
            gs = tcpr.find(f"{{{_W}}}gridSpan")
            if gs is not None:
                span = _int(gs.get(_VAL), 1)
            vm = tcpr.find(f"{{{_W}}}vMerge")
            if vm is not None:
                vmerge = "restart" if vm.get(_VAL) == "restart" else "continue"
            hm = tcpr.find(f"{{{_W}}}hMerge")
            if hm is not None:
                hmerge = "restart" if hm.get(_VAL) == "restart" else "continue"
        text = "\n".join(s for s in lines if s)
        return _Cell(tc, text, span, vmerge, hmerge)


def _expand(
    rows: list[list[_Cell]], offsets: list[tuple[int, int]], loc: Location, number: int
) -> tuple[tuple[tuple[GridCell, ...], ...], list[int]]:
    """Place every ``w:tc`` on the column grid; covered positions become merged copies. Each
    cell's ``grid`` is (``number``, row, column) in the Word table. Also where each row's cells
    end (a shorter row is padded with blanks to the grid's width)."""
    texts: list[list[tuple[str, bool]]] = []
    for r, row in enumerate(rows):
        before, _after = offsets[r]
        out: list[tuple[str, bool]] = [("", False)] * before
        for c in row:
            col = len(out)
            if c.hmerge == "continue" and out:
                origin = out[-1][0]
                out.extend([(origin, True)] * c.span)
                continue
            if c.vmerge == "continue" and r > 0 and col < len(texts[r - 1]):
                origin = texts[r - 1][col][0]
                out.extend([(origin, True)] * c.span)
                continue
            out.append((c.text, False))
            out.extend([(c.text, True)] * (c.span - 1))
        texts.append(out)
    width = max(len(row) for row in texts)
    grid = tuple(
        tuple(
            GridCell(text, _at(loc, number, r + 1, c + 1), merged=merged)
            for c, (text, merged) in enumerate(padded + [("", False)] * (width - len(padded)))
        )
        for r, padded in enumerate(texts)
    )
    return grid, [len(row) for row in texts]


_DIGITS = re.compile(r"\d")


def _short_rows(
    grid: tuple[tuple[GridCell, ...], ...], ends: list[int], offsets: list[tuple[int, int]]
) -> Iterator[ReadProblem]:
    """Rows holding numbers that end before the table's last column without a ``gridAfter``
    saying so: a cell was lost, so the values after it sit one column left of their header."""
    for r, (row, end, (_, after)) in enumerate(zip(grid, ends, offsets, strict=True)):
        missing = len(row) - end - after
        if missing > 0 and end > 1 and any(_DIGITS.search(cell.text) for cell in row):
            yield ReadProblem(
                "missing_cells",
                f"Word 表格第 {r + 1} 行比其他行少 {missing} 个单元格（可能漏了一格），"
                "该行的数可能与表头错位",
                row[0].location,
            )


def _at(table: Location, number: int, row: int, col: int) -> Location:
    """A cell's location: its row and column in Word table ``number`` (``grid``) and as ids."""
    return table.with_(row=str(row), col=str(col), grid=(number, row, col))


def _flow_children(element: Any) -> Iterator[Any]:
    """``w:p`` and ``w:tbl`` children, looking through content controls and custom XML."""
    for child in element:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (_SDT, _CUSTOM, _SDT_CONTENT):
            yield from _flow_children(child)


def _rows(tbl: Any) -> Iterator[Any]:
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM, _SDT_CONTENT):
            yield from _rows(child)


def _row_cells(tr: Any) -> Iterator[Any]:
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM, _SDT_CONTENT):
            yield from _row_cells(child)


def _row_offsets(tbl: Any) -> list[tuple[int, int]]:
    """(gridBefore, gridAfter) of each row: grid columns a row leaves empty at either end."""
    out = []
    for tr in _rows(tbl):
        trpr = tr.find(f"{{{_W}}}trPr")
        before = after = 0
        if trpr is not None:
            gb = trpr.find(f"{{{_W}}}gridBefore")
            ga = trpr.find(f"{{{_W}}}gridAfter")
            before = _int(gb.get(_VAL), 0) if gb is not None else 0
            after = _int(ga.get(_VAL), 0) if ga is not None else 0
        out.append((before, after))
    return out


def _parent_table(tbl: Any) -> Any:
    parent = tbl.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _runs_text(element: Any, boxes: list[Any]) -> Iterator[str]:
    """The printed text of a paragraph; text boxes are collected into ``boxes`` instead."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _TXBX:
            boxes.append(child)
        elif tag == _T:
            yield child.text or ""
        elif tag == _TAB:
            yield "\t"
        elif tag in (_BR, _CR):
            if child.get(f"{{{_W}}}type") != "page":
                yield "\n"
        elif tag == f"{{{_W}}}r" and _hidden(child):
            continue
        elif tag == f"{{{_W}}}noBreakHyphen":
            yield "-"
        else:
            yield from _runs_text(child, boxes)


def _hidden(run: Any) -> bool:
    rpr = run.find(_RPR)
    if rpr is None:
        return False
    vanish = rpr.find(_VANISH)
    return vanish is not None and vanish.get(_VAL, "true") not in ("0", "false")


def _int(value: str | None, default: int) -> int:
    """A span or grid count, never below ``default`` and bounded: Word allows 63 columns."""
    try:
        return max(default, min(int(value or ""), 64))
    except ValueError:
        return default
