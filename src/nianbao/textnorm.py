"""Text folding for matching labels: width, traditional characters, spaces and punctuation.

The original text is always kept for evidence; only a folded copy is compared.
"""

from __future__ import annotations

import re
import unicodedata

# Traditional → simplified for the vocabulary of the report format (labels, headings, units).
# A small table instead of a dependency: only these characters decide a match.
_TRAD = (
    "規範許處罰強費採購資開報總體況動請數結轉辦予區屬於國險穩護權類內務過執檢詢無機關"
    "現沒製補後確訪舉訴複覆獲維糾審經議訟問題進項調證縣區鎮鄉條例辦單計額萬點幣歲"
    "發廢效決事業級標準統籌協導閱讀錄檔應與為這個們說會從來時間題實際產務門戶網站頁"
)
_SIMP = (
    "规范许处罚强费采购资开报总体况动请数结转办予区属于国险稳护权类内务过执检询无机关"
    "现没制补后确访举诉复复获维纠审经议讼问题进项调证县区镇乡条例办单计额万点币岁"
    "发废效决事业级标准统筹协导阅读录档应与为这个们说会从来时间题实际产务门户网站页"
)

# Characters dropped when folding: whitespace, punctuation, brackets, list markers.
_DROP = re.compile(
    r"[\s\u3000\u00a0()（）\[\]【】〔〕、,，.．。:：;；\"'“”‘’「」『』《》<>〈〉·・\-—–_*#|/／]+"
)
_SPACES = re.compile(r"[\s\u3000\u00a0]+")


_SIMPLIFIED = dict(zip(_TRAD, _SIMP, strict=True))
_TRADITIONAL = re.compile(f"[{_TRAD}]")
#: the full-width forms and U+3000, and the one ASCII character NFKC makes of each
_NARROW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
#: below this length ``unicodedata.normalize`` alone is quicker than the steps of ``nfkc``
_SHORT = 48


def to_simplified(text: str) -> str:
    # str.translate looks every character up; most texts hold none of these characters, and
    # replacing the few found is many times quicker (the same result: no output is an input)
    for ch in set(_TRADITIONAL.findall(text)):
        text = text.replace(ch, _SIMPLIFIED[ch])
    return text


def nfkc(text: str) -> str:
    """Full-width digits and letters, U+3000, and the Kangxi radicals WPS PDFs emit (⾏→行).

    Chinese text is full of full-width punctuation, which makes ``unicodedata.normalize``
    decompose and recompose every character. Replacing the full-width forms by the ASCII
    character each decomposes to leaves the same normal form; when the rest is already
    normal (the quick check says so) that is the answer, else it is normalised as before.
    """
    if text.isascii():
        return text
    if len(text) < _SHORT:
        return unicodedata.normalize("NFKC", text)
    narrow = text
    for ch in set(_WIDE.findall(text)):
        narrow = narrow.replace(ch, _NARROW[ch])
    if unicodedata.is_normalized("NFKC", narrow):
        return narrow
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """The matching form of a label: NFKC, simplified, no spaces or punctuation."""
    return _DROP.sub("", to_simplified(nfkc(text)))


def squash(text: str) -> str:
    """NFKC and simplified with all whitespace removed, punctuation kept (for narrative regexes)."""
    return _SPACES.sub("", to_simplified(nfkc(text)))


# Page numbers as printed in headers and footers: -3-, — 12 —, 第3页, 第3页 共10页, 3/10, 3.
_DASH = "[-—–－_]"
_PAGE_MARKED = re.compile(
    rf"{_DASH}+\s*\d{{1,4}}\s*{_DASH}+|第\s*\d{{1,4}}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
)
_PAGE_BARE = re.compile(r"[-—–－_\s]*\d{1,4}[-—–－_\s]*|\d{1,4}\s*/\s*\d{1,4}")
#: a CJK ideograph other than those of 第3页共10页 (no NFKC mapping changes one)
_OTHER_IDEOGRAPH = re.compile(r"(?![第页共])[\u4e00-\u9fff]")
#: every character whose NFKC form holds a dash or 页: a line without one of them is never a
#: marked page number, which lets a reader skip the test for all other lines at once
#: (tests/test_textnorm.py derives the set from the running Python's Unicode tables)
PAGE_MARK_CHARS = (
    "-_\u2013\u2014\u9875\ufe31\ufe32\ufe33\ufe34\ufe4d\ufe4e\ufe4f\ufe58\ufe63\uff0d\uff3f"
)


def is_page_number(text: str, *, bare: bool = True) -> bool:
    """Whether a whole line is a printed page number, which readers and the narrative drop.

    ``bare`` also counts a number alone or with one dash (3, 3-, 3/10): right for a line at a
    page's edge or a paragraph, wrong for a line of plain text, where a number alone is a
    table cell.
    """
    if _OTHER_IDEOGRAPH.search(text):
        return False  # prose: NFKC keeps the ideograph, and neither pattern allows it
    s = nfkc(text).strip()
    return bool(_PAGE_MARKED.fullmatch(s) or (bare and _PAGE_BARE.fullmatch(s)))
