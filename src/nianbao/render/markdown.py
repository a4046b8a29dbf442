"""Report → Markdown: the article with its tables as pipe tables in the official layout.

Markdown has no merged cells: a cell spanning columns prints its text in the first column and
leaves the others empty, a cell spanning rows prints it in the first row only, so every printed
row has the official row label and its values in their columns.
"""

from __future__ import annotations

from ..model import Report
from . import Options, Output, Renderer
from .html import SubTable, article_parts, official_layout, place, width


def render_markdown(report: Report) -> str:
    out: list[str] = []
    for kind, text in article_parts(report):
        if kind == "title":
            out.append(f"# {_inline(text)}")
        elif kind == "heading":
            out.append(f"## {_inline(text)}")
        elif kind == "table":
            out.append(
                pipe_table(tuple(row for sub in official_layout(report, text) for row in sub))
            )
        else:
            out.append(_inline(text))
    return "\n\n".join(out) + "\n"


def pipe_table(sub: SubTable) -> str:
    """The table as a full grid of pipe cells; spans are printed once, at their origin."""
    n_cols = width(sub)
    grid = [[""] * n_cols for _ in sub]
    for r, c, cell in place(sub):
        grid[r][c] = _inline(cell.text)
    lines = ["| " + " | ".join(row) + " |" for row in grid]
    lines.insert(1, "|" + "---|" * n_cols)
    return "\n".join(lines)


def _inline(text: str) -> str:
    """Escape what Markdown would read as markup inside a paragraph or a cell."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
    out = out.replace("<", "&lt;").replace(">", "&gt;")
    return out.replace("\n", " ")


def _render(out: Output, options: Options) -> str:
    return render_markdown(out.report)


RENDERER = Renderer(
    name="markdown",
    help="官方格式排版的 Markdown（表格为管道表格）",
    render=_render,
    suffix=".md",
)
