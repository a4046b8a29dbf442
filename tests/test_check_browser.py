"""`nianbao check --out` seen in a browser: the seed 002 check report opened in headless
Chromium shows the marked （七）总计 cell and its finding; the screenshot is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nianbao.cli import main

ROOT = Path(__file__).parent.parent
HUAIAN = ROOT / "tests" / "fixtures" / "huaian-2024.pdf"


@pytest.mark.slow
def test_seed_002_check_report_in_chromium(
    tmp_path: Path, browser: Any, artefacts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["check", "--out", str(out), str(ROOT / "examples"), str(HUAIAN)]) == 0
    assert (out / "index.html").is_file() and (out / "summary.xlsx").is_file()
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert len(pages) == 6, pages  # five seeds and the 淮安 PDF, one page each
    seed = out / next(p for p in pages if "002_ca1fd1482ab00037" in p)

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(seed.as_uri())
        cell = page.locator('td[data-cell="requests/total/total"]')
        assert cell.count() == 1
        cell.scroll_into_view_if_needed()
        assert cell.is_visible()
        # the printed 29 with its symbol, so the mark survives black-and-white printing
        assert cell.inner_text().replace(" ", "") == "✗29"
        assert "m-error" in (cell.get_attribute("class") or "")
        colour = cell.evaluate("c => getComputedStyle(c).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour
        # its finding, with the rule, the 依据 and the fix
        finding = page.locator("section.finding", has_text="T3-02").first
        assert finding.is_visible()
        text = finding.inner_text()
        assert "（七）总计" in text and "29" in text
        assert "依据：" in text and "改法：" in text
        assert page.locator("h1").inner_text().endswith("检查意见")
        shot = artefacts / "check-report-002.png"
        page.screenshot(path=str(shot), full_page=True)
        # in print (what is sent to the agency) the marked cell is still there
        page.emulate_media(media="print")
        assert cell.is_visible() and "✗" in cell.inner_text()

        page.goto((out / "index.html").as_uri())
        index = page.locator("table").inner_text()
        assert "淮安" in index and "河曲县人民政府办公室" in index
        page.locator(f'a[href="{seed.name}"]').click()
        assert page.url.endswith(seed.name)
    finally:
        page.close()
    with capsys.disabled():
        print(f"\n截图 screenshot: {shot}")
    assert shot.stat().st_size > 10_000
