"""The faster __init__ of the per-cell model classes keeps their dataclass behaviour."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.model import Cell, GridCell, Location
from nianbao.model.quick import quick_init


def test_location_keeps_defaults_keywords_equality_and_stays_frozen() -> None:
    loc = Location("a.txt", 2, 7, box=(1.0, 2.0, 3.0, 4.0))
    assert (loc.path, loc.page, loc.line, loc.table, loc.box) == ("a.txt", 2, 7, None, (1, 2, 3, 4))
    assert loc == Location(path="a.txt", page=2, line=7, box=(1.0, 2.0, 3.0, 4.0))
    assert hash(loc) == hash(Location("a.txt", 2, 7, box=(1.0, 2.0, 3.0, 4.0)))
    moved = loc.with_(table="active", row="rules")
    assert (moved.table, moved.row, moved.line, loc.table) == ("active", "rules", 7, None)
    with pytest.raises(FrozenInstanceError):
        loc.line = 8  # type: ignore[misc]
    with pytest.raises(TypeError):
        Location(*[None] * len(fields(Location)), "one too many")  # type: ignore[call-arg]


def test_cells_keep_their_defaults() -> None:
    grid = GridCell("12", Location(line=3))
    assert (grid.merged, grid.confidence, grid.unread, grid.note) == (False, None, False, "")
    assert Cell(12, "12", Location()).notes == ()


def test_fields_it_cannot_build_are_refused() -> None:
    with pytest.raises(TypeError):

        @quick_init
        @dataclass(frozen=True, slots=True)
        class WithFactory:
            items: list[int] = field(default_factory=list)


def test_instances_survive_pickle_copy_and_replace_as_batch_workers_and_the_cache_need() -> None:
    import copy
    import pickle
    from dataclasses import replace

    cell = GridCell("12", Location("a.txt", 2, 7, box=(1.0, 2.0, 3.0, 4.0)), confidence=0.5)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(cell, protocol=protocol))
        assert back == cell and type(back.location) is Location
    assert copy.deepcopy(cell) == cell
    assert replace(cell.location, line=8) == Location("a.txt", 2, 8, box=(1.0, 2.0, 3.0, 4.0))
    with pytest.raises(TypeError):
        GridCell("12")  # type: ignore[call-arg]


def test_the_builders_make_the_same_instances_as_the_class() -> None:
    from nianbao.model.document import new_grid_cell
    from nianbao.model.location import new_location

    loc = new_location("a.txt", 2, 7)
    assert type(loc) is Location and loc == Location("a.txt", 2, 7)
    cell = new_grid_cell("12", loc)
    assert cell == GridCell("12", Location("a.txt", 2, 7)) and not cell.merged
    with pytest.raises(FrozenInstanceError):
        cell.text = "13"  # type: ignore[misc]


def test_a_placed_cell_builds_its_location_when_asked_and_behaves_as_any_cell() -> None:
    import copy
    import pickle
    from dataclasses import replace

    from nianbao.model.report import placed_cell

    printed = Location("a.txt", 2, 7, x=3.5, box=(1.0, 2.0, 3.0, 4.0))
    built = Cell(
        12, "12", Location("a.txt", 2, 7, "requests", "granted", "total", box=(1.0, 2.0, 3.0, 4.0))
    )
    for make in (
        lambda: placed_cell(12, "12", (printed, "requests", "granted", "total")),
        lambda: pickle.loads(
            pickle.dumps(placed_cell(12, "12", (printed, "requests", "granted", "total")))
        ),
        lambda: copy.deepcopy(placed_cell(12, "12", (printed, "requests", "granted", "total"))),
    ):
        cell = make()
        assert cell == built and hash(cell) == hash(built) and repr(cell) == repr(built)
        assert cell.location is cell.location and type(cell.location) is Location
    moved = replace(placed_cell(12, "12", (printed, "requests", "granted", "total")), value=13)
    assert moved.value == 13 and moved.location == built.location
    with pytest.raises(FrozenInstanceError):
        cell.location = printed  # type: ignore[misc]


def test_a_placed_row_builds_its_location_when_asked_and_behaves_as_any_row() -> None:
    """The assembler leaves a row's Location as (printed row's Location, table, row): the row
    is the one built with its Location (path, page and line of the printed row only)."""
    import copy
    import pickle
    from dataclasses import replace

    from nianbao.model import Row
    from nianbao.model.report import new_row

    printed = Location("a.txt", 2, 7, col="x", section=3, x=3.5, box=(1.0, 2.0, 3.0, 4.0))
    cells = {"total": Cell(12, "12", Location("a.txt", 2, 7, "requests", "granted", "total"))}
    built = Row("granted", "（一）予以公开", cells, Location("a.txt", 2, 7, "requests", "granted"))

    def placed() -> Row:
        return new_row("granted", "（一）予以公开", cells, (printed, "requests", "granted"))

    for make in (
        placed,
        lambda: pickle.loads(pickle.dumps(placed())),
        lambda: copy.deepcopy(placed()),
    ):
        row = make()
        assert row == built and repr(row) == repr(built)
        assert row.location is row.location and type(row.location) is Location
    moved = replace(placed(), label="予以公开")
    assert moved.label == "予以公开" and moved.location == built.location
    with pytest.raises(FrozenInstanceError):
        row.location = printed  # type: ignore[misc]


def test_a_grid_cell_left_with_its_line_builds_its_location_when_asked() -> None:
    """A text reader leaves a cell line's Location to be made (``Where``): the cell behaves
    as one built with it, and a value cell placed from it as one placed from the Location."""
    import copy
    import pickle
    from dataclasses import replace

    from nianbao.model.document import new_grid_cell
    from nianbao.model.report import placed_cell

    built = GridCell("12", Location("a.txt", 2, 7))
    for make in (
        lambda: new_grid_cell("12", ("a.txt", 2, 7)),
        lambda: pickle.loads(pickle.dumps(new_grid_cell("12", ("a.txt", 2, 7)))),
        lambda: copy.deepcopy(new_grid_cell("12", ("a.txt", 2, 7))),
    ):
        cell = make()
        assert cell == built and hash(cell) == hash(built) and repr(cell) == repr(built)
        assert cell.location is cell.location and type(cell.location) is Location
        assert cell.where is cell.location  # the slot holds it once made
    assert new_grid_cell("12", ("a.txt", 2, 7)).where == ("a.txt", 2, 7)
    assert built.where is built.location
    assert replace(new_grid_cell("12", ("a.txt", 2, 7)), text="13").location == built.location
    for where in (("a.txt", 2, 7), Location("a.txt", 2, 7, x=3.5)):
        cell = placed_cell(12, "12", (where, "requests", "granted", "total"))
        assert cell.location == Location("a.txt", 2, 7, "requests", "granted", "total")
    with pytest.raises(FrozenInstanceError):
        built.location = Location()  # type: ignore[misc]


#: where the placed cells of ``_cells`` were printed
_PRINTED = Location("a.txt", 2, 7, x=3.5)


def _cells(kinds: list[str]) -> list[Cell]:
    """Value cells of each kind: "built" with its Location given, "placed" (made on first
    access), "read" (placed, its Location built before), "twin" (placed where the cell
    before it is)."""
    from nianbao.model.report import placed_cell

    cells = []
    for i, kind in enumerate(kinds):
        if kind == "built":
            cells.append(Cell(i, str(i), Location("a.txt", 2, i, "active", "r", "c")))
            continue
        at = f"r{i - 1 if kind == 'twin' else i}"
        cell = placed_cell(i, str(i), (_PRINTED, "requests", at, "total"))
        if kind == "read":
            cell.location  # noqa: B018 (built before)
        cells.append(cell)
    return cells


@given(st.lists(st.sampled_from(["placed", "built", "read"]), max_size=6))
def test_cell_locations_are_each_cells_location(kinds: list[str]) -> None:
    """``cell_locations`` reads the slots: the Locations ``.location`` gives, the very same
    objects, whether a placed cell's was built before, is built by it, or was given."""
    from nianbao.model.report import cell_locations

    cells = _cells(kinds)
    got = cell_locations(cells)
    assert got == [c.location for c in _cells(kinds)]
    assert all(a is b.location for a, b in zip(got, cells, strict=True))


