"""Organs across years and name variants: normalised name plus region, and the alias table.

An organ is identified by its folded name (NFKC, simplified, no spaces or punctuation, a
trailing bracketed note such as （汇总） dropped) and its region. Aliases the user adds map any
other printed name (e.g. 「平潭综合实验区管委会办公室（汇总）」) to an organ
(「平潭综合实验区」); they win over the automatic key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select, update

from ..model import Report
from ..textnorm import fold
from .schema import organ_aliases, organs, reports

#: a new organ's row (compiled once: a run inserts one per organ it meets first)
_NEW_ORGAN = insert(organs).returning(organs.c.id)
_NOTE = re.compile(r"[（(【\[][^（）()【】\[\]]{1,12}[）)】\]]\s*$")


def printed_name(report: Report) -> str | None:
    """The organ as the report names it: the organ, else the region, else the title's head."""
    meta = report.meta
    name = meta.organ or meta.region
    if not name and meta.title and meta.year:
        name = meta.title.split(str(meta.year))[0].strip()
    return name or None


def normalise(name: str) -> str:
    """The matching form of an organ name: folded, without a trailing bracketed note."""
    return fold(_NOTE.sub("", name.strip())) or fold(name)


def organ_key(name: str, region: str | None) -> str:
    return f"{fold(region or '')}|{normalise(name)}"


class OrganIds:
    """The writer's organ lookup: the aliases (the user's, few) read once per run, the
    organ ids of a batch's reports asked in one query, new organs inserted on first sight.
    Nothing is kept from one batch to the next: a cache of every organ seen would grow with
    the corpus."""

    def __init__(self, conn: Connection) -> None:
        self.aliases = {
            a: int(i)
            for a, i in conn.execute(select(organ_aliases.c.alias, organ_aliases.c.organ_id))
        }

    def resolve(
        self, conn: Connection, printed: Sequence[tuple[str, str | None, str, str] | None]
    ) -> list[int | None]:
        """The organ id of each (name, region, key, normalised name), created when new; None
        when the report printed no name. Aliases win over the automatic key."""
        wanted = {o[2] for o in printed if o is not None and self._alias(o) is None}
        ids: dict[str, int] = {}
        if wanted:
            ids = {
                k: int(i)
                for k, i in conn.execute(
                    select(organs.c.key, organs.c.id).where(organs.c.key.in_(wanted))
                )
            }
        out: list[int | None] = []
        for organ in printed:
            if organ is None:
                out.append(None)
                continue
            alias = self._alias(organ)
            if alias is not None:
                out.append(alias)
                continue
            name, region, key, _norm = organ
            if key not in ids:
                ids[key] = int(
                    conn.execute(
                        _NEW_ORGAN, {"key": key, "name": name, "region": region}
                    ).scalar_one()
                )
            out.append(ids[key])
        return out

    def _alias(self, organ: tuple[str, str | None, str, str]) -> int | None:
        for alias in (organ[2], organ[3]):
            if alias in self.aliases:
                return self.aliases[alias]
        return None


def add_alias(conn: Connection, alias: str, target: str, *, region: str | None = None) -> int:
    """Map the printed name ``alias`` to the organ named ``target`` (created if new); the
    stored reports printed under ``alias`` are relinked. Returns the organ id."""
    key = organ_key(target, region)
    organ_id = conn.execute(select(organs.c.id).where(organs.c.key == key)).scalar()
    if organ_id is None and region is None:
        ids = _by_name(conn, target)
        if len(ids) > 1:
            raise ValueError(
                f"「{target}」对应多个地区的机关，请指定地区（ambiguous organ: give --region）"
            )
        organ_id = ids[0] if ids else None
    if organ_id is None:
        organ_id = conn.execute(
            insert(organs).values(key=key, name=target, region=region).returning(organs.c.id)
        ).scalar_one()
    folded = organ_key(alias, region) if region else normalise(alias)
    conn.execute(organ_aliases.delete().where(organ_aliases.c.alias == folded))
    conn.execute(
        insert(organ_aliases).values(alias=folded, organ_id=organ_id, printed=alias, origin="user")
    )
    _relink(conn, alias, int(organ_id))
    return int(organ_id)


def _by_name(conn: Connection, target: str) -> list[int]:
    suffix = "|" + normalise(target)
    return [
        int(i)
        for i in conn.execute(select(organs.c.id).where(organs.c.key.endswith(suffix))).scalars()
    ]


def _relink(conn: Connection, alias: str, organ_id: int) -> None:
    folded = normalise(alias)
    rows = conn.execute(select(reports.c.id, reports.c.organ, reports.c.region)).all()
    ids = [r.id for r in rows if (name := r.organ or r.region) and normalise(name) == folded]
    if ids:
        conn.execute(update(reports).where(reports.c.id.in_(ids)).values(organ_id=organ_id))
