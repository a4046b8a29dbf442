"""``nianbao rules``: the check catalogue (or docs/rules.md as Markdown)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import Outcome


def register(sub: Any) -> None:
    r = sub.add_parser(
        "rules", help="列出检查规则目录", description="列出检查规则目录（编号、级别、名称、依据）"
    )
    r.add_argument("--markdown", action="store_true", help="输出 docs/rules.md 的 Markdown")
    r.add_argument(
        "--json",
        action="store_true",
        help="输出 JSON：每条规则的 id、级别、名称、说明、依据、标签",
    )
    r.set_defaults(run=run)


def run(args: argparse.Namespace) -> Outcome:
    if args.json:
        import json

        from ..rule import iter_rules
        from ..rules import load_rules

        load_rules()
        catalogue = [
            {
                "id": r.id,
                "severity": r.severity.value,
                "title": r.title,
                "description": r.description,
                "basis": r.citation,
                "tags": list(r.tags),
                "needs_previous": r.needs_previous,
            }
            for r in iter_rules()
        ]
        sys.stdout.write(json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n")
    elif args.markdown:
        from ..rules.docs import markdown

        sys.stdout.write(markdown())
    else:
        from ..render.catalogue import print_catalogue

        print_catalogue()
    return Outcome()
