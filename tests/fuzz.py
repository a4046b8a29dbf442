"""A seeded mutator over every input family, for tests/test_fuzz.py.

``corpus_files(tmp)`` gives the seed files: the five text seeds (UTF-8 and GB18030), the seeds as
DOCX and as HTML in the three CMS variants, a one-page and the six-page 淮安 PDF, small
handmade PDFs, and a PNG of a table. ``mutants(seeds, n, seed, outdir)`` writes ``n`` mutated
files, each made by one or two mutations chosen for its family:

- any file: byte flips, truncation, a chunk duplicated, a chunk deleted, random bytes inserted;
- DOCX: the zip stays valid, its XML is mutated (an element dropped or duplicated, a tag cut,
  text, entities or deep nesting inserted, an attribute changed);
- HTML: structure mutated (a ``<td>``/``<tr>``/``</table>`` dropped or duplicated, tags left
  open, the declared charset changed, bad bytes inserted);
- PDF: numbers changed (lengths, offsets, font parameters), a name or a delimiter swapped,
  an object's dictionary cut;
- PNG: chunk lengths and types changed, data bytes flipped.

Everything is a pure function of ``seed``, so a failure is reproduced from its file name.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from PIL import Image, ImageDraw

import corpus
from gold import EXAMPLES

Mutator = Callable[[bytes, random.Random], bytes]
HERE = Path(__file__).parent
HUAIAN = HERE / "fixtures" / "huaian-2024.pdf"


# ------------------------------------------------------------------------------- any bytes


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def duplicate(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.randint(1, 3) + data[at:]


def delete(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def insert_random(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


BYTES: tuple[Mutator, ...] = (flip, truncate, duplicate, delete, insert_random)


# ------------------------------------------------------------------------------- XML / HTML

_TAG = re.compile(rb"<(/?)([A-Za-z][\w:.-]*)[^<>]*>")


def _tags(data: bytes, names: tuple[bytes, ...] | None = None) -> list[re.Match[bytes]]:
    return [m for m in _TAG.finditer(data) if names is None or m.group(2).lower() in names]


def drop_tag(data: bytes, rng: random.Random, names: tuple[bytes, ...] | None = None) -> bytes:
    tags = _tags(data, names) or _tags(data)
    if not tags:
        return flip(data, rng)
    m = rng.choice(tags)
    return data[: m.start()] + data[m.end() :]


def duplicate_element(data: bytes, rng: random.Random) -> bytes:
    opens = [m for m in _tags(data) if not m.group(1)]
    if not opens:
        return duplicate(data, rng)
    m = rng.choice(opens)
    close = data.find(b"</" + m.group(2) + b">", m.end())
    if close < 0:
        return duplicate(data, rng)
    end = close + len(m.group(2)) + 3
    return data[:end] + data[m.start() : end] * rng.randint(1, 3) + data[end:]


def cut_tag(data: bytes, rng: random.Random) -> bytes:
    tags = _tags(data)
    if not tags:
        return truncate(data, rng)
    m = rng.choice(tags)
    cut = rng.randrange(m.start() + 1, m.end())
    return data[:cut] + data[m.end() :]


def insert_markup(data: bytes, rng: random.Random) -> bytes:
    pieces = [
        b"<w:p><w:r><w:t>\xe6\x80\xbb\xe8\xae\xa1 12</w:t></w:r></w:p>",
        b"&amp;&lt;&#0;&#xFFFFFF;&undefined;",
        b"<div>" * 300 + b"x" + b"</div>" * 300,
        b"<td>1</td><td>2</td>",
        b'<tr><td colspan="999">x</td></tr>',
        b'<td rowspan="65535" colspan="65535">9</td>',
        b"<table><tr><td><table><tr><td>3</td></tr></table></td></tr></table>",
        b"<!-- unterminated comment",
        b"<![CDATA[ ]]>",
        b"\xff\xfe\x81\x30",
    ]
    tags = _tags(data)
    at = rng.choice(tags).end() if tags else rng.randrange(len(data))
    return data[:at] + rng.choice(pieces) + data[at:]


def change_attribute(data: bytes, rng: random.Random) -> bytes:
    attrs = list(re.finditer(rb'(\w[\w:-]*)="([^"]*)"', data))
    if not attrs:
        return flip(data, rng)
    m = rng.choice(attrs)
    value = rng.choice([b"", b"-1", b"99999999", b"x", b"0", b"\xe4\xb8\x80", b"1e308"])
    return data[: m.start(2)] + value + data[m.end(2) :]


XML: tuple[Mutator, ...] = (drop_tag, duplicate_element, cut_tag, insert_markup, change_attribute)


def html_cells(data: bytes, rng: random.Random) -> bytes:
    return drop_tag(data, rng, (b"td", b"tr", b"table", b"tbody", b"th"))


def html_charset(data: bytes, rng: random.Random) -> bytes:
    charset = rng.choice([b"utf-8", b"gbk", b"gb2312", b"big5", b"utf-16", b"x-unknown", b""])
    return re.sub(rb"charset=[\"']?[\w-]*", b"charset=" + charset, data, count=1)


def html_bad_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return (
        data[:at]
        + rng.choice([b"\xff", b"\x80\x80", b"\xc3", b"\xa1\xa1\xa1", b"\x00"])
        + data[at:]
    )


HTML: tuple[Mutator, ...] = (*XML, html_cells, html_charset, html_bad_bytes)


def docx_xml(data: bytes, rng: random.Random) -> bytes:
    """One XML member of the DOCX mutated; the zip itself stays valid."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        names = src.namelist()
        members = {name: src.read(name) for name in names}
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):  # broken earlier
        return flip(data, rng)
    xml = [n for n in names if n.endswith(".xml") or n.endswith(".rels")]
    target = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in xml else None
    target = target or rng.choice(xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            body = members[name]
            if name == target:
                for _ in range(rng.randint(1, 3)):
                    body = rng.choice(XML)(body, rng)
            dst.writestr(name, body)
    return out.getvalue()


# ------------------------------------------------------------------------------- PDF, PNG

_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def pdf_number(data: bytes, rng: random.Random) -> bytes:
    numbers = list(_NUMBER.finditer(data[:200_000]))
    if not numbers:
        return flip(data, rng)
    out = data
    for m in sorted(
        rng.sample(numbers, min(len(numbers), rng.randint(1, 4))), key=lambda m: -m.start()
    ):
        value = rng.choice([b"0", b"-1", b"1", b"99999999", b"3.5", b"65536", b"2147483648"])
        out = out[: m.start()] + value + out[m.end() :]
    return out


def pdf_token(data: bytes, rng: random.Random) -> bytes:
    swaps = [
        (b"<<", b"<"),
        (b">>", b">"),
        (b"[", b""),
        (b"]", b""),
        (b"/Font", b"/Fnt"),
        (b"/Widths", b"/W"),
        (b"obj", b"ob"),
        (b"endstream", b"end"),
        (b"/Type", b"/Typ"),
        (b"/Length", b"/Len"),
        (b"R", b"Q"),
        (b"/FontDescriptor", b"/FD"),
    ]
    old, new = rng.choice(swaps)
    hits = [m.start() for m in re.finditer(re.escape(old), data[:500_000])]
    if not hits:
        return flip(data, rng)
    at = rng.choice(hits)
    return data[:at] + new + data[at + len(old) :]


def pdf_cut_dict(data: bytes, rng: random.Random) -> bytes:
    starts = [m.start() for m in re.finditer(rb"<<", data[:500_000])]
    if not starts:
        return truncate(data, rng)
    at = rng.choice(starts)
    end = data.find(b">>", at)
    if end < 0:
        return truncate(data, rng)
    cut = rng.randrange(at + 2, end + 1)
    return data[:cut] + data[end:]


PDF: tuple[Mutator, ...] = (*BYTES, pdf_number, pdf_token, pdf_cut_dict)


def png_chunk(data: bytes, rng: random.Random) -> bytes:
    chunks = [m.start() - 4 for m in re.finditer(rb"IHDR|IDAT|IEND|PLTE|tEXt|pHYs", data)]
    if not chunks:
        return flip(data, rng)
    at = rng.choice(chunks)
    out = bytearray(data)
    if rng.random() < 0.5:
        out[at : at + 4] = rng.randrange(2**32).to_bytes(4, "big")  # the length
    else:
        out[at + 4 : at + 8] = rng.randbytes(4)  # the type
    return bytes(out)


PNG: tuple[Mutator, ...] = (*BYTES, png_chunk)


# ------------------------------------------------------------------------------- seeds

FAMILIES: dict[str, tuple[Mutator, ...]] = {
    "txt": (*BYTES, html_bad_bytes),
    "html": HTML,
    "docx": (*BYTES, docx_xml, docx_xml, docx_xml),
    "pdf": PDF,
    "png": PNG,
}
#: how often each family is drawn: the cheap text formats most, OCR (seconds a file) least
WEIGHTS = {"txt": 5, "html": 4, "docx": 4, "pdf": 3, "png": 1}


def _one_page_pdf(src: Path) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    out.import_pages(doc, [3])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _table_png() -> bytes:
    img = Image.new("L", (420, 300), 255)
    draw = ImageDraw.Draw(img)
    for y in range(20, 300, 40):
        draw.line((20, y, 400, y), fill=0)
    for x in (20, 220, 400):
        draw.line((x, 20, x, 260), fill=0)
    for i, y in enumerate(range(30, 260, 40)):
        draw.text((30, y), f"row {i}", fill=0)
        draw.text((230, y), str(i * 7), fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def corpus_files(tmp: Path) -> dict[str, list[bytes]]:
    """The seed files of every family, as bytes."""
    from test_readers_pdf_hostile import make_pdf

    golds = sorted((HERE / "fixtures" / "gold").glob("0*.json"))
    texts = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.txt"))]
    out: dict[str, list[bytes]] = {
        "txt": texts + [t.decode("utf-8").encode("gb18030", "replace") for t in texts[:2]],
        "html": [
            corpus.make_html(g, tmp, variant).read_bytes()
            for g in golds[:2]
            for variant in corpus.HTML_VARIANTS
        ],
        "docx": [corpus.make_docx(g, tmp).read_bytes() for g in golds[:2]],
        "pdf": [_one_page_pdf(HUAIAN), make_pdf(pages=2), make_pdf(drawing=b"0 0 100 100 re S\n")],
        "png": [_table_png()],
    }
    out["pdf_full"] = [HUAIAN.read_bytes()]
    return out


def mutants(seeds: dict[str, list[bytes]], n: int, seed: int, outdir: Path) -> Iterator[Path]:
    """``n`` mutated files in ``outdir``, named ``{i}-{family}.{ext}`` (reproducible)."""
    rng = random.Random(seed)
    families = [f for f in WEIGHTS for _ in range(WEIGHTS[f])]
    outdir.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        family = rng.choice(families)
        pool = seeds[family] + (seeds["pdf_full"] if family == "pdf" and i % 10 == 0 else [])
        data = rng.choice(pool)
        for _ in range(rng.choice((1, 1, 2))):
            data = rng.choice(FAMILIES[family])(data, rng) or b"x"
        path = outdir / f"{i:05d}-{family}.{family}"
        path.write_bytes(data)
        yield path
