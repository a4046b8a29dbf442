"""PDF → Document: the text layer through PDFium (``pdfium_text``), scanned pages through OCR.

Tables are found from their ruling lines where they have them (``layout="cells"``, spans
marked ``merged``) and from text positions where they do not (WPS and Word exports often draw
no lines; ``layout="positions"``). Text is kept as printed: the Kangxi radicals WPS emits
(⾏政) stay raw here and are folded only when labels are matched. Pages without a text layer
are rendered with pypdfium2 and read by OCR (the ``ocr`` extra).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .. import progress
from ..errors import LimitExceeded, MissingDependency, NianbaoError, PageSkipped
from ..model import Document, Location, ReadProblem
from ..settings import Settings
from . import layout
from .confidence import confidence_notes
from .failures import brief, from_library
from .gridlines import Box, cell_finder, tables_from_rulings
from .layout import Piece
from .pdfsize import oversized_pages

if TYPE_CHECKING:
    import pypdfium2

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
    naming it, and the other pages are still read."""
    pages: list[layout.Page] = []
    notes: list[str] = []
    problems: list[ReadProblem] = []
    ocr_used = False
    for index in range(len(doc)):
        no = index + 1
        if index in refusals:
            problems.append(
                _page_problem("page_too_large", no, path, f"第 {no} 页{refusals[index]}")
            )
            continue
        try:
            page = doc[index]
        except pdfium.PdfiumError as err:
            problems.append(_unreadable(no, path, err))
            continue
        try:
            content, drawn = page_content(page, no, rulings)
            if content is None and drawn:
                from . import ocr  # the optional extra, imported only for scanned pages

                progress.page_started(no, len(doc))
                content = ocr.read_pdf_page(page, no, path, settings)
                notes.append(f"第 {no} 页没有文字层，已用文字识别（OCR）读取")
                ocr_used = True
        except PageSkipped as skipped:
            problems.append(_page_problem(skipped.code, no, path, skipped.reason_zh))
            continue
        except (NianbaoError, MemoryError):
            raise
        except Exception as err:
            if not (isinstance(err, pdfium.PdfiumError) or from_library(err)):
                raise  # nianbao's own bug, not the page's
            problems.append(_unreadable(no, path, err))
            continue
        finally:
            page.close()
        if content is not None:
            pages.append(content)
    return pages, notes, ocr_used, problems


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
    textpage = page.get_textpage()
    try:
        chars = pdfium_text.glyphs(
            textpage.raw, box, drawing.white_text, _cell_of(tables, starts), _GAP
        )
    finally:
        textpage.close()
    if sum(len(c.text) for c, _ in chars if not c.text.isspace()) < _MIN_TEXT_CHARS:
        return None, drawing.drawn
    buckets: dict[int, list[Piece]] = {}
    for piece, cell in chars:
        if cell in buckets:
            buckets[cell].append(piece)
        else:
            buckets[cell] = [piece]
    content = layout.Page(
        no=no,
        width=box.width,
        height=box.height,
        tables=[
            [(cell_box, words(buckets.get(start + c, []))) for c, cell_box in enumerate(t)]
            for start, t in zip(starts, tables, strict=True)
        ],
        loose=words(buckets.get(-1, [])),
    )
    return content, drawing.drawn


def _cell_of(tables: list[list[Box]], starts: list[int]) -> Callable[[float, float], int]:
    """(x, y) → the index of the ruled cell holding that point, counted over all the page's
    tables in order (``starts``: each table's first index), or -1."""
    if not tables:
        return _loose
    finders = [
        (cell_finder(t, _RULING_TOLERANCE), start) for t, start in zip(tables, starts, strict=True)
    ]

    def locate(x: float, y: float) -> int:
        for find, start in finders:
            cell = find(x, y)
            if cell is not None:
                return start + cell
        return -1

    return locate


def _loose(x: float, y: float) -> int:
    return -1


def words(glyphs: list[Piece]) -> list[Piece]:
    """Glyphs → words: split at spaces and at gaps wider than a third of the font size."""
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
