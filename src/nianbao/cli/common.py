"""What the commands share: the outcome they report, the output format options, writing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..render import Options, Output, Renderer, load_renderers
from ..settings import DEFAULT, Settings


@dataclass(slots=True)
class Outcome:
    """What a command found; ``nianbao.cli.exit_code`` turns it into the exit status."""

    #: a file could not be read
    unreadable: bool = False
    #: a finding at or above ``--fail-on``
    failing: bool = False
    #: the options did not make sense (e.g. an unknown rule id)
    usage: bool = False


def fail_usage(message: str) -> Outcome:
    print(message, file=sys.stderr)
    return Outcome(usage=True)


#: the path that means standard input
STDIN = "-"
#: what a file found in a folder may be without failing the batch: not a report at all
NOT_REPORTS = frozenset({"unsupported", "binary", "not_report"})


def walk(paths: Sequence[str]) -> Iterator[str]:
    """Files as given; directories walked (sorted), every file in them: the reader decides by
    content, so a PDF named ``download`` is read and a file of no supported format is reported
    as skipped, never dropped. Hidden files (``.git``, ``.DS_Store``) are left out. ``-`` is
    standard input."""
    for p in paths:
        if p == STDIN:
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            yield from (
                str(f)
                for f in sorted(path.rglob("*"))
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
        else:
            yield p


def stdin_contents(files: Sequence[str]) -> dict[str, bytes]:
    """Standard input, read once, for the ``-`` among ``files`` (the batch parses the bytes)."""
    return {STDIN: sys.stdin.buffer.read()} if STDIN in files else {}


def skipped(out_path: str, code: str | None, given: Sequence[str]) -> bool:
    """A file found by walking a folder that is no report (another format, binary data, a text
    with nothing of a report) is skipped; a file named on the command line is an error."""
    return code in NOT_REPORTS and out_path not in given


def add_settings_options(parser: argparse.ArgumentParser) -> None:
    """``--config``, ``--no-cache`` and ``--pages``: how the files are read."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="从 TOML 文件读取设置（地方规则 SEC-08/09、地方公开时限、OCR 阈值、各项上限、版面分析参数），"
        "示例见 docs/nianbao.example.toml",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="不使用 OCR 结果缓存（默认缓存在 $XDG_CACHE_HOME/nianbao 或 ~/.cache/nianbao，"
        "按文件内容区分，同一扫描件再次检查时不再识别）",
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="给出的图片文件是同一份报告的各页（按给出的顺序），合起来读作一份报告",
    )


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings of ``--config`` (or the defaults) with the OCR cache of ``--no-cache``;
    NianbaoError for a config file that cannot be used."""
    from ..config import load_settings
    from ..readers.cache import default_dir

    settings = load_settings(args.config) if args.config else DEFAULT
    if args.no_cache:
        return replace(settings, ocr_cache=None)
    if settings.ocr_cache is None:
        return replace(settings, ocr_cache=str(default_dir()))
    return settings


def inputs(
    paths: Sequence[str], *, pages: bool, settings: Settings
) -> tuple[list[str], dict[str, bytes]]:
    """The files to read (folders walked, ``-`` read from standard input, with ``pages`` the
    images as one report) and the bytes given for any of them; NianbaoError for ``--pages``
    files that are no usable image."""
    files = list(walk(paths))
    contents = stdin_contents(files)
    if pages and files:
        return as_pages(files, contents, settings)
    return files, contents


def as_pages(
    files: Sequence[str], contents: dict[str, bytes], settings: Settings
) -> tuple[list[str], dict[str, bytes]]:
    """``--pages``: the image files as one report (a multi-page image, read by the image
    reader), named after its first page; NianbaoError for a file that is no usable image."""
    from ..readers import load
    from ..readers.image import combine_pages

    images = [(f, contents[f] if f in contents else load(f, settings)[0]) for f in files]
    label = f"{files[0]} 等 {len(files)} 页" if len(files) > 1 else files[0]
    return [label], {label: combine_pages(images, settings)}


def add_batch_options(
    parser: argparse.ArgumentParser, *, debug: str = "文件出错时显示完整的错误回溯（traceback）"
) -> None:
    """``--jobs`` and ``--debug``: files are read in worker processes (``nianbao.batch``)."""
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="同时处理的文件数（工作进程数，默认为 CPU 核数）；每个文件限时 60 秒、内存 1.5 GiB",
    )
    parser.add_argument("--debug", action="store_true", help=debug)


def add_output_options(parser: argparse.ArgumentParser, *, findings: bool) -> None:
    """``--format`` (from the renderer registry), ``--json`` as its short form, ``--output``."""
    names = [r.name for r in load_renderers().values() if r.findings or not findings]
    parser.add_argument(
        "--format",
        choices=names,
        default="terminal",
        help="输出格式：" + "；".join(f"{r.name} {r.help}" for r in _offered(names)),
    )
    parser.add_argument(
        "--json",
        dest="format",
        action="store_const",
        const="json",
        help="同 --format json"
        + (
            '：每份报告输出一行 JSON：{"report": …, "findings": […]}（JSON Lines）'
            if findings
            else "：输出数据模型 JSON"
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="写入文件；输入多份报告或 PATH 是目录时，每份报告写成目录中的「原文件名＋后缀」（DOCX 必须给出）",
    )


def _offered(names: list[str]) -> list[Renderer]:
    registry = load_renderers()
    return [registry[n] for n in names]


class Writer:
    """Sends each rendered report to stdout, one file, or one file per report in a directory."""

    def __init__(self, renderer: Renderer, output: str | None, *, count: int) -> None:
        self.renderer = renderer
        self.output = Path(output) if output else None
        self.per_report = self.output is not None and (count > 1 or self.output.is_dir())
        self._file_started = False

    def check(self) -> str | None:
        """Why this output cannot work (one line, Chinese and English), or None."""
        r = self.renderer
        if r.binary and self.output is None:
            return f"{r.name} 格式需要用 --output 指定文件或目录（{r.name} output needs --output）"
        return None

    def write(self, source: str, out: Output, options: Options) -> None:
        self._emit(source, self.renderer.render(out, options))

    def error(self, source: str, message: str) -> None:
        """An unreadable file, in the output itself when the format has a way to say it."""
        if self.renderer.error is not None:
            self._emit(source, self.renderer.error(source, message))

    def skip(self, source: str, reason: str) -> None:
        """A file of a folder that is no report, in the output when the format has a way to say it."""
        if self.renderer.skipped is not None:
            self._emit(source, self.renderer.skipped(source, reason))

    def _emit(self, source: str, content: str | bytes) -> None:
        if self.output is None:
            assert isinstance(content, str)
            sys.stdout.write(content)
            return
        if self.per_report:
            self.output.mkdir(parents=True, exist_ok=True)
            target = self.output / (Path(source).stem + self.renderer.suffix)
            mode = "w"
        else:
            target = self.output
            mode = "a" if self._file_started else "w"
            self._file_started = True
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            with target.open(mode, encoding="utf-8") as fh:
                fh.write(content)
