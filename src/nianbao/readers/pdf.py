"""PDF → Document: the text layer through PDFium (``pdfium_text``), scanned pages through OCR.

Tables are found from their ruling lines where they have them (``layout="cells"``, spans
marked ``merged``) and from text positions where they do not (WPS and Word exports often draw
no lines; ``layout="positions"``). Text is kept as printed: the Kangxi radicals WPS emits
(⾏政) stay raw here and are folded only when labels are matched. Pages without a text layer
are rendered with pypdfium2 and read by OCR (the ``ocr`` extra).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .. import progress
from ..errors import LimitExceeded, MissingDependency, NianbaoError, PageSkipped
from ..model import Document, Location, ReadProblem
from ..settings import Settings
from . import layout
from .confidence import confidence_notes
from .failures import brief, from_library
from .gridlines import Grid, grid_of, tables_from_rulings
from .layout import Piece
from .pdfsize import oversized_pages

if TYPE_CHECKING:
    import pypdfium2

    from .pdfium_text import Region

_RULING_TOLERANCE = 2.0  # points: a border drawn twice, or with a hairline offset, is one line
_MIN_RULING = 3.0  # points: shorter strokes are glyph parts, not borders
_MIN_TEXT_CHARS = 10  # fewer visible characters than this: the page has no text layer
_GAP = 0.3  # font sizes: a wider gap between glyphs splits a word


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    return read_pdf(data, path, settings)


def read_pdf(data: bytes, path: str | None, settings: Settings, rulings: bool = True) -> Document:
    """``read`` with a switch: ``rulings=False`` reads every table by text position, ignoring
    drawn lines, as for an export that draws none (tests check both paths on one file)."""
    pdfium = _pdfium(path)
    with _pdfium_document(pdfium, data, path) as doc:
        n_pages = len(doc)
        if n_pages > settings.max_pages:
            raise LimitExceeded(
                path,
                f"PDF 有 {n_pages} 页，超过上限 {settings.max_pages} 页，不像一份年度报告",
                f"{n_pages} pages, more than the limit of {settings.max_pages}",
            )
        if n_pages == 0:
            raise NianbaoError(path, "PDF 没有页面", "the PDF has no pages", code="empty")
        refusals = oversized_pages(data, n_pages, settings)
        pages, notes, ocr_used, problems = _read_pages(
            pdfium, doc, path, settings, rulings, refusals
        )
    if not pages:
        reasons = "；".join(p.message for p in problems[:3])
        raise NianbaoError(
            path,
            f"PDF 各页都无法读取{'：' + reasons if reasons else ''}",
            "no page of the PDF could be read",
            code="corrupt",
        )
    blocks = layout.blocks(pages, path, settings.layout)
    notes += confidence_notes(blocks, settings.ocr_min_confidence)
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="ocr" if ocr_used else "pdf",
        blocks=tuple(blocks),
        pages=n_pages,
        notes=tuple(notes),
        problems=tuple(problems),
    )


def _read_pages(
    pdfium: Any,
    doc: pypdfium2.PdfDocument,
    path: str | None,
    settings: Settings,
    rulings: bool,
    refusals: dict[int, str],
) -> tuple[list[layout.Page], list[str], bool, list[ReadProblem]]:
    """Every page that can be read; a damaged or oversized page is skipped with a problem
    naming it, and the other pages are still read.

    Pages without a text layer are rendered here, one after another (PDFium is not
    thread-safe), and recognised by OCR on worker threads, as many at once as there are
    cores; what they give is taken in page order."""
    slots: list[tuple[int, layout.Page | Future[layout.Page] | ReadProblem]] = []
    pool: ThreadPoolExecutor | None = None
    try:
        for index in range(len(doc)):
            no = index + 1
            if index in refusals:
                message = f"第 {no} 页{refusals[index]}"
                slots.append((no, _page_problem("page_too_large", no, path, message)))
                continue
            try:
                page = doc[index]
            except pdfium.PdfiumError as err:
                slots.append((no, _unreadable(no, path, err)))
                continue
            try:
                content, drawn = page_content(page, no, rulings)
                if content is None and drawn:
                    from . import ocr  # the optional extra, imported only for scanned pages

                    progress.page_started(no, len(doc))
                    gray = ocr.render(page, no, path, settings)
                    if pool is None and ocr.workers(len(doc) - index) > 1:
                        pool = ThreadPoolExecutor(
                            ocr.workers(len(doc) - index), initializer=ocr.start_worker
                        )
                    if pool is None:
                        job = _now(ocr.read_gray, gray, no, settings.ocr_dpi, path)
                    else:
                        _hold(slots, 2 * ocr.workers(len(doc)))
                        job = pool.submit(ocr.read_gray, gray, no, settings.ocr_dpi, path)
                    slots.append((no, job))
                    continue
            except Exception as err:
                slots.append((no, _page_failure(pdfium, err, no, path)))
                continue
            finally:
                page.close()
            if content is not None:
                slots.append((no, content))
        return _collect(pdfium, slots, path)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _now(read: Callable[..., layout.Page], *args: Any) -> Future[layout.Page]:
    """``read(*args)`` run in this thread, its outcome kept as a worker's would be."""
    done: Future[layout.Page] = Future()
    try:
        done.set_result(read(*args))
    except Exception as err:
        done.set_exception(err)
    return done


