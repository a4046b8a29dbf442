"""Text folding for matching labels: width, traditional characters, spaces and punctuation.

The original text is always kept for evidence; only a folded copy is compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

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
assert len(_TRAD) == len(_SIMP)
_T2S = str.maketrans(_TRAD, _SIMP)

# Characters dropped when folding: whitespace, punctuation, brackets, list markers.
_DROP = re.compile(
    r"[\s\u3000\u00a0()（）\[\]【】〔〕、,，.．。:：;；\"'“”‘’「」『』《》<>〈〉·・\-—–_*#|/／]+"
)


#: the characters the table changes (予例效事站 are the same in both scripts)
_HAS_TRAD = re.compile("[" + "".join(t for t, s in zip(_TRAD, _SIMP, strict=True) if t != s) + "]")
#: the full-width forms of ASCII (U+FF01–FF5E) and U+3000, the characters of a Chinese text
#: that NFKC changes; each maps to its full compatibility decomposition
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_NARROW = {
    chr(cp): unicodedata.normalize("NFKD", chr(cp)) for cp in (*range(0xFF01, 0xFF5F), 0x3000)
}
#: the full-width forms most frequent in Chinese prose (``squash_marked`` replaces these at
#: once, a C scan each, and finds the rarer ones among the ``_FOLDS``)
_FREQUENT_WIDE = tuple((c, _NARROW[c]) for c in "，：；（）")
#: the full-width characters ``squash`` replaces first: the frequent forms, the ideographic
#: space and a few more
_COMMON_WIDE = _FREQUENT_WIDE + tuple((c, _NARROW[c]) for c in "　？！％")


#: each character the table changes, and what it becomes: no character it becomes is itself
#: changed (tests/test_textnorm.py), so replacing them one after another is ``translate``
_SIMPLIFIED = {t: s for t, s in zip(_TRAD, _SIMP, strict=True) if t != s}


def to_simplified(text: str) -> str:
    """``text.translate(_T2S)``: a ``str.replace`` (a C scan) per traditional character the
    text holds, as translate() looks every character up in the table (some 800 instructions
    a character of CJK text), and most text holds none or one (覆 of 覆盖)."""
    first = _HAS_TRAD.search(text)
    if first is None:
        return text
    for t in set(_HAS_TRAD.findall(text, first.start())):
        text = text.replace(t, _SIMPLIFIED[t])
    return text


def nfkc(text: str) -> str:
    """Full-width digits and letters, U+3000, and the Kangxi radicals WPS PDFs emit (⾏→行).

    Exactly ``unicodedata.normalize("NFKC", text)``, sooner: a character replaced by its full
    compatibility decomposition leaves the NFKD form, and so the NFKC form, unchanged; when
    the full-width punctuation and spaces of a Chinese text were the only characters NFKC
    changes, the text with them replaced is already normalised."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    narrow = text
    for wide, ascii_ in _COMMON_WIDE:  # str.replace is far cheaper than a call per match
        if wide in narrow:  # ``in`` is no method call: cheaper than replacing none
            narrow = narrow.replace(wide, ascii_)
    # normalised now: no full-width form is left (each has a decomposition), and the scan
    # for one, a regex step a character, would cost ten times this check
    if narrow is not text and unicodedata.is_normalized("NFKC", narrow):
        return narrow
    narrow = _WIDE.sub(_narrow, narrow)
    if narrow is not text and unicodedata.is_normalized("NFKC", narrow):
        return narrow
    return unicodedata.normalize("NFKC", text)


def _narrow(m: re.Match[str]) -> str:
    return _NARROW[m.group()]


def fold(text: str) -> str:
    """The matching form of a label: NFKC, simplified, no spaces or punctuation."""
    return _DROP.sub("", to_simplified(nfkc(text)))


def squash(text: str) -> str:
    """NFKC and simplified with all whitespace removed, punctuation kept (for narrative regexes)."""
    # str.split() cuts at exactly the characters ``\s`` matches (U+3000 and U+00A0 among
    # them), far sooner than the regex
    return "".join(to_simplified(nfkc(text)).split())


def squash_all(texts: Sequence[str]) -> list[str]:
    """``[squash(t) for t in texts]``, sooner: the texts joined by NULs squashed at once
    (``squash_marked``), then cut apart (a text holding a NUL is squashed alone)."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [squash(t) for t in texts]
    return squash_marked(joined).split("\x00")


#: the marks ``squash_marked`` keeps apart (C0 controls that are no whitespace)
MARKS = "\x00\x02\x03"
_MARK_RUNS = re.compile(f"([{MARKS}])")
#: every character ``str.split()`` cuts at (``str.isspace``: tests/test_textnorm.py)
WHITESPACE = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _ranges_but(low: str, high: str, but: str) -> str:
    """A regex set's ranges of the characters from ``low`` to ``high`` but those of ``but``."""
    out = []
    for c in sorted(set(but)):
        if low <= c <= high:
            if low < c:
                out.append(f"{low}-{chr(ord(c) - 1)}")
            low = chr(ord(c) + 1)
    return "".join(out) + f"{low}-{high}"


