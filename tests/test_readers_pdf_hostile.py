"""Hostile PDFs and images: a clear error naming the file and the reason, in bounded time and
memory, never a traceback. The files are made here, by hand or with pikepdf."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from nianbao.errors import LimitExceeded, NianbaoError
from nianbao.readers import read
from nianbao.settings import Settings

_TEXT = b"Annual report on government information disclosure 2024"


def make_pdf(
    pages: int = 1, text: bytes = _TEXT, media_box: str = "0 0 595 842", drawing: bytes = b""
) -> bytes:
    """A small valid PDF: ``pages`` pages, each with ``text`` in Helvetica and ``drawing``."""
    content = b"BT /F1 12 Tf 72 760 Td (" + text + b") Tj ET\n" + drawing if text else drawing
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + media_box.encode() + b"] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    return assemble(objects)


def assemble(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with its xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for no, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % no + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _timed_read(source: bytes | Path, settings: Settings | None = None, limit: float = 5.0):  # noqa: ANN202
    start = time.perf_counter()
    try:
        return read(source, settings or Settings())
    finally:
        assert time.perf_counter() - start < limit


def test_handmade_pdf_reads() -> None:
    doc = _timed_read(make_pdf())
    assert doc.reader == "pdf" and doc.pages == 1
    assert doc.paragraphs[0].text == _TEXT.decode()


def test_broken_xref_is_repaired() -> None:
    data = make_pdf()
    at = data.rindex(b"startxref\n") + len(b"startxref\n")
    broken = data[:at] + b"999999" + data[data.index(b"\n", at) :]  # startxref points nowhere
    broken = broken.replace(b" 00000 n ", b" 00000 x ")  # and the table itself is garbage
    doc = _timed_read(broken)
    assert doc.paragraphs[0].text == _TEXT.decode()


def test_pdf_without_objects_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "年报.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises(NianbaoError) as err:
        _timed_read(path)
    assert err.value.code == "corrupt"
    assert "年报.pdf" in str(err.value) and "损坏" in str(err.value)


def test_two_thousand_pages_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(make_pdf(pages=2000))
    with pytest.raises(LimitExceeded) as err:
        _timed_read(path, limit=3.0)
    assert "2000 页" in str(err.value) and "big.pdf" in str(err.value)


def test_password_protected_pdf_says_so(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip(
        "pikepdf", reason="pikepdf makes the encrypted test files (pip install pikepdf)"
    )
    plain = pikepdf.open(io.BytesIO(make_pdf()))
    locked = tmp_path / "locked.pdf"
    plain.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(NianbaoError) as err:
        _timed_read(locked)
    assert err.value.code == "encrypted" and "密码" in str(err.value)
    # a PDF locked only against copying (an owner password, as agencies publish) reads normally
    owner_only = tmp_path / "owner.pdf"
    plain.save(
        owner_only,
        encryption=pikepdf.Encryption(
            user="", owner="owner", allow=pikepdf.Permissions(extract=False)
        ),
    )
    assert _timed_read(owner_only).paragraphs[0].text == _TEXT.decode()


def test_page_too_large_to_render_is_refused() -> None:
    """A scanned page (no text, a drawing) a hundred metres wide: refused, not rendered."""
    huge = make_pdf(text=b"", media_box="0 0 14400 14400", drawing=b"0 0 100 100 re f\n")
    with pytest.raises(LimitExceeded) as err:
        _timed_read(huge)
    assert "第 1 页过大" in str(err.value)


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width``×``height`` but whose pixel data is cut short:
    decoding it would fail, so refusing it with a size error shows the header alone was read."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _jpeg_claiming(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("make", [_png_header_only, _jpeg_claiming], ids=["png", "jpeg"])
def test_image_of_400_million_pixels_is_refused_from_its_header(make, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "scan.img"
    path.write_bytes(make(20_000, 20_000))
    with pytest.raises(LimitExceeded) as err:
        _timed_read(path, limit=2.0)
    assert "scan.img" in str(err.value)


def test_image_over_the_configured_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.new("L", (2000, 1500), 255).save(path)
    with pytest.raises(LimitExceeded) as err:
        _timed_read(path, Settings(max_pixels=2_000_000))
    assert "2000×1500" in str(err.value)


def test_broken_image_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    data = io.BytesIO()
    Image.new("L", (400, 300), 255).save(data, "PNG")
    path.write_bytes(data.getvalue()[:80])  # header, then nothing
    with pytest.raises(NianbaoError) as err:
        _timed_read(path)
    assert err.value.code == "corrupt" and "page.png" in str(err.value)
