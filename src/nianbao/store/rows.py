"""A read-and-checked file as the rows the writer inserts, built in the worker that read it.

The worker turns its ``Report`` and findings into plain tuples (``Record``), its JSON columns
already encoded (``dumps``), so what travels back to the one writer is cheap to pickle and
goes straight to the driver (``store.bulk``): the writer does no per-report work beyond
assigning ids. The rules that compare with other
stored reports (``CROSS_RULES``: the previous year, other versions, other organs) are left
to the writer's cross pass (``store.crosscheck``).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import chain
from operator import attrgetter
from typing import Any

from ..extract.sentences import Sentence
from ..model import Finding, Location, Report
from ..model.report import TABLE_IDS, printed_where
from ..rule import iter_rules
from .organs import normalise, organ_key, printed_name

#: the rules that need other reports: the previous year's (XY-01…07) or the stored peers
#: (XY-08 other versions of the same report, PUB-02 other organs' reports of the year)
CROSS_RULES = tuple(r.id for r in iter_rules() if r.needs_previous or r.needs_peers)

#: MinHash sketch of a narrative (one-permutation hashing): BUCKETS minimums, BANDS bands
SKETCH_BUCKETS = 96
SKETCH_BANDS = 16

#: key, table, row, column, value, text, raw, page, line, notes (JSON), box (JSON)
CellRow = tuple[
    str,
    str,
    str,
    str,
    float | None,
    str | None,
    str | None,
    int | None,
    int | None,
    str | None,
    str | None,
]
SectionRow = tuple[int, str, str, int | None, int | None]
#: rule, severity, status, message, data (``Finding.to_dict()`` as JSON; UTF-8 in a ``Record``)
FindingRow = tuple[str, str, str, str, str]
_FINDING_WIDTH = 5
#: values in a ``CellRow``
CELL_WIDTH = 11


def _json_encoder() -> Callable[[Any], str]:
    """JSON as the store writes it (the engine's serializer: UTF-8 text, not escapes),
    ``json.JSONEncoder(ensure_ascii=False).encode``'s text. Its C encoder is made once here:
    ``encode`` makes one a call for any value but a str (some 5 µs, more than encoding a
    number or a Location's dict), and a report's findings encode a hundred such values."""
    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator (another Python): the encoder as it is
        return plain.encode
    fast = make(
        None, plain.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    text = json.encoder.encode_basestring

    def encode(value: Any) -> str:
        return text(value) if isinstance(value, str) else "".join(fast(value, 0))

    return encode


#: ``json.JSONEncoder(ensure_ascii=False).encode`` (``_json_encoder``)
dumps = _json_encoder()


@dataclass(frozen=True, slots=True)
class Record:
    """One file for the writer: the source row, and the report's rows when it was read."""

    path: str
    sha256: str
    size: int
    seconds: float = 0.0
    error_type: str | None = None
    error: str | None = None
    #: reader, encoding, pages, notes (when read)
    source: dict[str, Any] = field(default_factory=dict)
    #: the organ as printed and its matching keys: (name, region, key, normalised name)
    organ: tuple[str, str | None, str, str] | None = None
    #: year, title, organ, region, published, format, data, cross_data (the reports row
    #: without ids; data and cross_data are JSON text in UTF-8, ``SHIPPED_UTF8``)
    report: dict[str, Any] | None = None
    #: the rows (``CellRow``, ``SectionRow``, ``FindingRow``) one after another in one flat
    #: tuple per table, which pickles and unpickles at half the cost of a tuple a row
    #: (``store.bulk.insert_children``)
    cells: tuple[Any, ...] = ()
    sections: tuple[Any, ...] = ()
    findings: tuple[Any, ...] = ()
    #: the narrative's LSH band hashes (PUB-02 candidates among the stored reports)
    bands: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its fields in order: the dataclass's own pickling of a slots class
        builds and reads a state dict in Python, a third of the writer's unpickling."""
        return (Record, _record_fields(self))


_record_fields = attrgetter(*(f.name for f in fields(Record)))

#: the columns a ``Record`` holds as UTF-8 bytes, by table: the JSON texts, two thirds of a
#: record (some 40 KB, mostly Chinese). Pickled as text, the writer decoded them from UTF-8
#: into Python's own form and ``sqlite3`` encoded them into UTF-8 again to bind them: as
#: bytes they are copied through (``store.bulk``'s ``utf8``), a tenth of what the text cost
SHIPPED_UTF8 = {"reports": frozenset({"data", "cross_data"}), "findings": frozenset({"data"})}


def failure(
    path: str, sha256: str, size: int, error_type: str, error: str, seconds: float = 0.0
) -> Record:
    return Record(path, sha256, size, seconds, error_type=error_type, error=error)


def record_of(
    path: str,
    sha256: str,
    size: int,
    report: Report,
    found: Sequence[Finding],
    seconds: float,
    split: Sequence[Sentence] | None = None,
) -> Record:
    """The rows of a read report (in the worker); ``split``: its narrative's sentences
    (``extract.sentences.sentences``) when the check already split it."""
    from ..extract.sentences import sentences
    from . import summary

    src = report.source
    name = printed_name(report)
    region = report.meta.region
    own = [f for f in found if f.rule not in CROSS_RULES]
    if split is None:  # split here once, for the bands and the cross pass's sections
        split = sentences(report)
    text = "".join(s.norm for s in split)
    cells = cell_values(report)
    return Record(
        path,
        sha256,
        size,
        seconds,
        source={
            "format": src.reader,
            "encoding": src.encoding,
            "pages": src.pages,
            "notes": list(src.notes),
        },
        organ=(name, region, organ_key(name, region), normalise(name)) if name else None,
        report={
            "year": report.meta.year,
            "title": report.meta.title,
            "organ": report.meta.organ,
            "region": region,
            "published": report.meta.published,
            "format": report.meta.format,
            "data": dumps(stored_data(report)).encode(),
            "cross_data": summary.encode(
                cells, CELL_WIDTH, summary.section_texts(report, split)
            ).encode(),
        },
        cells=cells,
        sections=flat(
            (s.no, s.heading, s.text, s.location.page, s.location.line) for s in report.sections
        ),
        findings=flat((*row[:4], row[4].encode()) for row in finding_rows(own)),
        bands=narrative_bands(report, text),
    )


def stored_data(report: Report) -> dict[str, Any]:
    """The JSON contract without the per-cell evidence, which lives in the cells table, plus
    the paragraphs outside the six sections (title, 导语, 落款, page chrome): the narrative
    the text rules compare (PUB-02, XY-05) includes them. The tables' values are filled in
    here rather than by ``to_dict``, whose evidence for every cell would be thrown away."""
    from ..extract.sentences import section_blocks

    data = replace(report, tables={}).to_dict()
    formats: dict[str, str | None] = {}
    for table_id in TABLE_IDS:
        if (table := report.tables.get(table_id)) is not None:
            formats[table_id] = table.format
            data[table_id] = {
                row_id: {col_id: cell.value for col_id, cell in row.cells.items()}
                for row_id, row in table.rows.items()
            }
    data["table_formats"] = formats
    inside = {b for s in report.sections for b in section_blocks(report, s)}
    data["loose_paragraphs"] = [
        {"text": b.text, "page": b.location.page, "line": b.location.line}
        for b in report.paragraphs
        if b not in inside
    ]
    return data


def cell_values(report: Report) -> tuple[Any, ...]:
    """Each cell's row (``CellRow``), the rows' values one after another as ``Record.cells``
    ships them: no tuple a row to chain afterwards. A cell's page, line and box are read
    from the printed cell it was placed from when its Location was never asked for (a
    placed cell's Location has that page, line and box): making the Location of every cell
    only to store three of its fields cost more than the rest of the row."""
    out: list[Any] = []
    extend = out.extend
    for table_id in TABLE_IDS:
        if (table := report.tables.get(table_id)) is None:
            continue
        for row_id, row in table.rows.items():
            prefix = f"{table_id}.{row_id}."
            for col_id, cell in row.cells.items():
                where: Any = printed_where(cell)
                if type(where) is tuple:  # a text cell line's (path, page, line)
                    page, line, box = where[1], where[2], None
                else:
                    page, line, box = where.page, where.line, where.box
                value = cell.value
                extend(
                    (
                        prefix + col_id,
                        table_id,
                        row_id,
                        col_id,
                        float(value) if isinstance(value, _NUMBER) else None,
                        value if isinstance(value, str) else None,
                        cell.raw,
                        page,
                        line,
                        dumps(list(cell.notes)) if cell.notes else None,
                        dumps(list(box)) if box else None,
                    )
                )
    return tuple(out)


_NUMBER = (int, float)


def finding_rows(found: Sequence[Finding]) -> tuple[FindingRow, ...]:
    """Each finding's row, each Location's JSON made once (``Finding.to_json``): a finding
    names some 14 Locations, many of them named by other findings too, and encoding their
    dicts in every finding was most of the findings' JSON."""
    places: dict[int, str] = {}  # by id: the Locations live as long as ``found``

    def place(where: Location) -> str:
        out = places.get(id(where))
        if out is None:
            out = places[id(where)] = location_json(where)
        return out

    return tuple(
        (f.rule, str(f.severity), f.status, f.message, f.to_json(dumps, place)) for f in found
    )


def location_json(where: Location) -> str:
    """``dumps(where.to_dict())`` without the dict: a str or int field written directly (the
    JSON encoder's own text for them), any other through ``dumps``. The C encoder spent as
    long on a Location's small dict as ``to_dict`` on making it; a report's findings name
    some 70 Locations. Each field is tested in turn, in ``to_dict``'s order, rather than in a
    loop over the fields: 40% less time a Location."""
    path, page, line, table, row, col, section, x, y, box, grid = _location_values(where)
    out = []
    if path is not None:
        out.append('"path": ' + (_text(path) if type(path) is str else dumps(path)))
    if page is not None:
        out.append('"page": ' + (str(page) if type(page) is int else dumps(page)))
    if line is not None:
        out.append('"line": ' + (str(line) if type(line) is int else dumps(line)))
    if table is not None:
        out.append('"table": ' + (_text(table) if type(table) is str else dumps(table)))
    if row is not None:
        out.append('"row": ' + (_text(row) if type(row) is str else dumps(row)))
    if col is not None:
        out.append('"col": ' + (_text(col) if type(col) is str else dumps(col)))
    if section is not None:
        out.append('"section": ' + (str(section) if type(section) is int else dumps(section)))
    if x is not None:
        out.append('"x": ' + dumps(x))
    if y is not None:
        out.append('"y": ' + dumps(y))
    if box is not None:
        out.append('"box": ' + dumps(box))
    if grid is not None:
        out.append('"grid": ' + dumps(grid))
    return "{" + ", ".join(out) + "}"


#: a Location's fields in ``Location.to_dict``'s order (``location_json`` names each)
_location_values = attrgetter(*(f.name for f in fields(Location)))
_text = json.encoder.encode_basestring


def flat(rows: Iterable[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The rows' values one after another (``Record``)."""
    return tuple(chain.from_iterable(rows))


def counts(values: Sequence[Any]) -> tuple[int, int]:
    """(errors, warnings) among the failing findings, of their rows' values one after
    another (``Record.findings``)."""
    severities, statuses = values[1::_FINDING_WIDTH], values[2::_FINDING_WIDTH]
    failing = [sev for sev, status in zip(severities, statuses, strict=True) if status == "fail"]
    return failing.count("error"), failing.count("warning")


def narrative_bands(report: Report, text: str | None = None) -> tuple[int, ...]:
    """LSH bands of the narrative PUB-02 compares (names removed, numbers folded): two
    reports whose narratives have Jaccard similarity 0.9 share a band with probability
    1 − (1 − 0.9⁶)¹⁶ > 0.99999, at 0.5 with 0.22; the rule itself then decides exactly."""
    from ..extract.similarity import shingles
    from ..rules.publication import own_words_removed

    grams = shingles(own_words_removed(report, text))
    if not grams:
        return ()
    empty = 1 << 32
    mins = [empty] * SKETCH_BUCKETS
    for h in map(zlib.crc32, map(str.encode, grams)):  # each gram's UTF-8
        bucket, value = h % SKETCH_BUCKETS, h // SKETCH_BUCKETS
        if value < mins[bucket]:
            mins[bucket] = value
    rows = SKETCH_BUCKETS // SKETCH_BANDS
    out = []
    for band in range(SKETCH_BANDS):
        part = mins[band * rows : (band + 1) * rows]
        digest = zlib.crc32(repr((band, part)).encode("ascii"))
        out.append(band << 32 | digest)
    return tuple(out)
