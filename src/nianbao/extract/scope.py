"""Whose activity a statement reports: the organ's own (本机关) or its whole region (全市)."""

from __future__ import annotations

import re
from typing import Literal

from ..model import Report
from ..textnorm import squash

OrganKind = Literal["government", "township", "department"]

_TOWNSHIP = re.compile(
    r"(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处|党委)?$|街道办事处|乡人民政府|镇人民政府"
)
_GOVERNMENT = re.compile(
    r"^.{1,12}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗|自治旗|区|特区|林区)"
    r"(?:人民政府|政府)?(?:办公室|办公厅)?$"
)
_DEPARTMENT = re.compile(
    r"(?:局|委员会|委|厅|部|署|办公室|办|中心|院|所|站|处|队|馆|会|集团|公司|总局)$"
)


def organ_kind(report: Report) -> OrganKind | None:
    """Which deadline and content rules apply: a government's own report, a township, a department.

    From ``meta.organ`` (the title's or the 落款's organ); None when it cannot be told.
    """
    return name_kind(report.meta.organ or "")


def name_kind(name: str) -> OrganKind | None:
    """``organ_kind`` of a printed organ name (the corpus roll-up finds members by it)."""
    organ = squash(name)
    if not organ:
        return None
    if _TOWNSHIP.search(organ):
        return "township"
    if _GOVERNMENT.match(organ):
        return "government"
    if _DEPARTMENT.search(organ):
        return "department"
    return None


Scope = Literal["own", "region"]
#: (「县直」「市直」「区直」spelled out, not 「[县市区]直」: each choice then opens with a
#: character, which the regex engine looks for alone instead of trying every position)
_REGION_WORDS = re.compile(
    r"全(?:省|市|州|盟|县|区|旗|镇|乡|街道|系统)|各(?:部门|单位|乡镇|乡|镇|街道|县区|县市区|县\(市、?区\)"
    r"|区县|地|级|级各部门)|县直(?:各)?(?:部门|单位)|市直(?:各)?(?:部门|单位)|区直(?:各)?(?:部门|单位)"
    r"|本行政区域|我(?:省|市|县|区|旗|州)"
)
_OWN_WORDS = re.compile(
    r"本(?:机关|单位|部门|局|委|办|厅|处|中心|院|所)|我(?:局|委|办|厅|处|中心|院|所|单位|部门|镇|乡|街道)"
)


_SCOPES: tuple[tuple[re.Pattern[str], Scope], ...] = (
    (_REGION_WORDS, "region"),
    (_OWN_WORDS, "own"),
)


def scope_at(norm: str, offset: int) -> Scope | None:
    """The scope word governing a statement: the nearest one before it, else the first after.
    (Of two words at one position the first kind of ``_SCOPES`` wins.) Each kind's words are
    read in order, by ``search`` from the end of the last as ``finditer`` finds them, up to the
    first after ``offset``, the nearest kept as they come: no iterator, list of every word, nor
    ``max``/``min`` with a key, for a statement a finding quotes."""
    before = after = -1
    scope_before: Scope | None = None
    scope_after: Scope | None = None
    for search, scope in _SCOPE_SEARCHES:
        m = search(norm)
        while m is not None:
            at = m.start()
            if at > offset:
                if after < 0 or at < after:
                    after, scope_after = at, scope
                break  # (the kind's later words are further after)
            if at > before:
                before, scope_before = at, scope
            m = search(norm, m.end())  # (no word is empty)
    return scope_before if before >= 0 else scope_after


#: ``_SCOPES`` by their regexes' ``search``
_SCOPE_SEARCHES = tuple((pattern.search, scope) for pattern, scope in _SCOPES)


def scope_differs(scope: Scope | None, kind: OrganKind | None) -> bool:
    """A statement about the whole region in a department's report, or about 本机关 in a government's."""
    if scope is None or kind is None:
        return False
    return (scope == "region") != (kind == "government")
