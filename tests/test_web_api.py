"""The web app's endpoints through FastAPI's TestClient: pages, JSON twins, uploads good and
hostile, the token, the Content-Security-Policy, escaping of report text."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")

from fastapi.testclient import TestClient  # noqa: E402

from nianbao.cli import main  # noqa: E402
from nianbao.web import WebConfig, create_app  # noqa: E402
from webkit import red_pixels  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = next((ROOT / "examples").glob("002_*.txt"))
HUAIAN = ROOT / "tests" / "fixtures" / "huaian-2024.pdf"
MiB = 1024 * 1024
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def _client(tmp: Path, **config: Any) -> TestClient:
    app = create_app(WebConfig(db=str(tmp / "web.sqlite"), data_dir=tmp / "data", **config))
    return TestClient(app)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for the module: 1 MiB per file, 3 MiB per request; seed 002 and 淮安 uploaded."""
    tmp = tmp_path_factory.mktemp("web")
    with _client(tmp, max_upload_bytes=MiB, max_request_bytes=3 * MiB, max_files=3) as client:
        for path in (SEED_002, HUAIAN):
            r = client.post(
                "/api/uploads?wait=true", files=[("files", (path.name, path.read_bytes()))]
            )
            assert r.status_code == 201, r.text
        client.tmp = tmp  # type: ignore[attr-defined]
        yield client


def _report_id(client: TestClient, name: str) -> int:
    jobs = client.get("/api/uploads").json()["jobs"]
    return next(j["report_id"] for j in jobs if j["name"] == name and j["report_id"])


def _stored(client: TestClient) -> tuple[int, int]:
    """(files kept, sources in the database)."""
    tmp: Path = client.tmp  # type: ignore[attr-defined]
    files = [p for p in (tmp / "data" / "files").rglob("*") if p.is_file()]
    import sqlite3

    with sqlite3.connect(tmp / "web.sqlite") as conn:
        (sources,) = conn.execute("SELECT count(*) FROM sources").fetchone()
    return len(files), sources


# ---------------------------------------------------------------- upload and report


def test_upload_stores_the_report_with_its_verdict(web: TestClient) -> None:
    jobs = {j["name"]: j for j in web.get("/api/uploads").json()["jobs"]}
    seed = jobs[SEED_002.name]
    assert seed["status"] == "done" and seed["errors"] == 1
    assert seed["verdict"] == "需修改：错误 1 处"
    assert jobs[HUAIAN.name]["status"] == "done" and jobs[HUAIAN.name]["errors"] == 0
    assert web.get(f"/api/uploads/{seed['id']}").json()["report_id"] == seed["report_id"]
    assert web.get("/api/uploads/nope").status_code == 404


def test_same_file_again_is_not_stored_twice(web: TestClient) -> None:
    before = _stored(web)
    r = web.post("/api/uploads?wait=true", files=[("files", ("again.txt", SEED_002.read_bytes()))])
    assert r.status_code == 201
    job = r.json()["jobs"][0]
    assert job["report_id"] == _report_id(web, SEED_002.name) and "已在数据库中" in job["note"]
    assert _stored(web) == before


def test_upload_runs_in_the_background_and_the_row_polls(web: TestClient) -> None:
    text = SEED_002.read_text(encoding="utf-8").replace("2023", "2022", 1)
    r = web.post("/api/uploads", files=[("files", ("bg.txt", text.encode()))])
    assert r.status_code == 202
    job = r.json()["jobs"][0]
    row = web.get(f"/uploads/{job['id']}").text
    assert f'id="job-{job["id"]}"' in row
    for _ in range(600):
        if web.get(f"/api/uploads/{job['id']}").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    row = web.get(f"/uploads/{job['id']}").text
    assert "hx-trigger" not in row  # finished rows stop polling
    assert "/reports/" in row and "需修改" in row


def test_report_page_marks_the_failing_total(web: TestClient) -> None:
    rid = _report_id(web, SEED_002.name)
    page = web.get(f"/reports/{rid}").text
    cell = re.search(r'<td[^>]*data-cell="requests\.total\.total"[^>]*>(.*?)</td>', page)
    assert cell is not None
    assert 'class="v m-error"' in cell.group(0) or "m-culprit" in cell.group(0)
    assert "✗" in cell.group(1) or "◆" in cell.group(1)
    assert "T3-02" in page and "（七）总计" in page
    assert "一、总体情况" in page  # the sections' text