@given(
    st.lists(st.sampled_from(["placed", "built", "read", "twin"]), min_size=1, max_size=6),
    st.booleans(),
)
def test_a_finding_citing_cells_is_the_finding_made_of_their_locations(
    kinds: list[str], unique: bool
) -> None:
    """A finding whose ``cells`` and ``evidence`` are kept as the cells it cites
    (``CitedCells``, ``CitedEvidence``) reads, compares, copies, pickles and writes out as the
    finding made of their Locations and evidence (``unique``: a repeated Location dropped)."""
    import copy
    import pickle
    from dataclasses import replace

    from nianbao.model import Evidence, Finding, Severity
    from nianbao.model.finding import CitedCells, CitedEvidence, new_finding

    printed = _PRINTED

    def finding(evidence: object, cells: object) -> Finding:
        return new_finding(
            "CELL-01", Severity.WARNING, "m", printed, evidence, (), "fail", {}, cells, "b"
        )

    plain = _cells(kinds)
    locations = [c.location for c in plain]
    if unique:
        locations = list(dict.fromkeys(locations))
    simple = Finding(
        "CELL-01",
        Severity.WARNING,
        "m",
        printed,
        evidence=tuple(Evidence.of(c) for c in plain),
        cells=tuple(locations),
        basis="b",
    )
    for read in (
        lambda f: f,
        lambda f: pickle.loads(pickle.dumps(f)),
        copy.copy,
        copy.deepcopy,
        lambda f: replace(f, message="m"),
    ):
        cited = _cells(kinds)
        got = read(finding(CitedEvidence(cited), CitedCells(cited, unique=unique)))
        assert got == simple and repr(got) == repr(simple)
        assert got.to_dict() == simple.to_dict()
        assert got.cells is got.cells and got.evidence is got.evidence
    cited = _cells(kinds)
    got = finding(CitedEvidence(cited), CitedCells(cited))
    assert all(a is c.location for a, c in zip(got.cells, cited, strict=True))
    # equal only when every field is (the evidence and cells compared last)
    assert got != replace(got, cells=got.cells[:-1]) and got != replace(got, evidence=())
    assert got != replace(got, message="n") and got.__eq__(object()) is NotImplemented
    with pytest.raises(FrozenInstanceError):
        got.cells = ()  # type: ignore[misc]


