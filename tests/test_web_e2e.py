"""The web app in headless Chromium: upload seed 002 and 淮安, see the marked （七）总计, open
its finding, see 淮安's page with the cell outlined, download the XLSX; screenshots kept."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from nianbao.web import WebConfig, create_app  # noqa: E402
from webkit import red_pixels  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = next((ROOT / "examples").glob("002_*.txt"))
HUAIAN = ROOT / "tests" / "fixtures" / "huaian-2024.pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app under uvicorn in a thread, on a free loopback port."""
    app = create_app(WebConfig(db=str(tmp_path / "web.sqlite"), data_dir=tmp_path / "data"))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_upload_review_and_download_in_chromium(server: str, browser: Any, artefacts: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        page.goto(server + "/")
        page.set_input_files("#file-input", [str(SEED_002), str(HUAIAN)])
        # (Playwright's wait_for_function evaluates a string: the app's CSP forbids that)
        expect(page.locator("#job-rows a.verdict")).to_have_count(2, timeout=180_000)
        page.screenshot(path=str(artefacts / "web-upload.png"), full_page=True)
        seed_row = page.locator("#job-rows tr", has_text=SEED_002.name)
        assert "需修改" in seed_row.inner_text()

        # seed 002: 表三's （七）总计 is marked; its finding shows the evidence and the fix
        seed_row.locator("a.verdict").click()
        total = page.locator('td[data-cell="requests.total.total"]')
        total.wait_for()
        assert "m-error" in (total.get_attribute("class") or "") or "m-culprit" in (
            total.get_attribute("class") or ""
        )
        assert "29" in total.inner_text()
        page.locator("li.finding", has_text="T3-02").first.click()
        page.wait_for_selector("#evidence .fix")
        assert "（七）总计" in page.locator("#evidence").inner_text()
        page.screenshot(path=str(artefacts / "web-report-002.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="数据表 XLSX").click()
        xlsx = artefacts / "web-report-002.xlsx"
        download.value.save_as(str(xlsx))
        from openpyxl import load_workbook

        book = load_workbook(xlsx)
        assert book.sheetnames == ["报告", "单元格", "检查结果"]
        assert any("T3-02" in str(c.value) for row in book["检查结果"].iter_rows() for c in row)

        # 淮安: clicking a cell shows page 5 of the PDF with that cell outlined
        page.goto(server + "/")
        page.locator("#job-rows tr", has_text=HUAIAN.name).locator("a.verdict").click()
        page.locator('td[data-cell="requests.total.total"]').wait_for()
        with page.expect_response(lambda r: "/pages/5.png" in r.url) as image:
            page.locator('td[data-cell="requests.total.total"]').click()
        assert image.value.status == 200 and red_pixels(image.value.body()) > 200
        expect(page.locator("#page-image")).to_be_visible()
        assert page.locator("#page-image").evaluate("img => img.complete && img.naturalWidth") > 0
        page.locator("#page-image").scroll_into_view_if_needed()
        page.screenshot(path=str(artefacts / "web-report-huaian-cell.png"), full_page=True)
        # and a finding about a cell opens its page too
        finding = page.locator("li.finding", has_text="T4-05").first
        with page.expect_response(lambda r: ".png?finding=" in r.url) as image:
            finding.click()
        assert image.value.status == 200 and red_pixels(image.value.body()) > 200

        page.goto(server + "/stats")
        page.wait_for_selector("#applications canvas")
        page.screenshot(path=str(artefacts / "web-stats.png"), full_page=True)
    finally:
        page.close()
    assert not blocked, blocked
    print(f"screenshots in {artefacts}")
