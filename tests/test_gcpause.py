"""The collector paused during a text parse is left as it was found, errors and threads included."""

from __future__ import annotations

import gc
import threading

import pytest

import nianbao
from gold import EXAMPLES
from nianbao.gcpause import gc_paused

SEED = sorted(EXAMPLES.glob("*.txt"))[0]


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_leaves_the_collector_as_found(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        nianbao.parse(SEED)
        assert gc.isenabled() is enabled
        with pytest.raises(nianbao.NianbaoError):
            nianbao.parse(b"\x00\x01binary\x00" * 50)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_paused_until_the_last_call_ends() -> None:
    inside = threading.Event()
    leave = threading.Event()

    @gc_paused
    def hold() -> bool:
        inside.set()
        leave.wait(10)
        return gc.isenabled()

    @gc_paused
    def quick() -> bool:
        return gc.isenabled()

    assert gc.isenabled()
    results: list[bool] = []
    t = threading.Thread(target=lambda: results.append(hold()))
    t.start()
    inside.wait(10)
    assert quick() is False
    assert not gc.isenabled()  # the first call still runs: still paused
    leave.set()
    t.join(10)
    assert results == [False]
    assert gc.isenabled()
