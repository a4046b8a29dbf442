"""Cell hygiene across the three tables: CELL-01 … CELL-07 of format.md §5.5."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping
from typing import Any

from ..extract.values import PLACEHOLDERS
from ..formats import TABLE_SHORT
from ..formats.spec import ColumnSpec, TableSpec
from ..identities import cell_label, show
from ..model import TABLE_IDS, Cell, Evidence, Finding, Table, Value, number
from ..model.finding import CitedCells, CitedEvidence
from ..model.location import off_cell
from ..rule import ERROR, INFO, WARNING, Context, rule
from .common import cell_labels, cells_text, count_kind, listing, named

#: notes the extractor writes that are not normalisations of a printed number
_NOT_NORMALISATION = ("按空白处理",)


def _tables(ctx: Context) -> tuple[tuple[str, Table, TableSpec], ...]:
    """The report's tables with their specs, listed once a check for the eight CELL rules."""
    found: tuple[tuple[str, Table, TableSpec], ...] | None = ctx.cache.get("cell_tables")
    if found is None:
        specs = ctx.analysis.specs
        found = ctx.cache["cell_tables"] = tuple(
            (table_id, table, specs[table_id])
            for table_id in TABLE_IDS
            if (table := ctx.table(table_id)) is not None
        )
    return found


def _group(
    ctx: Context,
    table_id: str,
    spec: TableSpec,
    cells: list[Cell],
    labels: list[str] | None = None,
    **values: Any,
) -> Finding:
    # the cells' Locations and evidence are made when the finding is written out (a table of
    # blanks names a hundred cells); ``labels``: those of the cells the message names
    first = cells[0].location
    limit = ctx.settings.listed_items
    return ctx.fail(
        location=off_cell(first) if len(cells) > 1 else first,
        evidence=CitedEvidence(cells),
        cells=CitedCells(cells),
        table=TABLE_SHORT[table_id],
        count=len(cells),
        cells_text=cells_text(spec, cells, limit=limit, labels=labels),
        **values,
    )


@rule(
    "CELL-01",
    title="空白格不等于 0",
    severity=WARNING,
    citation="审核惯例，非强制（空白格不能当作 0）",
    tags=("cells",),
    message="{table}有 {count} 个空白格（其余格填有数字），按缺失处理、不按 0 计算：{positions}",
)
def blanks(ctx: Context) -> Iterator[Finding]:
    """A blank cell in a table that otherwise holds numbers is recorded as missing and its
    position listed. The arithmetic rules then run twice (blanks as missing, blanks as 0) and
    say which failed."""
    for table_id, _, spec in _tables(ctx):
        census = ctx.analysis.census(table_id)
        blank = list(census.blank)
        if blank and census.has_number:
            # the named cells labelled once, for the positions and the cells' text
            limit = ctx.settings.listed_items
            labels = cell_labels(spec, named(blank, limit))
            more = " 等，共 {n} 格（全部列在证据中）"
            positions = listing(labels, limit=limit, more=more, count=len(blank))
            yield _group(ctx, table_id, spec, blank, labels, positions=positions)


@rule(
    "CELL-02",
    title="数字格中的占位符或文字",
    severity=WARNING,
    citation="审核惯例，非强制（数字格应填数字）",
    tags=("cells",),
    message="{table}有 {count} 个数字格填的是占位符或文字（按缺失处理）：{cells_text}",
)
def placeholders(ctx: Context) -> Iterator[Finding]:
    """「/」「-」「—」「无」「空」「×」「＊」 or other text in a numeric cell is not a number:
    the cell counts as missing (never as 0) and is listed."""
    for table_id, _, spec in _tables(ctx):
        bad = list(ctx.analysis.census(table_id).text)
        if bad:
            yield _group(ctx, table_id, spec, bad)


