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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..model import Document
from ..settings import Settings
from . import layout
from .confidence import confidence_notes

_A4_SHORT_INCHES = 8.27
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
        for index in range(frames):
            img.seek(index)
            _check_size(img.size, path, settings, index + 1)
            gray, dpi = _page_pixels(image_module, img, settings, path)
            pages.append(ocr.read_gray(gray, index + 1, dpi, path))
    blocks = layout.blocks(pages, path, settings.layout)
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="ocr",
        blocks=tuple(blocks),
        pages=len(pages),
        notes=tuple(confidence_notes(blocks, settings.ocr_min_confidence)),
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


def _page_pixels(
    image_module: Any, img: Any, settings: Settings, path: str | None
) -> tuple[Any, float]:
    """The frame as a greyscale array at about ``ocr_dpi``, and the resolution it is at."""
    import numpy as np
    from PIL import ImageOps

    try:
        frame = ImageOps.exif_transpose(img).convert("L")
    except OSError as err:  # truncated or damaged pixel data
        raise NianbaoError(
            path, f"图片数据已损坏（{err}）", f"damaged image data ({err})", code="corrupt"
        ) from err
    want = _A4_SHORT_INCHES * settings.ocr_dpi
    short = min(frame.size)
    factor = want / short if short > want * 1.3 or short < want * _UPSCALE_BELOW else 1.0
    if factor != 1.0:
        size = (max(round(frame.size[0] * factor), 1), max(round(frame.size[1] * factor), 1))
        frame = frame.resize(size, image_module.Resampling.LANCZOS)
    return np.asarray(frame), min(frame.size) / _A4_SHORT_INCHES
