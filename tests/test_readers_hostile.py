"""Hostile DOCX and HTML: refused with a clear error naming the file, in bounded time and memory."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from nianbao.cli import main
from nianbao.errors import LimitExceeded, NianbaoError
from nianbao.readers import read
from nianbao.settings import Settings

docx = pytest.importorskip("docx")


@contextmanager
def bounded(seconds: float = 5.0, megabytes: float = 64.0) -> Iterator[None]:
    """Fail when the block takes longer or allocates more (Python heap peak) than allowed."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * 1e6, f"peak {peak / 1e6:.0f} MB"


def _docx(transform: Callable[[str], bytes] | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    out = io.BytesIO()
    document.save(out)
    if transform is None:
        return out.getvalue()
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = transform(data.decode("utf-8"))
            zout.writestr(info.filename, data)
    return rebuilt.getvalue()


def test_docx_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    padding = " " * 50_000_000  # 50 MB of XML whitespace deflates ~1000:1
    bomb = tmp_path / "炸弹.docx"
    bomb.write_bytes(
        _docx(lambda xml: xml.replace("一、总体情况", "一、总体情况" + padding).encode())
    )
    assert bomb.stat().st_size < 200_000
    with bounded(seconds=3, megabytes=5), pytest.raises(LimitExceeded) as err:
        read(bomb)
    assert str(err.value).startswith(str(bomb)) and "压缩比异常" in str(err.value)


def test_docx_of_a_zip_version_python_cannot_read_is_a_clear_error() -> None:
    """A central directory asking for zip version 6.4 (a fuzzed DOCX): ``zipfile`` raises
    ``NotImplementedError``, which must become the file's error, not a traceback."""
    data = bytearray(_docx())
    at = data.index(b"PK\x01\x02")
    data[at + 6 : at + 8] = struct.pack("<H", 64)  # version needed to extract
    with pytest.raises(NianbaoError, match="zip file version 6.4"):
        read(bytes(data))


def test_docx_total_uncompressed_size_is_limited() -> None:
    with pytest.raises(LimitExceeded, match="解压后过大"):
        read(_docx(), Settings(max_unzipped_bytes=20_000))


def test_docx_member_lying_about_its_size_is_not_inflated() -> None:
    """A central directory that declares 100 bytes for 50 MB of data: zipfile stops at 100."""
    data = bytearray(_docx(lambda xml: (xml + " " * 50_000_000).encode()))
    name = b"word/document.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, 100)
            at = data.find(signature, at + 4)
    with bounded(seconds=3, megabytes=20), pytest.raises(NianbaoError, match="DOCX"):
        read(bytes(data))


_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
        for a, b in zip("abcdefg", "bcdefgh", strict=False)
    )
    + "]>"
)
_NEST = 5000


@pytest.mark.parametrize(
    "transform",
    [
        lambda xml: xml.replace(
            "<w:body>",
            "<w:body>" + "<w:sdt><w:sdtContent>" * _NEST + "</w:sdtContent></w:sdt>" * _NEST,
        ),
        lambda xml: xml.replace("<w:document", _LAUGHS + "<w:document", 1).replace(
            "一、总体情况", "&h;"
        ),
    ],
    ids=["deep-nesting", "billion-laughs"],
)
def test_docx_xml_bombs(transform: Callable[[str], str]) -> None:
    with bounded(), pytest.raises(LimitExceeded, match="超出解析限制"):
        read(_docx(lambda xml: transform(xml).encode()))


def test_html_with_10000_nested_tags(tmp_path: Path) -> None:
    page = tmp_path / "嵌套.html"
    page.write_text(
        "<html><body><p>前言</p>"
        + "<div>" * 10_000
        + "深处"
        + "</div>" * 10_000
        + "</body></html>",
        encoding="utf-8",
    )
    with bounded(seconds=3), pytest.raises(LimitExceeded) as err:
        read(page)
    assert str(err.value).startswith(str(page)) and "嵌套过深" in str(err.value)


def test_html_nesting_limit_follows_settings() -> None:
    page = ("<html><body>" + "<div>" * 50 + "深处" + "</div>" * 50 + "</body></html>").encode()
    assert read(page).paragraphs[0].text == "深处"
    with pytest.raises(LimitExceeded, match="超过 40 层"):
        read(page, Settings(max_html_depth=40))


def test_html_span_bomb() -> None:
    rows = "<tr><td rowspan=65534 colspan=1000>x</td></tr>" * 400
    with bounded(seconds=3), pytest.raises(LimitExceeded, match="表格展开后过大"):
        read(f"<html><body><table>{rows}</table></body></html>".encode())


def test_html_over_the_size_limit() -> None:
    page = ("<html><body>" + "<p>段落</p>" * 1000 + "</body></html>").encode()
    with pytest.raises(LimitExceeded, match="网页过大"):
        read(page, Settings(max_text_bytes=5_000))


def test_cli_reports_a_hostile_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "嵌套.html"
    page.write_text("<html><body>" + "<b>" * 10_000 + "</body></html>", encoding="utf-8")
    assert main(["parse", str(page)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith(str(page)) and "Traceback" not in err
