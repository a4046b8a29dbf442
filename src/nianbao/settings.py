"""Every tunable in one place, with the defaults documented (README 'Limits')."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    """How positioned text (PDF glyphs, OCR boxes) becomes lines, tables and paragraphs.

    As pdfplumber's ``TableSettings``: every factor of readers/layout/ in one place. Lengths
    are in font sizes (em) of the line at hand unless the name says otherwise; shares are of
    the page height, the column width or the body font size.
    """

    # ---- visual lines (readers/layout/lines.py)
    #: a piece joins the line above when its vertical centre is within this share of a glyph
    #: height of that line's (so a number printed between two lines of a label stands alone)
    line_overlap: float = 0.5
    #: pieces closer than this (em) are one cell of a table line; two values never are
    cell_gap_ems: float = 1.0
    #: a gap wider than this (em) between two pieces is printed as a space
    space_gap_ems: float = 0.2
    #: OCR confidence given to a cell holding two numbers (a column line between them was missed)
    joined_values_confidence: float = 0.5
    #: top and bottom share of a page where page numbers sit
    page_edge_share: float = 0.12

    # ---- tables found by position (readers/layout/positions.py)
    #: two cells this far apart (em) make a table line even without a number
    wide_gap_ems: float = 4.0
    #: widest wrapped-label fragment (em) when the page's text column is unknown
    fragment_ems: float = 20.0
    #: widest wrapped-label fragment as a share of the text column's width
    fragment_column_share: float = 0.7
    #: a fragment line is lower than this (em)
    fragment_height_ems: float = 3.0
    #: most fragment lines between two table lines (more when they are as dense as rows)
    max_fragments: int = 6
    #: lines this close (em) are rows of one table (labels of a blank row printed without lines)
    dense_gap_ems: float = 2.0
    #: fragment lines taken just before or after a table line (head or tail of a wrapped label)
    edge_fragments: int = 2
    #: a blank this tall (em) between table lines ends a table
    table_gap_ems: float = 5.0

    # ---- tables continued over a page break (readers/layout/pagebreaks.py)
    #: a table goes on over the break when it ends below this share of its page's height …
    foot_share: float = 0.6
    #: … and the next page's first table starts above this share
    head_share: float = 0.4
    #: their left and right edges agree within this many snapping tolerances
    edge_tolerances: float = 2.0

    # ---- paragraphs (readers/layout/paragraphs.py)
    #: font size assumed when a document has no prose line at all (points)
    default_body_em: float = 10.0
    #: lines whose font size is within this share of the body's set the text column
    body_em_share: float = 0.15
    #: share of line starts and ends ignored as outliers when finding the column's edges
    column_outliers: float = 0.1
    #: a line in a font this many times the body's is a heading
    heading_em_factor: float = 1.15
    #: two lines whose font sizes differ by more than this share are not one paragraph
    same_font_share: float = 0.2
    #: a blank taller than this (em) ends a paragraph
    paragraph_gap_ems: float = 1.0
    #: a title line is centred within this distance (em) of the page's middle
    centred_ems: float = 2.0
    #: a line runs to the column's right edge when it ends within this distance (em)
    full_line_ems: float = 1.5
    #: the next line starts at the left edge (unindented) within this distance (em)
    flush_left_ems: float = 0.5


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
    #: PDF: a page's decoded content streams, and the text they show (bytes of string
    #: operands); a report page has about 30 KB and 2 KB. A larger page is skipped (a problem)
    max_page_content_bytes: int = 2 * 1024 * 1024
    max_page_glyph_bytes: int = 60_000
    #: a long image (长图) is read in A4-tall strips; longer than this many pages is refused
    max_image_pages: int = 20
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
    #: OCR results kept by content hash in this directory (``readers/cache.py``), so a scanned
    #: file is recognised once; None: no cache (the CLI uses ~/.cache/nianbao unless --no-cache)
    ocr_cache: str | None = None
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
    #: factors of the layout analysis of PDF and OCR pages
    layout: LayoutSettings = LayoutSettings()
    #: display: how many cells, rows or columns a finding's message names before 「等 N 格」;
    #: the finding's evidence and cells always list every one
    listed_items: int = 3


DEFAULT = Settings()
