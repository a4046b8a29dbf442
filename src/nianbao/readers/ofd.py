"""OFD (GB/T 33190) → Document: text objects as lines, ruled tables as cell grids.

A small own reader (zipfile + lxml); no maintained installable OFD reader exists (easyofd pulls
in AGPL PyMuPDF and gives no text). It reads standard-style files as Word→OFD converters write
them: ``TextObject``/``TextCode`` with ``Boundary`` and optional ``CTM``, and tables drawn as
straight ``PathObject`` lines. Ruled lines are clustered into a grid; neighbouring grid cells with
no line between them are one merged cell (``merged=True`` on the covered positions). Text outside
tables becomes one ``TextBlock`` per printed line. Not read: template pages (running headers,
page numbers), annotations, signatures, images, and scanned pages (use OCR on a PDF instead).
Coordinates are millimetres from the page's top-left corner.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..model import Block, Document, GridCell, Location, TableGrid, TextBlock
from ..settings import Settings
from .docx import check_zip

_TOL = 0.8  # mm: lines closer than this are one line; a text line's baseline tolerance
_MIN_SEGMENT = 1.5  # mm: shorter path pieces are glyph-like decoration, not table rules


@dataclass(frozen=True, slots=True)
class _Text:
    x0: float
    x1: float
    y: float  # baseline
    size: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.y - self.size / 3


@dataclass(frozen=True, slots=True)
class _Seg:
    horizontal: bool
    at: float  # y of a horizontal, x of a vertical segment
    lo: float
    hi: float


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    check_zip(data, path, settings, "OFD")
    try:
        from lxml import etree
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "lxml", "pip install 'nianbao[html]'") from err
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    blocks: list[Block] = []
    pages = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for page_no, content in enumerate(_page_contents(zf, parser), 1):
                if page_no > settings.max_pages:
                    raise LimitExceeded(
                        path,
                        f"页数超过上限 {settings.max_pages}",
                        f"more than {settings.max_pages} pages",
                    )
                pages = page_no
                texts, segs = _objects(content)
                done = sum(isinstance(b, TableGrid) for b in blocks)
                blocks.extend(_page_blocks(texts, segs, page_no, path, done))
    except etree.XMLSyntaxError as err:
        raise NianbaoError(path, f"OFD 内容无法解析：{err}", f"unparseable OFD XML: {err}") from err
    except KeyError as err:
        raise NianbaoError(path, f"OFD 缺少部件：{err}", f"OFD part missing: {err}") from err
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="ofd",
        blocks=tuple(blocks),
        pages=pages or None,
    )


# ---------------------------------------------------------------------- package


def _local(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _children(el: Any, name: str) -> Iterator[Any]:
    return (c for c in el.iter() if _local(c) == name)


def _page_contents(zf: zipfile.ZipFile, parser: Any) -> Iterator[Any]:
    from lxml import etree

    names = {n.lower().lstrip("/"): n for n in zf.namelist()}

    def load(loc: str, base: str) -> tuple[Any, str]:
        full = posixpath.normpath(
            loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
        )
        return etree.fromstring(zf.read(names[full.lower()]), parser), posixpath.dirname(full)

    root, _ = load("OFD.xml", "")
    doc_root = next(_children(root, "DocRoot"), None)
    if doc_root is None or not (doc_root.text or "").strip():
        raise KeyError("DocRoot")
    document, base = load(doc_root.text.strip(), "")
    for page in _children(document, "Page"):
        loc = page.get("BaseLoc")
        if loc:
            content, _ = load(loc, base)
            yield content


def _floats(text: str | None) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?", text or "")]


def _first(text: str | None) -> float:
    return (_floats(text) or [0.0])[0]


@dataclass(frozen=True, slots=True)
class _Transform:
    """Object space → page: the CTM, then the Boundary's origin."""

    left: float
    top: float
    ctm: tuple[float, float, float, float, float, float]

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return self.left + a * x + c * y + e, self.top + b * x + d * y + f


def _ctm(el: Any) -> tuple[float, float, float, float, float, float]:
    v = _floats(el.get("CTM"))
    return (v[0], v[1], v[2], v[3], v[4], v[5]) if len(v) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _objects(content: Any) -> tuple[list[_Text], list[_Seg]]:
    texts: list[_Text] = []
    segs: list[_Seg] = []
    for obj in content.iter():
        kind = _local(obj)
        if kind not in ("TextObject", "PathObject"):
            continue
        box = _floats(obj.get("Boundary"))
        if len(box) != 4:
            continue
        ctm = _ctm(obj)
        to_page = _Transform(box[0], box[1], ctm)
        scale = abs(ctm[0]) or 1.0
        if kind == "TextObject":
            size = (_floats(obj.get("Size")) or [3.5])[0] * scale
            for code in _children(obj, "TextCode"):
                text = (code.text or "").strip()
                if not text:
                    continue
                x, y = to_page(_first(code.get("X")), _first(code.get("Y")))
                advance = sum(_delta_x(code.get("DeltaX"), len(text))) * scale
                texts.append(
                    _Text(x, x + (advance or size * (len(text) - 1)) + size, y, size, text)
                )
        else:
            segs.extend(_segments(obj, to_page))
    return texts, segs


def _delta_x(spec: str | None, n: int) -> list[float]:
    """DeltaX: advances between glyphs; ``g k v`` repeats v k times."""
    out: list[float] = []
    tokens = (spec or "").split()
    i = 0
    while i < len(tokens) and len(out) < n - 1:
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * int(float(tokens[i + 1])))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out[: max(n - 1, 0)]


