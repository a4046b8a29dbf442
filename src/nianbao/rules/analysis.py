"""One report's shared reading for the rules: sentences, claims, dates and identities, each
computed on first use and then reused by every rule (``Context.analysis``).

Checking the whole catalogue must cost less than parsing; most of its time went into the same
work redone rule after rule (splitting the narrative into sentences, finding the stated
counts, normalising text, evaluating the identities). Each is done here at most once per
report and check run, and only when a selected rule asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..extract.claims import Claim, all_done_of, claims_of
from ..extract.dates import DateMention, dates_of
from ..extract.scope import OrganKind, organ_kind
from ..extract.sentences import (
    Joined,
    ReportLines,
    Sentence,
    normalize,
    report_lines,
    section_blocks,
    split_lines,
    split_sentences,
)
from ..formats.spec import TableSpec
from ..identities import Evaluated, evaluate
from ..model import Cell, Report, Table, TextBlock
from ..model.quick import cached_property, python_class, quick_init
from ..textnorm import fold

_SIGNATURE_DATE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,4}月.{1,4}日\s*$")


@cache
def _ideographs(n: int) -> re.Pattern[str]:
    """A text's first ``n`` CJK ideographs: normalising keeps each as one character (NFKC
    neither decomposes nor composes one, the simplified table maps one to one, and only spaces
    and commas are dropped). (The run before each ideograph is possessive: the characters it
    takes are no ideograph, so giving one back could never let the match go on.)"""
    return re.compile(rf"(?:[^\u4e00-\u9fff]*+[\u4e00-\u9fff]){{{n}}}")


@quick_init
@dataclass(frozen=True, slots=True)
class Census:
    """One table's cells by kind, each list in print order: what the cell rules (CELL-*) and
    the count checks look for, found in one walk over the cells instead of one walk each.
    (Built without the frozen ``__init__``, whose nine ``object.__setattr__`` calls cost
    more than a small table's walk.)"""

    #: blank cells (value None)
    blank: tuple[Cell, ...]
    #: placeholders and text (a str value)
    text: tuple[Cell, ...]
    #: (column id, cell) of every decimal and every negative number
    odd: tuple[tuple[str, Cell], ...]
    #: the column id of every number that is not 0, in print order
    nonzero: tuple[str, ...]
    #: cells with extraction notes
    noted: tuple[Cell, ...]
    #: cells read with a confidence (OCR)
    rated: tuple[Cell, ...]
    #: whether any cell holds a number
    has_number: bool
    #: how many cells the table has
    size: int
    #: whether every cell holds an int ≥ 0 (a count): the identities then add up ints
    counts: bool

    @classmethod
    def of(cls, table: Table | None) -> Census:
        """The census of ``table`` (of no cell when it is absent), walking its rows' cells in
        print order (``Table.cells()``), without listing them first. (The cells listed and
        their values, notes and confidences read by ``map(attrgetter(…))`` in C measured
        twice as slow, 12 → 26 µs on 表三: the loop's attribute reads are specialised.)"""
        blank: list[Cell] = []
        text: list[Cell] = []
        odd: list[tuple[str, Cell]] = []
        # (``nonzero.append(…)`` as a method call: the interpreter appends in place for it,
        # where a bound ``append`` kept in a local is called: 10.5 → 9.6 µs on 表三)
        nonzero: list[str] = []
        noted: list[Cell] = []
        rated: list[Cell] = []
        others = 0  # values of another type (a bool)
        size = 0
        for row in () if table is None else table.rows.values():
            cells = row.cells
            size += len(cells)
            for col_id, cell in cells.items():
                v = cell.value
                # the kinds by their frequency: ints, then blanks; whether a cell holds a
                # number is told after the walk, from the others' counts
                if type(v) is int:  # ``Cell.number``'s test: bool is no number
                    if v:
                        nonzero.append(col_id)
                        if v < 0:
                            odd.append((col_id, cell))
                elif v is None:
                    blank.append(cell)
                elif type(v) is float:
                    odd.append((col_id, cell))
                    if v:
                        nonzero.append(col_id)
                elif isinstance(v, str):
                    text.append(cell)
                else:
                    others += 1
                if cell.notes:
                    noted.append(cell)
                if cell.confidence is not None:
                    rated.append(cell)
        return cls(
            tuple(blank),
            tuple(text),
            tuple(odd),
            tuple(nonzero),
            tuple(noted),
            tuple(rated),
            len(blank) + len(text) + others < size,
            size,
            not (blank or text or odd or others),
        )


@python_class  # (instances need a __dict__ for their cached properties)
class Analysis:
    """What the rules read from one report, beyond the report itself (see the module docstring)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        #: the matching copy of every narrative piece or line already normalised
        self.norms: dict[str, str] = {}
        self._bodies: dict[int, tuple[Sentence, ...] | None] = {}
        self._evaluated: dict[tuple[str, int], Evaluated | None] = {}
        self._census: dict[str, Census] = {}

    def norm(self, text: str) -> str:
        """``normalize(text)``, once per distinct text of the report."""
        found = self.norms.get(text)
        if found is None:
            found = self.norms[text] = normalize(text)
        return found

    @cached_property
    def organ_kind(self) -> OrganKind | None:
        """``extract.scope.organ_kind`` of the report, told once: the deadline, section and
        text rules each ask, the text rules once a statement."""
        return organ_kind(self.report)

    # ------------------------------------------------------------------ narrative

    @cached_property
    def lines(self) -> ReportLines:
        """The full printed line length and the narrative's lines, told in one walk over the
        report's blocks (``extract.sentences.report_lines``)."""
        return report_lines(self.report)

    @cached_property
    def width(self) -> float:
        """The full printed line length (see ``extract.sentences.full_width``)."""
        return self.lines.width

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of the narrative in reading order (``extract.sentences.sentences``)."""
        return split_lines(self.lines, self.norms)

    @cached_property
    def text(self) -> str:
        """The matching copy of the whole narrative (every sentence's ``norm``, joined):
        ``joined``'s text without its line breaks, which no sentence's copy holds."""
        return "".join(self.joined.norms)

    @cached_property
    def joined(self) -> Joined:
        """The sentences' matching copies joined, to tell which hold a word at once."""
        return Joined(self.sentences)

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        """Every count the narrative states (``extract.claims.claims_in`` over each sentence)."""
        return claims_of(self.sentences, self.joined)

    @cached_property
    def done(self) -> tuple[tuple[Sentence, tuple[Claim, ...]], ...]:
        """Each sentence with 「全部办结」 statements, with them
        (``extract.claims.all_done_claims``)."""
        return all_done_of(self.sentences, self.joined)

    @cached_property
    def dates(self) -> tuple[tuple[Sentence, tuple[DateMention, ...]], ...]:
        """Each sentence that names dates, with them (``extract.dates.dates_in``)."""
        return dates_of(self.sentences, self.joined)

    @cached_property
    def folded_paragraphs(self) -> str:
        """Every paragraph's text joined and folded (``textnorm.fold``), for finding a phrase
        anywhere in what was printed."""
        return fold("".join(p.text for p in self.report.paragraphs))

    @cached_property
    def _signature(self) -> tuple[set[int | None], str, Callable[[str], object]]:
        """The lines of the 落款 (organ and date) and the organ's name normalised, which
        ``_body_of`` leaves out of every section, and the test of a line holding more
        ideographs than the name has characters, which cannot read as it (told without
        normalising the line: most are such)."""
        ev = self.report.meta_evidence
        lines = {ev.get(k, {}).get("line") for k in ("signature", "published")} - {None}
        organ = self.norm(self.report.meta.organ or "")
        return lines, organ, _ideographs(len(organ) + 1).match

    @cached_property
    def _by_section(self) -> dict[int | None, tuple[Sentence, ...]]:
        """``sentences`` by section number, each in reading order."""
        found: dict[int | None, list[Sentence]] = {}
        # a section's sentences follow one another: its group is looked up when the section
        # changes, not for each sentence (told by identity: an equal number that is another
        # object only looks the same group up again)
        no: object = found  # (no section's number)
        group: list[Sentence] = []
        for s in self.sentences:
            if s.section is not no:
                no = s.section
                group = found.setdefault(s.section, [])
            group.append(s)
        return {no: tuple(group) for no, group in found.items()}

    def section_sentences(self, no: int | None) -> tuple[Sentence, ...]:
        """The sentences of section ``no`` (None: outside the six), in reading order."""
        return self._by_section.get(no, ())

    def _body_of(self, blocks: tuple[TextBlock, ...]) -> tuple[TextBlock, ...]:
        """A section's ``blocks`` without the 落款 (organ name and date) that may trail section
        六: ``blocks`` itself when none is among them."""
        if not blocks:
            return blocks
        signature_lines, organ, too_long = self._signature
        out = []
        for block in blocks:
            text = block.text.strip()
            # (most reports print no 落款 line the meta names: their blocks' Locations, each
            # an object of its own, are then not read)
            if signature_lines and block.location.line in signature_lines:
                continue
            # (a 。 stays one in the matching copy: a line printing one, most, is not the
            # organ's name; a date line prints 日: a test of it spares most lines the regex)
            if (
                organ
                and ("。" not in text or "。" in organ)
                and too_long(text) is None
                and self.norm(text) == organ
            ) or ("日" in text and _SIGNATURE_DATE.match(text)):
                continue
            out.append(block)
        return blocks if len(out) == len(blocks) else tuple(out)

    def body_sentences(self, no: int) -> tuple[Sentence, ...] | None:
        """The sentences of section ``no`` without its 落款; None when the section is absent.
        When nothing was left out they are the section's sentences of ``sentences``."""
        if no not in self._bodies:
            self._bodies[no] = self._body_sentences(no)
        return self._bodies[no]

    def _body_sentences(self, no: int) -> tuple[Sentence, ...] | None:
        # the sections of this number: the first is ``report.section(no)``
        numbered = [s for s in self.report.sections if s.no == no]
        if not numbered:
            return None
        blocks = section_blocks(self.report, numbered[0])
        body = self._body_of(blocks)
        if not body:
            return ()
        if body is blocks and len(numbered) == 1:
            # the same blocks, width and norms as ``sentences`` split this section with
            return self.section_sentences(no)
        return split_sentences(body, no, self.width, self.norms)

    # ------------------------------------------------------------------ tables

    @cached_property
    def specs(self) -> dict[str, TableSpec]:
        """The national TableSpec of each of the report's tables (``Report.spec``), told once
        for ``Context.spec`` and the identities."""
        report = self.report
        return {table_id: report.spec(table_id) for table_id in report.tables}

    def census(self, table_id: str) -> Census:
        """The table's cells sorted by what the cell rules look for, in one pass (empty when
        the table is absent)."""
        found = self._census.get(table_id)
        if found is None:
            found = self._census[table_id] = Census.of(self.report.table(table_id))
        return found

    def evaluated(self, table_id: str, report: Report | None = None) -> Evaluated | None:
        """The identities of the table (of this report, or of ``report``: last year's),
        evaluated once; None when the table is absent."""
        report = report or self.report
        key = (table_id, id(report))
        if key not in self._evaluated:
            table = report.table(table_id)
            found: Evaluated | None = None
            if table is not None and report is self.report:
                # the census, when a rule has taken it (STR-11 does, before the identity
                # rules), tells whether the table holds counts only
                census = self._census.get(table_id)
                counts = census is not None and census.counts
                found = evaluate(table, self.specs[table_id], counts=counts)
            elif table is not None:
                found = evaluate(table, report.spec(table_id))
            self._evaluated[key] = found
        return self._evaluated[key]
