"""``python -m nianbao.cli``: the same as the ``nianbao`` command."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
