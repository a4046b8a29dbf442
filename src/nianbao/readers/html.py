"""HTML → Document: a report page as saved from a government site, tables as expanded grids.

The page is decoded by evidence (BOM, then the declared charset if the bytes agree with it, then
detection), parsed by lxml without ``huge_tree`` and without network access, and stripped of
what is not the report: scripts, styles, forms, hidden elements and page chrome (navigation,
footers, breadcrumbs). Paragraphs and tables are read in document order; ``rowspan`` and
``colspan`` are expanded so every covered position is a ``GridCell`` with ``merged=True``.
``Location.line`` is the line of the element in the HTML source. Nothing is executed or fetched.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..model import Block, Document, GridCell, Location, ReadProblem, TableGrid, TextBlock
from ..settings import Settings
from .detect import escaped_markup
from .jsstring import unwrap
from .positioned import is_positioned, read_positioned
from .text import damage_problems

#: a cell with more text than this is prose, so its table is a layout table, not data
LAYOUT_CELL_CHARS = 200
#: grid positions one table may expand to (rowspan/colspan are attacker-controlled)
#: libxml2 refuses deeper nesting unless ``huge_tree`` is on (it is never on here)
LIBXML2_MAX_DEPTH = 256

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "form", "button", "select", "textarea", "input", "svg", "math",
    "canvas", "video", "audio", "map", "head", "title", "meta", "link", "base",
}  # fmt: skip
_CHROME_TAGS = {"nav", "footer", "aside", "menu"}
_CHROME_WORDS = {
    "nav", "navbar", "navigation", "menu", "footer", "foot", "sidebar", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "share", "topbar", "toolbar", "copyright", "friendlink",
    "links", "search", "position", "location", "dqwz", "bottom",
}  # fmt: skip
_HEADERISH_WORDS = {"header", "head", "top", "banner", "logo"}
_BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "ul", "tr", "td", "th",
    "tbody", "thead", "tfoot", "caption", "option", "legend",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_WORDS = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
#: a line break the markup makes (<br>, a block inside a cell), unlike a newline in the source
_BREAK = "\u2028"
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# a line wrap between two CJK characters is not a space (Word-exported HTML wraps mid-sentence)
_CJK_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{2,40})""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.\-]{2,40})""")
_XML_DECL_TEXT = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB2312 and GBK pages often hold characters only GB18030 (their superset) decodes
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    if len(data) > settings.max_text_bytes:
        raise LimitExceeded(
            path,
            f"网页过大（{len(data) / 1e6:.1f} MB，上限 {settings.max_text_bytes / 1e6:.0f} MB）",
            f"HTML too large ({len(data)} bytes, limit {settings.max_text_bytes})",
        )
    text, encoding, notes = decode_html(data)
    if escaped_markup(data[: 1 << 20]):
        inner = unwrap(text)
        if inner is not None:
            text = inner
            notes.append("网页正文保存在脚本字符串中，已按转义规则还原")
    if is_positioned(text):
        return read_positioned(text, data, path, encoding)
    root = _parse(text, path, settings)
    _clean(root)
    walker = _Walker(path, settings.max_table_cells)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="html",
        blocks=tuple(walker.blocks),
        encoding=encoding,
        notes=tuple(notes),
        problems=(*damage_problems(text, encoding, path), *walker.problems),
    )


# ---------------------------------------------------------------------- decoding


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, notes): BOM, else the declared charset if the bytes agree, else detection.

    A declared charset that a few stray bytes break is kept, with those bytes replaced (the
    reader reports where): detection would pick GB18030, which decodes anything, and turn the
    whole page into garbage. Only a page the declared charset cannot read at all (declared
    UTF-8, written in GBK) is detected afresh."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name, []
    notes: list[str] = []
    declared = _declared(data[:4096])
    if declared:
        try:
            return data.decode(declared), declared, notes
        except UnicodeDecodeError:
            lenient = _few_replaced(data, declared)
            if lenient is not None:
                return lenient, declared, notes
            notes.append(f"网页声明的编码 {declared} 与内容不符，已自动识别编码")
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        lenient = _few_replaced(data, "utf-8")
        if lenient is not None:
            return lenient, "utf-8", notes
    guess = _detect(data)
    try:
        return data.decode(guess), guess, notes
    except UnicodeDecodeError:
        notes.append(f"部分字符无法按 {guess} 解码，已替换为 �")
        return data.decode(guess, errors="replace"), guess, notes


