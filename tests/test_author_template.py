"""nianbao template: the XLSX template draws the tables under their official labels with totals
as formulas and validated inputs; the YAML template computes totals on load; a filled template
renders; a total the user typed wrong is kept and reported, never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nianbao
from nianbao.author import compose, load_data
from nianbao.cli import main
from nianbao.formats import FORMAT_2019, FORMAT_2021, REQUEST_COLUMNS
from nianbao.readers.legacy import convert
from nianbao.settings import DEFAULT

openpyxl = pytest.importorskip("openpyxl")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice not installed"
)

_APPLICANTS = [c.id for c in REQUEST_COLUMNS[:-1]]


def _fill(year: int, tmp: Path) -> Path:
    """The XLSX template with every input cell filled as a user would (and totals untouched)."""
    path = tmp / "t.xlsx"
    assert main(["template", "--year", str(year), "--out", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    n = 0
    for key, sheet, ref in wb["_ids"].iter_rows(values_only=True):
        cell = wb[sheet][ref]
        if key.startswith("meta.organ"):
            cell.value = "某市某局"
        elif key.startswith("meta.published"):
            cell.value = f"{year + 1}-01-20"
        elif key.split(".")[0] in ("active", "requests", "review_litigation"):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                continue
            n += 1
            cell.value = 2.5 if key.endswith("amount") else n % 7
    wb.save(path)
    return path


def test_xlsx_template_has_the_official_labels_formulas_and_validation(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert main(["template", "--year", "2024", "--out", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:5] == ["基本信息", "_ids", "表二", "表三", "表四"]
    assert wb["_ids"].sheet_state == "hidden"
    t3 = wb["表三"]
    texts = {c.value for row in t3.iter_rows() for c in row if isinstance(c.value, str)}
    spec = FORMAT_2021.tables["requests"]
    assert {r.label for r in spec.rows} <= texts
    assert {c.label for c in REQUEST_COLUMNS} | {"申请人情况", "法人或其他组织", spec.note} <= texts
    formulas = [c.value for row in t3.iter_rows() for c in row if str(c.value).startswith("=SUM(")]
    assert len(formulas) == 25 + 6  # each row's 总计, and （七）总计 of the six applicant columns
    rules = {(dv.type, dv.operator) for dv in t3.data_validations.dataValidation}
    assert ("whole", "greaterThanOrEqual") in rules
    t2 = wb["表二"]
    money = [dv for dv in t2.data_validations.dataValidation if dv.type == "custom"]
    assert money and "ROUND(" in money[0].formula1 and ",2)" in money[0].formula1
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert "A2:C4" in merged  # the 勾稽 note spans three rows and three columns, as printed
    assert t3.protection.sheet


def test_filled_xlsx_loads_with_totals_computed_and_renders(tmp_path: Path) -> None:
    path = _fill(2024, tmp_path)
    draft = load_data(path)
    for row in FORMAT_2021.tables["requests"].rows:
        values = [draft.value("requests", row.id, c) for c in _APPLICANTS]
        assert draft.value("requests", row.id, "total") == sum(values)  # type: ignore[arg-type]
    assert draft.value("active", "fees", "amount") == 2.5
    report = compose(draft)
    arithmetic = [
        f
        for f in nianbao.check(report, select=["T3-01", "T3-02", "T4-01", "T4-02", "T4-03"])
        if f.status == "fail"
    ]
    assert arithmetic == []
    out = tmp_path / "r.html"
    assert main(["render", str(path), "--out", str(out), "--force"]) == 0
    assert nianbao.parse(out).meta.organ == "某市某局"


@needs_soffice
def test_xlsx_formulas_compute_what_the_loader_computes(tmp_path: Path) -> None:
    """Recalculated by LibreOffice, every formula equals the total nianbao computes on load."""
    path = _fill(2024, tmp_path)
    draft = load_data(path)
    recalculated = tmp_path / "recalc.xlsx"
    recalculated.write_bytes(convert(path.read_bytes(), ".xlsx", "xlsx", DEFAULT, str(path)))
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for key, sheet, ref in openpyxl.load_workbook(path)["_ids"].iter_rows(values_only=True):
        table, *rest = key.split(".")
        if table not in ("requests", "review_litigation"):
            continue
        row, col = ".".join(rest[:-1]), rest[-1]
        if "total" in (row, col):
            assert wb[sheet][ref].value == draft.value(table, row, col), key
            checked += 1
    assert checked == 25 + 6 + 3


def test_yaml_template_computes_totals_and_keeps_what_the_user_typed(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    assert main(["template", "--year", "2020", "--format", "yaml", "--out", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "国办公开办函〔2019〕60号" in text and "# total: 由程序计算" in text
    for row in FORMAT_2019.tables["requests"].rows:
        assert f"  {row.id}:  # {row.label}" in text
    filled = text.replace("    natural_person:  # 自然人", "    natural_person: 2  # 自然人")
    filled = filled.replace("    commercial:  # 商业企业", "    commercial: 1  # 商业企业")
    path.write_text(filled, encoding="utf-8")
    draft = load_data(path)
    assert draft.value("requests", "new_received", "total") is None  # blanks are not 0
    filled = filled.replace("    research:  # 科研机构", "    research: 0  # 科研机构")
    for col in ("public_interest", "legal_service", "other_org"):
        filled = filled.replace(f"    {col}:  #", f"    {col}: 0  #")
    path.write_text(filled, encoding="utf-8")
    draft = load_data(path)
    assert draft.value("requests", "new_received", "total") == 3
    assert draft.value("requests", "total", "natural_person") == 2 * 19  # 2019: 19 result rows
    cell = draft.cells[("requests", "new_received", "total")]
    assert cell.notes and "由 nianbao 按格式的勾稽关系计算" in cell.notes[0]
    # a total typed by the user is theirs: kept as typed, and the checker says it is wrong
    typed = filled.replace("    # total: 由程序计算  # 总计", "    total: 4  # 总计", 1)
    path.write_text(typed, encoding="utf-8")
    draft = load_data(path)
    cell = draft.cells[("requests", "new_received", "total")]
    assert (cell.value, cell.raw, cell.location.line) == (
        4,
        "4",
        typed.splitlines().index("    total: 4  # 总计") + 1,
    )
    findings = nianbao.check(compose(draft), select=["T3-01"])
    assert [f.rule for f in findings if f.status == "fail"] == ["T3-01"]


def test_yaml_round_trip_of_a_filled_data_file(tmp_path: Path) -> None:
    from nianbao.author.publish import data_bytes

    xlsx = _fill(2023, tmp_path)
    draft = load_data(xlsx)
    for kind in ("yaml", "json", "xlsx"):
        again = tmp_path / f"again.{kind}"
        again.write_bytes(data_bytes(draft, kind))
        back = load_data(again)
        assert {k: c.value for k, c in back.cells.items()} == {
            k: c.value for k, c in draft.cells.items()
        }, kind
        assert back.meta["organ"] == "某市某局"


def test_hostile_or_foreign_xlsx_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"\0" * 50_000_000)
    foreign = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(foreign)
    for path, reason in ((bomb, "压缩"), (foreign, "不是 nianbao 模板")):
        assert main(["render", str(path), "--out", str(tmp_path / "r.md")]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(str(path)) and reason in err and "\n" not in err
