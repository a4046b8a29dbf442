"""HTML kept inside JavaScript or JSON string literals → the markup itself.

CMS pages often ship the article as ``var content = "<p>…<td align=\\"center\\">…\\n";`` or
as the ``content`` field of a JSON answer. The string literals that hold markup are decoded
(``\\"``, ``\\n``, ``\\/``, ``\\uXXXX`` …) and joined in order; nothing is executed.
"""

from __future__ import annotations

import re

_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', re.DOTALL)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "\f", "v": "", "0": ""}
_MARKUP = re.compile(r"<(?:table|tr|td|th|p|div|span|br|h[1-6])\b", re.IGNORECASE)


def unwrap(text: str) -> str | None:
    """The markup held in the text's string literals, or None when none holds markup."""
    parts = []
    for m in _LITERAL.finditer(text):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if body and _MARKUP.search(body):
            parts.append(_ESCAPE.sub(_unescape, body))
    return "\n".join(parts) if parts else None


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE.get(code, code)
