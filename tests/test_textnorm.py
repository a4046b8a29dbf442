"""Text folding helpers: the character set a reader uses to skip the page-number test."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.textnorm import _SIMP, _TRAD, PAGE_MARK_CHARS, is_page_number

#: the characters of the traditional table, either side, and a few others around them
_TRAD_AND_SIMP = _TRAD + _SIMP + "ab 覆盖，\u3000"


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


@given(
    st.text(alphabet="（(-—第页共 3１/", max_size=3),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.text(alphabet="（)-—第页共 3１/一", max_size=6),
)
def test_a_line_with_an_ideograph_but_first_page_or_of_is_no_page_number(
    head: str, ideograph: str, tail: str
) -> None:
    """The narrative keeps a line opening with such an ideograph, or with one character before
    it (「（一）」), without asking ``is_page_number`` (extract/sentences.py): it must say no."""
    if ideograph not in "第页共":
        assert not is_page_number(head + ideograph + tail)


def test_nfkc_is_unicode_nfkc_for_every_character_and_its_neighbours() -> None:
    """``nfkc`` replaces full-width punctuation itself before it asks Unicode: the result must
    still be exactly NFKC, whatever stands next to it (a combining mark after a full-width
    letter composes with the narrow one). Neighbours matter only for characters that combine,
    decompose or compose (the Hangul jamo); every character is tried alone."""
    from nianbao.textnorm import nfkc, to_simplified

    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        texts = [c, f"，{c}"]
        if unicodedata.combining(c) or unicodedata.decomposition(c) or 0x1100 <= cp <= 0x11FF:
            texts += [f"（{c}", f"{c}，", f"Ａ{c}\u3000", f"，{c}％"]
        for text in texts:
            assert nfkc(text) == unicodedata.normalize("NFKC", text), hex(cp)
    assert to_simplified("規範予以公開，事例") == "规范予以公开，事例"


def test_a_text_of_the_piecewise_characters_folds_piece_by_piece() -> None:
    """表二's format is told from its labels folded one by one where the text is made of
    ``FOLDS_BY_PIECE``: each such character must be NFKC-normalised to the same whatever
    stands before or after it (``fold``'s other steps go character by character). Each is
    tried beside every one of them that NFKC changes, the ideographs (which none combines
    with) beside a few."""
    from nianbao.extract.tables import FOLDS_BY_PIECE

    def nfkc(text: str) -> str:
        return unicodedata.normalize("NFKC", text)

    chars = [
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF and FOLDS_BY_PIECE.fullmatch(chr(cp))
    ]
    few = [*"a 一（，Ａ", "\u3000"]
    every = [c for c in chars if nfkc(c) != c] + few
    for c in chars:
        assert not any(unicodedata.combining(d) for d in c + nfkc(c)), hex(ord(c))
        for n in few if "\u3400" <= c <= "\u9fff" else every:
            assert nfkc(n + c) == nfkc(n) + nfkc(c), (hex(ord(n)), hex(ord(c)))
            assert nfkc(c + n) == nfkc(c) + nfkc(n), (hex(ord(c)), hex(ord(n)))


def test_folding_keeps_the_balance_note_words_whatever_stands_beside_them() -> None:
    """STR-07 folds 表三's header only when 「勾稽关系」 is not printed as is, STR-03 表二's
    header and section 二 only when a caption is not: folding must keep the words side by
    side whatever stands before and after them (no character composes with an ideograph, and
    none of them is dropped or changed but the brackets, which folding drops)."""
    from nianbao.textnorm import fold

    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        assert "勾稽关系" in fold(f"{c}勾稽关系{c}"), hex(cp)
        # STR-03's captions of 表二, each 第…项 (the words between them folded on their own)
        assert "第二十条第一项" in fold(f"{c}第二十条第（一）项{c}"), hex(cp)


def test_a_mark_keeps_texts_apart_in_nfkc() -> None:
    """``squash_marked`` tells that every run between its marks is NFKC-normalised from the
    whole text: a mark must neither compose nor reorder with any character beside it (nor be
    whitespace, which ``squash`` drops, nor come out of NFKC from anything else)."""
    from nianbao.textnorm import MARKS

    for mark in MARKS:
        assert not mark.isspace()
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        alone = unicodedata.normalize("NFKC", c)
        assert not set(alone) & set(MARKS) or c in MARKS, hex(cp)
        for mark in MARKS:
            assert unicodedata.normalize("NFKC", f"{c}{mark}{c}") == f"{alone}{mark}{alone}", hex(
                cp
            )
    for pair in ("\u1100\x00\u1161", "e\x02\u0301", "Ａ\x03\u0301"):  # would compose without it
        left, mark, right = pair
        assert unicodedata.normalize("NFKC", pair) == (
            unicodedata.normalize("NFKC", left) + mark + unicodedata.normalize("NFKC", right)
        )


def test_no_simplified_character_is_itself_simplified() -> None:
    """``to_simplified`` replaces the traditional characters one after another: that is
    ``translate`` only if no character one becomes is replaced in turn."""
    from nianbao.textnorm import _SIMPLIFIED

    assert not set(_SIMPLIFIED.values()) & set(_SIMPLIFIED)


@given(st.text(alphabet=_TRAD_AND_SIMP, max_size=40))
@settings(max_examples=500)
def test_to_simplified_is_translate(text: str) -> None:
    from nianbao.textnorm import _T2S, to_simplified

    assert to_simplified(text) == text.translate(_T2S)


#: full-width punctuation and letters (the common ones ``nfkc`` replaces first among them),
#: ideographs, Kangxi radicals, combining marks and Hangul jamo that compose with neighbours
_WIDE_AND_MORE = "，：；（）　？！％Ａａ１ｚ～＂。、政府开⾏\u0301\u0308e\u1100\u1161\u11a8 \n"


@given(st.text(alphabet=_WIDE_AND_MORE, max_size=30))
@settings(max_examples=1000)
def test_nfkc_of_mixed_text_is_unicode_nfkc(text: str) -> None:
    """``nfkc`` returns once its replacements leave a normalised text, before it looks for
    the other full-width forms: still exactly NFKC, whichever of them a text holds."""
    from nianbao.textnorm import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(
    st.lists(st.text(alphabet=_WIDE_AND_MORE + "\x00\x02\t\xa0\u2028規範", max_size=12), max_size=6)
)
@settings(max_examples=1000)
def test_squash_all_is_squash_of_each(texts: list[str]) -> None:
    """``squash_all`` at once over normalised texts, or text by text, is ``squash`` of each."""
    from nianbao.textnorm import squash, squash_all

    assert squash_all(texts) == [squash(t) for t in texts]


def test_whitespace_is_every_character_split_cuts_at() -> None:
    from nianbao.textnorm import WHITESPACE

    assert set(WHITESPACE) == {chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace()}


def _secondaries() -> set[str]:
    """The characters NFKC may compose with the one before them: the second of each
    canonical decomposition into two, and the Hangul vowel and final jamo."""
    out = {chr(cp) for cp in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for cp in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            out.add(chr(int(parts[1], 16)))
    return out


def test_plain_characters_and_folds_are_squashed_one_by_one() -> None:
    """``squash_marked`` keeps every ``_PLAIN`` character as it is and replaces each of
    ``_FOLDS`` by its fold, without normalising the text: a plain character must be no
    whitespace, no traditional character, unchanged by NFKC, and neither combine nor compose
    with the one before it; a fold's character must neither combine nor compose either, nor
    its NFKC, and its fold must be its ``squash`` and plain."""
    from nianbao.textnorm import _FOLDS, _NOT_PLAIN, _SIMPLIFIED, squash

    secondaries = _secondaries()
    plain = [
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF and not _NOT_PLAIN.match(chr(cp))
    ]
    assert len(plain) > 20000  # (the CJK ideographs)
    for c in plain:
        assert not c.isspace() and c not in _SIMPLIFIED and c not in _FOLDS, hex(ord(c))
        assert unicodedata.normalize("NFKD", c) == c, hex(ord(c))
        assert not unicodedata.combining(c) and c not in secondaries, hex(ord(c))
    for c, folded in _FOLDS.items():
        assert _NOT_PLAIN.match(c), hex(ord(c))
        for d in c + unicodedata.normalize("NFKC", c):
            assert not unicodedata.combining(d) and d not in secondaries, hex(ord(c))
        assert squash(c) == folded and not _NOT_PLAIN.search(folded), hex(ord(c))


def test_the_plain_run_stops_at_the_first_character_not_plain() -> None:
    """``squash_marked`` tells a text plain by ``_PLAIN_RUN`` (a repeated set), and finds the
    other characters by ``_NOT_PLAIN`` (its complement) from where the run stops: the two
    sets must split every character between them."""
    from nianbao.textnorm import _NOT_PLAIN, _PLAIN_RUN

    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        run = _PLAIN_RUN(c + "a")
        assert run is not None and (run.end() == 2) == (_NOT_PLAIN.match(c) is None), hex(cp)


#: the characters of ``_WIDE_AND_MORE`` and more that ``squash_marked`` finds (traditional,
#: rarer full-width forms, whitespace, a mark of its own, others NFKC keeps or changes, one
#: beyond the BMP either way), between plain ones
_SQUASHED = _WIDE_AND_MORE + "覆規範\t\xa0\u2028\x85\x7f·×…①℃＄\U00020000\U0001d400政“《"


@given(
    st.lists(st.text(alphabet=_SQUASHED, max_size=12), max_size=6),
    st.lists(st.sampled_from("\x00\x02\x03"), min_size=5, max_size=5),
)
@settings(max_examples=2000)
def test_squash_marked_of_any_characters_is_squash_of_each_run(
    texts: list[str], marks: list[str]
) -> None:
    """``squash_marked``'s ways (nothing to fold, folds alone, a normalised text holding
    other characters, a text to normalise) each give ``squash`` of each run."""
    from nianbao.textnorm import squash, squash_marked

    text = "".join(t + m for t, m in zip(texts, marks, strict=False))
    expected = "".join(squash(t) + m for t, m in zip(texts, marks, strict=False))
    assert squash_marked(text) == expected


@given(
    st.lists(st.text(alphabet=_WIDE_AND_MORE + "\t\xa0\u2028規範", max_size=12), max_size=6),
    st.lists(st.sampled_from("\x00\x02\x03"), min_size=5, max_size=5),
)
@settings(max_examples=1000)
def test_squash_marked_is_squash_of_each_run(texts: list[str], marks: list[str]) -> None:
    """``squash_marked`` keeps its marks and squashes each run between them on its own."""
    from nianbao.textnorm import squash, squash_marked

    text = "".join(t + m for t, m in zip(texts, marks, strict=False))
    expected = "".join(squash(t) + m for t, m in zip(texts, marks, strict=False))
    assert squash_marked(text) == expected
