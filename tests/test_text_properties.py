"""Property tests for the text reader and the value parser: never crash, never invent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import nianbao
from nianbao.errors import NianbaoError
from nianbao.extract.values import parse_value
from nianbao.readers.decode import decode
from nianbao.textnorm import fold

_report_chars = st.sampled_from(
    list(
        "一二三四五六七八九十、（）()：:.．0123456789 \t\n\u3000\u00a0|-—/规章行政许可总计其他予以公开件"
    )
)


@given(st.text(_report_chars, max_size=400))
@settings(max_examples=300)
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        report = nianbao.parse(text.encode("utf-8"))
    except NianbaoError:
        return
    for table in report.tables.values():
        for _row, _col, cell in table.cells():
            if cell.value is not None:
                assert cell.raw.strip(), "a value must come from printed text"


@given(st.binary(max_size=2000))
@settings(max_examples=300)
def test_any_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    try:
        nianbao.parse(data)
    except NianbaoError as err:
        assert err.reason_zh and err.reason_en


@given(st.integers(min_value=-(10**9), max_value=10**12))
def test_integers_read_back_exactly(n: int) -> None:
    assert parse_value(str(n)) == (n, ())
    value, notes = parse_value(f"{n:,}")
    assert value == n
    full_width = str(n).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    assert parse_value(full_width)[0] == n


@given(st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False))
def test_decimals_stay_floats(d: object) -> None:
    text = f"{d:.4f}"
    value, _ = parse_value(text)
    assert isinstance(value, float) and abs(value - float(text)) < 1e-9


def test_blank_and_placeholders_are_not_numbers() -> None:
    assert parse_value("\u00a0 ") == (None, ())
    assert parse_value("/")[0] == "/"
    assert parse_value("—")[0] == "—"
    assert parse_value("无")[0] == "无"
    assert parse_value("12件") == (12, ("去掉单位“件”",))
    assert parse_value("3.0") == (3.0, ())


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=300))
@settings(max_examples=200)
def test_decode_round_trips_utf8_and_utf16(text: str) -> None:
    report_text = "政府信息公开工作年度报告\n" + text
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            got, _ = decode(report_text.encode(encoding))
        except NianbaoError:
            continue  # control characters make it look binary: refused, never garbled
        assert got == report_text


def test_fold_handles_variants() -> None:
    assert fold("（六）其他处理") == fold("(六) 其他处理") == "六其他处理"
    assert fold("⾏政许可") == fold("行政許可") == "行政许可"
    assert fold("结果 维持") == "结果维持"


_cell_lines = st.lists(
    st.tuples(st.booleans(), st.text(st.sampled_from(list("规章 0123\t|")), max_size=8)).map(
        lambda p: ("\t" if p[0] else "") + p[1]
    ),
    min_size=1,
    max_size=30,
)


@given(_cell_lines)
@settings(max_examples=300)
def test_a_text_whose_tabs_all_lead_their_lines_is_read_as_each_line_tested(
    texts: list[str],
) -> None:
    """The text reader tells a cell line by ``in`` alone where every tab of the text leads its
    line (``leading``): the same blocks as testing each line's last tab."""
    from nianbao.readers.text import _blocks, _layout_blocks

    lines = [(i + 1, None, t) for i, t in enumerate(texts)]
    if "\t" in "".join(texts):
        assert _blocks(lines, "a.txt") == _layout_blocks(lines, "a.txt", True, False)


_KINDS = "tcobpsfx"  # the text reader's line kinds, a letter each


def _run_end_per_line(kinds: str, start: int, allowed: str) -> int:
    """The run's end found line by line: the first kind not ``allowed``, then trailing
    blanks dropped."""
    j = start + 1
    while j < len(kinds) and kinds[j] in allowed:
        j += 1
    while j > start + 1 and kinds[j - 1] == "b":
        j -= 1
    return j


@given(st.text(st.sampled_from(_KINDS), min_size=1, max_size=40), st.data())
@settings(max_examples=500)
def test_a_run_ends_where_a_line_by_line_scan_ends_it(kinds: str, data: st.DataObject) -> None:
    """``_run_end`` finds the first kind that stops a run by a regex search over the line
    kinds: the same end as testing each line against the kinds the run takes."""
    from nianbao.readers.text import _NOT_PIPE_RUN, _NOT_SPACED_RUN, _NOT_TAB_RUN, _run_end

    start = data.draw(st.integers(0, len(kinds) - 1))
    for stop, allowed in ((_NOT_TAB_RUN, "tcob"), (_NOT_SPACED_RUN, "sfb"), (_NOT_PIPE_RUN, "p")):
        assert _run_end(kinds, start, stop) == _run_end_per_line(kinds, start, allowed)


@given(st.text(alphabet="ab\t\n\r\f-—页4 第", max_size=60))
@settings(max_examples=500)
def test_the_lines_joined_are_the_text_where_the_reader_says_so(text: str) -> None:
    """``_split_lines`` hands back the text its lines were split from only where joining the
    lines' texts gives it (no form feed, no page number dropped, line breaks made one)."""
    from nianbao.readers.text import _split_lines

    lines, _pages, joined = _split_lines(text)
    if joined is not None:
        assert joined == "\n".join(t for _no, _page, t in lines)


def _continuations_per_line(texts: list[str], kinds: str) -> str:
    """A text line right after a cell line or a continuation continues it, unless it is a
    heading: each line tested in turn."""
    from nianbao.formats.headings import heading_of

    marked = list(kinds)
    for i in range(1, len(marked)):
        if marked[i] == "x" and marked[i - 1] in ("c", "o") and heading_of(texts[i], 0) is None:
            marked[i] = "o"
    return "".join(marked)


@given(
    st.lists(
        st.tuples(
            st.sampled_from("cxxtbps"), st.sampled_from(["续行", "一、总体情况", "（二）其他"])
        ),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=500)
def test_continuations_are_marked_as_a_line_by_line_pass_marks_them(
    drawn: list[tuple[str, str]],
) -> None:
    """``_mark_continuations`` finds the text lines by ``find`` and marks a run of them after
    a cell: the same kinds as a pass over every line."""
    from nianbao.readers.text import _mark_continuations

    kinds = "".join(k for k, _ in drawn)
    texts = [t for _, t in drawn]
    lines = [(i + 1, None, t) for i, t in enumerate(texts)]
    assert _mark_continuations(lines, kinds) == _continuations_per_line(texts, kinds)
