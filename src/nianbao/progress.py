"""Per-page progress of a slow read (OCR takes seconds a page): the readers say when a page
is done, a listener shows it. The batch worker forwards it to the CLI, which draws it on a
terminal; with no listener (the library's default) it costs nothing."""

from __future__ import annotations

from collections.abc import Callable

#: done pages, total pages (None when not known yet)
Listener = Callable[[int, int | None], None]

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Send page progress to ``listener`` (None: nowhere); one listener per process."""
    global _listener
    _listener = listener


def page_read(done: int, total: int | None) -> None:
    """A reader finished page ``done`` of ``total``."""
    if _listener is not None:
        _listener(done, total)
