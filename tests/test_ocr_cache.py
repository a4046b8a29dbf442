"""OCR results cached by content (``--no-cache`` to skip), and page images given with
``--pages`` read as one report. The cache always points at a temporary directory here."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

import nianbao
from nianbao.cli import main
from nianbao.model import Document, Location, TextBlock
from nianbao.readers import cache, read
from nianbao.readers.image import combine_pages
from nianbao.settings import DEFAULT

HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.pdf"


def _png(size: tuple[int, int] = (40, 60), exif_orientation: int | None = None) -> bytes:
    img = Image.new("L", size, 255)
    buf = io.BytesIO()
    if exif_orientation is None:
        img.save(buf, "PNG")
    else:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def test_pages_become_one_multi_page_image_in_order() -> None:
    data = combine_pages(
        [("a.png", _png((40, 60))), ("b.jpg", _png((40, 60), 6)), ("c.png", _png((50, 70)))]
    )
    with Image.open(io.BytesIO(data)) as tiff:
        sizes = []
        for i in range(tiff.n_frames):
            tiff.seek(i)
            sizes.append(tiff.size)
    assert sizes == [(40, 60), (60, 40), (50, 70)]  # b turned upright by its EXIF orientation


def test_a_page_that_is_no_image_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p1.png"
    page.write_bytes(_png())
    notes = tmp_path / "notes.txt"
    notes.write_text("不是图片", encoding="utf-8")
    assert main(["parse", "--pages", str(page), str(notes)]) == 2
    assert str(notes) in capsys.readouterr().err


def test_cache_reads_an_ocr_file_once_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str | None] = []

    def fake_ocr(data: bytes, path: str | None, settings: object) -> Document:
        calls.append(path)
        block = TextBlock("二〇二四年政府信息公开工作年度报告", Location(path=path, line=1))
        return Document(path, "x", "ocr", (block,), pages=1)

    monkeypatch.setattr("nianbao.readers.image.read", fake_ocr)
    settings = nianbao.Settings(ocr_cache=str(tmp_path / "cache"))
    first, second, other = tmp_path / "a.png", tmp_path / "b.png", tmp_path / "c.png"
    first.write_bytes(_png())
    second.write_bytes(_png())  # the same bytes under another name
    other.write_bytes(_png((41, 60)))
    assert read(first, settings).blocks[0].location.path == str(first)
    again = read(second, settings)
    assert calls == [str(first)]  # not recognised again
    assert again.path == str(second) and again.blocks[0].location.path == str(second)
    read(other, settings)
    read(first, DEFAULT)  # no cache: read every time
    assert calls == [str(first), str(other), str(first)]
    assert len(list((tmp_path / "cache" / cache.SUBDIR).glob("*.pickle"))) == 2


def test_a_damaged_cache_file_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str | None] = []

    def fake_ocr(data: bytes, path: str | None, settings: object) -> Document:
        calls.append(path)
        return Document(path, "x", "ocr", (TextBlock("年度报告", Location(path=path)),))

    monkeypatch.setattr("nianbao.readers.image.read", fake_ocr)
    settings = nianbao.Settings(ocr_cache=str(tmp_path))
    page = tmp_path / "a.png"
    page.write_bytes(_png())
    read(page, settings)
    for stored in (tmp_path / cache.SUBDIR).glob("*.pickle"):
        stored.write_bytes(b"\x80\x05garbage")
    read(page, settings)
    assert len(calls) == 2


@pytest.mark.slow
def test_scanned_pages_read_as_one_report_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from scanned import scan_page

    pages = [str(scan_page(HUAIAN, tmp_path, page=p, fmt="png")) for p in (3, 4)]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    config = tmp_path / "slow.toml"
    config.write_text("file_timeout = 900\n", encoding="utf-8")  # a shared, loaded machine
    slow = ["--config", str(config)]
    assert main(["parse", "--json", "--jobs", "1", *slow, "--pages", *pages]) == 0
    first = capsys.readouterr().out
    report = json.loads(first)
    assert report["source"]["pages"] == 2 and report["source"]["reader"] == "ocr"
    cells = report["evidence"]["requests"]
    pages_seen = {c.get("page") for row in cells.values() for c in row["cells"].values()}
    assert pages_seen == {1, 2}  # 表三 continues from the first image onto the second
    stored = list((tmp_path / "xdg" / "nianbao" / cache.SUBDIR).glob("*.pickle"))
    assert len(stored) == 1
    # the second time nothing is recognised: the OCR engine would fail if it were called
    monkeypatch.setattr(
        "nianbao.readers.ocr.recognise", lambda *a, **k: pytest.fail("OCR ran again")
    )
    settings = nianbao.Settings(ocr_cache=str(tmp_path / "xdg" / "nianbao"))
    data = combine_pages([(p, Path(p).read_bytes()) for p in pages])
    again = nianbao.parse(data, settings)
    assert again.to_dict()["requests"] == report["requests"]
    assert main(["parse", "--json", "--no-cache", "--jobs", "1", *slow, "--pages", *pages[:1]]) == 0
    assert len(list(stored[0].parent.glob("*.pickle"))) == 1  # --no-cache stored nothing


def test_checker_settings_keep_the_cache_and_reading_settings_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fake_ocr(data: bytes, path: str | None, settings: nianbao.Settings) -> Document:
        calls.append(settings.ocr_dpi)
        return Document(path, "x", "ocr", (TextBlock("年度报告", Location(path=path)),))

    monkeypatch.setattr("nianbao.readers.image.read", fake_ocr)
    page = tmp_path / "a.png"
    page.write_bytes(_png())
    base = nianbao.Settings(ocr_cache=str(tmp_path / "c"))
    read(page, base)
    read(page, replace(base, local_deadline="03-31", file_timeout=900.0))  # the checker's
    assert calls == [150]
    read(page, replace(base, ocr_dpi=200))  # the reader's: read again
    assert calls == [150, 200]