def _hold(slots: list[tuple[int, Any]], most: int) -> None:
    """Wait until fewer than ``most`` rendered pages wait for OCR (each holds its pixels)."""
    waiting = [s for _, s in slots if isinstance(s, Future) and not s.done()]
    if len(waiting) >= most:
        wait(waiting[: len(waiting) - most + 1])


def _collect(
    pdfium: Any,
    slots: list[tuple[int, layout.Page | Future[layout.Page] | ReadProblem]],
    path: str | None,
) -> tuple[list[layout.Page], list[str], bool, list[ReadProblem]]:
    pages: list[layout.Page] = []
    notes: list[str] = []
    problems: list[ReadProblem] = []
    ocr_used = False
    for no, slot in slots:
        if isinstance(slot, Future):
            try:
                slot = slot.result()
            except Exception as err:
                slot = _page_failure(pdfium, err, no, path)
            else:
                notes.append(f"第 {no} 页没有文字层，已用文字识别（OCR）读取")
                ocr_used = True
        if isinstance(slot, ReadProblem):
            problems.append(slot)
        else:
            pages.append(slot)
    return pages, notes, ocr_used, problems


def _page_failure(pdfium: Any, err: Exception, no: int, path: str | None) -> ReadProblem:
    """The problem of a page that could not be read; the error itself when it is not the
    page's fault (nianbao's own bug) or stops the whole file."""
    if isinstance(err, PageSkipped):
        return _page_problem(err.code, no, path, err.reason_zh)
    if isinstance(err, (NianbaoError, MemoryError)) or not (
        isinstance(err, pdfium.PdfiumError) or from_library(err)
    ):
        raise err
    return _unreadable(no, path, err)


def _unreadable(no: int, path: str | None, err: Exception) -> ReadProblem:
    return _page_problem(
        "page_unreadable", no, path, f"第 {no} 页已损坏，无法读取，已跳过（{brief(err)}）"
    )


def _page_problem(code: str, no: int, path: str | None, message: str) -> ReadProblem:
    return ReadProblem(code, message, Location(path=path, page=no))


# ---------------------------------------------------------------- one page of the text layer


def page_content(
    page: pypdfium2.PdfPage, no: int, rulings: bool = True
) -> tuple[layout.Page | None, bool]:
    """The page's words and ruled tables, or ``None`` when it has no text layer; and whether
    the page draws anything (an image, a shape) that OCR could read."""
    from . import pdfium_text  # pypdfium2 is checked for by ``read_pdf``

    box = pdfium_text.page_box(page.raw)
    drawing = pdfium_text.page_objects(page.raw, box)
    tables = (
        tables_from_rulings(drawing.horizontal, drawing.vertical, _RULING_TOLERANCE, _MIN_RULING)
        if rulings
        else []
    )
    starts = [sum(len(t) for t in tables[:i]) for i in range(len(tables))]
    grids = [grid_of(t, _RULING_TOLERANCE) for t in tables]
    textpage = page.get_textpage()
    try:
        buckets, visible = pdfium_text.glyphs(
            textpage.raw, box, drawing.white_text, _cell_of(grids, starts), _GAP
        )
    finally:
        textpage.close()
    if visible < _MIN_TEXT_CHARS:
        return None, drawing.drawn
    content = layout.Page(
        no=no,
        width=box.width,
        height=box.height,
        tables=[
            [(cell_box, words(buckets.get(start + c, []))) for c, cell_box in enumerate(t)]
            for start, t in zip(starts, tables, strict=True)
        ],
        loose=words(buckets.get(-1, [])),
        tolerance=_RULING_TOLERANCE,
        grids=grids,
    )
    return content, drawing.drawn