def _segments(obj: Any, to_page: _Transform) -> Iterator[_Seg]:
    data = next(_children(obj, "AbbreviatedData"), None)
    if data is None:
        return
    tokens = (data.text or "").split()
    here = start = None
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op in ("M", "S") and i + 2 < len(tokens):
            here = start = to_page(float(tokens[i + 1]), float(tokens[i + 2]))
            i += 3
        elif op == "L" and i + 2 < len(tokens):
            point = to_page(float(tokens[i + 1]), float(tokens[i + 2]))
            if here is not None:
                yield from _straight(here, point)
            here = point
            i += 3
        elif op == "C":
            if here is not None and start is not None:
                yield from _straight(here, start)
            here = start
            i += 1
        else:  # curves and arcs: not table rules
            i += 1


def _straight(p: tuple[float, float], q: tuple[float, float]) -> Iterator[_Seg]:
    if abs(p[1] - q[1]) < 0.2 and abs(p[0] - q[0]) >= _MIN_SEGMENT:
        yield _Seg(True, p[1], min(p[0], q[0]), max(p[0], q[0]))
    elif abs(p[0] - q[0]) < 0.2 and abs(p[1] - q[1]) >= _MIN_SEGMENT:
        yield _Seg(False, p[0], min(p[1], q[1]), max(p[1], q[1]))


# ---------------------------------------------------------------------- layout


def _page_blocks(
    texts: list[_Text], segs: list[_Seg], page: int, path: str | None, tables_before: int
) -> list[Block]:
    placed: list[tuple[float, Block]] = []
    rest = texts
    for table in _tables(segs):
        loc = Location(path=path, page=page, table=str(tables_before + len(placed) + 1))
        grid, rest = _grid(table, rest, loc)
        if grid is not None:
            placed.append((grid.location.y or 0.0, grid))
    for line_no, line in enumerate(_lines(rest), 1):
        text = _join(line)
        loc = Location(path=path, page=page, line=line_no, x=line[0].x0, y=line[0].y)
        placed.append((line[0].cy, TextBlock(text, loc)))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _lines(texts: list[_Text]) -> list[list[_Text]]:
    lines: list[list[_Text]] = []
    for t in sorted(texts, key=lambda t: (t.y, t.x0)):
        if lines and abs(lines[-1][0].y - t.y) <= max(_TOL, t.size / 3):
            lines[-1].append(t)
        else:
            lines.append([t])
    return [sorted(line, key=lambda t: t.x0) for line in lines]


def _join(line: list[_Text]) -> str:
    """Pieces of one printed line; a gap wider than a character is a space."""
    out = line[0].text
    for prev, t in zip(line, line[1:], strict=False):
        out += (" " if t.x0 - prev.x1 > t.size else "") + t.text
    return out


def _tables(segs: list[_Seg]) -> list[list[_Seg]]:
    """Connected groups of ruled lines with at least two rules each way."""
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, s in enumerate(segs) if s.horizontal]
    vs = [i for i, s in enumerate(segs) if not s.horizontal]
    for i in hs:
        for j in vs:
            h, v = segs[i], segs[j]
            if h.lo - _TOL <= v.at <= h.hi + _TOL and v.lo - _TOL <= h.at <= v.hi + _TOL:
                parent[find(i)] = find(j)
    groups: dict[int, list[_Seg]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return [
        g
        for g in groups.values()
        if len(_cluster(s.at for s in g if s.horizontal)) >= 2
        and len(_cluster(s.at for s in g if not s.horizontal)) >= 2
    ]


def _cluster(values: Iterator[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _grid(
    segs: list[_Seg], texts: list[_Text], loc: Location
) -> tuple[TableGrid | None, list[_Text]]:
    xs = _cluster(s.at for s in segs if not s.horizontal)
    ys = _cluster(s.at for s in segs if s.horizontal)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1

    def ruled(horizontal: bool, at: float, lo: float, hi: float) -> bool:
        return any(
            s.horizontal == horizontal
            and abs(s.at - at) <= _TOL
            and s.lo <= lo + _TOL
            and s.hi >= hi - _TOL
            for s in segs
        )

    origin = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}
    for r in range(n_rows):  # row-major, so every cell's origin is already final
        for c in range(n_cols):
            if c > 0 and not ruled(False, xs[c], ys[r], ys[r + 1]):
                origin[(r, c)] = origin[(r, c - 1)]
            elif r > 0 and not ruled(True, ys[r], xs[c], xs[c + 1]):
                origin[(r, c)] = origin[(r - 1, c)]
    inside: dict[tuple[int, int], list[_Text]] = {}
    rest = []
    for t in texts:
        c = bisect.bisect(xs, t.cx) - 1
        r = bisect.bisect(ys, t.cy) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols:
            inside.setdefault(origin[(r, c)], []).append(t)
        else:
            rest.append(t)
    if not inside:
        return None, texts  # a frame or a rule, not a table
    text_of = {key: "".join(_join(line) for line in _lines(items)) for key, items in inside.items()}
    rows = tuple(
        tuple(
            GridCell(
                text_of.get(origin[(r, c)], ""),
                loc.with_(row=str(r + 1), col=str(c + 1), x=(xs[c] + xs[c + 1]) / 2, y=ys[r]),
                merged=origin[(r, c)] != (r, c),
            )
            for c in range(n_cols)
        )
        for r in range(n_rows)
    )
    return TableGrid(rows=rows, location=loc.with_(y=ys[0]), layout="cells"), rest
