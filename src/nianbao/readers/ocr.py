"""Scanned pages → positioned text and ruled tables, offline: rapidocr for the text, OpenCV
for the table lines (the ``ocr`` extra).

One page is read in one pass of text detection and recognition at ``Settings.ocr_dpi``; the
skew is measured from the detected text lines and taken out before the table lines are found,
so a page scanned slightly askew still gives straight rows and columns. Every piece keeps its
recognition confidence. A table cell that OCR left empty although it holds ink is recognised
again on its own; if that still gives nothing it is kept empty with confidence 0, so a digit the
detector missed is flagged instead of silently read as blank.
"""

from __future__ import annotations

import functools
import math
import os
import re
import statistics
import threading
from pathlib import Path
from typing import Any

from ..errors import LimitExceeded, MissingDependency, PageSkipped
from ..settings import Settings
from . import layout
from .gridlines import Box, cell_finder, tables_from_rulings
from .layout import Piece

_INSTALL = "pip install 'nianbao[ocr]'"
_A4_SHORT_INCHES = 8.27
_OCR_EM_RATIO = 1.35  # detected box height per font size
_MIN_SKEW = 0.05  # degrees; less is not worth resampling the page
_MAX_SKEW = 5.0  # degrees; more is not a scanner's skew but a layout (vertical text, stamps)
# Recognised text with no Chinese in it must be a clean number or placeholder: "8." (a speck
# read as a point), "i" (a 1), "1O5" are not trusted, whatever their score.
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CLEAN = re.compile(
    r"^(?:[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?%?|[/／\-—–－]{1,2})$"
)
_SUSPECT_CONFIDENCE = 0.5
_REREAD_CONFIDENCE = 0.85  # under Settings.ocr_min_confidence's default
# What one page may cost. Recognition grows with the text boxes detected (a fraction of a
# second each, seconds under load): a dense 表三 page at 150 dpi has some 140-250 boxes,
# running text under 100; a page of many more is noise or a pattern, not a report.
MAX_BOXES = 400
# Cells recognised again on their own (empty cells holding ink, numbers with a stray mark):
# a report page needs a few dozen; past this, cells keep what detection gave, flagged.
MAX_REREADS = 80
# The recogniser's input: every crop scaled to 48 pixels high. rapidocr pads each batch to at
# least 320 pixels wide (a line of text); most crops of a table page are a number one or two
# glyphs wide (30-47 pixels at that height), so that padding was most of the recogniser's work.
# A page's batch is padded to its widest crop and to at least 96 pixels, twice a lone digit:
# with no margin (48) a lone 0 was read as the letter O; from 64 to 160 every number of the
# scanned corpus reads the same. A cell recognised again on its own (a faint or smudged number)
# keeps 160: at 96 a blurred 4 came back as a Chinese character.
_REC_SHAPE = [3, 48, 96]
_ALONE_SHAPE = [3, 48, 160]
# Crops go to the recogniser one at a time, not six (rapidocr's batches, sorted by width): a
# batch is padded to its widest crop, a quarter of the recogniser's input on a report page, and
# one crop alone costs no more per pixel column (on a 2-core AVX2 EPYC, a little less).
_REC_BATCH = 1
# rapidocr's detector scales an image whose shorter side is under this up to it
_DET_MIN_SIDE = 736
# the most pixels the detector may enlarge a page to: a narrow strip (a mutated page box one
# point wide) is enlarged until its short side is this long, hundreds of times over, into
# gigabytes; an A4 page at 150 dpi (2.2 million pixels) is never enlarged
_DET_MAX_PIXELS = 16_000_000
# table lines tested against a page's text boxes in one array (``_outside_text``)
_LINES_AT_ONCE = 512

