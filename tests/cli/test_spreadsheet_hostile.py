"""`policy import` of hostile or broken sheets: one located error line, exit 2, nothing
written. A CSV cell over the csv module's limit, an unclosed quote, a formula with no
saved value (read as blank before), a numeric cell `inf`, a zip bomb, too many rows."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import SHIPPED, run_cli


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SHIPPED, tmp_path / "options"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _refused(study: Path, sheet: Path, expected: str) -> str:
    before = snapshot(study)
    result = run_cli("import", str(sheet), "--study", str(study))
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: "), lines
    assert expected in lines[0], lines
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert snapshot(study) == before
    return lines[0]


def test_a_csv_cell_over_the_field_limit(study: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "big.csv"
    sheet.write_text("option,title\nstatus-quo," + "x" * 140_000 + "\n", encoding="utf-8")
    line = _refused(study, sheet, "a cell longer than 131,072 characters")
    assert line.startswith(f"error: {sheet}: row 2")


def test_a_csv_unclosed_quote(study: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "quote.csv"
    sheet.write_text(
        'option,title,deterrence\nstatus-quo,"Status quo,3\npivot-west,Pivot,4\n',
        encoding="utf-8",
    )
    _refused(study, sheet, 'a quote (") is never closed')


def test_a_csv_with_text_after_a_closing_quote(study: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "quote.csv"
    sheet.write_text('option,title\nstatus-quo,"Status" quo\n', encoding="utf-8")
    _refused(study, sheet, f"{sheet}: row 2")


def _workbook(tmp_path: Path, value: object) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "scores"
    sheet.append(["option", "deterrence"])
    sheet.append(["status-quo", value])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    return path


def test_a_formula_without_a_saved_value_is_not_blank(study: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path, "=1+2")  # openpyxl saves no cached value
    _refused(study, path, f"{path}:scores!B2: a formula with no saved value (=1+2)")


def test_a_numeric_cell_inf_is_one_line(study: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path, 3)
    patched = tmp_path / "inf.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>3</v>" in data
                data = data.replace(b"<v>3</v>", b"<v>inf</v>")
            target.writestr(part, data)
    line = _refused(study, patched, "not a readable workbook")
    assert "Please see" not in line
    assert "'inf'" in line


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policy_options.core.interchange.spreadsheet as spreadsheet

    path = _workbook(tmp_path, 3)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/media/zeros.bin", b"\0" * 3_000_000)  # 3 MB, a few KB packed
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(spreadsheet, "MAX_UNCOMPRESSED", 2_000_000)
    _refused(study, path, "inflates to 3 MiB, above 1 MiB; refused")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_too_many_rows_are_refused(
    study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    import policy_options.core.interchange.spreadsheet as spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    rows = ["option,deterrence"] + [f"status-quo,{k % 10}" for k in range(8)]
    if suffix == ".csv":
        path = tmp_path / "rows.csv"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    else:
        path = _workbook(tmp_path, 1)
        book = load_workbook(path)
        for row in rows[2:]:
            book["scores"].append(row.split(","))
        book.save(path)
    _refused(study, path, "rows")
