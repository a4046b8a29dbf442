"""Per-page progress of a slow read (OCR takes seconds a page): the readers say which page
they start, a listener shows it. The batch worker forwards it to the CLI, which draws it on a
terminal; with no listener (the library's default) it costs nothing."""

from __future__ import annotations

from collections.abc import Callable

#: the page started (from 1), total pages (None when not known yet)
Listener = Callable[[int, int | None], None]

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Send page progress to ``listener`` (None: nowhere); one listener per process."""
    global _listener
    _listener = listener


def page_started(page: int, total: int | None) -> None:
    """A reader starts recognising page ``page`` of ``total``."""
    if _listener is not None:
        _listener(page, total)
