"""The cyclic garbage collector paused while a text report is read and extracted.

A text report's parse allocates some thousands of container objects (cells, locations,
records, rows), and reference counting frees them: the collector's passes over them (one
every 700 allocations) find nothing to free, yet cost 0.27 M of 10.04 M instructions per
seed report (valgrind). The few cycles a parse makes (recursive closures, which refer to
themselves: splitting a glued table's digits in ``extract/glued.py``, enumerating the
readings of short rows in ``extract/orphans.py``; some hundreds of small objects in some
reports) are freed by the first collection after it.

Thread-safe: parses running at once share one pause, counted under a lock; the collector
is switched back on when the last of them ends, and only if it was on when the first began
(another thread that turns it off or on meanwhile is overruled until then).
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_running = 0  # calls running with the collector paused
_resume = False  # whether it was on when the first of them began


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run with the cyclic collector paused (restored in ``finally``)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        global _running, _resume
        with _lock:
            if _running == 0:
                _resume = gc.isenabled()
                gc.disable()
            _running += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _lock:
                _running -= 1
                if _running == 0 and _resume:
                    gc.enable()

    return run
