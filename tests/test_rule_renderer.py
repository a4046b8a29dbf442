"""A message template's renderer (``nianbao.rule.renderer``) says what ``format_map`` says."""

from __future__ import annotations

from collections.abc import Callable
from string import Formatter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.rule import ordered_rules, renderer

_NAMES = ("column", "printed", "computed", "x", "表")
#: literal text: any characters, the braces among them written doubled as a template does
_LITERAL = st.text(alphabet=st.characters(), max_size=12).map(
    lambda s: s.replace("{", "{{").replace("}", "}}")
)
_FIELD = st.sampled_from(_NAMES).map(lambda name: "{" + name + "}")
_VALUE = st.one_of(
    st.text(max_size=6),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)


@given(st.lists(st.one_of(_LITERAL, _FIELD), max_size=8), st.lists(_VALUE, min_size=5, max_size=5))
def test_renderer_says_what_format_map_says(parts: list[str], values: list[Any]) -> None:
    template = "".join(parts)
    given_values = dict(zip(_NAMES, values, strict=True))
    assert renderer(template)(given_values) == template.format_map(given_values)


@pytest.mark.parametrize("template", ["{x!r}", "{x:>8}", "{x[0]}", "{x.real}", "{0}", "{}"])
def test_other_fields_keep_format_map(template: str) -> None:
    assert _outcome(renderer(template), {"x": 2.5}) == _outcome(template.format_map, {"x": 2.5})


def test_a_missing_value_raises_what_format_map_raises() -> None:
    with pytest.raises(KeyError, match="computed"):
        renderer("{printed} ≠ {computed}")({"printed": 1})


def test_every_catalogue_template_renders_as_format_map() -> None:
    for r in ordered_rules():
        for template in (r.message, *r.messages.values()):
            names = [name for _, name, _, _ in Formatter().parse(template) if name]
            values = {name: f"<{name}>" for name in names}
            render = renderer(template)
            assert render != template.format_map, r.id  # every one made into an f-string
            assert render(values) == template.format_map(values), r.id


def _outcome(render: Callable[[dict[str, Any]], str], values: dict[str, Any]) -> object:
    """What rendering gives: the message, or the type of the error raised."""
    try:
        return render(values)
    except Exception as err:
        return type(err)
