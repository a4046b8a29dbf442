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
            if score == 1.0 and len(text) <= _SAMPLE:
                # every character plausible, none of them a control: nothing left to check
                return text, name
            return _checked(text, path), name
        if best is None or score > best[0]:
            best = (score, name, text)
    if best is not None and best[0] >= 0.9:
        return _checked(best[2], path), best[1]
    damaged = _with_replacement(data) if b"\x00" not in data[:65536] else None
    if damaged is not None:
        return _checked(damaged[1], path), damaged[0]
    if best is not None or b"\x00" in data[:65536]:
        raise _binary(path)
    raise _undecodable(path, "utf-8/gb18030/utf-16")


#: most bytes a text may lose to replacement and still be read (per 10,000 characters)
_MAX_DAMAGE_PER_10K = 5


def _with_replacement(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) when a few stray bytes (a 0xFF, a character cut in half at the end)
    are all that keep UTF-8 or GB18030 from decoding; the damage shows as U+FFFD, which the
    reader reports with its place."""
    best: tuple[int, str, str] | None = None
    for name in ("utf-8", "gb18030"):
        text = data.decode(name, errors="replace")
        damage = text.count("\ufffd")
        if damage > max(2, len(text) * _MAX_DAMAGE_PER_10K // 10_000):
            continue
        if _plausible(text) >= 0.98 and (best is None or damage < best[0]):
            best = (damage, name, text)
    return (best[1], best[2]) if best is not None else None


def damage_lines(text: str) -> list[int]:
    """1-based line numbers holding an undecodable byte (U+FFFD from the lenient decode)."""
    if "\ufffd" not in text:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [no for no, line in enumerate(lines, 1) if "\ufffd" in line]


#: runs of the characters a Chinese report is made of (CJK, ASCII, CJK and full-width
#: punctuation); none of them is a ``_CONTROL`` character. Matched as runs: a regex repeat
#: tests a character a step, half the cost of a search restarted after each character
_PLAUSIBLE_RUN = re.compile(
    "[ -~\t\n\r\f\u00a0\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2f00-\u2fdf]+"
)
_NO_CONTROL = re.compile(r"[^\x00-\x08\x0b\x0e-\x1f\x7f]*")
#: characters whose plausibility is measured
_SAMPLE = 8192


def _plausible(text: str) -> float:
    """Share of characters a Chinese report is made of: CJK, ASCII, CJK and full-width punctuation."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    if _PLAUSIBLE_RUN.fullmatch(sample):  # most texts: one run
        return 1.0
    # what is left once the runs are taken out is the implausible characters
    return 1 - len(_PLAUSIBLE_RUN.sub("", sample)) / len(sample)


def _checked(text: str, path: str | None) -> str:
    sample = text[:65536]
    if (
        sample
        and _NO_CONTROL.fullmatch(sample) is None
        and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)
    ):
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
