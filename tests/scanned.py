"""Scanned variants of test PDFs: pages rasterised at 150 dpi, turned slightly, with noise.

Stable API for test modules:

- ``scan_pdf(pdf, outdir, dpi=150, angle=0.5, noise=12.0, seed=0) -> Path``: an image-only PDF
  (no text layer), one JPEG page per page of ``pdf``, as an office scanner produces it.
- ``scan_page(pdf, outdir, page=0, fmt="png", ...) -> Path``: one page as a PNG or JPEG image.

Files are named by content (source bytes and parameters), so ``outdir`` may be a cache.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def _key(pdf: Path, *params: object) -> str:
    h = hashlib.sha256(pdf.read_bytes())
    h.update(repr(params).encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:12]


def scanned(image: Image.Image, angle: float, noise: float, seed: int) -> Image.Image:
    """A clean greyscale page as a scanner returns it: turned by ``angle`` degrees, with sensor
    noise (Gaussian, ``noise`` grey levels), dust specks, and a slightly grey paper."""
    rng = np.random.default_rng(seed)
    turned = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32) * 0.94 + 8
    pixels += rng.normal(0.0, noise, pixels.shape)
    specks = rng.random(pixels.shape) < 0.0008
    pixels[specks] = rng.uniform(0, 120, int(specks.sum()))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def _pages(pdf: Path, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in doc]
    finally:
        doc.close()


def scan_pdf(
    pdf: Path, outdir: Path, dpi: int = 150, angle: float = 0.5, noise: float = 12.0, seed: int = 0
) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{pdf.stem}.scan.{_key(pdf, dpi, angle, noise, seed)}.pdf"
    if target.exists():
        return target
    pages = [
        scanned(img, angle if i % 2 == 0 else -angle, noise, seed + i)
        for i, img in enumerate(_pages(pdf, dpi))
    ]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=85)
    target.write_bytes(buf.getvalue())
    return target


def scan_page(
    pdf: Path,
    outdir: Path,
    page: int = 0,
    fmt: str = "png",
    dpi: int = 150,
    angle: float = 0.5,
    noise: float = 12.0,
    seed: int = 0,
) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    suffix = {"png": ".png", "jpeg": ".jpg"}[fmt]
    target = (
        outdir / f"{pdf.stem}.p{page + 1}.{_key(pdf, page, fmt, dpi, angle, noise, seed)}{suffix}"
    )
    if not target.exists():
        img = scanned(_pages(pdf, dpi)[page], angle, noise, seed)
        img.save(target, fmt.upper(), dpi=(dpi, dpi), **({"quality": 85} if fmt == "jpeg" else {}))
    return target
