"""The region named in the body is looked for from a little before the first 县/市/区政府
(``meta.body_region``): the same match as searching the whole text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from nianbao.extract import meta

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
