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
