"""Pure Python by default; ``NIANBAO_COMPILE=1 pip install .`` compiles the hot modules with mypyc.

Everything else is in pyproject.toml. The compiled modules behave as their source does (CI runs
the quick tests against both builds); see README, "Compiled build".
"""

from __future__ import annotations

import os

from setuptools import setup

#: the modules parsing and checking spend their time in, compiled to C extensions by mypyc
COMPILED = [
    "src/nianbao/readers/text.py",
    "src/nianbao/textnorm.py",
    "src/nianbao/extract/__init__.py",
    "src/nianbao/extract/meta.py",
    "src/nianbao/extract/rows.py",
    "src/nianbao/extract/tables.py",
    "src/nianbao/extract/values.py",
    # checking: the narrative's reading, the identities, the runner and the rules' shared code
    # (not the rule modules nor rule.py: README, "Compiled build", tells why)
    "src/nianbao/extract/sentences.py",
    "src/nianbao/extract/claims.py",
    "src/nianbao/extract/dates.py",
    "src/nianbao/extract/scope.py",
    "src/nianbao/extract/numerals.py",
    "src/nianbao/identities.py",
    "src/nianbao/faults.py",
    "src/nianbao/runner.py",
    "src/nianbao/rules/__init__.py",
    "src/nianbao/rules/analysis.py",
    "src/nianbao/rules/arith.py",
    "src/nianbao/rules/common.py",
]

if os.environ.get("NIANBAO_COMPILE", "") not in ("", "0"):
    from mypyc.build import mypycify

    # the build has mypy but not the runtime dependencies, so some ``type: ignore`` go unused
    setup(ext_modules=mypycify(["--no-warn-unused-ignores", *COMPILED], opt_level="3"))
else:
    setup()
