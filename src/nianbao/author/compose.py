"""Draft → the Report that will be published: the user's narrative or the skeleton, the three
tables in the official format, paragraphs numbered in print order as a reader would number them.

Because the Report is built in print order, the checker's findings on it are the findings a
reader would get from the rendered file, line for line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from ..formats import FORMATS, SECTIONS
from ..model import TABLE_IDS, Location, Meta, Report, Row, Section, Source, Table, TextBlock
from ..render.html import official_layout, report_title, signature
from .data import Draft
from .skeleton import default_intro, skeleton


def compose(draft: Draft) -> Report:
    """The full report: title, 导语, the six sections (narrative or skeleton), the tables, 落款."""
    meta = Meta(
        title=draft.meta.get("title") or None,
        organ=draft.meta.get("organ") or None,
        region=draft.meta.get("region") or None,
        year=draft.meta.get("year"),
        published=_date(draft.meta.get("published")),
        format=draft.meta.get("format"),
    )
    source = Source(draft.path, draft.sha256, draft.reader)
    tables = {tid: _table(draft, tid) for tid in TABLE_IDS}
    bare = Report(source=source, meta=meta, sections=(), tables=tables)
    bare = replace(
        bare, tables={tid: replace(t, header=_header(bare, tid)) for tid, t in tables.items()}
    )
    fmt = FORMATS[meta.format or "2021"]

    line = 0
    paragraphs: list[TextBlock] = []

    def add(
        text: str, kind: Literal["paragraph", "heading"] = "paragraph", section: int | None = None
    ) -> TextBlock:
        nonlocal line
        line += 1
        block = TextBlock(text, Location(path=draft.path, line=line, section=section), kind=kind)
        paragraphs.append(block)
        return block

    add(report_title(bare), kind="heading")
    for text in _lines(draft.intro or default_intro(meta.year, fmt)):
        add(text)
    sections = []
    for spec in SECTIONS:
        heading = add(spec.title, kind="heading", section=spec.no)
        text = draft.sections.get(spec.no) or skeleton(draft, spec.no)
        blocks = tuple(add(t, section=spec.no) for t in _lines(text))
        if spec.no in (2, 3, 4):
            line += 1  # the table takes a place in print order, as a reader numbers blocks
        sections.append(
            Section(
                spec.no, spec.title, "\n".join(b.text for b in blocks), heading.location, blocks
            )
        )
    composed = replace(bare, sections=tuple(sections))
    for text in signature(composed):
        add(text)
    return replace(composed, paragraphs=tuple(paragraphs))


def _lines(text: str) -> list[str]:
    return [t.strip() for t in text.splitlines() if t.strip()]


def _date(value: object) -> str | None:
    """``published`` as YYYY-MM-DD (YAML gives a date; a string may use 年月日 or / or .)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        return text  # kept as given; DATE rules report what they cannot read
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


def _table(draft: Draft, table_id: str) -> Table:
    spec = draft.spec(table_id)
    rows = {
        row.id: Row(
            row.id,
            row.label,
            {col: draft.cells[(table_id, row.id, col)] for col in row.columns},
            Location(path=draft.path, table=table_id, row=row.id),
        )
        for row in spec.rows
    }
    return Table(table_id, draft.table_formats[table_id], rows, Location(path=draft.path))


def _header(report: Report, table_id: str) -> str:
    """The header and caption text the official layout prints (format fingerprints, captions)."""
    return " ".join(
        cell.text
        for sub in official_layout(report, table_id)
        for row in sub
        for cell in row
        if cell.header
    )
