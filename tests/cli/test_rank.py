"""`policy rank` on the shipped study: every format against its golden file, and the options."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_options.core.study.loading.load import load_study
from tests.conftest import run_cli

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_rank_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("rank", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"rank.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_rank_with_set_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli(
        "rank",
        "-w",
        "moscow-cautious",
        "--set",
        "deterrence=6",
        "--set",
        "us_cost=0",
        "--top",
        "5",
        "--format",
        fmt,
    )
    assert result.exit_code == 0, result.stderr
    golden(f"rank-moscow-set.{FORMATS[fmt]}", result.stdout)


def test_json_contract(in_repo: Path) -> None:
    doc = json.loads(run_cli("rank", "--format", "json").stdout)
    assert doc["schema"] == 1
    assert doc["method"] == "additive"
    assert doc["profile"] == "balanced"
    assert doc["study"] == "U.S. options to support Armenia's security"
    assert abs(sum(doc["weights"].values()) - 1) < 1e-9
    ranking = doc["ranking"]
    assert len(ranking) == 14
    for entry in ranking:
        assert set(entry) >= {"rank", "option", "title", "score", "values", "contributions"}
        assert 0 <= entry["score"] <= 1
        total = sum(entry["contributions"].values())
        assert abs(total - entry["score"]) < 1e-9
        for key, value in entry["values"].items():
            assert abs(entry["contributions"][key] - doc["weights"][key] * value) < 1e-9
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)


def test_csv_contract(in_repo: Path) -> None:
    rows = list(csv.reader(io.StringIO(run_cli("rank", "--format", "csv").stdout)))
    doc = json.loads(run_cli("rank", "--format", "json").stdout)
    assert rows[0][:4] == ["rank", "option", "title", "score"]
    assert rows[0][4:] == list(load_study(in_repo / "options").criteria)  # in study order
    for row, entry in zip(rows[1:], doc["ranking"], strict=True):
        assert row[1] == entry["option"]
        assert float(row[3]) == pytest.approx(entry["score"], abs=1e-12)


def test_markdown_table_is_well_formed(in_repo: Path) -> None:
    text = run_cli("rank", "--format", "markdown").stdout
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 14
    widths = {line.replace("\\|", "").count("|") for line in table}
    assert widths == {6}
    assert text.startswith("### U.S. options to support Armenia's security\n")
    assert "Weights: profile `balanced`" in text


def test_set_changes_weights(in_repo: Path) -> None:
    base = json.loads(run_cli("rank", "--format", "json").stdout)
    doc = json.loads(run_cli("rank", "--set", "deterrence=0", "--format", "json").stdout)
    assert doc["weights"]["deterrence"] == 0
    assert doc["overrides"] == {"deterrence": 0}
    assert doc["weights"]["stability"] > base["weights"]["stability"]


def test_weights_from_a_copied_file(in_repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    text = (in_repo / "options/weights/balanced.yaml").read_text(encoding="utf-8")
    mine.write_text(text, encoding="utf-8")
    by_file = json.loads(run_cli("rank", "--weights", str(mine), "--format", "json").stdout)
    by_name = json.loads(run_cli("rank", "--format", "json").stdout)
    assert by_file["ranking"] == by_name["ranking"]
    assert by_file["profile"] == str(mine)


def test_top(in_repo: Path) -> None:
    doc = json.loads(run_cli("rank", "--top", "2", "--format", "json").stdout)
    assert [e["rank"] for e in doc["ranking"]] == [1, 2]


def test_top_keeps_a_tie_whole(tiny: Path) -> None:
    """alpha and beta tie when .8g + .5d = .4g + 1.0d, i.e. gain 5 : delay 4 (both 0.6444...)."""
    doc = json.loads(
        run_cli(
            "rank",
            "--study",
            str(tiny),
            "--set",
            "gain=5",
            "--set",
            "delay=4",
            "--top",
            "1",
            "--format",
            "json",
        ).stdout
    )
    assert [(e["option"], e["rank"]) for e in doc["ranking"]] == [("alpha", 1), ("beta", 1)]


def test_output_file_is_written_and_announced(in_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    result = run_cli("rank", "--format", "markdown", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == run_cli("rank", "--format", "markdown").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["memo.md"]  # no temporary file left


def test_default_study_is_bundled_when_cwd_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["study"] == "U.S. options to support Armenia's security"


def test_local_options_folder_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import write_study

    write_study(tmp_path / "options")
    monkeypatch.chdir(tmp_path)
    assert json.loads(run_cli("rank", "--format", "json").stdout)["study"] == "Tiny study"


def test_tiny_study_numbers(tiny: Path) -> None:
    """Hand computation: even weights; alpha (8/10, delay 10 -> 0.5), beta (0.4, 1.0), gamma (0.2, 0)."""
    doc = json.loads(run_cli("rank", "--study", str(tiny), "--format", "json").stdout)
    got = {e["option"]: (e["rank"], e["score"]) for e in doc["ranking"]}
    assert got == {"beta": (1, 0.7), "alpha": (2, 0.65), "gamma": (3, 0.1)}
