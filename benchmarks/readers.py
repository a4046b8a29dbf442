"""PDF and OCR reader speed (and, with --score, accuracy) beside ``pdftotext -layout``, in one run.

Run: python benchmarks/readers.py [--rounds N] [--ocr-rounds N] [--score] [--skip-ocr | --ocr-only]

Inputs: the real WPS export (tests/fixtures/huaian-2024.pdf) and, when LibreOffice is installed,
the six corpus reports as text PDFs (tests/corpus.py make_pdf); their scanned variants (150 dpi,
turned 0.5°, noise; tests/scanned.py); and page 4 of the real report as a scanned PNG.
Each round times, file by file, ``pdftotext -layout`` (poppler, a process per file as a user
runs it), PDFium alone opening every page and its text (the engine's floor) and
``nianbao.parse``; it prints median seconds per page and the median of the per-file ratios
parse/pdftotext, so both sides share the machine's load. On a shared machine the wall-clock
ratio swings with the load, so each round also takes the CPU time both sides spent (our
process's, and the pdftotext child's from ``getrusage``) and prints the median of those ratios
too. Scanned files print wall and CPU seconds per page (OCR runs pages on worker threads, so
CPU time can exceed wall time). Goals (issue 14): a text PDF at most 2× ``pdftotext -layout``
per page; a scanned page at most 2 s on 2 cores once the model is loaded. --score adds cells
right against the gold and the count of wrong cells not flagged as low confidence (the goal
there is 100 % and 0).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2

import nianbao

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import corpus  # noqa: E402
import scanned  # noqa: E402

HUAIAN = ROOT / "tests" / "fixtures" / "huaian-2024.pdf"


def _pages(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 1
    doc = pypdfium2.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def _seconds(fn: Callable[[Path], object], path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn(path)``: this process's CPU time and its children's."""
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children()
    fn(path)
    return time.perf_counter() - t0, time.process_time() - c0 + _children() - k0


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)


def _engine(path: Path) -> None:
    """PDFium alone: every page and its text page loaded, nothing asked of them."""
    doc = pypdfium2.PdfDocument(path)
    for page in doc:
        page.get_textpage().close()
        page.close()
    doc.close()


def _row(name: str, paths: list[Path], rounds: int, baseline: bool) -> None:
    """Per round and file: (baseline,) engine and parse, interleaved; medians per page."""
    ours: list[float] = []
    ours_cpu: list[float] = []
    theirs: list[float] = []
    floor: list[float] = []
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    for _ in range(rounds):
        for p in paths:
            n = _pages(p)
            if baseline:
                wall, cpu = _seconds(_pdftotext, p)
                theirs.append(wall / n)
                floor.append(_seconds(_engine, p)[0] / n)
            wall_ours, cpu_ours = _seconds(nianbao.parse, p)
            ours.append(wall_ours / n)
            ours_cpu.append(cpu_ours / n)
            if baseline:
                ratios.append(wall_ours / wall)
                cpu_ratios.append(cpu_ours / max(cpu, 1e-9))
    pages = sum(_pages(p) for p in paths)
    line = f"{name:<22} {len(paths):>2} files {pages:>3} pages  nianbao {statistics.median(ours):7.4f} s/page"
    if baseline:
        line += (
            f" | pdftotext -layout {statistics.median(theirs):7.4f} s/page"
            f" | PDFium alone {statistics.median(floor):7.4f} s/page"
            f" | nianbao/pdftotext wall {statistics.median(ratios):.2f}×,"
            f" CPU {statistics.median(cpu_ratios):.2f}× (goal ≤ 2×)"
        )
    else:
        line += f" wall, {statistics.median(ours_cpu):7.4f} s/page CPU"
    print(line, flush=True)


def _score(cases: list[tuple[Path, Path]]) -> str:
    threshold = nianbao.Settings().ocr_min_confidence
    total = wrong = unflagged = 0
    for gold, path in cases:
        report = nianbao.parse(path)
        misses = corpus.mismatches(gold, report)
        total += sum(1 for _ in corpus.expected_cells(corpus.load_gold(gold)))
        wrong += len(misses)
        for miss in misses:
            table, *row, col = miss.split(":")[0].split(".")
            t = report.tables.get(table)
            r = t.rows.get(".".join(row)) if t else None
            cell = r.cells.get(col) if r else None
            if cell is None or cell.confidence is None or cell.confidence >= threshold:
                unflagged += 1
    return f"cells {total - wrong}/{total} ({100 * (total - wrong) / max(total, 1):.2f} %), wrong and not flagged: {unflagged}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=9, help="rounds over the text PDFs")
    ap.add_argument("--ocr-rounds", type=int, default=1, help="rounds over the scanned files")
    ap.add_argument("--score", action="store_true", help="also score every file against its gold")
    only = ap.add_mutually_exclusive_group()
    only.add_argument("--skip-ocr", action="store_true", help="text PDFs only")
    only.add_argument("--ocr-only", action="store_true", help="scanned files only")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nianbao-bench")
    args = ap.parse_args()
    huaian_gold = corpus.GOLD_DIR / "huaian-2024.json"
    text_cases = [(huaian_gold, HUAIAN)]
    if shutil.which("soffice"):
        text_cases += [(g, corpus.make_pdf(g, args.cache)) for g in corpus.GOLDS]
    else:
        print("LibreOffice not installed: the corpus PDFs are left out")
    nianbao.parse(HUAIAN)  # warm imports
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores")
    if not args.ocr_only:
        print(f"text-layer PDFs: {len(text_cases)}; medians over {args.rounds} rounds")
        _row("淮安 (WPS export)", [HUAIAN], args.rounds, baseline=True)
        _row("pdf (text layer)", [p for _, p in text_cases], args.rounds, baseline=True)
        if args.score:
            print(f"{'':<22} {_score(text_cases)}")
    if args.skip_ocr:
        return
    scan_cases = [(g, scanned.scan_pdf(p, args.cache)) for g, p in text_cases]
    png = scanned.scan_page(HUAIAN, args.cache, page=3, fmt="png")
    nianbao.parse(png)  # load the OCR models once, outside the timing
    _row("pdf (scanned, 150 dpi)", [p for _, p in scan_cases], args.ocr_rounds, baseline=False)
    if args.score:
        print(f"{'':<22} {_score(scan_cases)}")
    _row("image (png page)", [png], args.ocr_rounds, baseline=False)


if __name__ == "__main__":
    main()
