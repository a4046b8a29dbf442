"""Document → Report: sections, the three tables and meta, each value with its evidence.

Pure functions over the reader's blocks: headings split the document into the six sections,
the grids inside sections 二/三/四 become the tables (a grid outside them is classified by
its rows), and the paragraphs before section 一 and at the end give the meta fields.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..formats import SECTIONS
from ..formats.headings import heading_of
from ..model import (
    Document,
    Location,
    Problem,
    ReadProblem,
    Report,
    Section,
    Source,
    Table,
    TableGrid,
    TextBlock,
    TraceEvent,
)
from ..model.location import in_section
from ..model.quick import builder, positional_builder
from .glued import unglue
from .meta import build_meta
from .orphans import settle_requests
from .rows import Record, records
from .runs import place_runs
from .stated import StatedCounts, stated_counts
from .tables import Assembly, build_active, build_requests, build_review, match_row

__all__ = ["extract"]

_TABLE_OF_SECTION = {s.no: s.table for s in SECTIONS if s.table}
#: Section(…), Source(…), Table(…) and Report(…) by position, without the class call
_new_section = builder(Section)
_new_source = builder(Source)
_new_table = builder(Table)
_new_report = positional_builder(Report)


def extract(doc: Document, *, trace: bool = False) -> Report:
    """``trace``: keep what the assembler did with each printed table row (``Report.trace``,
    which ``parse --debug`` prints); made only when asked for."""
    sections, front, grids = _split(doc)
    recs: dict[str, list[Record]] = {"active": [], "requests": [], "review_litigation": []}
    problems = [_problem(p) for p in doc.problems if p.code not in _ROW_PROBLEMS]
    lost = {_grid_row(p.location): p for p in doc.problems if p.code in _ROW_PROBLEMS}
    # whether any record may carry a lost-cell problem (only the rows of ``lost`` do)
    any_lost = bool(lost)
    stated: Callable[[], StatedCounts] | None = None
    for section_no, grid in grids:
        target = (_TABLE_OF_SECTION.get(section_no) if section_no else None) or _classify(grid)
        if target and grid.layout == "glued":
            if stated is None:  # the narrative's counts, read once, if a glued row needs them
                stated = cache(
                    lambda: stated_counts(
                        [
                            *((b, None) for b in front),
                            *((b, s.no) for s in sections for b in s.paragraphs),
                        ]
                    )
                )
            grid, glued_problems = unglue(grid, target, stated)
            problems.extend(glued_problems)
        elif target and grid.layout == "runs":
            grid, run_problems = place_runs(grid, target)
            problems.extend(run_problems)
        if target:
            got = records(grid)
            if lost:  # rows that lost cells are rare: no look-up per record without them
                for rec in got:
                    rec.lost = lost.pop(_grid_row(rec.location), None)
            recs[target].extend(got)

    events: list[TraceEvent] = []
    tables: dict[str, Table] = {}
    requests: Assembly | None = None
    for table_id, build in (
        ("active", build_active),
        ("requests", build_requests),
        ("review_litigation", build_review),
    ):
        # a table's records let go once it is built: a batch export read as one file has a
        # record per printed row of every report in it
        own = recs.pop(table_id)
        table, asm = build(own, trace)
        problems.extend(asm.problems)
        if any_lost:  # a lost cell in a row the table did not take stays the reader's problem
            problems.extend(_problem(r.lost) for r in asm.records or own if r.lost)
        if asm.trace:
            events.extend(asm.trace)
        if table_id == "requests":
            requests = asm
        if table is not None:
            tables[table_id] = table
        del own, asm
    if "requests" in tables and requests is not None:
        tables["requests"], problems = settle_requests(tables["requests"], problems, requests)
    del requests

    problems.extend(_problem(p) for p in lost.values())  # rows of no report table

    paragraphs = doc.paragraphs
    body = [p for s in sections for p in s.paragraphs]
    fmt = next((t.format for t in (tables.get("active"), tables.get("requests")) if t), None)
    meta, meta_evidence = build_meta(front, list(paragraphs[-6:]), body, fmt)
    if "review_litigation" in tables:  # replace(…, format=fmt), by position
        t = tables["review_litigation"]
        tables["review_litigation"] = _new_table(t.id, fmt, t.rows, t.location, t.header)
    for no, table_id in _TABLE_OF_SECTION.items():
        if table_id not in tables:
            problems.append(Problem("missing_table", doc_location(doc).with_(section=no)))
    # Report(source, meta, sections, tables, paragraphs, meta_evidence, problems, trace) by
    # position, without the frozen __init__'s object.__setattr__ a field
    return _new_report(
        _new_source(doc.path, doc.sha256, doc.reader, doc.encoding, doc.pages, doc.notes),
        meta,
        tuple(sections),
        tables,
        paragraphs,
        meta_evidence,
        tuple(problems),
        tuple(events),
    )


def doc_location(doc: Document) -> Location:
    return Location(path=doc.path)


#: reader problems of one printed table row, tied by the assembler to the report row it fills
_ROW_PROBLEMS = frozenset({"missing_cells"})


def _problem(p: ReadProblem) -> Problem:
    return Problem(p.code, p.location, values=p.values, text=p.message)


def _grid_row(loc: Location) -> tuple[str | None, str | None]:
    """A grid row as the reader locates it: its table's and its row's number in the document."""
    return (loc.table, loc.row)


def _split(
    doc: Document,
) -> tuple[list[Section], list[TextBlock], list[tuple[int | None, TableGrid]]]:
    """Sections with their paragraphs, the paragraphs before section 一, and each grid's section."""
    current = 0
    heads: list[tuple[int, TextBlock, list[TextBlock]]] = []
    front: list[TextBlock] = []
    grids: list[tuple[int | None, TableGrid]] = []
    for block in doc.blocks:
        if isinstance(block, TableGrid):
            grids.append((current or None, block))
            continue
        h = heading_of(block.text, current)
        if h is not None:
            current = h.no
            heads.append((h.no, block, []))
        elif heads:
            heads[-1][2].append(block)
        else:
            front.append(block)
    sections = [
        _new_section(
            no,
            block.text.strip(),
            "\n".join([p.text for p in paras]),
            in_section(block.location, no),
            tuple(paras),
        )
        for no, block, paras in heads
    ]
    return sections, front, grids


def _classify(grid: TableGrid) -> str | None:
    """A grid outside sections 二–四 (headings missing): the table its rows belong to."""
    recs = records(grid)
    hits = sum(1 for r in recs if r.values and match_row("requests", r.label))
    if hits >= 3:
        return "requests"
    active_hits = sum(1 for r in recs if r.values and match_row("2019.active", r.label))
    if active_hits >= 2:
        return "active"
    return None
