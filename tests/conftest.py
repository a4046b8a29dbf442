"""Shared fixtures: the bundled seed reports and their gold tables, headless Chromium."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["storekit"]

# speed is measured by benchmarks/, never by a test: no per-example deadline, which a loaded
# machine (CI, parallel jobs) would turn into a failure of correct code
settings.register_profile("nianbao", deadline=None)
settings.load_profile("nianbao")

#: Debian's Chromium (apt ``chromium``); Playwright drives it, no browser is ever downloaded
CHROMIUM = os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium")
#: screenshots and other files a test keeps for a human to look at (gitignored)
ARTEFACTS = Path(__file__).parent.parent / "test-artefacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long fuzz run only when asked for with ``-m fuzz``."""
    if "fuzz" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="the long fuzz run: select it with -m fuzz")
    for item in items:
        if item.get_closest_marker("fuzz") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (Playwright's sync API on Debian's ``/usr/bin/chromium``), one per
    session; skipped with the reason when Chromium or the ``playwright`` package is missing.
    Use ``browser.new_page()`` and close it; the browser is closed at the end of the session."""
    # under CI a missing browser is a failure: .ci/run installs both, a skip would hide it
    absent = pytest.fail if os.environ.get("CI") else pytest.skip
    if shutil.which(CHROMIUM) is None:
        absent(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        absent("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """The directory test artefacts (screenshots) are written to; its path is printed."""
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS
