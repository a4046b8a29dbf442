"""Progress on the terminal (stderr): a bar for long batches and, for scanned files, the pages
recognised so far (OCR takes seconds a page), so a single slow file does not look stuck.
Nothing is drawn when stderr is not a terminal (a log file stays clean)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..batch import PageListener

#: a batch this long gets a bar of files done
BAR_FILES = 5


def progress(files: int, label: str = "检查") -> tuple[Any, Any, PageListener | None]:
    """(rich Progress, the files task or None, the page listener or None) for ``files`` files;
    use the Progress as a context manager around the batch loop."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    pages = console.is_terminal
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[count]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        disable=files < BAR_FILES and not pages,
    )
    task = None
    if files >= BAR_FILES:
        task = bar.add_task(label, total=files, count=f"{0}/{files} 个文件")
    return bar, task, _pages(bar) if pages else None


def advance(bar: Any, task: Any, files: int) -> None:
    """One more file done."""
    if task is not None:
        bar.advance(task)
        done = int(bar.tasks[task].completed)
        bar.update(task, count=f"{done}/{files} 个文件")


def _pages(bar: Any) -> PageListener:
    tasks: dict[str, Any] = {}
    last: dict[str, bool] = {}

    def on_page(path: str, page: int, total: int | None) -> None:
        count = f"第 {page}/{total} 页" if total else f"第 {page} 页"
        if path not in tasks:
            name = "标准输入" if path == "-" else Path(path).name
            tasks[path] = bar.add_task(f"文字识别 {name}", total=total, count=count)
        bar.update(tasks[path], completed=page - 1, total=total, count=count, visible=True)
        last[path] = total is not None and page >= total
        for other, task in tasks.items():  # files on their last page are done by now
            if other != path and last[other]:
                bar.update(task, visible=False)

    return on_page
