"""Tell the input format from its bytes (magic numbers and content), never from the file name."""

from __future__ import annotations

import io
import re
import zipfile

from .failures import ZIP_ERRORS

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
    b"GIF87a",
    b"GIF89a",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect(data: bytes, path: str | None = None) -> str:
    """One of: text, html, docx, pdf, image, legacy, ofd, zip, binary."""
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(_OLE):
        return "legacy"
    if head.startswith(b"{\\rtf"):
        return "legacy"
    if head.startswith(_IMAGE_MAGIC) or head[8:12] == b"WEBP":  # one call for the tuple
        return "image"
    if _looks_html(head) or _html_fragment(data) or escaped_markup(data[:_SNIFF_BYTES]):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except ZIP_ERRORS:
        return "docx"  # a damaged Word file is the usual case; its reader names the damage
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower().endswith("ofd.xml") for n in names):
        return "ofd"
    if "content.xml" in names or "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        return "legacy"
    return "zip"


def _looks_html(head: bytes) -> bool:
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    # both tests need a '<' first: a text file is told without lowering its head, a pass over
    # every byte that cost more than the rest of the detection
    if not sample.startswith(b"<"):
        return False
    sample = sample.lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"html" in sample[:512]:
        return True
    # ``sample`` is the whole head but the BOM and white space it starts with, lowered
    return b"<table" in sample or b"<body" in sample


#: how far into a file content sniffing looks for markup (a CMS fragment's first table may sit
#: well past its first kilobytes)
_SNIFF_BYTES = 1 << 20
_CLOSING = re.compile(rb"</(?:p|div|td|tr|table|span|h[1-6]|li)\s*>", re.IGNORECASE)
_ESCAPED_TAG = re.compile(
    rb"""<(?:table|tr|td|th|p|div|span)\b[^<>]{0,200}?\\["']"""
    rb"""|\\n\s*<\\?/?(?:table|tr|td|p|div)\b|<\\/(?:table|tr|td|p|div)>""",
    re.IGNORECASE,
)


def _html_fragment(data: bytes) -> bool:
    """A CMS content field or an article body copied out of a page: markup from its first
    character but no ``<html>``; judged by the closing tags anywhere in the first megabyte."""
    sample = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not sample.startswith(b"<"):
        return False
    return len(_CLOSING.findall(sample)) >= 3


def escaped_markup(data: bytes) -> bool:
    """HTML kept inside a JavaScript or JSON string (``<td align=\\"center\\">``, ``\\n``)."""
    # every form of the pattern holds a '<' and a backslash: a text file is told without the
    # regex scan, which costs more than reading the file (a '<' alone is common in prose)
    if b"<" not in data or b"\\" not in data:
        return False
    return len(_ESCAPED_TAG.findall(data)) >= 3
