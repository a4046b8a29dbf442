"""Meta's patterns rewritten for speed find what their plain forms find: the region named in
the body, looked for from a little before the first 县/市/区政府 (``meta.body_region``), and
the page chrome of a title line; and the count of ideographs that tells a paragraph from a
date line."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from nianbao.extract import meta
from nianbao.textnorm import squash

_TEXT = st.lists(
    st.sampled_from(
        [*"县市区人民政府发挥通过在以由经为对是清河张家口a1 ,。", "人民政府", "发挥", "张家口"]
    ),
    max_size=24,
).map("".join)


def _found(m: object) -> object:
    return None if m is None else (m.span(), m.groups())  # type: ignore[attr-defined]


@given(_TEXT)
@example("清河县人民政府")
@example("发挥清河县政府")
@example("发挥张家口市政府")
@example("通过张家口区人民政府")
@example("a张家口市政府")
@example("在清河县政府和区政府")
def test_body_region_is_the_plain_search(text: str) -> None:
    assert _found(meta.body_region(text)) == _found(meta._BODY_REGION.search(text))


#: the page chrome pattern as first written
_PLAIN_CHROME = re.compile(r"[>＞»|｜]|当前位置|首页|字号|分享|浏览次数|来源[:：]")


@given(
    st.lists(
        st.sampled_from(
            [*">＞»|｜当前位置首页字号分享浏览次数来源:：年报 a", "当前位置", "来源："]
        ),
        max_size=16,
    ).map("".join)
)
def test_chrome_is_its_plain_form(text: str) -> None:
    found = [(m.span(), m.group()) for m in meta._CHROME.finditer(text)]
    assert found == [(m.span(), m.group()) for m in _PLAIN_CHROME.finditer(text)]


_IDEOGRAPHS_OR_NOT = st.lists(
    st.sampled_from([*"年月日二〇二四a1 ，。\n", "政府信息"]), max_size=40
).map("".join)


@given(_IDEOGRAPHS_OR_NOT)
@example("二〇二四年一月十五日某某县人民政府办公室")
@example("a" * 30)
def test_more_ideographs_spelled_out(text: str) -> None:
    """The possessive steps spelled out match where the repeated group does, as far."""
    plain = re.compile(f"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){{{meta._DATE_LINE_MAX + 1}}}")
    assert _found(meta._MORE_IDEOGRAPHS.match(text)) == _found(plain.match(text))


@given(
    st.text(alphabet=st.sampled_from([*"政府信息公开開資訊 \u3000\u0301\uff08（a1"]), max_size=12)
)
@example("\u0301政府信息公开\u0301")
def test_title_phrase_kept_by_squash(around: str) -> None:
    """A line that prints 政府信息公开 holds it squashed too (``_title_line`` tells it so)."""
    text = around + "政府信息公开" + around[::-1]
    assert "政府信息公开" in squash(text)