@rule(
    "CELL-03",
    title="件数格出现小数",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表格（件数为整数，只有「本年收费金额（单位：万元）」可有小数）",
    tags=("cells",),
    message="{where}为 {raw}：件数应为整数",
    messages={"integral": "{where}写作 {raw}：件数不应带小数位（按 {value} 读取）"},
)
def decimals(ctx: Context) -> Iterator[Finding]:
    """A decimal in a count cell: 2.5 is an error, 3.0 an info (a formatting habit that is
    read as 3). Only 本年收费金额 and the 2019 采购总金额 may hold decimals."""
    for table_id, table, spec in _tables(ctx):
        for col_id, cell in ctx.analysis.census(table_id).odd:
            if not isinstance(cell.value, float) or count_kind(spec, col_id) == "money":
                continue
            where = cell_label(spec, (cell.location.row or "", col_id))
            integral = cell.value.is_integer()
            yield ctx.fail(
                variant="integral" if integral else None,
                severity=INFO if integral else None,
                location=cell.location,
                evidence=[Evidence.of(cell)],
                cells=[cell.location],
                where=f"{TABLE_SHORT[table.id]}{where}",
                raw=cell.raw.strip(),
                value=show(cell.value),
            )


@rule(
    "CELL-04",
    title="负数",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表格（件数、金额不为负；2019 年试行格式「本年增/减」可为负）",
    tags=("cells",),
    message="{where}为负数 {raw}",
)
def negatives(ctx: Context) -> Iterator[Finding]:
    """A negative number anywhere except the 2019 本年增/减 column (where 湖北's note says a
    decrease is written as a negative value)."""
    for table_id, table, spec in _tables(ctx):
        for col_id, cell in ctx.analysis.census(table_id).odd:
            v = number(cell)
            if v is None or v >= 0 or count_kind(spec, col_id) == "signed":
                continue
            where = cell_label(spec, (cell.location.row or "", col_id))
            yield ctx.fail(
                location=cell.location,
                evidence=[Evidence.of(cell)],
                cells=[cell.location],
                where=f"{TABLE_SHORT[table.id]}{where}",
                raw=cell.raw.strip(),
            )


@rule(
    "CELL-05",
    title="数字经过规范化才读出",
    severity=INFO,
    citation="审核惯例，非强制",
    tags=("cells",),
    message="{table}有 {count} 个格经规范化才读出数字（{kinds}）：{cells_text}",
)
def normalised(ctx: Context) -> Iterator[Finding]:
    """Full-width digits, thousands separators (1,234), units inside the cell (件, 条, 万元,
    元) and spaces between digits are normalised by the extractor; each such cell is recorded
    so a reader can check the printed text."""
    for table_id, _, spec in _tables(ctx):
        cells = [
            c
            for c in ctx.analysis.census(table_id).noted
            if any(not any(x in n for x in _NOT_NORMALISATION) for n in c.notes)
        ]
        if cells:
            kinds = "、".join(
                dict.fromkeys(
                    n for c in cells for n in c.notes if not any(x in n for x in _NOT_NORMALISATION)
                )
            )
            yield _group(ctx, table_id, spec, cells, kinds=kinds)


@rule(
    "CELL-06",
    title="明细全空而总计有数",
    severity=WARNING,
    citation="审核惯例，非强制（明细应逐格填写，没有的填 0）",
    tags=("cells",),
    message="{table}的明细格全部空白，总计格却填了数（{totals}）：明细应逐格填写（没有就填 0）",
)
def totals_without_details(ctx: Context) -> Iterator[Finding]:
    """Every detail cell blank (or a placeholder) while the total cells read 0 or a number:
    the table was not filled in, only its totals. Details are the cells outside the 总计 row
    and the 总计 column (表三), or outside the 总计 column (表四)."""
    for table_id, table, _ in _tables(ctx):
        if table_id == "active":
            continue
        split = _blank_details(table)
        if split is None:
            continue
        details, totals = split
        shown = [c for c in totals if c.is_number]
        if details and shown:
            # the totals' evidence and every cell's Location made when first read, as the
            # details' (a table of blanks has some thirty totals)
            yield ctx.fail(
                location=shown[0].location,
                evidence=CitedEvidence(shown),
                cells=CitedCells(details + shown),
                table=TABLE_SHORT[table_id],
                totals="、".join(dict.fromkeys(c.raw.strip() for c in shown)),
            )


def _blank_details(table: Table) -> tuple[list[Cell], list[Cell]] | None:
    """The detail cells and the total cells (总计 row or column) when every detail is blank or
    a placeholder; None at the first that is not (in a filled table, its first cell)."""
    details: list[Cell] = []
    totals: list[Cell] = []
    for row_id, row in table.rows.items():
        if row_id == "total":
            totals += row.cells.values()
            continue
        for col_id, cell in row.cells.items():
            if col_id == "total":
                totals.append(cell)
                continue
            v = cell.value  # ``is_blankish(cell)``, inlined: a table of blanks has 150 such
            if v is None or (isinstance(v, str) and v.strip() in PLACEHOLDERS):
                details.append(cell)
            else:
                return None
    return details, totals


