"""Output formats: renderers registered by name, which the CLI (and later the web app) pick from.

A renderer turns one report — as read (``nianbao parse``) or as checked, with its findings
(``nianbao check``) — into text or bytes. The built-in ones are terminal, json, html, docx,
check-html and check-docx (the check report a reviewer sends), markdown and pdf;
a new format is a module with a ``RENDERER`` added to ``load_renderers`` (or a
``register_renderer`` call), never a branch in the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Document, Finding, Report


@dataclass(frozen=True, slots=True)
class Output:
    """One report to render: as read (``findings`` is None) or as checked."""

    report: Report
    findings: tuple[Finding, ...] | None = None
    #: what the reader saw (grids), for ``--debug``
    document: Document | None = None


@dataclass(frozen=True, slots=True)
class Options:
    """Choices the user makes on the command line that a renderer may honour."""

    #: JSON without indentation
    compact: bool = False
    #: draw the three tables with the cells findings point at marked
    tables: bool = True
    #: also show the reader's grids and the extractor's trace
    debug: bool = False


@dataclass(frozen=True, slots=True)
class Renderer:
    """An output format: ``render`` makes the text (or bytes) for one report."""

    name: str
    #: one line in Chinese for ``--help``
    help: str
    render: Callable[[Output, Options], str | bytes]
    #: file name suffix when the output is written to a file or directory
    suffix: str
    #: bytes (DOCX), written only to a file
    binary: bool = False
    #: shows findings, so ``nianbao check`` offers it (``nianbao parse`` offers every renderer)
    findings: bool = False
    #: several reports may follow each other in one stream (terminal, JSON Lines)
    stream: bool = False
    #: what the output says for a file that could not be read (path, message); None: nothing
    error: Callable[[str, str], str] | None = None
    #: what the output says for a file of a folder skipped as no report (path, reason), so a
    #: JSON Lines batch has one line for every file; None: nothing (the summary lists it)
    skipped: Callable[[str, str], str] | None = None


def of_report(fn: Callable[[Report], str | bytes]) -> Callable[[Output, Options], str | bytes]:
    """A renderer function from one that needs only the report (HTML, DOCX)."""

    def render(out: Output, options: Options) -> str | bytes:
        return fn(out.report)

    return render


#: every registered renderer by name, in registration order
RENDERERS: dict[str, Renderer] = {}


def register_renderer(renderer: Renderer) -> Renderer:
    """Add an output format; names are unique."""
    if renderer.name in RENDERERS:
        raise ValueError(f"renderer {renderer.name!r} registered twice")
    RENDERERS[renderer.name] = renderer
    return renderer


def load_renderers() -> dict[str, Renderer]:
    """The registry with the built-in renderers in it (each registered once)."""
    from . import as_json, check_docx, check_report, console, docx, html, markdown, pdf

    for module in (console, as_json, html, docx, check_report, check_docx, markdown, pdf):
        if module.RENDERER.name not in RENDERERS:
            register_renderer(module.RENDERER)
    return RENDERERS
