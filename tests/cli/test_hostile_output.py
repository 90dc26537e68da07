"""What a study can make us print: control characters and escape sequences shown, never
sent to the terminal, in every format; no forged `error:` line; no raw HTML in Markdown;
no formula in CSV or a workbook (CSV/formula injection, OWASP)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import TINY_OPTIONS, run_cli, write_study

# YAML's double-quoted escapes let a valid file hold any character: ESC ] 0; (set the
# window title, unterminated), CSI (colours), a carriage return, a bidi override, C1 CSI.
HOSTILE_TITLE = r'"Al\e]0;pwned\e[31mpha\rerror: forged\u202e\x9b2J"'
CONTROLS = ["\x1b", "\r", "\u202e", "\x9b"]


def _study(tmp_path: Path, title: str = HOSTILE_TITLE) -> Path:
    alpha = TINY_OPTIONS["alpha"].replace("title: Alpha", f"title: {title}")
    return write_study(tmp_path / "study", options={**TINY_OPTIONS, "alpha": alpha})


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize(
    "command", [["rank"], ["explain", "alpha"], ["compare"], ["info"], ["profiles"]]
)
def test_control_characters_are_shown_not_sent(
    tmp_path: Path, command: list[str], fmt: str
) -> None:
    study = _study(tmp_path)
    result = run_cli(*command, "--study", str(study), "--format", fmt)
    if result.exit_code == 2 and "--format" in result.stderr:
        pytest.skip(f"{command[0]} has no --format {fmt}")
    assert result.exit_code == 0, result.stderr
    for char in CONTROLS:
        assert char not in result.stdout, (char, result.stdout)
    assert not any(line.startswith("error:") for line in result.stdout.splitlines())
    if command == ["rank"] and fmt != "json":
        assert "\\x1b]0;pwned" in result.stdout  # shown, escaped
    elif fmt == "json" and "pwned" in result.stdout:
        assert any("Al\x1b]0;pwned" in text for text in _strings(json.loads(result.stdout)))


def _strings(data: object) -> list[str]:
    """Every string in parsed JSON: the data keeps the title exactly."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def test_validate_shows_control_characters_escaped(tmp_path: Path) -> None:
    study = _study(tmp_path)
    (study / "alpha.yaml").write_text(
        (study / "alpha.yaml").read_text(encoding="utf-8").replace("  gain:", '  "g\\eain":'),
        encoding="utf-8",
    )
    result = run_cli("validate", "--study", str(study))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "g\\x1bain" in result.stdout


def test_a_file_name_cannot_forge_an_error_line(tmp_path: Path) -> None:
    study = write_study(tmp_path / "study")
    (study / "evil\nerror: forged.yaml:1:1: all good.yaml").write_text(
        TINY_OPTIONS["beta"], encoding="utf-8"
    )
    (study / "bell\x07\x1b[2J.yaml").write_text(TINY_OPTIONS["beta"], encoding="utf-8")
    for command in (["rank"], ["explain", "alpha"], ["report", "-o", str(tmp_path / "b.md")]):
        result = run_cli(*command, "--study", str(study))
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 2, lines
        assert lines[1].startswith("hint: "), lines
        assert lines[0].startswith("error: ")
        assert "a file name with a control character" in lines[0]
        assert "\x1b" not in result.stderr
        assert "\x07" not in result.stderr
    result = run_cli("validate", "--study", str(study))
    assert next(line for line in result.stdout.splitlines() if "forged" in line).startswith(
        "error: "
    )
    assert "\x1b" not in result.stdout


def test_an_error_message_is_one_line_whatever_it_quotes(tmp_path: Path) -> None:
    study = write_study(tmp_path / "study")
    result = run_cli("explain", "no\nsuch\x1b]0;x", "--study", str(study))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: unknown option 'no\\x0asuch\\x1b]0;x'"), lines
    assert len(lines) <= 2


def test_markdown_escapes_raw_html(tmp_path: Path) -> None:
    study = _study(tmp_path, '"<script>alert(1)</script><b onmouseover=alert(2)>x</b>"')
    result = run_cli("rank", "--study", str(study), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "<script" not in result.stdout
    assert "<b " not in result.stdout
    assert "&lt;script>alert(1)&lt;/script>&lt;b onmouseover=alert(2)>x&lt;/b>" in result.stdout


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_would_be_formulas_are_text(tmp_path: Path, start: str) -> None:
    title = f'"{start}HYPERLINK(""http://evil.example"",""x"")"'.replace('""', '\\"')
    study = _study(tmp_path, title)
    result = run_cli("rank", "--study", str(study), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    titles = {row["option"]: row["title"] for row in rows}
    assert titles["alpha"] == f'\'{start}HYPERLINK("http://evil.example","x")'
    assert titles["beta"] == "Beta"
    scores = [float(row["score"]) for row in rows]  # numbers stay numbers
    assert all(0 <= s <= 1 for s in scores)


def test_negative_numbers_in_csv_stay_numbers(tmp_path: Path) -> None:
    study = write_study(tmp_path / "study")
    result = run_cli("why", "beta", "alpha", "--study", str(study), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "'-" not in result.stdout


def test_a_workbook_holds_no_formula_from_the_study(tmp_path: Path) -> None:
    study = _study(tmp_path, '"=HYPERLINK(\\"http://evil.example\\",\\"click\\")"')
    out = tmp_path / "study.xlsx"
    result = run_cli("export", "xlsx", "--study", str(study), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    found = [
        (sheet.title, cell.coordinate, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert found, "the title is in the workbook"
    assert all(kind == "s" for _, _, kind in found), found


def test_the_watch_screen_escapes_too(tmp_path: Path) -> None:
    """`rank --watch` draws with Rich directly (render/console_workflow.py)."""
    from policy_options.core.ranking.rank import rank
    from policy_options.core.study.loading.load import load_study
    from policy_options.core.study.weights import resolve_weights
    from policy_options.render.console_workflow import watch_problem, watch_ranking
    from policy_options.render.writers import Terminal

    study = load_study(_study(tmp_path))
    ranking = rank(study, resolve_weights(study))
    for terminal in (Terminal(), Terminal(True, "truecolor", 100)):
        screens = [
            watch_ranking(ranking, None, None, "status", terminal),
            watch_problem("bad\x1b]0;x\nerror: forged", "h\x07", "status", terminal),
        ]
        for screen in screens:
            assert "\x1b]" not in screen
            assert "\x07" not in screen
            assert "\r" not in screen
        assert "\\x1b]0;pwned" in screens[0]
        assert "\nerror: forged" not in screens[1]
