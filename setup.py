"""Pure Python by default; ``NIANBAO_COMPILE=1 pip install .`` compiles the hot modules with mypyc.

Everything else is in pyproject.toml. The compiled modules behave as their source does (CI runs
the quick tests against both builds); see README, "Compiled build".
"""

from __future__ import annotations

import os

from setuptools import setup

#: the modules parsing spends its time in, compiled to C extensions by mypyc
COMPILED = [
    "src/nianbao/readers/text.py",
    "src/nianbao/textnorm.py",
    "src/nianbao/extract/__init__.py",
    "src/nianbao/extract/meta.py",
    "src/nianbao/extract/rows.py",
    "src/nianbao/extract/tables.py",
    "src/nianbao/extract/values.py",
]

if os.environ.get("NIANBAO_COMPILE", "") not in ("", "0"):
    from mypyc.build import mypycify

    # the build has mypy but not the runtime dependencies, so some ``type: ignore`` go unused
    setup(ext_modules=mypycify(["--no-warn-unused-ignores", *COMPILED], opt_level="3"))
else:
    setup()
