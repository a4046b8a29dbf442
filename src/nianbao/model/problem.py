"""What a reader or the extractor could not read, or read only by joining, aligning or
replacing."""

from __future__ import annotations

from dataclasses import dataclass

from .location import Location


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read, or was read only by joining or aligning."""

    code: str
    message: str
    location: Location
    #: the printed values involved, e.g. a duplicate row's copy that was not used
    values: tuple[str, ...] = ()