def test_an_instance_built_in_place_on_the_slots_base_is_the_builders() -> None:
    from nianbao.model.quick import slots_base
    from nianbao.model.report import new_cell

    base = slots_base(Cell)
    assert base.__slots__ == tuple(f.name for f in fields(Cell))  # the fields a site must store
    cell = base()
    cell.value, cell.raw, cell.location, cell.notes, cell.confidence = 12, "12", Location(), (), 0.5
    cell.__class__ = Cell
    assert type(cell) is Cell and cell == new_cell(12, "12", Location(), (), 0.5)
    with pytest.raises(FrozenInstanceError):
        cell.value = 13


_maybe_int = st.none() | st.integers(0, 10_000)
_maybe_float = st.none() | st.floats(allow_nan=False)
_locations = st.builds(
    Location,
    path=st.none() | st.text(max_size=5),
    page=_maybe_int,
    line=_maybe_int,
    table=st.none() | st.sampled_from(["active", "requests"]),
    row=st.none() | st.text(max_size=3),
    col=st.none() | st.text(max_size=3),
    section=_maybe_int,
    x=_maybe_float,
    y=_maybe_float,
    box=st.none() | st.tuples(*[st.floats(allow_nan=False)] * 4),
    grid=st.none() | st.tuples(*[st.integers(0, 99)] * 3),
)


@given(_locations, st.sampled_from(["active", "requests"]), st.none() | st.text(max_size=3))
def test_in_table_in_section_and_off_cell_are_with_by_position(
    loc: Location, table: str, row: str | None
) -> None:
    from nianbao.model.location import in_section, in_table, off_cell

    moved = in_table(loc, table, row)
    assert moved == loc.with_(table=table, row=row, x=None, y=None)
    assert type(moved) is Location
    assert in_section(loc, 4) == loc.with_(section=4)
    assert off_cell(loc) == loc.with_(row=None, col=None)


def test_an_extracted_report_is_the_one_its_classes_build() -> None:
    """``extract`` builds the report, its source, meta, sections and 表四 by position
    (builders): each is the instance the class call makes of the same fields, frozen and
    picklable as any."""
    import pickle
    from dataclasses import asdict
    from pathlib import Path

    import nianbao
    from nianbao.model import Report, Section, Source, Table
    from nianbao.model.report import Meta

    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.txt"))
    assert examples
    for path in examples:
        report = nianbao.parse(path)
        parts = [report, report.source, report.meta, *report.sections, *report.tables.values()]
        for obj in parts:
            cls = type(obj)
            assert cls in (Report, Source, Meta, Section, Table)
            again = cls(**{f.name: getattr(obj, f.name) for f in fields(obj)})
            assert again == obj and asdict(again) == asdict(obj)
            with pytest.raises(FrozenInstanceError):
                setattr(obj, fields(obj)[0].name, None)
        assert pickle.loads(pickle.dumps(report)) == report


@given(st.lists(st.sampled_from(["placed", "built", "read", "twin"]), max_size=6))
def test_cell_place_is_the_row_and_column_of_the_cells_location(kinds: list[str]) -> None:
    from nianbao.model.report import cell_place

    got = [cell_place(c) for c in _cells(kinds)]
    assert got == [(c.location.row, c.location.col) for c in _cells(kinds)]


def test_cell_place_of_every_cell_of_the_seeds_is_read_before_its_location_is_built() -> None:
    """Text rows' cells share their row's tuple (``TextRow``): each cell's place read from it,
    then the Location built, name the same row and column."""
    from pathlib import Path

    import nianbao
    from gold import EXAMPLES
    from nianbao.model.report import cell_place

    huaian = Path(__file__).parent / "fixtures" / "huaian-2024.layout.txt"
    for path in [*sorted(EXAMPLES.glob("*.txt")), huaian]:
        report = nianbao.parse(path)
        cells = [
            c for t in report.tables.values() for r in t.rows.values() for c in r.cells.values()
        ]
        places = [cell_place(c) for c in cells]
        assert places == [(c.location.row, c.location.col) for c in cells], path.name
