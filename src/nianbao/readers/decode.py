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
    candidates = ["utf-8", "gb18030", "utf-16-le", "utf-16-be"]
    if b"\x00" in data[:65536]:
        candidates = ["utf-16-le", "utf-16-be"]
    best: tuple[float, str, str] | None = None
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = _plausible(text)
        if name in ("utf-8", "gb18030") and score >= 0.98:
            return _checked(text, path), name
        if best is None or score > best[0]:
            best = (score, name, text)
    if best is not None and best[0] >= 0.9:
        return _checked(best[2], path), best[1]
    if best is not None or b"\x00" in data[:65536]:
        raise _binary(path)
    raise _undecodable(path, "utf-8/gb18030/utf-16")


_IMPLAUSIBLE = re.compile(
    "[^ -~\t\n\r\f\u00a0\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2f00-\u2fdf]"
)


def _plausible(text: str) -> float:
    """Share of characters a Chinese report is made of: CJK, ASCII, CJK and full-width punctuation."""
    sample = text[:8192]
    if not sample:
        return 0.0
    return 1 - len(_IMPLAUSIBLE.findall(sample)) / len(sample)


def _checked(text: str, path: str | None) -> str:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise _binary(path)
    return text


def _binary(path: str | None) -> NianbaoError:
    return NianbaoError(
        path, "这是二进制文件，不是文本报告", "binary data, not a text report", code="binary"
    )


def _undecodable(path: str | None, tried: str) -> NianbaoError:
    return NianbaoError(
        path,
        f"无法识别文字编码（已尝试 {tried}）",
        f"cannot decode the text (tried {tried})",
        code="undecodable",
    )
