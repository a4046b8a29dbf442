"""Rules: small registered functions with a stable id, a Chinese title, a severity and a citation.

The catalogue (``nianbao.rules``, one module per family) is declared with ``@rule``; the runner
(``nianbao.runner.check``) executes it. Writing a rule::

    from collections.abc import Iterator
    from ..model import Evidence, Finding
    from ..rule import ERROR, Context, rule

    @rule(
        "T3-02",
        title="（七）总计等于各项办理结果之和",
        severity=ERROR,
        citation="国办公开办函〔2021〕30号附件表三",
        tags=("table3", "arithmetic"),
        message="表三（七）总计「{column}」列印为 {printed}，各项办理结果之和为 {computed}",
        messages={"blank_as_zero": "…"},        # optional named variants of the message
    )
    def result_total(ctx: Context) -> Iterator[Finding]:
        \"\"\"The docstring is the rule's description in docs/rules.md (Chinese or English).\"\"\"
        cell = ctx.report.cell("requests", "total", "total")
        ...
        yield ctx.fail(location=cell.location, evidence=[Evidence.of(cell)],
                       column="总计", printed=29, computed=1)

API contract (stable; the narrative families rely on it):

- ``rule(id, *, title, severity, citation, message, tags=(), messages=None, needs_previous=False,
  needs_peers=False)``
  registers the function in ``REGISTRY`` (ids unique, ``^[A-Z][A-Z0-9]*-\\d{2}$`` as in
  format.md §5; the id's prefix, e.g. "T3", is added to the tags). A docstring is required.
- The function takes a ``Context`` and yields ``Finding`` objects made by the context:
  ``ctx.fail(...)`` (the rule's test failed; severity is the rule's unless ``severity=`` is
  given), ``ctx.not_assessable(reason=..., ...)`` (a needed cell is blank or unreadable: info
  level, status "not_assessable"), ``ctx.note(...)`` (an observation, status "note").
  Keyword arguments other than location/evidence/fix/cells/severity/variant are the values
  the message template is formatted with, and they are kept in ``Finding.values``. A finding
  citing many cells passes ``evidence=CitedEvidence(cells)`` and ``cells=CitedCells(cells)``
  (``nianbao.model.finding``): their evidence and Locations are made when first read.
- ``Context``: ``report``, ``previous`` (the same organ's report for the year before, or None;
  rules with ``needs_previous=True`` are skipped without it), ``settings``, ``rule``,
  ``peers`` (the other reports of the batch; rules reading them declare ``needs_peers=True``
  so a batch runs them once every report is read), plus helpers ``year``, ``table(id)``,
  ``spec(id)`` (the national TableSpec the table is printed in), ``memo(key, fn)`` (a per-report cache shared by all rules), ``analysis`` (the report's
  sentences, claims, dates and evaluated identities, each made once: ``nianbao.rules.analysis``).
- A rule that raises becomes a ``rule-error`` finding (``RULE_ERROR``); the run goes on.
- Tests: every rule needs a passing and a failing test in ``tests/test_check_*.py`` marked
  with ``@covers("ID", "pass")`` / ``@covers("ID", "fail")`` (``tests/checkkit.py``);
  ``tests/test_check_catalogue.py`` fails otherwise, and when docs/rules.md is stale
  (regenerate it with ``python -m nianbao.rules.docs > docs/rules.md``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

# the catalogue package (its ``__init__`` imports no family module, so no cycle): imported
# here, as a ``from .rules import`` in a function costs as much as a small rule on each call
from . import rules as catalogue
from .formats.spec import TableSpec
from .model import Evidence, Finding, Fix, Location, Report, Severity, Table
from .model.finding import CitedCells, CitedEvidence, new_finding
from .settings import DEFAULT, Settings

if TYPE_CHECKING:
    from .rules.analysis import Analysis

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The id of the finding the runner emits when a rule raises.
RULE_ERROR = "rule-error"

_ID = re.compile(r"^([A-Z][A-Z0-9]*)-\d{2}$")
_RESERVED = frozenset({"location", "evidence", "fix", "cells", "severity", "variant", "reason"})

RuleFn = Callable[["Context"], Iterable[Finding]]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    citation: str
    description: str
    message: str
    fn: RuleFn
    tags: tuple[str, ...] = ()
    messages: Mapping[str, str] = field(default_factory=dict)
    needs_previous: bool = False
    #: compares the report with the others of the batch (``Context.peers``)
    needs_peers: bool = False

    @property
    def family(self) -> str:
        """The id prefix: FMT, STR, T2, T3, T4, CELL, TXT, DATE, SEC, XY, PUB."""
        return self.id.split("-")[0]

    def template(self, variant: str | None = None) -> str:
        if variant is None:
            return self.message
        return self.messages[variant]


#: Every registered rule by id, in registration order (``iter_rules()`` gives catalogue order).
REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    title: str,
    severity: Severity,
    citation: str,
    message: str,
    tags: Iterable[str] = (),
    messages: Mapping[str, str] | None = None,
    needs_previous: bool = False,
    needs_peers: bool = False,
) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under a stable catalogue id (see the module docstring)."""
    m = _ID.match(id)
    if not m:
        raise ValueError(f"rule id {id!r} does not look like a catalogue id (e.g. 'T3-02')")
    if id in REGISTRY:
        raise ValueError(f"rule id {id!r} registered twice")
    if not title.strip() or not citation.strip() or not message.strip():
        raise ValueError(f"rule {id}: title, citation and message are required")

    def register(fn: RuleFn) -> RuleFn:
        doc = (fn.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"rule {id}: the function needs a docstring (its description)")
        all_tags = tuple(dict.fromkeys((m.group(1), *tags)))
        REGISTRY[id] = Rule(
            id=id,
            title=title,
            severity=severity,
            citation=citation,
            description=_dedent(doc),
            message=message,
            fn=fn,
            tags=all_tags,
            messages=dict(messages or {}),
            needs_previous=needs_previous,
            needs_peers=needs_peers,
        )
        return fn

    return register


