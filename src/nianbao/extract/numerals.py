"""Numbers written in Arabic or Chinese numerals: 十六, 一百二十三, 1.5万, 二〇二三."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..textnorm import squash

Number = int | float

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "O": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: the characters a number written in Chinese numerals starts with (digits and 十)
CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾"
_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "万亿"


def _small(text: str) -> Decimal:
    """A number below 10000: 一百二十三, 十六, 两千五 (=2500), 1.5 (a coefficient of 万)."""
    if not text:
        return Decimal(0)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    total = 0
    digit: int | None = None
    last_unit = 0
    after_zero = False
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:
                raise ValueError(text)
            digit = _DIGITS[ch]
            after_zero = after_zero or digit == 0
            if digit == 0:
                digit = None
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if last_unit and unit >= last_unit:
                raise ValueError(text)
            total += (1 if digit is None else digit) * unit
            digit, last_unit, after_zero = None, unit, False
        elif ch.isdigit():
            if digit is not None:
                raise ValueError(text)
            digit = int(ch)
        else:
            raise ValueError(text)
    if digit is not None:
        # 两千五 = 2500, but 两千零五 = 2005
        total += digit * (last_unit // 10) if last_unit >= 100 and not after_zero else digit
    return Decimal(total)


def _below_yi(text: str) -> Decimal:
    if "万" not in text:
        return _small(text)
    high, low = text.split("万", 1)
    value = _small(high or "一") * 10000
    if len(low) == 1 and low in _DIGITS and _DIGITS[low]:
        return value + _DIGITS[low] * 1000  # 一万二 = 12000
    return value + _small(low.lstrip("零〇"))


def cn_number(text: str) -> Number | None:
    """The value of a number written in Arabic or Chinese numerals, or None if it is not one.

    Exact: 十六 → 16, 一百二十三 → 123, 两千 → 2000, 壹佰贰拾叁 → 123, 一万二千 → 12000,
    1.5万 → 15000, 二〇二三 → 2023 (digit by digit), full-width ０-９ via NFKC.
    """
    s = squash(text).replace(",", "")
    if not s:
        return None
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    if all(ch in _DIGITS for ch in s) and len(s) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in s))  # 二〇二三
    if not all(ch in _NUMERAL_CHARS or ch.isdigit() or ch == "." for ch in s):
        return None
    try:
        if "亿" in s:
            high, low = s.split("亿", 1)
            value = _below_yi(high or "一") * 100_000_000 + _below_yi(low.lstrip("零〇"))
        else:
            value = _below_yi(s)
    except (ValueError, InvalidOperation):
        return None
    return int(value) if value == value.to_integral_value() else float(value)
