"""Notes for a reviewer on table values the OCR was unsure of."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import TableGrid, TextBlock

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def confidence_notes(blocks: Sequence[TextBlock | TableGrid], threshold: float) -> list[str]:
    """A note for each table cell holding a value (no Chinese text) whose OCR confidence is
    under ``threshold``, so a reviewer checks it against the original."""
    notes = []
    for block in blocks:
        if not isinstance(block, TableGrid):
            continue
        for row in block.rows:
            for cell in row:
                if cell.merged or cell.confidence is None or cell.confidence >= threshold:
                    continue
                if _CJK.search(cell.text):
                    continue
                loc = cell.location
                where = f"第 {loc.page} 页" + (f"第 {loc.line} 行" if loc.line else "")
                what = f"“{cell.text.strip()}”" if cell.text.strip() else "有字迹但未能识别"
                notes.append(
                    f"{where}表格单元{what}，识别置信度 {cell.confidence:.2f}（低于 {threshold:.2f}），请对照原件核对"
                )
    return notes