def _cell_of(tables: list[Grid], starts: list[int]) -> Callable[[float, float], Region] | None:
    """(x, y) → the index of the ruled cell holding that point, counted over all the page's
    tables (their grids) in order (``starts``: each table's first index), or -1; with the
    region around the point where the answer holds: the grid position found, or the band
    above, below or beside every table; ``None`` without tables.

    The glyph loop asks again only when a glyph leaves the region, and most glyphs fall in
    the position of the glyph before or outside every table. A region is given only where
    no two tables' extents overlap (so that the first table holding a point is the only
    one), else the point alone."""
    if not tables:
        return None
    grids = list(zip(tables, starts, strict=True))
    extents = [(g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]) for g, _ in grids]
    left, top = min(e[0] for e in extents), min(e[1] for e in extents)
    right, bottom = max(e[2] for e in extents), max(e[3] for e in extents)
    disjoint = not any(
        a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
        for i, a in enumerate(extents)
        for b in extents[i + 1 :]
    )
    inf, after = math.inf, math.nextafter

    def locate(x: float, y: float) -> Region:
        if y < top:
            return -1, -inf, inf, -inf, top
        if y > bottom:
            return -1, -inf, inf, after(bottom, inf), inf
        if x < left:
            return -1, -inf, left, top, after(bottom, inf)
        if x > right:
            return -1, after(right, inf), inf, top, after(bottom, inf)
        for grid, start in grids:
            at = grid.position(x, y)
            cell = None if at is None else grid.cell(*at)
            if cell is None or at is None:
                continue
            if not disjoint:
                return start + cell, x, after(x, inf), y, after(y, inf)
            row, col = at
            return (start + cell, *_bounds(grid.xs, col), *_bounds(grid.ys, row))
        return -1, x, after(x, inf), y, after(y, inf)

    return locate


def _bounds(edges: list[float], i: int) -> tuple[float, float]:
    """The values ``Grid.position`` maps to position ``i`` along one axis: from ``edges[i]``
    to before ``edges[i + 1]``, the last position including its far edge."""
    end = edges[i + 1]
    return edges[i], math.nextafter(end, math.inf) if i + 2 == len(edges) else end


def words(glyphs: list[Piece]) -> list[Piece]:
    """Glyphs → words: split at spaces and at gaps wider than a third of the font size."""
    if len(glyphs) == 1 and glyphs[0].text.strip():
        return glyphs  # a cell holding one run (a number, a short label) is that word
    out: list[Piece] = []
    for line in layout.group_lines(glyphs):
        run: list[Piece] = []
        spaced = False  # a space was printed before the run being collected
        for g in line:
            if not g.text.strip():
                if run:
                    out.append(_word(run, spaced))
                    run = []
                spaced = True
                continue
            if run and g.x0 - run[-1].x1 > _GAP * max(g.height, run[-1].height):
                out.append(_word(run, spaced))
                run, spaced = [], False
            run.append(g)
        if run:
            out.append(_word(run, spaced))
    return out


def _word(run: list[Piece], spaced: bool) -> Piece:
    return Piece(
        "".join(g.text for g in run),
        run[0].x0,
        min(g.top for g in run),
        run[-1].x1,
        max(g.bottom for g in run),
        spaced=spaced,
    )


# ---------------------------------------------------------------- opening


def _pdfium(path: str | None) -> Any:
    try:
        import pypdfium2
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "pypdfium2", "pip install 'nianbao[pdf]'") from err
    return pypdfium2


@contextmanager
def _pdfium_document(pdfium: Any, data: bytes, path: str | None) -> Iterator[Any]:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise _open_error(pdfium, err, path) from err
    try:
        yield doc
    finally:
        doc.close()


def _open_error(pdfium: Any, err: Any, path: str | None) -> NianbaoError:
    code = getattr(err, "err_code", None)
    if code == pdfium.raw.FPDF_ERR_PASSWORD:
        return NianbaoError(
            path, "PDF 已加密，需要密码才能打开", "the PDF is password-protected", code="encrypted"
        )
    if code == pdfium.raw.FPDF_ERR_SECURITY:
        return NianbaoError(
            path, "PDF 使用了不支持的加密方式", "unsupported PDF security scheme", code="encrypted"
        )
    return NianbaoError(
        path,
        f"PDF 文件已损坏，无法打开（{err}）",
        f"damaged PDF, cannot be opened ({err})",
        code="corrupt",
    )
