"""Shared fixtures: the bundled seed reports and their gold tables."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["storekit"]
