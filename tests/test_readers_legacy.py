""".doc/.rtf/.odt and spreadsheets through LibreOffice headless: the corpus reads back exactly;
a missing LibreOffice, a hung conversion and a broken file give clear errors."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

import nianbao
from corpus import GOLDS, make_html, make_legacy, mismatches, needs_soffice
from nianbao.errors import LimitExceeded, MissingDependency, NianbaoError, UnsupportedFormat
from nianbao.readers import legacy, read
from nianbao.settings import Settings

_BY_STEM = {g.stem: g for g in GOLDS}
_RTF = rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\f0 \u19968?\u12289?\u24635?\u20307?\u24773?\u20917?\par}"


@needs_soffice
@pytest.mark.parametrize(
    ("stem", "fmt"),
    [
        ("huaian-2024", "doc"),
        ("001_b5fe446b3f679b76", "rtf"),  # a 2021 table 二 with the 2019 （六） row
        ("000_898f5e2484ea1ed0", "odt"),  # the 2019 format, blank cells
    ],
)
def test_legacy_corpus_reads_back_exactly(stem: str, fmt: str, tmp_path: Path) -> None:
    path = make_legacy(_BY_STEM[stem], tmp_path, fmt)
    report = nianbao.parse(path)
    assert report.source.reader == "doc"
    assert report.source.sha256 == nianbao.readers.sha256(path.read_bytes())
    assert mismatches(_BY_STEM[stem], report) == []


@needs_soffice
def test_spreadsheet_is_read_through_html(tmp_path: Path) -> None:
    """A report laid out in one sheet (as .xls/.et): headings become paragraphs, tables grids."""
    gold = _BY_STEM["huaian-2024"]
    page = make_html(gold, tmp_path, "cms")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=HTML (StarCalc)",
         "--convert-to", "xls", "--outdir", str(tmp_path), str(page)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    xls = page.with_suffix(".xls")
    if not xls.exists():
        pytest.skip("LibreOffice Calc not installed (apt-get install libreoffice-calc-nogui)")
    sheet = xls.rename(tmp_path / "年报.et")
    report = nianbao.parse(sheet)
    assert report.source.reader == "doc"
    assert mismatches(gold, report) == []


def test_missing_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(MissingDependency) as err:
        read(_RTF)
    assert "LibreOffice" in str(err.value)
    assert "apt-get install libreoffice-writer-nogui" in str(err.value)


@needs_soffice
def test_a_hung_conversion_is_killed_at_the_timeout() -> None:
    start = time.perf_counter()
    with pytest.raises(LimitExceeded, match="转换超时"):
        legacy.read(_RTF, "慢.rtf", Settings(convert_timeout=0.05))
    assert time.perf_counter() - start < 10


@needs_soffice
def test_broken_word_file_gives_a_clear_error() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000
    with pytest.raises(NianbaoError) as err:
        read(ole)
    assert err.value.code == "convert"
    assert "LibreOffice 无法转换此文件" in str(err.value)


def test_presentation_is_refused_without_converting(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "汇报.odp"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnsupportedFormat, match="请另存为 DOCX 或 PDF"):
        read(path)
