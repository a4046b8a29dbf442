"""Page sizes read from the PDF's bytes: the quick scan vouches for ordinary reports, and every
page it cannot account for is measured the exact way, so no oversized page slips through."""

from __future__ import annotations

import binascii
import zlib
from pathlib import Path

import pytest

from nianbao.errors import NianbaoError
from nianbao.readers import read
from nianbao.readers.pdfsize import nothing_oversized, oversized_pages
from nianbao.settings import Settings
from test_readers_pdf_hostile import assemble

HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.pdf"
_LINE = b"BT /F1 12 Tf 72 760 Td (Annual report on government information 2024) Tj ET\n"
_SMALL = Settings(max_page_content_bytes=4000)


def _pdf(content: bytes, dictionary: bytes = b"", key: bytes = b"/Contents") -> bytes:
    """One page whose content stream is ``content`` as stored, under ``dictionary``."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d %s>>\nstream\n" % (len(content), dictionary) + content + b"\nendstream",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> " + key + b" 4 0 R >>",
        ]
    )


def test_a_real_report_is_vouched_for_without_the_exact_walk() -> None:
    data = HUAIAN.read_bytes()
    assert nothing_oversized(data, 6, Settings())
    assert not nothing_oversized(data, 7, Settings())  # a page it did not find: not vouched
    assert oversized_pages(data, 6, Settings()) == {}


@pytest.mark.parametrize(
    ("content", "dictionary", "key"),
    [
        (_LINE * 100, b"", b"/Contents"),  # plain, over the limit
        (zlib.compress(_LINE * 100), b"/Filter /FlateDecode ", b"/Contents"),  # small stored
        (binascii.hexlify(_LINE * 100) + b">", b"/Filter /ASCIIHexDecode ", b"/Contents"),
    ],
)
def test_a_page_over_the_limit_is_refused_however_it_is_stored(
    content: bytes, dictionary: bytes, key: bytes
) -> None:
    data = _pdf(content, dictionary, key)
    assert not nothing_oversized(data, 1, _SMALL)
    with pytest.raises(NianbaoError) as err:
        read(data, _SMALL)
    assert "第 1 页内容过大" in str(err.value)


def test_a_compressed_page_under_the_limit_is_vouched_for_and_read() -> None:
    data = _pdf(zlib.compress(_LINE * 10), b"/Filter /FlateDecode ")
    assert nothing_oversized(data, 1, _SMALL)
    assert "Annual report" in read(data, _SMALL).blocks[0].text


def test_compressed_text_over_the_glyph_limit_is_refused() -> None:
    data = _pdf(zlib.compress(_LINE * 2000), b"/Filter /FlateDecode ")
    with pytest.raises(NianbaoError) as err:
        read(data)
    assert "文字过多" in str(err.value)


def test_an_escaped_key_is_not_counted_past() -> None:
    """A page naming its (large) content as /C#6fntents, beside a page and a stray page object
    that name small content plainly: as many plain references as pages, yet not vouched for."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> %s %d 0 R >>"
    )
    big, small = _LINE * 100, _LINE
    data = assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(big) + big + b"\nendstream",
            page % (b"/C#6fntents", 4),
            page % (b"/Contents", 8),
            page % (b"/Contents", 8),  # not in the page tree
            b"<< /Length %d >>\nstream\n" % len(small) + small + b"\nendstream",
        ]
    )
    assert not nothing_oversized(data, 2, _SMALL)
    assert set(oversized_pages(data, 2, _SMALL)) == {0}