#: the characters a text keeps as they are in ``squash_marked``: none is whitespace or a
#: traditional character of the table, none changes in NFKC, combines, or composes with the
#: character before it (tests/test_textnorm.py): the marks and other C0 controls that are no
#: whitespace, ASCII but the space, the CJK ideographs and the punctuation of Chinese prose
_PLAIN = (
    "\x00-\x08\x0e-\x1b\x21-\x7e\u2014\u2018\u2019\u201c\u201d\u3001\u3002\u3008-\u3011"
    + _ranges_but("\u4e00", "\u9fff", "".join(_SIMPLIFIED))
)
#: any character but the ``_PLAIN`` ones (the regex engine tests each against a bitmap)
_NOT_PLAIN = re.compile(f"[^{_PLAIN}]")
#: the run of ``_PLAIN`` characters a text opens with (most often the whole text): the regex
#: engine tests a repeated set in a loop of its own, at half the instructions a character of
#: a search for ``_NOT_PLAIN``, which calls the set's test from its scan for a start
_PLAIN_RUN = re.compile(f"[{_PLAIN}]*").match
#: what ``squash`` makes of each of some characters that are not ``_PLAIN``, found in any
#: text: whitespace is dropped, a traditional character simplified, and a full-width form
#: becomes its ASCII character (its NFKC), which composes with nothing
_FOLDS = {
    **{wide: narrow for wide, narrow in _NARROW.items() if not narrow.isspace()},
    **_SIMPLIFIED,
    **dict.fromkeys(WHITESPACE, ""),
}


def squash_marked(text: str) -> str:
    """``squash`` of each run of ``text`` between ``MARKS``, the marks kept: a caller joins
    many texts by marks to normalise them in a few C-level scans instead of some calls a text.

    A mark neither composes nor reorders with what stands beside it (tests/test_textnorm.py),
    so NFKC of the whole is NFKC of each run, and the text is NFKC-normalised when each run is.
    The frequent full-width forms are replaced, and spaces dropped, each in a C scan; one
    regex match of the ``_PLAIN`` run the text opens with, most often all of it, tells whether
    it holds other characters, and a scan from there finds them: most often none, or some of
    the ``_FOLDS``, each replaced in a scan of its own. NFKC maps
    those, like the full-width forms, one character to one (none composes or is composed
    with: ``squash`` of a text of them is theirs one by one), and ``split`` drops whitespace,
    which no mark is. (This spares the scans that told whether the text is normalised, and
    where it held a traditional character or whitespace, a character a scan.) Only a text
    that holds another character NFKC changes (a Kangxi radical, a ligature) is normalised
    as such, run by run."""
    narrow = text
    for wide, ascii_ in _FREQUENT_WIDE:
        narrow = narrow.replace(wide, ascii_)
    plain = narrow
    if " " in plain:  # (``in`` first: a memchr, and many a text holds none)
        plain = plain.replace(" ", "")
    opening = _PLAIN_RUN(plain)  # (``*``: never None)
    end = opening.end() if opening else 0
    if end == len(plain):
        return plain
    found = set(_NOT_PLAIN.findall(plain, end))
    # (``difference`` of a dict looks each of ``found`` up in it, where ``issubset`` would
    # make a set of the dict's keys first)
    if not found.difference(_FOLDS) or unicodedata.is_normalized("NFKC", narrow):
        # (a normalised text holds no full-width form: only ``_SIMPLIFIED`` and whitespace)
        for c in found:
            if c in _FOLDS:
                plain = plain.replace(c, _FOLDS[c])
        return plain
    narrow = _WIDE.sub(_narrow, narrow)
    if not unicodedata.is_normalized("NFKC", narrow):
        narrow = "".join(
            [
                run
                if unicodedata.is_normalized("NFKC", run)
                else unicodedata.normalize("NFKC", run)
                for run in _MARK_RUNS.split(narrow)
            ]
        )
    return "".join(to_simplified(narrow).split())


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


#: a number printed as a line of its own, alone or with a remark (``22（其中修订 16 件）``):
#: a table cell a converter lost from its row
_LOOSE_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:[（(][^）)]*[）)])?\s*$")


def loose_number(text: str) -> str | None:
    """The number of a loose line that holds one number (and maybe a remark), else None."""
    m = _LOOSE_NUMBER.match(text)
    return m.group(1) if m else None