def test_cell_and_finding_evidence(web: TestClient) -> None:
    rid = _report_id(web, SEED_002.name)
    cell = web.get(f"/api/reports/{rid}/cells/requests.total.total").json()
    assert cell["label"] == "表三｜（七）总计｜总计" and cell["raw"]
    assert any(f["rule"] == "T3-02" and f["fix"] for f in cell["findings"])
    panel = web.get(f"/reports/{rid}/cells/requests.total.total").text
    assert "表三｜（七）总计｜总计" in panel and "改法" in panel
    assert "page-image" not in panel  # a text file has no page image
    detail = web.get(f"/api/reports/{rid}").json()
    t302 = next(f for f in detail["findings"] if f["rule"] == "T3-02")
    assert web.get(f"/api/reports/{rid}/findings/{t302['id']}").json()["basis"]
    assert "依据" in web.get(f"/reports/{rid}/findings/{t302['id']}").text
    assert web.get(f"/api/reports/{rid}/cells/requests.nope.total").status_code == 404
    assert web.get(f"/api/reports/{rid}/cells/bad").status_code == 404
    assert web.get(f"/api/reports/{rid}/findings/999999").status_code == 404
    assert web.get("/api/reports/999999").status_code == 404
    assert "没有这份报告" in web.get("/reports/999999").text


def test_pdf_cell_shown_on_its_page_outlined(web: TestClient) -> None:
    rid = _report_id(web, HUAIAN.name)
    cell = web.get(f"/api/reports/{rid}/cells/requests.total.total").json()
    page, box = cell["image"]
    assert page == 5 and len(box) == 4
    panel = web.get(f"/reports/{rid}/cells/requests.total.total").text
    assert f"/reports/{rid}/pages/5.png?cell=requests.total.total" in panel
    plain = web.get(f"/reports/{rid}/pages/5.png")
    marked = web.get(f"/reports/{rid}/pages/5.png?cell=requests.total.total")
    assert plain.headers["content-type"] == marked.headers["content-type"] == "image/png"
    assert red_pixels(marked.content) > 200 > red_pixels(plain.content)
    assert web.get(f"/reports/{rid}/pages/99.png").status_code == 404
    seed = _report_id(web, SEED_002.name)
    assert web.get(f"/reports/{seed}/pages/1.png").status_code == 404


def test_pdf_finding_shows_its_page(web: TestClient) -> None:
    rid = _report_id(web, HUAIAN.name)
    findings = web.get(f"/api/reports/{rid}").json()["findings"]
    boxed = next(f for f in findings if f["location"].get("box"))
    panel = web.get(f"/reports/{rid}/findings/{boxed['id']}").text
    assert f"?finding={boxed['id']}" in panel
    png = web.get(f"/reports/{rid}/pages/{boxed['location']['page']}.png?finding={boxed['id']}")
    assert red_pixels(png.content) > 200


def test_downloads(web: TestClient) -> None:
    rid = _report_id(web, SEED_002.name)
    page = web.get(f"/reports/{rid}").text
    for name, kind in (
        ("json", "application/json"),
        ("xlsx", "spreadsheetml"),
        ("check-html", "text/html"),
        ("check-docx", "wordprocessingml"),
        ("docx", "wordprocessingml"),
        ("html", "text/html"),
        ("markdown", "text/markdown"),
    ):
        assert f"/reports/{rid}/download/{name}" in page
        r = web.get(f"/reports/{rid}/download/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"], name
        assert r.headers["content-disposition"].startswith("attachment")
    data = web.get(f"/reports/{rid}/download/json").json()
    assert any(f["rule"] == "T3-02" for f in data["findings"])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(web.get(f"/reports/{rid}/download/xlsx").content))
    assert book.sheetnames == ["报告", "单元格", "检查结果"] and book["报告"].max_row == 2
    assert "T3-02" in web.get(f"/reports/{rid}/download/check-html").text
    from docx import Document

    check_docx = Document(io.BytesIO(web.get(f"/reports/{rid}/download/check-docx").content))
    assert any(p.text.startswith("1. T3-02 错误") for p in check_docx.paragraphs)
    marked = [c.text for t in check_docx.tables for row in t.rows for c in row.cells]
    assert "✗29" in marked or "◆29" in marked
    assert web.get(f"/reports/{rid}/download/exe").status_code == 404


