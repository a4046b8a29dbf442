"""Scanned PDFs and page images through offline OCR: tables read right from noisy, slightly
turned 150 dpi scans; every doubtful value carries a low confidence and a note; no network."""

from __future__ import annotations

import io
import json
import math
import socket
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

import nianbao
from corpus import GOLD_DIR, make_pdf, mismatches, needs_soffice
from nianbao.errors import NianbaoError
from nianbao.model import Document, Report, TableGrid
from nianbao.readers import read
from nianbao.readers.confidence import confidence_notes
from nianbao.readers.layout import Page, Piece, blocks
from nianbao.textnorm import fold
from scanned import scan_page, scan_pdf

pytest.importorskip("rapidocr", reason="OCR extra not installed (pip install 'nianbao[ocr]')")
pytest.importorskip("cv2", reason="OCR extra not installed (pip install 'nianbao[ocr]')")
from nianbao.readers import ocr, ocrmodel  # noqa: E402

#: OCR renders and recognises whole pages: about half the suite's time
pytestmark = pytest.mark.slow

HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.pdf"
HUAIAN_GOLD = GOLD_DIR / "huaian-2024.json"
THRESHOLD = nianbao.Settings().ocr_min_confidence
# rows of table 三 printed on page 4 of the real report, by their gold keys
PAGE4_ROWS = {"本年新收": "一", "上年结转": "二", "予以公开": "三.一", "属于行政查询": "三.三.8"}


def _values(grid: TableGrid, label: str) -> list[str]:
    row = next(r for r in grid.rows if any(label in fold(c.text) for c in r if not c.merged))
    return [c.text for c in row if not c.merged][-7:]


def _wrong_and_unflagged(gold: Path, report: Report) -> list[str]:
    """Cells that differ from the gold without a confidence under the threshold."""
    out = []
    for miss in mismatches(gold, report):
        where = miss.split(":")[0].split(".")
        if where[0] == "meta":
            out.append(miss)
            continue
        table, col = report.tables.get(where[0]), where[-1]
        row = table.rows.get(".".join(where[1:-1])) if table else None
        cell = row.cells.get(col) if row else None
        if cell is None or cell.confidence is None or cell.confidence >= THRESHOLD:
            out.append(miss)
    return out


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def page4_png(scans: Path) -> Path:
    return scan_page(HUAIAN, scans, page=3, fmt="png")


@pytest.fixture(scope="module")
def page4(page4_png: Path) -> Document:
    return read(page4_png)


def _check_page4(doc: Document) -> None:
    gold = json.loads(HUAIAN_GOLD.read_text(encoding="utf-8"))["table3"]
    grid = next(g for g in doc.tables if any("申请人情况" in c.text for r in g.rows for c in r))
    for label, key in PAGE4_ROWS.items():
        assert _values(grid, label) == [str(v) for v in gold[key]], label


def test_page_image_is_read_with_every_value_right(page4: Document) -> None:
    assert page4.reader == "ocr" and page4.pages == 1
    _check_page4(page4)
    cells = [c for g in page4.tables for r in g.rows for c in r if c.text]
    assert all(
        c.location.page == 1 and c.location.x is not None and c.location.y is not None
        for c in cells
    )
    assert all(c.confidence is not None for c in cells)


