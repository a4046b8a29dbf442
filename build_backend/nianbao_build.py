"""setuptools' build backend, plus mypy when ``NIANBAO_COMPILE=1`` asks for the compiled build.

The compiled build (``setup.py``) needs mypyc, which ships with mypy, at build time only; the
default build and editable installs need nothing beyond setuptools and stay pure Python.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403  (the other hooks, unchanged)

#: the mypy (with its mypyc) that the compiled build was tested with: raise it with a test run
MYPY = "mypy==2.4.1"


def _compile() -> bool:
    return os.environ.get("NIANBAO_COMPILE", "") not in ("", "0")


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    if _compile():  # setup.py imports mypyc, so setuptools cannot run it before mypy is in
        return [MYPY]
    return build_meta.get_requires_for_build_wheel(config_settings)


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: dict[str, Any] | None = None
) -> str:
    """The metadata is the same for both builds: no need to compile for it."""
    os.environ.pop("NIANBAO_COMPILE", None)
    return build_meta.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    """An editable install runs the source tree, so it is never compiled."""
    os.environ.pop("NIANBAO_COMPILE", None)
    return build_meta.build_editable(wheel_directory, config_settings, metadata_directory)
