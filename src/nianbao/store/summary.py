"""What the cross pass reads of a stored report besides its ``data``, written at ingest
(``reports.cross_data``).

Rebuilding a stored report for the cross-report rules took its cells' printed text, page
and line from the ``cells`` table (some 190 rows a report) and split its sections 1 and 5
into sentences again for XY-05 and XY-07. The worker that read the report has both at hand
and stores them as one JSON text: each cell's printed text, page and line, in the order of
``data``'s values (that of ``rows.cell_values``), and the two sections' matching text. A report stored before
the column existed has none: the cross pass rebuilds it from the ``cells`` table as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..extract.sentences import Sentence, section_text
from ..model import Report
from ..rules.cross_year import COMPARED_SECTIONS

__all__ = ["CrossData", "decode", "encode", "section_texts"]


class CrossData(NamedTuple):
    #: each cell's printed text, page and line, in the order of ``data``'s values
    raws: list[str | None]
    pages: list[int | None]
    lines: list[int | None]
    #: section number → its matching text (``COMPARED_SECTIONS``; "" when absent)
    texts: dict[int, str]


def section_texts(report: Report, sentences: Sequence[Sentence] | None = None) -> dict[int, str]:
    """``section_text(report, no) or ""`` of each compared section; ``sentences``: the whole
    narrative's (``extract.sentences.sentences``), when the caller split it: a section's
    text is then its sentences' (the same blocks, width and matching copies) unless two
    sections share its number (``section_text`` takes the first)."""
    out = {}
    for no in COMPARED_SECTIONS:
        if sentences is not None and sum(s.no == no for s in report.sections) == 1:
            out[no] = "".join(s.norm for s in sentences if s.section == no)
        else:
            out[no] = section_text(report, no) or ""
    return out


def encode(cells: Sequence[Any], width: int, texts: dict[int, str]) -> str:
    """``cells``: the values of the report's ``rows.CellRow``s one after another, ``width``
    a row (raw, page and line at 6, 7 and 8 of each)."""
    return _dumps(
        {
            "raw": list(cells[6::width]),
            "page": list(cells[7::width]),
            "line": list(cells[8::width]),
            "sections": texts,
        }
    )


#: one encoder for every report (``json.dumps`` with options makes one a call)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def decode(text: str) -> CrossData:
    d = json.loads(text)
    return CrossData(d["raw"], d["page"], d["line"], {int(k): v for k, v in d["sections"].items()})
