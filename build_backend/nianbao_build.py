"""setuptools' build backend, plus mypy when ``NIANBAO_COMPILE=1`` asks for the compiled build.

The compiled build (``setup.py``) needs mypyc, which ships with mypy, at build time only: a
wheel built with the variable set is compiled; the default build, editable installs and sdists
need nothing beyond setuptools and stay pure Python. Each hook runs in a process of its own.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403  (the hooks not redefined here, unchanged)

#: the mypy (with its mypyc) that the compiled build was tested with: raise it with a test run
MYPY = "mypy==2.4.1"

Settings = dict[str, Any] | None


def _compile() -> bool:
    return os.environ.get("NIANBAO_COMPILE", "") not in ("", "0")


def _pure() -> None:
    """Build this step as pure Python, whatever the variable says."""
    os.environ.pop("NIANBAO_COMPILE", None)


def get_requires_for_build_wheel(config_settings: Settings = None) -> list[str]:
    if _compile():  # setup.py imports mypyc, so setuptools cannot run it before mypy is in
        return [MYPY]
    return build_meta.get_requires_for_build_wheel(config_settings)


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: Settings = None
) -> str:
    """The metadata is the same for both builds: no need to compile for it."""
    _pure()
    return build_meta.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def get_requires_for_build_editable(config_settings: Settings = None) -> list[str]:
    _pure()  # an editable install runs the source tree, so it is never compiled
    return build_meta.get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_editable(
    metadata_directory: str, config_settings: Settings = None
) -> str:
    _pure()
    return build_meta.prepare_metadata_for_build_editable(metadata_directory, config_settings)


def build_editable(
    wheel_directory: str, config_settings: Settings = None, metadata_directory: str | None = None
) -> str:
    _pure()
    return build_meta.build_editable(wheel_directory, config_settings, metadata_directory)


def get_requires_for_build_sdist(config_settings: Settings = None) -> list[str]:
    _pure()  # the source distribution is the source: whoever installs it may compile it
    return build_meta.get_requires_for_build_sdist(config_settings)


def build_sdist(sdist_directory: str, config_settings: Settings = None) -> str:
    _pure()
    return build_meta.build_sdist(sdist_directory, config_settings)