#: most characters a page may lose to replacement and still count as in its charset
_MAX_REPLACED_PER_10K = 5


def _few_replaced(data: bytes, encoding: str) -> str | None:
    """The page decoded with replacement, when only a few bytes needed it."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    damage = text.count("\ufffd")
    return text if damage <= max(2, len(text) * _MAX_REPLACED_PER_10K // 10_000) else None


def _declared(head: bytes) -> str | None:
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _detect(data: bytes) -> str:
    """The most likely encoding of non-UTF-8 bytes (GB18030 unless detection says otherwise)."""
    try:
        from charset_normalizer import from_bytes
    except ModuleNotFoundError:
        return "gb18030"
    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_16", "cp1252"]).best()
    if best is None:
        return "gb18030"
    name = codecs.lookup(best.encoding).name
    return _SUPERSETS.get(name, name)


# ---------------------------------------------------------------------- parsing


def _parse(text: str, path: str | None, settings: Settings) -> Any:
    try:
        import lxml.html
        from lxml import etree
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "lxml", "pip install 'nianbao[html]'") from err
    # lxml refuses str input with an encoding declaration; the text is already decoded
    text = _XML_DECL_TEXT.sub("", text, count=1)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", huge_tree=False, no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise NianbaoError(path, "网页内容为空或无法解析", f"unparseable HTML: {err}") from err
    limit = min(settings.max_html_depth, LIBXML2_MAX_DEPTH)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log) or _depth(root) > limit:
        raise LimitExceeded(
            path,
            f"网页标签嵌套过深（超过 {limit} 层），不像一份正常的报告页面",
            f"HTML nesting deeper than {limit} levels",
        )
    return root


def _depth(root: Any) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in el)
    return deepest


def _clean(root: Any) -> None:
    """Drop what a reader of the page does not see as the report; tails (following text) stay."""
    doomed = [el for el in root.iter() if not isinstance(el.tag, str) or _invisible(el)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find("body")
    total = len(_text_of(body if body is not None else root))
    chrome = [el for el in root.iter() if isinstance(el.tag, str) and _is_chrome(el, total)]
    for el in chrome:
        if el.getparent() is not None and not any(a in chrome for a in el.iterancestors()):
            el.drop_tree()


def _invisible(el: Any) -> bool:
    return (
        el.tag.lower() in _DROP_TAGS
        or el.get("hidden") is not None
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )


def _is_chrome(el: Any, total: int) -> bool:
    """Navigation, footers, breadcrumbs: never an element holding a table or most of the text."""
    tag = el.tag.lower()
    words = {w.lower() for w in _WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}")}
    chrome = tag in _CHROME_TAGS or bool(words & _CHROME_WORDS)
    if not chrome and (tag == "header" or words & _HEADERISH_WORDS):
        # a page header (logo, site name), but not an article header holding the title
        chrome = next(el.iter("h1", "h2", "h3"), None) is None
    if not chrome or next(el.iter("table"), None) is not None:
        return False
    return len(_text_of(el)) < 0.3 * total


def _text_of(el: Any) -> str:
    return "".join(el.itertext())


# ---------------------------------------------------------------------- blocks


@dataclass(slots=True)
class _Walker:
    path: str | None
    max_cells: int
    blocks: list[Block] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    line: int | None = None
    heading: int = 0
    tables: int = 0
    problems: list[ReadProblem] = field(default_factory=list)

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = line
            self.buf.append(text)

    def flush(self) -> None:
        text, self.buf = "".join(self.buf), []
        line, self.line = self.line, None
        kind: Literal["paragraph", "heading"] = "heading" if self.heading else "paragraph"
        for part in _lines(text):
            self.blocks.append(TextBlock(part, Location(path=self.path, line=line), kind=kind))

    def walk(self, el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.heading += tag in _HEADINGS
        self.add(el.text, el.sourceline)
        for child in el:
            self.walk(child)
            self.add(child.tail, child.sourceline)
        if block:
            self.flush()
        self.heading -= tag in _HEADINGS

    def table(self, table: Any) -> None:
        rows = [[_Cell.of(td) for td in _cells(tr)] for tr in _table_rows(table)]
        cells = [c for row in rows for c in row]
        if not cells:
            return
        for caption in table.findall("caption"):
            self.walk(caption)
        if len(cells) == 1 or any(len(c.text) > LAYOUT_CELL_CHARS for c in cells):
            for c in cells:  # a layout table: its cells are running text
                self.walk(c.element)
                self.flush()
            return
        self.tables += 1
        loc = Location(path=self.path, line=table.sourceline, table=str(self.tables))
        grid, holes = _expand(rows, loc, self.path, self.max_cells)
        self.problems.extend(_short_rows(rows, holes, loc))
        self.blocks.append(TableGrid(rows=grid, location=loc))
        for c in cells:
            for nested in c.element.iter("table"):
                if next(nested.iterancestors("table")) is table:
                    self.table(nested)


@dataclass(slots=True)
class _Cell:
    element: Any
    text: str
    rowspan: int
    colspan: int

    @classmethod
    def of(cls, td: Any) -> _Cell:
        return cls(
            td,
            "\n".join(_lines("".join(_cell_text(td)))),
            _span(td.get("rowspan"), 0, 65534),
            _span(td.get("colspan"), 1, 1000),
        )


def _table_rows(table: Any) -> Iterator[Any]:
    """The table's own rows (not a nested table's), in thead/tbody/tfoot or directly."""
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr")


def _cells(tr: Any) -> Iterator[Any]:
    return (td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"))


def _cell_text(el: Any) -> Iterator[str]:
    """A cell's text with line breaks at block boundaries, leaving nested tables out."""
    yield el.text or ""
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag != "table":
            if tag in _BLOCK_TAGS or tag == "br":
                yield _BREAK
            yield from _cell_text(child)
            if tag in _BLOCK_TAGS:
                yield _BREAK
        yield child.tail or ""