# ---------------------------------------------------------------- corpus pages


def test_list_filters_sort_and_pages(web: TestClient) -> None:
    everything = web.get("/api/reports").json()
    assert everything["total"] >= 2
    assert web.get("/api/reports?severity=error").json()["total"] >= 1
    errors = web.get("/api/reports?rule=T3-02").json()
    assert {r["id"] for r in errors["reports"]} >= {_report_id(web, SEED_002.name)}
    assert _report_id(web, HUAIAN.name) not in {r["id"] for r in errors["reports"]}
    huaian = web.get(f"/api/reports/{_report_id(web, HUAIAN.name)}").json()
    by_year = web.get(f"/api/reports?year={huaian['report']['meta']['year']}").json()
    assert _report_id(web, HUAIAN.name) in {r["id"] for r in by_year["reports"]}
    assert web.get("/api/reports?year=1900").json()["total"] == 0
    ranked = web.get("/api/reports?sort=errors").json()["reports"]
    assert ranked[0]["errors"] == max(r["errors"] for r in ranked)
    assert web.get("/api/reports?page=99").json()["page"] == everything["pages"]
    assert web.get("/api/reports?page=0").status_code == 422
    page = web.get("/reports?severity=error").text
    assert "共 " in page and "/reports/" in page
    facets = web.get("/api/facets").json()
    assert "T3-02" in facets["rules"] and facets["years"]


def test_full_text_search(web: TestClient) -> None:
    found = web.get("/api/reports", params={"q": "依申请公开"}).json()
    assert found["total"] >= 1 and all("依申请公开" in r["snippet"] for r in found["reports"])
    page = web.get("/reports", params={"q": "依申请公开"}).text
    assert 'class="snippet"' in page
    assert web.get("/api/reports", params={"q": "没有这样的句子啊"}).json()["total"] == 0


def test_organ_across_years_and_stats(web: TestClient) -> None:
    rid = _report_id(web, SEED_002.name)
    organ_id = web.get(f"/api/reports/{rid}").json()["organ_id"]
    history = web.get(f"/api/organs/{organ_id}").json()
    assert history["years"] and any(c["key"] == "requests.total.total" for c in history["cells"])
    assert "历年报告比较" in web.get(f"/organs/{organ_id}").text
    assert web.get("/api/organs/999999").status_code == 404
    stats = web.get("/api/stats?by=year").json()
    assert stats["groups"] and stats["charts"]["groups"]
    page = web.get("/stats?by=region").text
    assert 'id="stats-data"' in page and "/vendor/echarts.min.js" in page
    assert web.get("/api/stats?by=planet").status_code == 422
    assert web.get("/vendor/charts.js").status_code == 200
    assert web.get("/vendor/echarts.min.js").status_code == 200


def test_docs_offline(web: TestClient) -> None:
    schema = web.get("/openapi.json").json()
    assert "/api/uploads" in schema["paths"] and "/api/reports/{report_id}" in schema["paths"]
    docs = web.get("/docs").text
    assert "/api/reports/{report_id}/cells/{key}" in docs
    assert web.get("/redoc").status_code == 404


# ---------------------------------------------------------------- safety


def test_every_page_has_the_csp_and_no_inline_script(web: TestClient) -> None:
    rid = _report_id(web, SEED_002.name)
    for url in (
        "/",
        "/reports",
        f"/reports/{rid}",
        "/stats",
        "/docs",
        "/organs/1",
        "/api/reports",
    ):
        r = web.get(url)
        assert r.status_code == 200, url
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert not INLINE_SCRIPT.search(r.text), url
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text), url


