"""How much content each PDF page holds, read from the file before PDFium loads any page.

A report page holds some 30 KB of content and 2 KB of text; loading a page of 50 MB takes
PDFium seconds and more than a gigabyte, so such a page is refused from its size
(``Settings.max_page_content_bytes``, ``max_page_glyph_bytes``).

Two ways to measure. The quick one scans the file's bytes once: every ``/Contents`` reference
(in the file and in its object streams) and the decoded size of the streams it names. When it
can account for every page and none is near a limit, nothing is refused and pdfminer is never
started. Whatever it cannot account for (a filter other than Flate, an encrypted file, a
reference it cannot follow, an escaped key, a page over a limit) goes to the exact way:
pdfminer walks the page tree and measures each page's streams, which costs several
milliseconds a page.
"""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

from ..settings import Settings
from .failures import from_library

# ---------------------------------------------------------------- the quick scan

_OBJ = re.compile(rb"obj\b")  # a literal first: the regex engine skips to it quickly
_NUMBERS = re.compile(rb"(?<![0-9])(\d{1,10})\s+\d{1,5}\s+$")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})(?![0-9]|\s+\d+\s+R)")
_FILTER = re.compile(rb"/Filter\s*(/[A-Za-z0-9]+|\[[^\]]*\])")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R")
#: the key /Contents, also spelled with #xx escapes (which hide it from a plain search)
_CONTENTS = re.compile(
    b"/"
    + b"".join(
        b"(?:%s|#%x[%s%s])"
        % (
            c.encode(),
            ord(c) >> 4,
            b"%x" % (ord(c) & 15),
            b"%X" % (ord(c) & 15),
        )
        for c in "Contents"
    )
    + rb"(?![A-Za-z0-9#])\s*"
)
_VALUE = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R|\[([\d\sR]*)\]|[(<]")
_OBJECT_STREAMS_LIMIT = 64 * 2**20  # decoded bytes of object streams read by the quick scan


def nothing_oversized(data: bytes, pages: int, settings: Settings) -> bool:
    """Whether the quick scan shows that no page is over a limit. ``False`` means it could
    not tell, not that a page is too large."""
    streams = _streams(data)
    if streams is None:
        return False
    holders = [data]
    budget = _OBJECT_STREAMS_LIMIT
    for dictionary, raw in streams.values():
        if b"/ObjStm" in dictionary:
            body = _decode(dictionary, raw, budget)
            if body is None:
                return False
            budget -= len(body)
            holders.append(body)
    counted = 0
    for holder in holders:
        for key in _CONTENTS.finditer(holder):
            if b"#" in key.group():
                return False
            value = _VALUE.match(holder, key.end())
            if value is None:
                return False
            if value.group(0) in (b"(", b"<"):
                continue  # an annotation's text or a signature, not a page's content
            refs = (
                [int(value.group(1))]
                if value.group(1)
                else [int(r) for r in _REF.findall(value.group(2))]
            )
            if not refs or not _page_fits(refs, streams, settings):
                return False
            counted += 1
    return counted >= pages


def _page_fits(
    refs: list[int], streams: dict[int, tuple[bytes, bytes]], settings: Settings
) -> bool:
    limit = settings.max_page_content_bytes
    parts: list[bytes] = []
    total = 0
    for ref in refs:
        found = streams.get(ref)
        if found is None:
            return False
        body = _decode(*found, limit - total + 1)
        if body is None:
            return False
        total += len(body)
        if total > limit:
            return False
        parts.append(body)
    if total <= settings.max_page_glyph_bytes:
        return True  # shown text is part of the content
    return sum(string_bytes(p) for p in parts) <= settings.max_page_glyph_bytes


def _streams(data: bytes) -> dict[int, tuple[bytes, bytes]] | None:
    """Object number → (stream dictionary, raw stream bytes) for every stream object; a number
    defined twice (an incremental update) keeps neither, so a reference to it is not
    followed. ``None`` when there is no object to scan."""
    headers: list[tuple[int, int, int]] = []  # (object number, header start, body start)
    for found in _OBJ.finditer(data):
        numbers = _NUMBERS.search(data, max(found.start() - 24, 0), found.start())
        if numbers is not None:
            headers.append((int(numbers.group(1)), numbers.start(), found.end()))
    if not headers:
        return None
    out: dict[int, tuple[bytes, bytes]] = {}
    defined: set[int] = set()
    ends = [h[1] for h in headers[1:]] + [len(data)]
    for (number, _, start), end in zip(headers, ends, strict=True):
        if number in defined:
            out.pop(number, None)
            continue
        defined.add(number)
        mark = _STREAM.search(data, start, end)
        if mark is None:
            continue
        dictionary = data[start : mark.start() + 2]
        raw_end = data.rfind(b"endstream", mark.end(), end)
        length = _LENGTH.search(dictionary)
        if length is not None and mark.end() + int(length.group(1)) <= end:
            raw_end = mark.end() + int(length.group(1))
        if raw_end < 0:
            continue
        out[number] = (dictionary, data[mark.end() : raw_end])
    return out


def _decode(dictionary: bytes, raw: bytes, cap: int) -> bytes | None:
    """The stream's bytes as PDFium reads them, or ``None`` past ``cap`` bytes or when the
    filter is not plain Flate or the data does not inflate to its end."""
    found = _FILTER.search(dictionary)
    if found is None:
        return raw if len(raw) <= cap else None
    name = found.group(1).strip(b"[] \r\n\t")
    if name not in (b"/FlateDecode", b"/Fl"):
        return None
    inflate = zlib.decompressobj()
    try:
        body = inflate.decompress(raw, cap + 1)
    except zlib.error:
        return None
    if not inflate.eof or len(body) > cap:
        return None
    return body


_STRINGS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")


def string_bytes(content: bytes) -> int:
    """Bytes of text in the content's string operands (hex strings count half)."""
    total = 0
    for m in _STRINGS.finditer(content):
        token = m.group()
        total += len(token) - 2 if token[:1] == b"(" else (len(token) - 2) // 2
    return total


# ---------------------------------------------------------------- the exact way


def oversized_pages(data: bytes, pages: int, settings: Settings) -> dict[int, str]:
    """Page index → why its content is too large to lay out. Nothing is refused when the
    file's structure cannot be read (PDFium then reports it)."""
    if nothing_oversized(data, pages, settings):
        return {}
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ModuleNotFoundError:
        return {}
    out: dict[int, str] = {}
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= settings.max_pages:
                break
            reason = _oversized(page, settings)
            if reason is not None:
                out[index] = reason
    except Exception as err:
        if not from_library(err):
            raise
    return out


def _oversized(page_obj: Any, settings: Settings) -> str | None:
    from pdfminer.pdftypes import resolve1

    limit = settings.max_page_content_bytes
    total, glyph_bytes = 0, 0
    streams = page_obj.contents or []
    for ref in streams if isinstance(streams, list) else [streams]:
        stream = resolve1(ref)
        size = _decoded_size(stream, limit - total + 1)
        total += size
        if total > limit:
            return f"内容过大（超过 {limit / 2**20:.0f} MiB），不像一页报告，已跳过"
        if size and hasattr(stream, "get_data"):
            glyph_bytes += string_bytes(stream.get_data())
    if glyph_bytes > settings.max_page_glyph_bytes:
        return f"文字过多（约 {glyph_bytes} 字节），不像一页报告，已跳过"
    return None


def _decoded_size(stream: Any, cap: int) -> int:
    """The stream's decoded length, or more than ``cap`` without inflating past it."""
    if not hasattr(stream, "get_rawdata"):
        return 0
    if stream.data is not None:
        return len(stream.data)
    raw = stream.get_rawdata() or b""
    filters = [f for f, _params in stream.get_filters()]
    if not filters:
        return len(raw)
    if len(filters) == 1 and getattr(filters[0], "name", filters[0]) in ("FlateDecode", "Fl"):
        try:
            return len(zlib.decompressobj().decompress(raw, cap))
        except zlib.error:
            return 0  # PDFium reads what it can of the page, or reports it
    return len(stream.get_data() or b"")
