"""``nianbao check --json DIR`` over seeds and damaged files: one JSON line per file, and the
seeds' results equal checking them alone."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from gold import EXAMPLES
from nianbao.cli import main
from test_readers_damaged import _png_with_broken_chunk, _two_page_pdf

HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.pdf"


def _lines(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[dict]]:
    code = main(argv)
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.slow
def test_seeds_and_damaged_files_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(EXAMPLES, seeds)
    mixed = tmp_path / "mixed"
    shutil.copytree(EXAMPLES, mixed)
    (mixed / "a-truncated.pdf").write_bytes(HUAIAN.read_bytes()[:5000])
    (mixed / "b-broken.png").write_bytes(_png_with_broken_chunk())
    (mixed / "c-page2-font.pdf").write_bytes(
        _two_page_pdf(b"<< /Type /Font /Subtype /Type3 /FontMatrix 5 /CharProcs << >> >>")
    )
    buf = io.BytesIO()
    Image.new("L", (827, 65535), 255).save(buf, "PNG")
    (mixed / "d-long.png").write_bytes(buf.getvalue())
    (mixed / "e-empty.txt").write_bytes(b"")

    _, alone = _lines(capsys, ["check", "--json", str(seeds)])
    code, lines = _lines(capsys, ["check", "--json", "--jobs", "2", str(mixed)])
    # exactly one line per file, in input order; a file found in a folder that is no report
    # (one line of English) is a line saying it was skipped, never an error of the batch
    files = sorted(p.name for p in mixed.iterdir())
    assert code == 2  # unreadable input
    assert [
        Path(line.get("path") or line["report"]["source"]["path"]).name for line in lines
    ] == files
    skipped = [line for line in lines if "skipped" in line]
    assert [Path(line["path"]).name for line in skipped] == ["c-page2-font.pdf"]
    assert skipped[0]["report"] is None and skipped[0]["skipped"]
    errors = {
        Path(line["path"]).name: line
        for line in lines
        if line["report"] is None and "error" in line
    }
    assert set(errors) == {"a-truncated.pdf", "b-broken.png", "d-long.png", "e-empty.txt"}
    for name, line in errors.items():
        assert line["findings"] == [] and name in line["error"] and "\n" not in line["error"]
    by_name = {
        Path(line["report"]["source"]["path"]).name: line for line in lines if line["report"]
    }
    for seed in alone:
        name = Path(seed["report"]["source"]["path"]).name
        expected = json.dumps(seed["findings"], ensure_ascii=False).replace(str(seeds), str(mixed))
        assert json.dumps(by_name[name]["findings"], ensure_ascii=False) == expected


@pytest.mark.slow
def test_stream_writes_one_line_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    (tmp_path / "in" / "broken.png").write_bytes(_png_with_broken_chunk())
    code, lines = _lines(capsys, ["check", "--json", "--stream", str(tmp_path / "in")])
    names = sorted(
        Path(line.get("path") or line["report"]["source"]["path"]).name for line in lines
    )
    assert code == 2 and names == sorted(p.name for p in (tmp_path / "in").iterdir())
    assert not any(f["rule"] in {"PUB-02", "XY-08"} for line in lines for f in line["findings"])