#: a finding's ``evidence`` or ``cells`` kept as they are when they are cited cells (made into
#: evidence or Locations when first read), anything else made a tuple (a tuple of classes:
#: ``A | B`` would make a union type at every call)
_CITED = (CitedEvidence, CitedCells)


@dataclass(slots=True)
class Context:
    """What a rule sees: the report (and last year's), settings, and finding factories."""

    report: Report
    rule: Rule
    previous: Report | None = None
    settings: Settings = DEFAULT
    cache: dict[str, Any] = field(default_factory=dict)
    #: the other reports checked in the same batch (cross-organ copying, republished versions)
    peers: tuple[Report, ...] = ()
    #: the report's shared reading (sentences, claims, dates, identities), each part made on
    #: first use and shared by every rule of the run (``nianbao.rules.analysis``): the one in
    #: ``cache`` when a caller's memo holds one, else a new one put there. An attribute, not a
    #: property: the rules read it some fifty times a check, and a property's call cost more
    #: than its work (a new Analysis holds four empty dicts until a rule reads it).
    analysis: Analysis = field(init=False, repr=False, compare=False)
    #: the report's year (``report.meta.year``), read some twenty times a check: an attribute
    year: int | None = field(init=False, repr=False, compare=False)
    #: ``table(id)``: the report's table of this id, None when it has none (``Report.table``);
    #: the report's ``tables.get`` itself, read some thirty times a check, each call of a
    #: method that called it costing twice the look-up
    table: Callable[[str], Table | None] = field(init=False, repr=False, compare=False)
    #: ``spec(id)``: the national TableSpec the table is printed in (``Report.spec``: its own
    #: format, else the report's, else the one the year requires, else 2021), None when the
    #: table is absent: ``Analysis.specs.get``, as the rules ask some thirty times a check
    spec: Callable[[str], TableSpec | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found = self.cache.get("analysis")
        if found is None:
            found = self.cache["analysis"] = _analysis_class()(self.report)
        self.analysis = found
        report = self.report
        self.year = report.meta.year
        self.table = report.tables.get
        self.spec = found.specs.get

    # ------------------------------------------------------------------ report helpers

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per report and shared by every rule (e.g. identity results)."""
        if key not in self.cache:
            self.cache[key] = compute()
        value: T = self.cache[key]
        return value

    # ------------------------------------------------------------------ finding factories

    def fail(
        self,
        *,
        location: Location,
        variant: str | None = None,
        evidence: Iterable[Evidence] | CitedEvidence = (),
        fix: Iterable[Fix] = (),
        cells: Iterable[Location] | CitedCells = (),
        severity: Severity | None = None,
        **values: Any,
    ) -> Finding:
        """The rule's test failed here."""
        return self._make("fail", location, variant, evidence, fix, cells, severity, values)

    def note(
        self,
        *,
        location: Location,
        variant: str | None = None,
        evidence: Iterable[Evidence] | CitedEvidence = (),
        cells: Iterable[Location] | CitedCells = (),
        severity: Severity | None = None,
        **values: Any,
    ) -> Finding:
        """An observation (e.g. the detected format version); info unless ``severity`` says."""
        return self._make("note", location, variant, evidence, (), cells, severity or INFO, values)

    def not_assessable(
        self,
        *,
        location: Location,
        reason: str,
        variant: str | None = None,
        evidence: Iterable[Evidence] | CitedEvidence = (),
        fix: Iterable[Fix] = (),
        cells: Iterable[Location] | CitedCells = (),
        **values: Any,
    ) -> Finding:
        """A needed cell is blank or unreadable: neither pass nor fail (info level).

        ``fix`` may carry what the arithmetic would say with blanks as 0. The message is the rule's ``messages["not_assessable"]`` (or ``variant``) when it has
        one, else 「<title>：无法判断，<reason>」; ``reason`` is kept in the values."""
        values["reason"] = reason  # (a dict of this call's own: last, as no value is named so)
        r = self.rule
        if variant is None and "not_assessable" in r.messages:
            variant = "not_assessable"
        if variant is None:
            message = f"{r.title}：无法判断，{reason}"
        else:
            message = _format(r, r.messages[variant], values)
        return new_finding(
            r.id,
            INFO,
            message,
            location,
            evidence if isinstance(evidence, _CITED) else tuple(evidence),
            tuple(fix),
            "not_assessable",
            values,
            cells if isinstance(cells, _CITED) else tuple(cells),
            r.citation,
        )

    def _make(
        self,
        status: Any,
        location: Location,
        variant: str | None,
        evidence: Iterable[Evidence] | CitedEvidence,
        fix: Iterable[Fix],
        cells: Iterable[Location] | CitedCells,
        severity: Severity | None,
        values: dict[str, Any],
    ) -> Finding:
        r = self.rule
        if not _RESERVED.isdisjoint(values):  # a test without a set made (most findings)
            bad = _RESERVED & values.keys()
            raise TypeError(f"rule {r.id}: reserved value names {sorted(bad)}")
        # (``r.template`` spelled out: a call costs as much as its work here)
        template = r.message if variant is None else r.messages[variant]
        return new_finding(
            r.id,
            severity or r.severity,
            _format(r, template, values),
            location,
            evidence if isinstance(evidence, _CITED) else tuple(evidence),
            tuple(fix),
            status,
            values,
            cells if isinstance(cells, _CITED) else tuple(cells),
            r.citation,
        )


@cache
def _analysis_class() -> type[Analysis]:
    """``rules.analysis.Analysis``, imported on the first check, not with this module (so
    ``import nianbao`` does not import the extractors), and then kept: an import statement
    run once a check cost some 5,000 instructions."""
    from .rules.analysis import Analysis

    return Analysis


def _format(r: Rule, template: str, values: Mapping[str, Any]) -> str:
    try:
        # ``format(**values)`` without copying the values into keyword arguments first
        return template.format_map(values)
    except (KeyError, IndexError) as err:
        raise ValueError(f"rule {r.id}: message template needs {err}") from err


def _dedent(doc: str) -> str:
    lines = doc.splitlines()
    if len(lines) <= 1:
        return doc
    rest = [ln for ln in lines[1:] if ln.strip()]
    indent = min((len(ln) - len(ln.lstrip()) for ln in rest), default=0)
    return "\n".join([lines[0].strip(), *(ln[indent:] for ln in lines[1:])]).strip()


def iter_rules() -> Iterator[Rule]:
    """Every registered rule (``nianbao.rules.load_rules()`` runs first), in catalogue order:
    by family as in ``nianbao.rules.ORDER``, then by id; unknown families last."""
    yield from ordered_rules()


def ordered_rules() -> tuple[Rule, ...]:
    """``tuple(iter_rules())``, without a generator's step per rule (the runner asks for the
    catalogue once a check). The same tuple until the registry changes."""
    catalogue.load_rules()
    registered = tuple(REGISTRY.values())
    if _ORDERED.get("registered") != registered:  # sorted once, again after a (test) change
        rank = {family: i for i, family in enumerate(catalogue.ORDER)}
        _ORDERED["registered"] = registered
        _ORDERED["ordered"] = tuple(
            sorted(registered, key=lambda r: (rank.get(r.family, len(rank)), r.id))
        )
    return _ORDERED["ordered"]


#: the registry as last sorted, and its rules in catalogue order
_ORDERED: dict[str, tuple[Rule, ...]] = {}


def get_rule(rule_id: str) -> Rule | None:
    """The registered rule with this id (the catalogue is loaded first), None if there is none
    (e.g. ``rule-error``, or a finding stored by another version)."""
    catalogue.load_rules()
    return REGISTRY.get(rule_id)