_lock = threading.Lock()
#: loaded engines not in use, by their number of onnxruntime threads: an engine's call options
#: stick to it, so it serves one call at a time; each worker thread borrows its own
_idle: dict[int, list[Any]] = {}
#: a worker thread's number of onnxruntime threads (unset: every core, one page at a time)
_local = threading.local()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def recognise(image: Any, path: str | None, detect: bool = True) -> Any:
    """rapidocr on one image: text detection and recognition, or recognition only of a crop.

    Models ship in the wheel (nothing is downloaded) and load once per engine: a process keeps
    its engines, one for each page recognised at once (``workers``).
    """
    threads = getattr(_local, "threads", None) or cores()
    with _lock:
        free = _idle.setdefault(threads, [])
        engine = free.pop() if free else None
    if engine is None:
        engine = _load(threads, path)
    try:
        engine.text_rec.rec_image_shape = _REC_SHAPE if detect else _ALONE_SHAPE
        return engine(image, use_det=detect, use_cls=False, use_rec=True, return_word_box=False)
    finally:
        with _lock:
            _idle.setdefault(threads, []).append(engine)


def _load(threads: int, path: str | None) -> Any:
    try:
        from rapidocr import RapidOCR
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "文字识别组件 rapidocr 和 onnxruntime", _INSTALL) from err
    engine: Any = RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Rec.rec_img_shape": _REC_SHAPE,
            "Rec.rec_batch_num": _REC_BATCH,
        }
    )
    _own_sessions(engine, threads, path)
    engine.detect_and_crop = _bounded(engine.detect_and_crop)
    return engine


def _own_sessions(engine: Any, threads: int, path: str | None) -> None:
    """Give rapidocr's detector and recogniser onnxruntime sessions built here, from the model
    files it ships with their subnormal weights set to zero (``ocrmodel``: the detector runs in
    less than half the time, its output unchanged), on ``threads`` threads."""
    import onnxruntime
    from omegaconf import OmegaConf
    from rapidocr.ch_ppocr_det import TextDetector
    from rapidocr.ch_ppocr_rec import TextRecognizer

    from .ocrmodel import flush_subnormals

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.enable_cpu_mem_arena = False
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    for part, build, attribute in (
        ("Det", TextDetector, "text_det"),
        ("Rec", TextRecognizer, "text_rec"),
    ):
        cfg = engine.cfg[part]
        model = model_file(engine, part)
        if not model.is_file():  # never downloaded: the models ship in rapidocr's wheel
            raise MissingDependency(path, f"文字识别模型 {model.name}", _INSTALL)
        own = OmegaConf.create(cfg, flags={"allow_objects": True})
        own.font_path = engine.cfg.Global.font_path
        own.session = onnxruntime.InferenceSession(
            flush_subnormals(model.read_bytes()), options, providers=["CPUExecutionProvider"]
        )
        setattr(engine, attribute, build(own))
    engine.text_det.get_preprocess = functools.partial(_det_preprocess, engine.text_det)
    engine.text_rec.postprocess_op = _decoder(engine.text_rec.postprocess_op)


def _decoder(ctc: Any) -> Any:
    """rapidocr's CTC decoding of the recogniser's output, with each step's best probability
    taken at its best class instead of by a second pass over the 18,710 classes (rapidocr
    takes ``argmax`` and ``max`` separately): the same values, for half the passes."""
    import numpy as np

    def decode(preds: Any, return_word_box: bool = False, **kwargs: Any) -> Any:
        best = preds.argmax(axis=2)
        prob = np.take_along_axis(preds, best[..., None], axis=2)[..., 0]
        return ctc.decode(
            best,
            prob,
            return_word_box,
            kwargs.get("wh_ratio_list", (1.0,)),
            kwargs.get("max_wh_ratio", 1.0),
            remove_duplicate=True,
        )

    return decode


def _det_preprocess(detector: Any) -> Any:
    """rapidocr's preparation of a page for the detector, with its normalisation (in float64,
    a tenth of a second a page) looked up in a table of the 256 grey levels: the same values,
    written channel by channel straight into the detector's layout (rapidocr transposes the
    page afterwards, and onnxruntime copies the transposed array once more)."""
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    class Prepare(DetPreProcess):
        def __call__(self, img: Any) -> Any:
            resized = self.resize(img)
            if resized is None:
                return None
            x = np.empty((1, resized.shape[2], *resized.shape[:2]), dtype=np.float32)
            for c in range(resized.shape[2]):
                np.take(table[:, c], resized[..., c], out=x[0, c])
            return x

    prepare = Prepare(detector.limit_side_len, detector.limit_type, detector.mean, detector.std)
    grey = np.arange(256, dtype=np.float32)[:, None]  # as rapidocr: scaled in float32 first
    table = ((grey * prepare.scale - prepare.mean) / prepare.std).astype(np.float32)
    return prepare