def _docx_bomb() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("一、总体情况")
    plain = io.BytesIO()
    doc.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * 20_000_000 + b"</w:body>")
            zout.writestr(info.filename, data)
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "not a report")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "status", "says"),
    [
        ("empty.txt", lambda: b"", 400, "文件为空"),
        ("blank.txt", lambda: b" \n\t\n", 400, "文件为空"),
        ("big.txt", lambda: "年".encode() * (MiB // 2), 413, "文件过大"),
        ("archive.zip", _plain_zip, 415, "不支持的文件类型"),
        ("program.txt", lambda: bytes(range(256)) * 64, 415, "二进制"),
        ("炸弹.docx", _docx_bomb, 413, "压缩炸弹"),
    ],
)
def test_bad_upload_is_refused_and_nothing_is_stored(
    web: TestClient, name: str, make: Any, status: int, says: str
) -> None:
    before = _stored(web)
    r = web.post("/api/uploads", files=[("files", (name, make()))])
    assert r.status_code == status, r.text
    assert says in r.json()["error"] and name in r.json()["error"]
    assert _stored(web) == before


def test_not_a_report_is_422_and_nothing_is_stored(web: TestClient) -> None:
    before = _stored(web)
    page = b"<html><body><script>alert(1)</script><p>\xe9\x80\x9a\xe7\x9f\xa5</p></body></html>"
    r = web.post("/api/uploads?wait=true", files=[("files", ("x.html", page))])
    assert r.status_code == 422
    assert "x.html" in r.json()["error"] and "/data/files/" not in r.json()["error"]
    assert _stored(web) == before


def test_request_limits(web: TestClient) -> None:
    before = _stored(web)
    big = b"a" * (MiB // 2)
    r = web.post("/api/uploads", files=[("files", (f"{i}.txt", big)) for i in range(7)])
    assert r.status_code == 413 and "上限" in r.json()["error"]
    r = web.post("/api/uploads", files=[("files", (f"{i}.txt", b"x")) for i in range(4)])
    assert r.status_code == 413 and "一次最多上传 3 个文件" in r.json()["error"]
    r = web.post("/api/uploads", data={"other": "x"})
    assert r.status_code == 400 and "没有收到文件" in r.json()["error"]
    page = web.post("/upload", files=[("files", ("empty.txt", b""))])
    assert page.status_code == 400 and "文件为空" in page.text
    assert _stored(web) == before


def test_cross_site_post_is_refused(web: TestClient) -> None:
    r = web.post(
        "/api/uploads",
        files=[("files", ("a.txt", SEED_002.read_bytes()))],
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403


def test_report_text_is_escaped_everywhere(web: TestClient) -> None:
    evil = "<script>alert('年报')</script><img src=x onerror=alert(1)>"
    text = SEED_002.read_text(encoding="utf-8")
    first_section = text.index("一、总体情况")
    end_of_line = text.index("\n", first_section)
    hostile = (
        text[: end_of_line + 1]
        + f"本机关在{evil}网站公开了依申请公开目录。\n"
        + text[end_of_line + 1 :]
    )
    hostile = hostile.replace("2023", "2021")
    r = web.post("/api/uploads?wait=true", files=[("files", (f"{evil}.txt", hostile.encode()))])
    assert r.status_code == 201, r.text
    job = r.json()["jobs"][0]
    rid = job["report_id"]
    pages = [
        web.get(f"/reports/{rid}").text,
        web.get("/reports", params={"q": "网站公开了依申请"}).text,
        web.get(f"/uploads/{job['id']}").text,
        web.get("/").text,
        web.get(f"/reports/{rid}/download/check-html").text,
        web.get(f"/reports/{rid}/download/html").text,
    ]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in pages[0]


# ---------------------------------------------------------------- the token and serve


def test_token_is_needed_everywhere_when_set(tmp_path: Path) -> None:
    token = "s3cret-token-42"
    with _client(tmp_path, token=token) as client:
        for url in ("/", "/reports", "/api/reports", "/openapi.json", "/static/app.css"):
            assert client.get(url).status_code == 401, url
        assert "error" in client.get("/api/reports").json()
        assert (
            client.get("/api/reports", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )
        assert client.get("/api/reports", headers={"X-Nianbao-Token": token}).status_code == 200
        assert (
            client.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401
        )
        assert client.get("/?token=wrong", follow_redirects=False).status_code == 401
        login = client.get("/reports?token=" + token + "&year=2023", follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"] == "/reports?year=2023"
        assert (
            "HttpOnly" in login.headers["set-cookie"]
            and "SameSite=Strict" in login.headers["set-cookie"]
        )
        assert client.get("/reports").status_code == 200  # the cookie now
        r = client.post("/api/uploads", files=[("files", ("a.txt", b""))])
        assert r.status_code == 400  # authorised by the cookie, refused as empty


def test_serve_refuses_a_public_address_without_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err
    assert main(["serve", "--host", "0.0.0.0", "--token", "short"]) == 2
    from nianbao.cli.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