def _expand(
    rows: list[list[_Cell]], loc: Location, path: str | None, max_cells: int
) -> tuple[tuple[tuple[GridCell, ...], ...], list[int]]:
    """Place cells on the grid as a browser does; positions under a span repeat the origin.
    Also: how many positions of each row no cell covers (left blank)."""
    placed: dict[tuple[int, int], tuple[_Cell, bool]] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            # rowspan="0" and spans past the last row stop at the last row, as in a browser
            down = len(rows) - r if cell.rowspan == 0 else min(cell.rowspan, len(rows) - r)
            if len(placed) + down * cell.colspan > max_cells:
                raise LimitExceeded(
                    path,
                    f"网页表格展开后过大（超过 {max_cells} 格）",
                    f"table grid larger than {max_cells} cells",
                )
            for dr in range(down):
                for dc in range(cell.colspan):
                    placed.setdefault((r + dr, c + dc), (cell, dr > 0 or dc > 0))
            c += cell.colspan
    width = max((col for _, col in placed), default=-1) + 1
    grid = []
    holes = [sum(1 for c in range(width) if (r, c) not in placed) for r in range(len(rows))]
    for r in range(len(rows)):
        out = []
        for c in range(width):
            cell_loc = loc.with_(row=str(r + 1), col=str(c + 1))
            if (r, c) not in placed:
                out.append(GridCell("", cell_loc))
                continue
            cell, merged = placed[(r, c)]
            line = cell.element.sourceline
            out.append(GridCell(cell.text, cell_loc.with_(line=line), merged=merged))
        grid.append(tuple(out))
    return tuple(grid), holes


_DIGITS = re.compile(r"\d")


def _short_rows(rows: list[list[_Cell]], holes: list[int], loc: Location) -> list[ReadProblem]:
    """Rows holding numbers that end before the table's last column: a cell was lost (a
    dropped ``<td>``), so the values after it sit one column to the left of their header."""
    out = []
    for r, (row, missing) in enumerate(zip(rows, holes, strict=True)):
        if len(row) < 2 or not any(_DIGITS.search(c.text) for c in row):
            continue
        if missing:
            line = row[0].element.sourceline
            out.append(
                ReadProblem(
                    "missing_cells",
                    f"网页表格第 {r + 1} 行比其他行少 {missing} 个单元格（可能漏了 <td>），"
                    "该行的数可能与表头错位",
                    loc.with_(row=str(r + 1), line=line),
                )
            )
    return out


def _span(value: str | None, low: int, high: int) -> int:
    m = re.match(r"\s*[\"']?(\d{1,6})", value or "")
    return max(low, min(int(m.group(1)), high)) if m else 1


def _lines(text: str) -> list[str]:
    """Lines as a browser shows them: source whitespace collapsed, &nbsp; as a space, a line per
    structural break (``_BREAK``), no blank lines."""
    text = _SPACE.sub(" ", _CJK_WRAP.sub("", text.replace("\xa0", " ")))
    return [part.strip() for part in text.split(_BREAK) if part.strip()]
