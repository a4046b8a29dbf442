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
    #: HTML: deepest element nesting accepted (libxml2 stops at 256 without huge_tree anyway)
    max_html_depth: int = 256
    #: HTML: cells of one table after rowspan/colspan expansion
    max_table_cells: int = 200_000
    #: batches (``nianbao.batch``): wall time one file may take, and the address space of the
    #: worker reading it (RLIMIT_AS; None for no limit). Over either, the file is reported as
    #: over the limit and its worker replaced.
    file_timeout: float = 60.0
    max_memory_bytes: int | None = 1536 * 1024 * 1024
    #: seconds a LibreOffice conversion may take
    convert_timeout: float = 120.0
    #: OCR: render resolution and the confidence under which a cell is flagged
    ocr_dpi: int = 150
    ocr_min_confidence: float = 0.9
    #: local rules, off unless set: the local publication deadline ("MM-DD", DATE-05), the
    #: 总体情况 length limit (SEC-08), required counts in 总体情况 (SEC-09)
    local_deadline: str | None = None
    section_one_max_chars: int | None = None
    section_one_counts: bool = False
    #: SEC-07: the items a few provinces require in 其他需要报告的事项 (上级工作要点, 建议提案,
    #: 创新); the national format does not, so it is off unless the province asks for them
    section_six_items: bool = False
    #: text similarity above which two reports count as copied (XY-05, PUB-02)
    copy_similarity: float = 0.9


DEFAULT = Settings()
