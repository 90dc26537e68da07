"""`policy export xlsx` and `policy import`: the workbook's content, byte-identical round trips,
diff-friendly edits, and bad sheets refused with one located error and nothing written."""

from __future__ import annotations

import difflib
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment

from policy_options.core.study.loading.load import load_study
from tests.conftest import SHIPPED, run_cli


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SHIPPED, tmp_path / "options"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def export(study: Path, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "study.xlsx"
    result = run_cli("export", "xlsx", "--study", str(study), "--output", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"wrote {out}: scores of 15 options on 8 criteria, criteria, ranking,"
        " 4 weight profile sheets\n"
    )
    return out


def test_the_workbook_holds_the_study(study: Path, tmp_path: Path) -> None:
    book = load_workbook(export(study, tmp_path))
    assert book.sheetnames == [
        "scores",
        "criteria",
        "ranking",
        "weights balanced",
        "weights deterrence-first",
        "weights diplomacy-first",
        "weights moscow-cautious",
    ]
    loaded = load_study(study)
    criteria = list(loaded.all_criteria)  # 6 weighted criteria and 2 modifiers, all scored
    scores = book["scores"]
    header = [c.value for c in scores[1]]
    assert header[:10] == ["option", "title", *criteria]
    assert header[10:12] == ["deterrence low", "deterrence high"]
    for letter in ("K", "L", "Z"):
        assert scores.column_dimensions[letter].hidden
    rows = {r[0].value: r for r in scores.iter_rows(min_row=2)}
    assert list(rows) == list(loaded.options)
    for option in loaded.options.values():
        row = rows[option.id]
        assert row[1].value == option.title
        for i, key in enumerate(criteria):
            score = option.spec.scores[key]
            assert row[2 + i].value == score.value
            assert (row[2 + i].comment.text if row[2 + i].comment else "") == score.rationale
            low, high = row[10 + 2 * i].value, row[11 + 2 * i].value
            assert (low, high) == ((None, None) if score.range is None else tuple(score.range))
    ranked = json.loads(run_cli("rank", "--study", str(study), "-f", "json").stdout)
    sheet = [r for r in book["ranking"].iter_rows(min_row=2, values_only=True) if r[0] is not None]
    expected = [
        (e["rank"], e["option"], pytest.approx(e["score"] * 100)) for e in ranked["ranking"]
    ]
    assert [(r[0], r[1], r[3]) for r in sheet if isinstance(r[0], int)] == expected
    weights = {
        r[0]: r[1:]
        for r in book["weights balanced"].iter_rows(min_row=2, max_row=7, values_only=True)
    }
    # the six weighted criteria only (3 + 2.5 + 1 + 1.5 + .5 + 1.5 = 10); modifiers take none
    assert list(weights) == list(loaded.criteria)
    assert weights["deterrence"] == (3, pytest.approx(3 / 10))
    criteria_sheet = list(book["criteria"].iter_rows(min_row=2, values_only=True))
    assert criteria_sheet[7][:6] == (
        "time_to_effect",
        "Time to effect",
        "lower_is_better",
        0,
        60,
        "months",
    )
    assert criteria_sheet[7][7] == "0: 1; 12: 0.97; 36: 0.9; 60: 0.8"


def test_export_is_reproducible(study: Path, tmp_path: Path) -> None:
    first = export(study, tmp_path).read_bytes()
    assert export(study, tmp_path).read_bytes() == first


def test_export_then_import_gives_back_byte_identical_files(study: Path, tmp_path: Path) -> None:
    before = snapshot(study)
    result = run_cli("import", str(export(study, tmp_path)), "--study", str(study))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "0 files changed, 15 options unchanged\n"
    assert snapshot(study) == before == snapshot(SHIPPED)


def test_round_trip_yaml_keeps_every_shipped_file_byte_for_byte() -> None:
    """The writer the import uses (ruamel.yaml round trip) reproduces every file exactly."""
    from policy_options.core.interchange.importer import _yaml

    yaml = _yaml()
    for path in sorted(SHIPPED.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        buffer = io.StringIO()
        yaml.dump(yaml.load(text), buffer)
        assert buffer.getvalue() == text, path


def changed_lines(old: bytes, new: bytes) -> list[str]:
    diff = difflib.unified_diff(
        old.decode().splitlines(), new.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_edits_in_the_workbook_change_only_their_lines(study: Path, tmp_path: Path) -> None:
    path = export(study, tmp_path)
    book = load_workbook(path)
    sheet = book["scores"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    fms, quo = rows["fms-air-defense"], rows["status-quo"]
    fms[header.index("deterrence")].value = 6
    fms[header.index("agency")].comment = Comment("Armenia decides.", "analyst")
    quo[header.index("agency")].value = 1
    quo[header.index("agency low")].value = 0
    quo[header.index("agency high")].value = 2
    quo[header.index("deterrence low")].value = None  # remove a range
    quo[header.index("deterrence high")].value = None
    # deterrence .. entrapment, feasibility, time_to_effect (modifiers), deterrence low, high
    sheet.append(["new-idea", "A new idea", 5, 5, 2, 5, 5, 3, 5, 12, 4, 6])
    book.save(path)
    before = snapshot(study)

    result = run_cli("import", str(path), "--study", str(study))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"updated {study}/fms-air-defense.yaml: deterrence 5 → 6; agency rationale",
        f"updated {study}/status-quo.yaml: deterrence range [0, 2] → none; agency 0 → 1;"
        " agency range none → [0, 2]",
        f"created {study}/new-idea.yaml",
        "3 files changed, 13 options unchanged",
    ]
    after = snapshot(study)
    assert changed_lines(before["fms-air-defense.yaml"], after["fms-air-defense.yaml"]) == [
        "-    value: 5",
        "+    value: 6",
        '-    rationale: "Gives Armenia means to defend itself rather than a promise to lean on."',
        '+    rationale: "Armenia decides."',
    ]
    assert changed_lines(before["status-quo.yaml"], after["status-quo.yaml"]) == [
        "-    range: [0, 2]",
        "-    value: 0",
        "+    value: 1",
        "+    range: [0, 2]",
    ]
    assert (study / "new-idea.yaml").read_text(encoding="utf-8") == (
        "title: A new idea\nscores:\n  deterrence:\n    value: 5\n    range: [4, 6]\n"
        "  stability: 5\n  agency: 2\n  russian_backlash: 5\n  diversion: 5\n"
        "  entrapment: 3\n  feasibility: 5\n  time_to_effect: 12\n"
    )
    untouched = set(before) - {"fms-air-defense.yaml", "status-quo.yaml"}
    assert all(after[name] == before[name] for name in untouched)
    loaded = load_study(study)
    assert loaded.options["fms-air-defense"].spec.scores["deterrence"].value == 6
    assert loaded.options["status-quo"].spec.scores["deterrence"].range is None
    assert loaded.options["new-idea"].spec.scores["deterrence"].range == (4, 6)


def test_csv_import_updates_and_creates(study: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "scores.csv"
    sheet.write_text(
        "option,title,deterrence,feasibility\n"
        "pivot-west,,0,\n"  # blank title and feasibility: kept
        "\n" + "fresh,Fresh idea," + "6,7\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(sheet), "--study", str(study))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"error: {sheet}:A4: no score for 'stability' (a new option needs every criterion)"
    )
    sheet.write_text("option,title,deterrence,feasibility\npivot-west,,0,\n", encoding="utf-8")
    result = run_cli("import", str(sheet), "--study", str(study))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"updated {study}/pivot-west.yaml: deterrence -2 → 0"


def test_import_edits_a_yml_option_file(study: Path, tmp_path: Path) -> None:
    (study / "pivot-west.yaml").rename(study / "pivot-west.yml")
    sheet = tmp_path / "s.csv"
    sheet.write_text("option,deterrence\npivot-west,0\n", encoding="utf-8")  # in [-4, 1]
    result = run_cli("import", str(sheet), "--study", str(study))
    assert result.exit_code == 0, result.stderr
    assert not (study / "pivot-west.yaml").exists()
    assert load_study(study).options["pivot-west"].spec.scores["deterrence"].value == 0


def test_dry_run_writes_nothing(study: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("option,deterrence\npivot-west,0\n", encoding="utf-8")
    before = snapshot(study)
    result = run_cli("import", str(sheet), "--study", str(study), "--dry-run")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"would update {study}/pivot-west.yaml: deterrence -2 → 0",
        "1 file to change, 14 options unchanged",
    ]
    assert snapshot(study) == before


@pytest.mark.parametrize(
    ("csv_text", "error"),
    [
        (
            "option,title,deterence\nx,X,3\n",
            "C1: unknown criterion column 'deterence' (did you mean 'deterrence'?)",
        ),
        (
            "option,deterrence\nstatus-quo,3\nstatus-quo,4\n",
            "A3: duplicate option 'status-quo' (first at {sheet}:A2)",
        ),
        (
            "option,time_to_effect\nstatus-quo,61\n",
            "B2: score 61 for 'time_to_effect' lies outside its scale 0..60 months",
        ),
        ("option,deterrence\nstatus-quo,high\n", "B2: expected a number, got 'high'"),
        ("option,deterrence\nstatus-quo,7\n", "B2: range [0, 2] does not hold the value 7"),
        ("option,deterrence\nfresh,7\n", "A2: new option 'fresh' needs a title"),
        (
            "option,title,deterrence\ninteractions,I,7\n",
            "A2: option id 'interactions' is not a safe file name: use up to 64 letters, digits, '-' and '_', starting with a letter or digit (e.g. fms-air-defense)",
        ),
        (
            "option,deterrence\n../x,7\n",
            "A2: option id '../x' is not a safe file name: use up to 64 letters, digits, '-' and '_', starting with a letter or digit (e.g. fms-air-defense)",
        ),
        (
            "option,deterrence,deterrence low\nstatus-quo,2,1\n",
            "C1: column 'deterrence low' needs a 'deterrence high' column",
        ),
        (
            "option,deterrence,deterrence low,deterrence high\nstatus-quo,2,1,\n",
            "D2: give both low and high of the range of 'deterrence', or neither",
        ),
        (
            "option,deterrence,deterrence low,deterrence high\nstatus-quo,2,1,11\n",
            "D2: range high 11 for 'deterrence' lies outside its scale -5..10 points",
        ),
        ("title,deterrence\nX,2\n", "A1: no 'option' column in the header row"),
        (
            "option,deterrence,deterrence\nx,1,2\n",
            "C1: column 'deterrence' appears twice (first at {sheet}:B1)",
        ),
    ],
)
def test_bad_sheets_are_refused_whole(
    study: Path, tmp_path: Path, csv_text: str, error: str
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(csv_text, encoding="utf-8")
    before = snapshot(study)
    result = run_cli("import", str(sheet), "--study", str(study))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"error: {sheet}:" + error.format(sheet=sheet)
    assert len(result.stderr.splitlines()) <= 2
    assert snapshot(study) == before


def test_a_bad_cell_after_good_rows_writes_nothing(study: Path, tmp_path: Path) -> None:
    path = export(study, tmp_path)
    book = load_workbook(path)
    sheet = book["scores"]
    sheet["C2"] = 1.5  # a good edit of the first option (accept-multi-alignment, in [1, 1.5])
    sheet["D16"] = 11  # stability of the last (15th) option: off its scale -5..10
    book.save(path)
    before = snapshot(study)
    result = run_cli("import", str(path), "--study", str(study))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:scores!D16: score 11 for 'stability' lies outside its scale -5..10 points\n"
    )
    assert snapshot(study) == before


def test_import_needs_a_spreadsheet(study: Path, tmp_path: Path) -> None:
    text = tmp_path / "x.txt"
    text.write_text("x", encoding="utf-8")
    result = run_cli("import", str(text), "--study", str(study))
    assert result.exit_code == 2
    assert result.stderr == f"error: {text}: give an .xlsx workbook or a .csv file\n"
    result = run_cli("import", str(tmp_path / "none.csv"), "--study", str(study))
    assert result.stderr == f"error: {tmp_path / 'none.csv'}: no such file\n"
