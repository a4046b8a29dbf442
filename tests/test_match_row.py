"""Matching a printed label against a table's rows (``extract.tables.match_row``)."""

from __future__ import annotations

import itertools

from nianbao.extract.tables import _RANKED, ROW_SETS, _keys, _match
from nianbao.formats.spec import RowSpec
from nianbao.textnorm import fold


def _scored(specs: tuple[RowSpec, ...], folded: str) -> tuple[RowSpec, str] | None:
    """The rule itself: an exact key before a key found inside, then priority, then length;
    of equals, the row printed first."""
    best: tuple[RowSpec, str] | None = None
    score = (-1, -1, -1)
    for spec in specs:
        keys, exact = _keys(spec)
        for k in exact:
            if folded == k and (2, spec.priority, len(k)) > score:
                best, score = (spec, k), (2, spec.priority, len(k))
        for k in keys:
            if k in folded and (1, spec.priority, len(k)) > score:
                best, score = (spec, k), (1, spec.priority, len(k))
    return best


def test_ranked_keys_pick_the_row_the_scores_pick() -> None:
    """The keys ranked once a row set (the first found wins) pick what scoring every key
    does, for every key, exact key and label of every row set, alone, two side by side, and
    with item numbers and units around them."""
    words = sorted(
        {w for specs in ROW_SETS.values() for s in specs for w in (*s.keys, *s.exact, s.label)}
    )
    labels = [*words, *(a + b for a, b in itertools.product(words, words))]
    labels += [f"（一）{w}合计" for w in words] + [f"{w[len(w) // 2 :]}（件）" for w in words]
    for name, specs in ROW_SETS.items():
        for label in labels:
            folded = fold(label)
            assert _match(_RANKED[name], folded) == (_scored(specs, folded) if folded else None)
