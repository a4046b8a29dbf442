"""A PDF page as PNG (PDFium), cached by file hash, page and resolution; a cell outlined on it.

The outline is drawn into the image (Pillow), so the page needs no inline style or script.
Boxes are in PDF points from the page's top left, as the PDF and OCR readers keep them.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from ..settings import Settings
from .uploads import write_atomic

#: pypdfium2 is not thread-safe: one page is rendered at a time in this process
_LOCK = threading.Lock()
OUTLINE = (220, 0, 0)


class PageUnavailable(Exception):
    """No such page, not a PDF, or a page too large to render."""


def is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def page_png(source: Path, cache: Path, page: int, *, dpi: int, settings: Settings) -> bytes:
    """The page (1-based) rendered at ``dpi``, from the cache when rendered before."""
    cached = cache / f"{source.name}-{page}-{dpi}.png"
    if cached.is_file():
        return cached.read_bytes()
    if not is_pdf(source):
        raise PageUnavailable("不是 PDF 文件，没有页面图像")
    import pypdfium2 as pdfium

    with _LOCK:
        pdf = pdfium.PdfDocument(str(source))
        try:
            if not 1 <= page <= min(len(pdf), settings.max_pages):
                raise PageUnavailable(f"没有第 {page} 页")
            p = pdf[page - 1]
            width, height = p.get_size()
            scale = dpi / 72
            if width * height * scale * scale > settings.max_pixels:
                raise PageUnavailable("页面过大，不予渲染")
            image = p.render(scale=scale).to_pil()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    data = out.getvalue()
    write_atomic(cached, data)
    return data


def outlined(png: bytes, box: tuple[float, float, float, float], *, dpi: int) -> bytes:
    """The page image with ``box`` (points) outlined in red, a margin around it."""
    from PIL import Image, ImageDraw

    scale = dpi / 72
    image = Image.open(io.BytesIO(png)).convert("RGB")
    x0, top, x1, bottom = (v * scale for v in box)
    pad = 3
    draw = ImageDraw.Draw(image)
    draw.rectangle((x0 - pad, top - pad, x1 + pad, bottom + pad), outline=OUTLINE, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
