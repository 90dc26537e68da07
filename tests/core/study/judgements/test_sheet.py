"""An analyst's sheet: blank and filled sheets round-trip byte for byte (export, import,
export); a bad cell is one error naming the sheet and cell, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.core.study.judgements.test_disagreement import judged_study


def export(folder: Path, analyst: str, out: Path) -> bytes:
    result = run_cli("export", "xlsx", "--for", analyst, "-o", str(out), "--study", str(folder))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_blank_sheet_round_trips(tmp_path: Path) -> None:
    folder = judged_study(tmp_path / "s")
    first = export(folder, "dee", tmp_path / "a.xlsx")
    imported = run_cli("import", str(tmp_path / "a.xlsx"), "--for", "dee", "--study", str(folder))
    assert imported.exit_code == 0, imported.output
    assert not (folder / "judgements" / "dee").exists()  # a blank sheet writes nothing
    assert export(folder, "dee", tmp_path / "b.xlsx") == first


def test_filled_sheet_round_trips(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    folder = judged_study(tmp_path / "s")
    export(folder, "dee", tmp_path / "blank.xlsx")
    book = load_workbook(tmp_path / "blank.xlsx")
    sheet = book["judgements"]
    assert [c.value for c in sheet[2][:2]] == ["a", "gain"]
    sheet["C2"], sheet["D2"], sheet["E2"], sheet["F2"] = 6, 5, 8.5, 70
    sheet["G2"] = 'says "six"'
    sheet["C5"] = 2  # b, cost
    book.save(tmp_path / "filled.xlsx")
    result = run_cli(
        "import", str(tmp_path / "filled.xlsx"), "--for", "dee", "--study", str(folder)
    )
    assert result.exit_code == 0, result.output
    written = (folder / "judgements" / "dee" / "a.yaml").read_text()
    assert written == (
        "scores:\n  gain: {value: 6, lowest: 5, highest: 8.5, confidence: 70,"
        ' rationale: "says \\"six\\""}\n'
    )
    first = export(folder, "dee", tmp_path / "one.xlsx")
    files = {p.name: p.read_bytes() for p in (folder / "judgements" / "dee").iterdir()}
    again = run_cli("import", str(tmp_path / "one.xlsx"), "--for", "dee", "--study", str(folder))
    assert again.exit_code == 0
    assert {p.name: p.read_bytes() for p in (folder / "judgements" / "dee").iterdir()} == files
    assert export(folder, "dee", tmp_path / "two.xlsx") == first
    # and the layer loads: the analyst is there with their two cells
    from policy_options.core.study.loading.load import load_study

    assert load_study(folder).analysts["dee"].cells == 2


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("A2", "zeta", "unknown option 'zeta'"),
        ("F2", 150, "confidence must lie in (0, 100]"),
        ("D2", 9, "lowest 9 is above highest"),
    ],
)
def test_bad_cell_is_one_error_and_nothing_written(
    tmp_path: Path, cell: str, value: object, message: str
) -> None:
    from openpyxl import load_workbook

    folder = judged_study(tmp_path / "s")
    export(folder, "dee", tmp_path / "blank.xlsx")
    book = load_workbook(tmp_path / "blank.xlsx")
    sheet = book["judgements"]
    sheet["C2"], sheet["D2"], sheet["E2"] = 6, 5, 8
    sheet[cell] = value
    book.save(tmp_path / "bad.xlsx")
    result = run_cli("import", str(tmp_path / "bad.xlsx"), "--for", "dee", "--study", str(folder))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "bad.xlsx:judgements!" in result.stderr
    assert not (folder / "judgements" / "dee").exists()
