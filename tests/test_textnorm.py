"""Text folding helpers: the character set a reader uses to skip the page-number test."""

from __future__ import annotations

import sys
import unicodedata

from nianbao.textnorm import PAGE_MARK_CHARS, is_page_number


def test_page_mark_chars_are_every_character_that_folds_to_a_dash_or_ye() -> None:
    """A reader tests only lines holding one of these for a marked page number, so a
    character missing here would keep a page number such as ﹣3﹣ in the text."""
    marks = set("-—–－_页")
    derived = {
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF
        and (chr(cp) in marks or marks & set(unicodedata.normalize("NFKC", chr(cp))))
    }
    assert set(PAGE_MARK_CHARS) == derived


def test_marked_page_numbers_hold_a_page_mark_char() -> None:
    for line in ("-3-", "— 12 —", "第3页", "第 3 页 共 10 页", "﹣3﹣", "－４－"):
        assert is_page_number(line, bare=False)
        assert set(line) & set(PAGE_MARK_CHARS)


def test_every_count_phrasing_ends_in_a_numeral_and_unit() -> None:
    """claims_in skips the phrasings for a sentence without a numeral and a unit; a phrasing
    without one would then never be tried."""
    from nianbao.extract import claims

    for p in claims._COMPILED:
        assert claims._N in p.regex.pattern, p.topic


def test_prose_is_never_a_page_number_but_page_marks_are() -> None:
    assert not is_page_number("第三部分共收到申请3件")
    assert not is_page_number("页 3")  # a word beside a number is not a footer
    assert is_page_number("第 3 页 共 10 页")
    assert is_page_number("３")  # full-width digits fold to a bare number


def test_the_quick_nfkc_and_simplification_give_exactly_the_unicode_results() -> None:
    """``nfkc`` skips the full normalisation when replacing the full-width forms leaves normal
    text, and ``to_simplified`` replaces only the characters present: the results must be
    those of ``unicodedata.normalize`` and ``str.translate`` for any text, combining marks,
    Hangul jamo and compatibility characters included."""
    import random

    from nianbao.textnorm import _SIMPLIFIED, nfkc, to_simplified

    table = str.maketrans("".join(_SIMPLIFIED), "".join(_SIMPLIFIED.values()))
    tricky = [0x3000, 0x300, 0x301, 0x327, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x2F49, 0xF98E]
    tricky += [0x3099, 0x309A, 0x304B, 0x0B47, 0x0B3E, 0x302A, 0x00B4, 0x2460, 0x33E0]
    pool = [chr(c) for c in [*range(0xFF00, 0xFF70), *range(0x4E00, 0x4E10), *tricky]]
    pool += [*"ae 19年月日，。（）：", *_SIMPLIFIED]
    rng = random.Random(14)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)
        assert to_simplified(text) == text.translate(table), repr(text)
