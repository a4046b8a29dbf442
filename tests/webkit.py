"""Helpers of the web app tests."""

from __future__ import annotations

import io


def red_pixels(png: bytes) -> int:
    """Pixels of the outline colour (pure red) in a PNG: the page image's cell outline."""
    from PIL import Image, ImageChops

    r, g, b = Image.open(io.BytesIO(png)).convert("RGB").split()
    red = ImageChops.multiply(
        r.point(lambda v: 255 if v > 200 else 0),
        ImageChops.multiply(
            g.point(lambda v: 255 if v < 40 else 0), b.point(lambda v: 255 if v < 40 else 0)
        ),
    )
    return red.histogram()[255]