def model_file(engine: Any, part: str) -> Path:
    """The ONNX file rapidocr would load for ``part`` ("Det", "Rec") of ``engine``'s settings."""
    from rapidocr.inference_engine.base import FileInfo
    from rapidocr.inference_engine.onnxruntime import OrtInferSession

    cfg = engine.cfg[part]
    found = OrtInferSession.get_model_url(
        FileInfo(
            engine_type=cfg.engine_type,
            ocr_version=cfg.ocr_version,
            task_type=cfg.task_type,
            lang_type=cfg.lang_type,
            model_type=cfg.model_type,
        )
    )
    return Path(engine.cfg.Global.model_root_dir) / Path(found["model_dir"]).name


def workers(pages: int) -> int:
    """How many pages of one file are recognised at once: one per core, each by an engine on
    one thread (onnxruntime's own threads would otherwise compete for the same cores)."""
    return max(1, min(pages, cores()))


def start_worker() -> None:
    """Run in each worker thread before it recognises a page: its engine uses one thread."""
    _local.threads = 1


class _Crowded(Exception):
    """Detection found more text boxes than a page holds (``MAX_BOXES``)."""

    def __init__(self, boxes: int):
        super().__init__(boxes)
        self.boxes = boxes


def _bounded(detect_and_crop: Any) -> Any:
    """rapidocr's detection step, refusing a page of more than ``MAX_BOXES`` boxes before any of
    them is recognised (recognition is the cost that grows with the boxes)."""

    def run(img: Any, op_record: Any) -> Any:
        crops, found = detect_and_crop(img, op_record)
        if len(crops) > MAX_BOXES:
            raise _Crowded(len(crops))
        return crops, found

    return run


def _cv2(path: str | None) -> Any:
    try:
        import cv2
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "OpenCV（opencv-python-headless）", _INSTALL) from err
    return cv2


def render(page: Any, no: int, path: str | None, settings: Settings) -> Any:
    """A PDF page without a text layer as a greyscale array at ``settings.ocr_dpi``, rendered
    by pypdfium2 (in the thread that opened the document: PDFium is not thread-safe)."""
    _cv2(path)  # the extra is there (it brings numpy, which rendering to an array needs)
    width, height = page.get_size()
    scale = settings.ocr_dpi / 72
    pixels = int(width * scale) * int(height * scale)
    if pixels > settings.max_pixels:
        raise LimitExceeded(
            path,
            f"第 {no} 页过大（{width / 72 * 2.54:.0f}×{height / 72 * 2.54:.0f} 厘米），无法识别",
            f"page {no} too large to render ({pixels} pixels, limit {settings.max_pixels})",
        )
    gray = page.render(scale=scale, grayscale=True).to_numpy()
    return gray[:, :, 0] if gray.ndim == 3 else gray


