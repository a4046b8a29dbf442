"""Images (PNG, JPEG, TIFF, BMP, GIF, WebP) of report pages → Document, through OCR.

The pixel count is read from the file header and checked against ``Settings.max_pixels``
before any pixel is decoded. A photo or a fine scan is scaled down to about
``Settings.ocr_dpi`` on an A4 page (its short side taken as 21 cm): finer resolution makes OCR
slower, not better, for printed tables. Each frame of a multi-page TIFF is a page.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .. import progress
from ..errors import LimitExceeded, MissingDependency, NianbaoError, PageSkipped
from ..model import Document, Location, ReadProblem
from ..settings import DEFAULT, Settings
from . import layout
from .confidence import confidence_notes

_A4_SHORT_INCHES = 8.27
_A4_RATIO = 297 / 210
_MAX_ASPECT = 3.0  # a page wider than three times its height is not a report page
_UPSCALE_BELOW = 0.6  # of the wanted resolution: smaller images are enlarged for the recogniser


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    image_module = _pil(path)
    from . import ocr

    pages: list[layout.Page] = []
    with _open(image_module, data, path) as img:
        frames = int(getattr(img, "n_frames", 1))
        if frames > settings.max_pages:
            raise LimitExceeded(
                path,
                f"图片有 {frames} 帧，超过页数上限 {settings.max_pages}",
                f"{frames} frames, more than the page limit of {settings.max_pages}",
            )
        notes: list[str] = []
        problems: list[ReadProblem] = []
        for index in range(frames):
            img.seek(index)
            _check_size(img.size, path, settings, index + 1)
            _check_length(img.size, path, settings)
            gray, dpi = _page_pixels(image_module, img, settings, path)
            strips = _strips(gray)
            if len(strips) > 1:
                notes.append(
                    f"第 {index + 1} 帧是长图，按 A4 页高切成 {len(strips)} 段逐段识别，"
                    f"页码从 {len(pages) + len(problems) + 1} 起按段计"
                )
            for strip in strips:
                no = len(pages) + len(problems) + 1
                whole = len(strips) == 1 and no == index + 1  # no long image so far
                progress.page_started(no, frames if whole else None)
                try:
                    pages.append(ocr.read_gray(strip, no, dpi, path))
                except PageSkipped as skipped:
                    problems.append(
                        ReadProblem(skipped.code, skipped.reason_zh, Location(path=path, page=no))
                    )
    if not pages:
        reasons = "；".join(p.message for p in problems[:3])
        raise NianbaoError(path, f"图片无法识别：{reasons}", "no page could be recognised")
    blocks = layout.blocks(pages, path, settings.layout)
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="ocr",
        blocks=tuple(blocks),
        pages=len(pages) + len(problems),
        notes=(*notes, *confidence_notes(blocks, settings.ocr_min_confidence)),
        problems=tuple(problems),
    )


def _pil(path: str | None) -> Any:
    try:
        from PIL import Image
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "Pillow", "pip install 'nianbao[ocr]'") from err
    return Image


@contextmanager
def _open(image_module: Any, data: bytes, path: str | None) -> Iterator[Any]:
    """``Image.open`` (which reads the header only) with PIL's refusals as clear errors; its
    decompression-bomb guard gives way to ours, which names the limit."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", image_module.DecompressionBombWarning)
            img = image_module.open(io.BytesIO(data))
    except image_module.DecompressionBombError as err:
        raise LimitExceeded(
            path, "图片像素过多，不像一页报告的扫描件", f"image has too many pixels ({err})"
        ) from err
    except (image_module.UnidentifiedImageError, OSError) as err:
        raise NianbaoError(
            path, "无法识别的图片文件", f"unreadable image ({err})", code="corrupt"
        ) from err
    try:
        yield img
    finally:
        img.close()


def _check_size(size: tuple[int, int], path: str | None, settings: Settings, page: int) -> None:
    width, height = size
    if width * height > settings.max_pixels:
        raise LimitExceeded(
            path,
            f"第 {page} 页图片过大（{width}×{height} 像素，上限 {settings.max_pixels / 1e6:.0f} 百万像素）",
            f"image {width}x{height} is over the limit of {settings.max_pixels} pixels",
        )


