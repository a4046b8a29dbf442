"""Decode text bytes by evidence (BOM, NUL pattern, strict trial), never by assumption."""

from __future__ import annotations

import codecs
import re

from ..errors import NianbaoError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, carriage return and form feed, plus DEL
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises NianbaoError for binary or undecodable input."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(name), path), name
            except UnicodeDecodeError as err:
                raise _undecodable(path, name) from err
    utf16 = _utf16_guess(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), path), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise _binary(path)
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        return _checked(text, path), name
    raise _undecodable(path, "utf-8/gb18030")


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-range characters leave NULs on every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.2 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.2 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _checked(text: str, path: str | None) -> str:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise _binary(path)
    return text


def _binary(path: str | None) -> NianbaoError:
    return NianbaoError(path, "这是二进制文件，不是文本报告", "binary data, not a text report", code="binary")


def _undecodable(path: str | None, tried: str) -> NianbaoError:
    return NianbaoError(
        path,
        f"无法识别文字编码（已尝试 {tried}）",
        f"cannot decode the text (tried {tried})",
        code="undecodable",
    )