def read_gray(gray: Any, no: int, dpi: float, path: str | None) -> layout.Page:
    """One greyscale page (a numpy array) at ``dpi`` → a layout page in PDF points."""
    cv2 = _cv2(path)
    import numpy as np

    gray = despeckle(cv2, np, gray, dpi)
    x0, y0, x1, y1 = inked(np, gray, dpi)
    _check_enlargement(x1 - x0, y1 - y0, gray.shape, no, dpi, path)
    try:
        result = recognise(gray[y0:y1, x0:x1], path)
    except _Crowded as crowd:
        raise PageSkipped(
            path,
            f"第 {no} 页检出 {crowd.boxes} 处文字，远多于一页报告（上限 {MAX_BOXES}），"
            "像是噪点或图案，未识别",
            f"page {no}: {crowd.boxes} text boxes detected, over {MAX_BOXES}; not recognised",
            code="page_crowded",
        ) from crowd
    quads = [
        np.asarray(b, dtype=np.float32) + np.array([x0, y0], dtype=np.float32)
        for b in (result.boxes if result.boxes is not None else [])
    ]
    texts = list(result.txts or ())
    scores = [float(s) for s in (result.scores or ())]
    angle = skew(quads)
    if abs(angle) >= _MIN_SKEW:
        gray, quads = _rotate(cv2, np, gray, quads, angle)
    pieces = [
        Piece(
            text,
            float(q[:, 0].min()),
            float(q[:, 1].min()),
            float(q[:, 0].max()),
            float(q[:, 1].max()),
            _trust(text, score),
        )
        for q, text, score in zip(quads, texts, scores, strict=True)
        if text.strip()
    ]
    horizontal, vertical = rulings(cv2, np, gray, dpi)
    boxes = np.array([(p.x0, p.top, p.x1, p.bottom) for p in pieces], np.float64).reshape(-1, 4)
    horizontal = _outside_text(np, horizontal, boxes, True)
    vertical = _outside_text(np, vertical, boxes, False)
    tolerance = dpi / 30
    tables = tables_from_rulings(horizontal, vertical, tolerance, dpi / 8)
    cells, loose = _assign(tables, pieces, tolerance)
    budget = _Budget(MAX_REREADS)
    for t, table in enumerate(tables):
        for c, box in enumerate(table):
            if not cells[t][c]:
                found = _reread(cv2, np, gray, box, dpi, path, budget)
                if found is not None:
                    cells[t][c].append(found)
            cells[t][c] = [_clean(cv2, np, gray, p, dpi, path, budget) for p in cells[t][c]]
    f = 72 / dpi
    height, width = gray.shape[:2]
    return layout.Page(
        no=no,
        width=width * f,
        height=height * f,
        tables=[
            [
                (_scale_box(box, f), [_scale(p, f) for p in cells[t][c]])
                for c, box in enumerate(table)
            ]
            for t, table in enumerate(tables)
        ],
        loose=[_scale(p, f) for p in loose],
        em_ratio=_OCR_EM_RATIO,
        tolerance=tolerance * f,
    )