_RUN = 5
#: ``_RUN - 1`` consecutive values each equal to the next
_STREAK = b"\x01" * (_RUN - 1)


def _may_repeat(rows: list[Mapping[str, Cell]], columns: list[ColumnSpec]) -> bool:
    """Whether one of ``columns`` may hold a run (CELL-07's test, made only then): not in a
    table of fewer than ``_RUN`` rows (表四), nor when no ``_RUN - 1`` values in a row of a
    column each equal the one above and are not 0 or blank. Told for every column at once:
    the values column by column, an empty row after each so that no run reaches into the
    next, each compared with the one before in C."""
    if len(rows) < _RUN:
        return False
    stacked = [*rows, {}]
    values = [
        None if (cell := cells.get(col.id)) is None else cell.value
        for col in columns
        for cells in stacked
    ]
    after = values[1:]
    repeats = map(operator.and_, map(bool, after), map(operator.eq, after, values))
    return _STREAK in bytes(repeats)


@rule(
    "CELL-07",
    title="同一列连续出现相同的非零数",
    severity=INFO,
    citation="审核惯例，非强制（可能是向下填充）",
    tags=("cells",),
    message="{table}「{column}」列连续 {count} 行都是 {value}：可能是向下填充错误",
)
def repeated_values(ctx: Context) -> Iterator[Finding]:
    """Five or more identical non-zero values in consecutive rows of one column look like a
    fill-down error in the spreadsheet the table came from."""
    for table_id, table, spec in _tables(ctx):
        # a run needs _RUN numbers that are not 0 in its column: most columns of most tables
        # (of blanks and zeros) hold fewer, told by the census without reading their cells
        nonzero = ctx.analysis.census(table_id).nonzero
        if len(nonzero) < _RUN:
            continue
        # each column's numbers counted by ``tuple.count``, in C (a table has some ten
        # columns; a ``Counter`` is made through four Python calls, an ABC test among them)
        columns = [col for col in spec.columns if nonzero.count(col.id) >= _RUN]
        if not columns:
            continue
        rows = [row.cells for row in table.rows.values()]
        if not _may_repeat(rows, columns):
            continue
        for col in columns:
            cells = [r.get(col.id) for r in rows]
            values = [None if c is None else c.value for c in cells]
            # a run needs _RUN equal values in a row, not 0 or blank: told for most columns at
            # once, by whether each value is one and equals the one before, worked out in C
            after = values[1:]
            repeats = map(operator.and_, map(bool, after), map(operator.eq, after, values))
            if _STREAK not in bytes(repeats):
                continue
            run: list[Cell] = []
            last: Value = None  # the number of ``run[-1]``
            for cell in [*cells, None]:
                v = None if cell is None else cell.value  # ``number(cell)``, inlined
                if type(v) is not int and type(v) is not float:
                    v = None
                if cell is not None and v and run and last == v:
                    run.append(cell)
                    continue
                if len(run) >= _RUN:
                    yield ctx.fail(
                        location=run[0].location,
                        evidence=CitedEvidence(run),
                        cells=CitedCells(run),
                        table=TABLE_SHORT[table_id],
                        column=col.label,
                        count=len(run),
                        value=run[0].raw.strip(),
                    )
                run = [cell] if cell is not None and v else []
                last = v


@rule(
    "CELL-08",
    title="OCR 识别置信度低的格",
    severity=WARNING,
    citation="审核惯例，非强制（扫描件文字识别置信度低，须人工核对）",
    tags=("cells", "ocr"),
    message="{table}有 {count} 个格由 OCR 识别且置信度低于 {threshold}，请对照原件核对：{cells_text}",
)
def low_confidence(ctx: Context) -> Iterator[Finding]:
    """A scanned report's numbers come from OCR. A cell read with low confidence may be
    misread (3 for 8, a dropped digit), so it is listed with its confidence for a human to
    compare with the original page; the identities may still hold by chance."""
    threshold = ctx.settings.ocr_min_confidence
    for table_id, _, spec in _tables(ctx):
        low = [
            c
            for c in ctx.analysis.census(table_id).rated
            if c.confidence is not None and c.confidence < threshold
        ]
        if low:
            yield _group(ctx, table_id, spec, low, threshold=threshold)
