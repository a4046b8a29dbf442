"""``Location.to_dict`` spelled out field by field, against the plain form over its fields."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from nianbao.model import Location

_ANY = st.none() | st.text(max_size=3) | st.integers() | st.floats(allow_nan=False)
_WIDTH = len(fields(Location))  # every field, one added later too


@given(st.lists(_ANY, min_size=_WIDTH, max_size=_WIDTH))
def test_to_dict_is_every_field_set_in_order(values: list[object]) -> None:
    loc = Location(*values)
    plain = {f.name: getattr(loc, f.name) for f in fields(Location)}
    expected = {k: v for k, v in plain.items() if v is not None}
    got = loc.to_dict()
    assert got == expected and list(got) == list(expected)