def despeckle(cv2: Any, np: Any, gray: Any, dpi: float) -> Any:
    """The page with isolated dark specks (dust, sensor noise) whitened: the recogniser reads a
    speck beside a digit as a decimal point. Specks are blobs of a pixel or two at 150 dpi,
    smaller than any punctuation mark."""
    ink = (gray < 160).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(n, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= max(2, round(2 * (dpi / 150) ** 2))
    out = gray.copy()
    out[small[labels]] = 255
    return out


def inked(np: Any, gray: Any, dpi: float) -> tuple[int, int, int, int]:
    """The part of a page holding ink, with a margin: (x0, y0, x1, y1) in pixels. Detection
    costs by the pixel and a report page's margins are a third of it. Each side is kept at
    least ``_DET_MIN_SIDE`` long (or the page's), since the detector enlarges a smaller image
    and would see the text at another scale."""
    ink = gray < 160
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = gray.shape[:2]
    if not len(rows):
        return 0, 0, width, height
    pad = int(dpi / 5)
    y0, y1 = _span(int(rows[0]) - pad, int(rows[-1]) + 1 + pad, height)
    x0, x1 = _span(int(cols[0]) - pad, int(cols[-1]) + 1 + pad, width)
    return x0, y0, x1, y1


def _check_enlargement(
    width: int, height: int, page: tuple[int, ...], no: int, dpi: float, path: str | None
) -> None:
    """Skip a page whose inked part (``width`` × ``height``) the detector would enlarge past
    ``_DET_MAX_PIXELS`` (``_DET_MIN_SIDE``); the reason gives the page's size."""
    short = min(width, height)
    if short >= _DET_MIN_SIDE:
        return
    enlarged = width * height * (_DET_MIN_SIDE / max(short, 1)) ** 2
    if enlarged > _DET_MAX_PIXELS:
        mm = 25.4 / dpi
        raise PageSkipped(
            path,
            f"第 {no} 页过于狭长（约 {page[1] * mm:.1f}×{page[0] * mm:.1f} 毫米），不像报告页面，未识别",
            f"page {no}: {width}x{height} pixels would be enlarged to {enlarged:.0f} pixels "
            f"for text detection, over {_DET_MAX_PIXELS}; not recognised",
            code="page_shape",
        )


def _span(a: int, b: int, size: int) -> tuple[int, int]:
    """[a, b) inside [0, size), widened about its middle to at least ``_DET_MIN_SIDE`` and to
    a multiple of 32 pixels (else the detector stretches the image to one), or the whole size."""
    short = max(_DET_MIN_SIDE - (b - a), -(b - a) % 32)
    if b - a + short >= size:
        return 0, size
    if short > 0:
        a, b = a - short // 2, b + short - short // 2
    shift = max(0, -a) - max(0, b - size)
    return max(0, a + shift), min(size, b + shift)


def _trust(text: str, score: float) -> float:
    """The recognition score, lowered for text that is neither Chinese nor a clean number."""
    s = text.strip()
    return (
        min(score, _SUSPECT_CONFIDENCE)
        if s and not _CJK.search(s) and not _CLEAN.match(s)
        else score
    )


def skew(quads: list[Any]) -> float:
    """The page's skew in degrees (clockwise positive, y downwards), from the long text boxes."""
    angles = []
    for q in quads:
        dx, dy = float(q[1][0] - q[0][0]), float(q[1][1] - q[0][1])
        h = math.hypot(float(q[3][0] - q[0][0]), float(q[3][1] - q[0][1]))
        if dx > 4 * h > 0:
            angles.append(math.degrees(math.atan2(dy, dx)))
    if len(angles) < 3:
        return 0.0
    angle = statistics.median(angles)
    return angle if abs(angle) <= _MAX_SKEW else 0.0


def _rotate(cv2: Any, np: Any, gray: Any, quads: list[Any], angle: float) -> tuple[Any, list[Any]]:
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    moved = [
        np.hstack([q, np.ones((len(q), 1), np.float32)]) @ matrix.T.astype(np.float32)
        for q in quads
    ]
    return turned, moved


def rulings(cv2: Any, np: Any, gray: Any, dpi: float) -> tuple[list[Box], list[Box]]:
    """Horizontal and vertical table lines (pixel boxes) of a deskewed page.

    Each direction is smoothed along itself first (a line stays dark, noise and glyphs fade),
    thresholded against its neighbourhood, bridged over pixel gaps and opened with a long
    kernel, so only runs longer than any glyph stroke remain."""
    out: list[list[Box]] = []
    for length, horizontal in ((max(int(dpi * 0.4), 10), True), (max(int(dpi * 0.12), 8), False)):
        along = max(int(dpi / 50), 3)
        smooth = cv2.blur(gray, (along, 1) if horizontal else (1, along))
        ink = cv2.adaptiveThreshold(
            smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 8
        )
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1) if horizontal else (1, 3))
        mask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, bridge)
        kernel = cv2.getStructuringElement(
            cv2.MORPH_RECT, (length, 1) if horizontal else (1, length)
        )
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel) > 0
        out.append(_runs(np, mask if horizontal else mask.T, length, horizontal))
    return out[0], out[1]


