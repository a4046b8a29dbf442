"""Every tunable in one place, with the defaults documented (README 'Limits')."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    #: largest input file read at all (bytes)
    max_file_bytes: int = 200 * 1024 * 1024
    #: largest text, Markdown or HTML file (bytes); a report is rarely over 1 MB
    max_text_bytes: int = 20 * 1024 * 1024
    #: DOCX/OFD: largest total uncompressed size, and largest compression ratio of one member
    max_unzipped_bytes: int = 300 * 1024 * 1024
    max_zip_ratio: int = 200
    #: PDF pages read; a report has 3–15
    max_pages: int = 300
    #: images and rendered pages: largest pixel count
    max_pixels: int = 60_000_000
    #: HTML: deepest element nesting accepted
    max_html_depth: int = 400
    #: seconds a LibreOffice conversion may take
    convert_timeout: float = 120.0
    #: OCR: render resolution and the confidence under which a cell is flagged
    ocr_dpi: int = 150
    ocr_min_confidence: float = 0.9


DEFAULT = Settings()