def _check_length(size: tuple[int, int], path: str | None, settings: Settings) -> None:
    """A long image is read as A4-tall strips; more of them than a report has pages is refused
    from the header, before decoding (each strip takes seconds of OCR)."""
    width, height = size
    pages = height / (width * _A4_RATIO)
    if pages > settings.max_image_pages:
        raise LimitExceeded(
            path,
            f"图片宽 {width}、高 {height} 像素，相当于 {pages:.0f} 页 A4 长图，"
            f"超过 {settings.max_image_pages} 页的上限，不像一份年度报告",
            f"image {width}x{height} is {pages:.0f} A4 pages long, over the limit of "
            f"{settings.max_image_pages}",
        )


def _page_pixels(
    image_module: Any, img: Any, settings: Settings, path: str | None
) -> tuple[Any, float]:
    """The frame as a greyscale array at about ``ocr_dpi``, and the resolution it is at."""
    import numpy as np
    from PIL import ImageOps

    want = _A4_SHORT_INCHES * settings.ocr_dpi
    width, height = img.size
    if max(width, height) > _MAX_ASPECT * min(width, height) and width > height:
        raise NianbaoError(
            path,
            f"图片宽 {width}、高 {height} 像素，过于扁长，不像报告页面",
            f"image {width}x{height} is too wide for a report page",
            code="unsupported",
        )
    if img.format == "JPEG" and min(width, height) > want * 2:
        img.draft("L", (round(width * want / min(width, height)), 0))  # decode at about ocr_dpi
    try:
        frame = ImageOps.exif_transpose(img).convert("L")
    except (OSError, SyntaxError, ValueError, EOFError) as err:  # damaged pixel data
        raise NianbaoError(
            path, f"图片数据已损坏（{err}）", f"damaged image data ({err})", code="corrupt"
        ) from err
    short = min(frame.size)
    factor = want / short if short > want * 1.3 or short < want * _UPSCALE_BELOW else 1.0
    if factor != 1.0:
        size = (max(round(frame.size[0] * factor), 1), max(round(frame.size[1] * factor), 1))
        frame = frame.resize(size, image_module.Resampling.LANCZOS)
    return np.asarray(frame), min(frame.size) / _A4_SHORT_INCHES


def _strips(gray: Any) -> list[Any]:
    """A long image (a 长图 of several pages, as web pages publish them) cut into pieces about
    one A4 page tall, each cut at the row with least ink near the page boundary so no line of
    text is cut; OCR of one tall image needs gigabytes and minutes."""
    height, width = gray.shape[:2]
    page = round(width * _A4_RATIO)
    if height <= page * 1.5:
        return [gray]
    ink = (gray < 128).sum(axis=1)
    out, top = [], 0
    while height - top > page * 1.5:
        lo, hi = top + round(page * 0.85), top + page
        cut = lo + int(ink[lo:hi].argmin())
        out.append(gray[top:cut])
        top = cut
    out.append(gray[top:])
    return out


def combine_pages(images: Sequence[tuple[str, bytes]], settings: Settings = DEFAULT) -> bytes:
    """Page images of one report (a scanner's or a phone's, one file per page) as one
    multi-page TIFF, in the order given, each page turned upright by its EXIF orientation;
    ``read`` then reads it as one report with pages 1…n. NianbaoError naming the file for one
    that is no image or too large."""
    image_module = _pil(None)
    from PIL import ImageOps

    if len(images) > settings.max_pages:
        raise LimitExceeded(
            None,
            f"共 {len(images)} 页，超过页数上限 {settings.max_pages}",
            f"{len(images)} pages, more than the page limit of {settings.max_pages}",
        )
    frames = []
    for path, data in images:
        with _open(image_module, data, path) as img:
            _check_size(img.size, path, settings, 1)
            try:
                frames.append(ImageOps.exif_transpose(img).convert("L"))
            except (OSError, SyntaxError, ValueError, EOFError) as err:
                raise NianbaoError(
                    path, f"图片数据已损坏（{err}）", f"damaged image data ({err})", code="corrupt"
                ) from err
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return out.getvalue()