def _runs(np: Any, mask: Any, length: int, horizontal: bool) -> list[Box]:
    """Runs of at least ``length`` set pixels along each row of ``mask`` as one-pixel boxes
    (columns of the page when not ``horizontal``). Runs, not blobs: a glyph touching a line
    must not turn the line into one wide blob."""
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    starts, ends = np.argwhere(edges == 1), np.argwhere(edges == -1)
    boxes: list[Box] = []
    for (row, a), (_, b) in zip(starts.tolist(), ends.tolist(), strict=True):
        if b - a >= length:
            boxes.append((a, row, b, row + 1) if horizontal else (row, a, row + 1, b))
    return [(float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in boxes]


def _outside_text(np: Any, lines: list[Box], boxes: Any, horizontal: bool) -> list[Box]:
    """The detected lines that do not run mostly through text boxes. One that does is a glyph
    stroke (a bold heading's, or neighbouring glyphs run together), not a table line, which
    runs between and beside text and is crossed by a text box at most where the recogniser
    joined two cells.

    ``boxes`` are the pieces' (x0, top, x1, bottom). A page has thousands of one-pixel line
    boxes and a hundred pieces, so lines are tested against every piece at once, a few hundred
    lines at a time (the arrays stay a few MB). Each line's overlaps are added in the pieces'
    order (``cumsum`` is sequential, unlike ``sum``), so every total is what a loop gives."""
    x0, top, x1, bottom = boxes.T
    inside: list[bool] = []
    for start in range(0, len(lines), _LINES_AT_ONCE):
        b = np.array(lines[start : start + _LINES_AT_ONCE], np.float64).reshape(-1, 4, 1)
        if horizontal:
            y = (b[:, 1] + b[:, 3]) / 2
            height = bottom - top
            across = (top + 0.2 * height < y) & (y < bottom - 0.2 * height)
            overlap = np.minimum(b[:, 2], x1) - np.maximum(b[:, 0], x0)
            length = b[:, 2, 0] - b[:, 0, 0]
        else:
            x = (b[:, 0] + b[:, 2]) / 2
            across = (x0 + 2 < x) & (x < x1 - 2)
            overlap = np.minimum(b[:, 3], bottom) - np.maximum(b[:, 1], top)
            length = b[:, 3, 0] - b[:, 1, 0]
        terms = np.where(across, np.maximum(overlap, 0.0), 0.0)
        covered = np.cumsum(np.pad(terms, ((0, 0), (1, 0))), axis=1)[:, -1]
        inside += (covered >= 0.6 * length).tolist()
    return [line for line, text in zip(lines, inside, strict=True) if not text]


def _assign(
    tables: list[list[Box]], pieces: list[Piece], tolerance: float
) -> tuple[list[list[list[Piece]]], list[Piece]]:
    """Pieces into the cells holding their centres; a piece across a column line is split."""
    cells: list[list[list[Piece]]] = [[[] for _ in t] for t in tables]
    finders = [cell_finder(t, tolerance) for t in tables]
    loose: list[Piece] = []
    for piece in pieces:
        for t, find in enumerate(finders):
            parts = _split(piece, tables[t], find)
            if parts:
                for c, part in parts:
                    cells[t][c].append(part)
                break
        else:
            loose.append(piece)
    return cells, loose


def _split(piece: Piece, table: list[Box], find: Any) -> list[tuple[int, Piece]]:
    """(cell, part) for a piece inside a table: cut where it crosses cell borders, the text
    shared out by width (OCR joins a number to its neighbour when the line between is faint)."""
    home = find(piece.cx, piece.cy)
    if home is None:
        return []
    edges = sorted(
        {
            b[i]
            for b in table
            if b[1] <= piece.cy <= b[3]
            for i in (0, 2)
            if piece.x0 + 2 < b[i] < piece.x1 - 2
        }
    )
    if not edges or len(piece.text) < 2:
        return [(home, piece)]
    parts: list[tuple[int, Piece]] = []
    bounds = [piece.x0, *edges, piece.x1]
    n = len(piece.text)
    for x0, x1 in zip(bounds, bounds[1:], strict=False):
        a = round((x0 - piece.x0) / (piece.x1 - piece.x0) * n)
        b = round((x1 - piece.x0) / (piece.x1 - piece.x0) * n)
        text = piece.text[a:b].strip()
        cell = find((x0 + x1) / 2, piece.cy)
        if text and cell is not None:
            conf = (
                piece.confidence
                if piece.confidence is None
                else min(piece.confidence, _SUSPECT_CONFIDENCE)
            )
            parts.append((cell, Piece(text, x0, piece.top, x1, piece.bottom, conf)))
    return parts or [(home, piece)]


class _Budget:
    """How many more crops one page may send to the recogniser."""

    def __init__(self, calls: int):
        self.left = calls

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _reread(
    cv2: Any, np: Any, gray: Any, box: Box, dpi: float, path: str | None, budget: _Budget
) -> Piece | None:
    """Recognise on its own a cell that detection left empty although it holds ink (a faint or
    smudged number); ``None`` when it is blank. What is found this way is never fully trusted:
    its confidence is capped under the usual threshold so a reviewer sees it."""
    pad = max(int(dpi / 40), 2)
    x0, y0, x1, y1 = (int(box[0]) + pad, int(box[1]) + pad, int(box[2]) - pad, int(box[3]) - pad)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = gray[y0:y1, x0:x1]
    smooth = cv2.medianBlur(crop, 3)
    ink = (smooth < float(np.median(smooth)) - 30).astype(np.uint8)  # darker than the paper
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    # strokes, not specks
    marks = [st for st in stats[1:n] if st[3] >= dpi / 20 or st[4] >= dpi / 5]
    if not marks:
        return None
    left = max(min(int(st[0]) for st in marks) - pad, 0)
    top = max(min(int(st[1]) for st in marks) - pad, 0)
    right = min(max(int(st[0] + st[2]) for st in marks) + pad, crop.shape[1])
    bottom = min(max(int(st[1] + st[3]) for st in marks) + pad, crop.shape[0])
    text, score = "", 0.0  # over the page's budget: the cell holds ink, read as nothing, flagged
    if budget.take():
        result = recognise(crop[top:bottom, left:right], path, detect=False)
        text = "".join(result.txts or ()).strip() if result.txts else ""
        score = float(result.scores[0]) if text and result.scores else 0.0
    return Piece(
        text,
        x0 + left,
        y0 + top,
        x0 + right,
        y0 + bottom,
        min(_trust(text, score), _REREAD_CONFIDENCE),
    )


_STRAY = re.compile(r"^[.,:;·'`，。：；、]*(.+?)[.,:;·'`，。：；、]*$")


def _clean(
    cv2: Any, np: Any, gray: Any, piece: Piece, dpi: float, path: str | None, budget: _Budget
) -> Piece:
    """A number read with a stray mark before or after it ("8.", ".2": a speck of dust read as
    a point) read again from its box with the blobs much smaller than its digits whitened. The
    new reading is taken only when it is that same number without the mark; otherwise the piece
    stays as read, distrusted."""
    s = piece.text.strip()
    m = _STRAY.match(s)
    if not s or _CJK.search(s) or _CLEAN.match(s) or not m or not _CLEAN.match(m.group(1)):
        return piece
    if not budget.take():
        return piece  # stays as read, distrusted
    pad = max(int(dpi / 50), 2)
    y0, x0 = max(int(piece.top) - pad, 0), max(int(piece.x0) - pad, 0)
    crop = gray[y0 : int(piece.bottom) + pad, x0 : int(piece.x1) + pad].copy()
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n < 2:
        return piece
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(n, dtype=bool)
    keep[1:] = areas >= 0.3 * areas.max()
    digits = cv2.dilate(keep[labels].astype(np.uint8), np.ones((3, 3), np.uint8))
    crop[digits == 0] = 255  # everything but the digits and their anti-aliased rims
    result = recognise(crop, path, detect=False)
    text = "".join(result.txts or ()).strip() if result.txts else ""
    if text == m.group(1) and result.scores:
        return Piece(
            text, piece.x0, piece.top, piece.x1, piece.bottom, float(result.scores[0]), piece.spaced
        )
    return piece


def _scale(p: Piece, f: float) -> Piece:
    return Piece(p.text, p.x0 * f, p.top * f, p.x1 * f, p.bottom * f, p.confidence, p.spaced)


def _scale_box(b: Box, f: float) -> Box:
    return (b[0] * f, b[1] * f, b[2] * f, b[3] * f)