def test_jpeg_and_no_network(scans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Models ship in the wheel: loading and running them opens no connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(ocr, "_idle", {})  # load the models again, under the patch
    _check_page4(read(scan_page(HUAIAN, scans, page=3, fmt="jpeg", seed=7)))


def test_smudged_number_is_flagged_not_read_as_blank(
    page4: Document, page4_png: Path, tmp_path: Path
) -> None:
    """A digit blurred until detection misses it comes back as a low-confidence cell with a
    note, never as a silent blank."""
    grid = next(g for g in page4.tables if any("申请人情况" in c.text for r in g.rows for c in r))
    i = next(i for i, r in enumerate(grid.rows) if any("本年新收" in c.text for c in r))
    four = [c for c in grid.rows[i] if not c.merged][-2]  # 其他: "4"
    assert four.text == "4"
    scale = 150 / 72  # locations are in points, the scan is 150 dpi
    x, top = (four.location.x or 0) * scale, (four.location.y or 0) * scale
    bottom = (grid.rows[i + 1][-1].location.y or 0) * scale
    img = Image.open(page4_png)
    box = (int(x) - 18, int(top) + 4, int(x) + 18, int(bottom) - 4)
    img.paste(img.crop(box).filter(ImageFilter.GaussianBlur(3)), box[:2])
    smudged = tmp_path / "smudged.png"
    img.save(smudged)
    doc = read(smudged)
    grid = next(g for g in doc.tables if any("申请人情况" in c.text for r in g.rows for c in r))
    row = next(r for r in grid.rows if any("本年新收" in c.text for c in r))
    cell = [c for c in row if not c.merged][-2]
    assert cell.text != "4" or (cell.confidence or 0) < THRESHOLD
    assert cell.confidence is not None and cell.confidence < THRESHOLD
    assert any("第 1 页" in n and "请对照原件核对" in n for n in doc.notes)


def test_real_report_scanned_reads_every_cell(scans: Path) -> None:
    scan = scan_pdf(HUAIAN, scans)
    report = nianbao.parse(scan)
    assert report.source.reader == "ocr"
    assert mismatches(HUAIAN_GOLD, report) == []


@needs_soffice
@pytest.mark.parametrize("stem", ["000_898f5e2484ea1ed0", "002_ca1fd1482ab00037"])
def test_scanned_corpus_reports(stem: str, scans: Path) -> None:
    """Two of the six (all six are measured by benchmarks/readers.py --score): the 2019 format
    with blank cells, and a 2021 report with values in every row."""
    gold = GOLD_DIR / f"{stem}.json"
    report = nianbao.parse(scan_pdf(make_pdf(gold, scans), scans))
    assert _wrong_and_unflagged(gold, report) == []
    assert len(mismatches(gold, report)) <= 2  # ≥ 99 % of the cells right


# ---------------------------------------------------------------- rules without the engine


@pytest.mark.parametrize(
    ("text", "trusted"),
    [("3119", True), ("96171.6", True), ("1,234", True), ("—", True), ("行政许可", True),
     ("8.", False), (".2", False), ("i", False), ("1O5", False), ("3:0", False)],
)  # fmt: skip
def test_text_that_is_neither_chinese_nor_a_clean_number_is_not_trusted(
    text: str, trusted: bool
) -> None:
    assert (ocr._trust(text, 0.99) == 0.99) is trusted


def test_skew_is_measured_from_text_lines() -> None:
    angle = math.radians(0.5)
    quads = []
    for i in range(5):
        x, y, w, h = 100.0, 100.0 + 40 * i, 400.0, 20.0
        pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        quads.append(
            np.array(
                [
                    (
                        px * math.cos(angle) - py * math.sin(angle),
                        px * math.sin(angle) + py * math.cos(angle),
                    )
                    for px, py in pts
                ]
            )
        )
    assert ocr.skew(quads) == pytest.approx(0.5, abs=0.01)


def test_two_numbers_in_one_ruled_cell_are_flagged() -> None:
    """A column line the scan lost joins two cells: the joined cell is not trusted."""
    cells = [
        ((70.0, 100.0, 200.0, 120.0), [Piece("总计", 75, 105, 95, 115, 0.99)]),
        (
            (200.0, 100.0, 400.0, 120.0),
            [Piece("4", 220, 105, 226, 115, 0.99), Piece("3119", 330, 105, 355, 115, 0.99)],
        ),
        ((70.0, 120.0, 200.0, 140.0), [Piece("合计", 75, 125, 95, 135, 0.99)]),
        ((200.0, 120.0, 400.0, 140.0), [Piece("12", 290, 125, 302, 135, 0.97)]),
    ]
    out = blocks([Page(1, 595.0, 842.0, tables=[cells], em_ratio=1.35, tolerance=2.0)], None)
    [grid] = [b for b in out if isinstance(b, TableGrid)]
    assert [(c.text, c.confidence) for c in grid.rows[0]] == [("总计", 0.99), ("4 3119", 0.5)]
    assert grid.rows[1][1].confidence == 0.97
    notes = confidence_notes(out, THRESHOLD)
    assert len(notes) == 1 and "“4 3119”" in notes[0]


def _crowded_page() -> Image.Image:
    """An A4 page at 150 dpi covered with two-digit numbers: thousands of text boxes, far more
    than any report page, each of which would cost a recognition."""
    from PIL import ImageDraw

    rng = np.random.default_rng(7)
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for y in range(10, 1740, 18):
        for x in range(10, 1230, 22):
            draw.text((x, y), str(int(rng.integers(10, 99))), fill=0)
    return img


def test_a_page_of_noise_is_refused_after_detection_not_recognised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    real = ocr._bounded

    def counting(detect_and_crop):  # noqa: ANN001, ANN202
        bounded = real(detect_and_crop)

        def run(img, op_record):  # noqa: ANN001, ANN202
            calls.append(True)
            return bounded(img, op_record)

        return run

    monkeypatch.setattr(ocr, "_idle", {})  # a fresh engine, built with the counting step
    monkeypatch.setattr(ocr, "_bounded", counting)
    buf = io.BytesIO()
    _crowded_page().save(buf, "PNG")
    with pytest.raises(NianbaoError, match="像是噪点或图案，未识别"):
        read(buf.getvalue())
    assert calls == [True]
    # in a scanned PDF the crowded page is skipped with a problem and the others are read
    pdf = io.BytesIO()
    _crowded_page().save(
        pdf, "PDF", save_all=True, append_images=[Image.new("L", (1240, 1754), 255)]
    )
    doc = read(pdf.getvalue())
    assert [(p.code, p.location.page) for p in doc.problems] == [("page_crowded", 1)]


def test_a_page_too_narrow_to_detect_is_skipped_not_enlarged_into_gigabytes() -> None:
    # a mutated page box one point wide: the detector would enlarge its 2-pixel width to 736
    # and its height with it, some 475 million pixels; the page is skipped with its reason
    pdf = io.BytesIO()
    strip = Image.new("L", (2, 1754), 0)
    strip.save(
        pdf, "PDF", resolution=150, save_all=True, append_images=[Image.new("L", (1240, 1754), 255)]
    )
    doc = read(pdf.getvalue())
    assert [(p.code, p.location.page) for p in doc.problems] == [("page_shape", 1)]
    assert "过于狭长" in doc.problems[0].message


def _message(*fields: tuple[int, int | bytes]) -> bytes:
    """A protobuf message of varint (int) and length-delimited (bytes) fields."""

    def varint(n: int) -> bytes:
        out = b""
        while n >= 0x80:
            out += bytes([n & 0x7F | 0x80])
            n >>= 7
        return out + bytes([n])

    out = b""
    for number, value in fields:
        if isinstance(value, int):
            out += varint(number << 3) + value.to_bytes(1, "little")
        else:
            out += varint(number << 3 | 2) + varint(len(value)) + value
    return out


def test_only_subnormal_float_weights_are_zeroed() -> None:
    """A float32 weight under 1.2e-38 becomes a zero of its sign; normal weights, other
    tensors' bytes and the file's length stay as they were."""
    floats = np.array([1e-40, 1.0, -3e-41, 2.5e-38, 0.0], dtype="<f4")
    ints = floats.view("<u4").astype("<i8")  # small integers: as bits, "subnormal" floats
    tensor_f = _message((1, 5), (2, 1), (8, b"w"), (9, floats.tobytes()))
    tensor_i = _message((1, 5), (2, 7), (8, b"n"), (9, ints.tobytes()))
    model = _message((1, 8), (7, _message((2, b"g"), (5, tensor_f), (5, tensor_i))))
    out = ocrmodel.flush_subnormals(model)
    start, end = model.index(floats.tobytes()), model.index(floats.tobytes()) + floats.nbytes
    assert len(out) == len(model) and out[:start] + out[end:] == model[:start] + model[end:]
    got = np.frombuffer(out[start:end], dtype="<f4")
    assert got.tolist() == [0.0, 1.0, 0.0, floats[3], 0.0]
    assert np.signbit(got).tolist() == [False, False, True, False, False]


def test_the_shipped_detector_sees_the_same_without_its_subnormal_weights(page4_png: Path) -> None:
    """The detector rapidocr ships holds subnormal weights (slow on a CPU); the session nianbao
    builds with them zeroed gives the same output, bit for bit, and the page is prepared for it
    (normalised by a table) to the same values as rapidocr's own preparation."""
    import onnxruntime
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    engine = ocr._load(1, None)
    shipped = ocr.model_file(engine, "Det").read_bytes()
    assert ocrmodel.flush_subnormals(shipped) != shipped
    gray = np.asarray(Image.open(page4_png).convert("L"))[:640, :640]
    det = engine.text_det
    x = det.get_preprocess()(np.dstack([gray] * 3))
    theirs_x = DetPreProcess(det.limit_side_len, det.limit_type, det.mean, det.std)
    assert np.array_equal(x, theirs_x(np.dstack([gray] * 3)))
    ours = det.session.session.run(None, {"x": x})[0]
    theirs = onnxruntime.InferenceSession(shipped, providers=["CPUExecutionProvider"])
    assert np.array_equal(ours, theirs.run(None, {"x": x})[0])
