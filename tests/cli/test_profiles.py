"""`policy profiles` and `policy diff` on the shipped study: golden files, and every number
cross-checked against `policy rank --format json` and an independent Kendall tau-b."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TINY_STUDY, StudyFactory, run_cli, shipped_scores

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
PROFILES = ["balanced", "deterrence-first", "diplomacy-first", "moscow-cautious"]


def ranked(profile: str, *extra: str) -> dict[str, Any]:
    result = run_cli("rank", "--weights", profile, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def tau_b(x: dict[str, int], y: dict[str, int]) -> float:
    """Kendall's tau-b by brute force over ordered pairs: sum of sign products / sqrt(...)."""
    top = sx = sy = 0
    for a in x:
        for b in x:
            if a != b:
                dx = (x[a] > x[b]) - (x[a] < x[b])
                dy = (y[a] > y[b]) - (y[a] < y[b])
                top, sx, sy = top + dx * dy, sx + dx * dx, sy + dy * dy
    return top / math.sqrt(sx * sy)


@pytest.mark.parametrize("fmt", FORMATS)
def test_profiles_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("profiles", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"workflow/profiles.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_diff_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("diff", "-w", "balanced", "-w", "deterrence-first", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"workflow/diff.{FORMATS[fmt]}", result.stdout)


def test_profiles_numbers_match_policy_rank(in_repo: Path) -> None:
    doc = json.loads(run_cli("profiles", "--format", "json").stdout)
    assert doc["schema"] == 1
    assert [p["profile"] for p in doc["profiles"]] == PROFILES
    ranks: dict[str, dict[str, int]] = {}
    for i, name in enumerate(PROFILES):
        alone = ranked(name)
        ranks[name] = {e["option"]: e["rank"] for e in alone["ranking"]}
        scores = {e["option"]: e["score"] for e in alone["ranking"]}
        assert doc["profiles"][i]["weights"] == alone["weights"]
        assert doc["profiles"][i]["top"] == [
            e["option"] for e in alone["ranking"] if e["rank"] == 1
        ]
        for entry in doc["options"]:
            assert entry["ranks"][i] == ranks[name][entry["option"]]
            assert entry["scores"][i] == scores[entry["option"]]
    for i, a in enumerate(PROFILES):
        for j, b in enumerate(PROFILES):
            assert doc["kendall_tau_b"][i][j] == pytest.approx(tau_b(ranks[a], ranks[b]), abs=1e-12)
    worst = {o: max(r[o] for r in ranks.values()) for o in ranks["balanced"]}
    mean = {o: sum(r[o] for r in ranks.values()) / 4 for o in worst}
    order = sorted(worst, key=lambda o: (worst[o], mean[o], o))
    assert [e["option"] for e in doc["options"]] == order
    assert [e["worst_rank"] for e in doc["options"]] == [worst[o] for o in order]
    assert [e["mean_rank"] for e in doc["options"]] == pytest.approx([mean[o] for o in order])
    robust = doc["robust_choice"]
    assert robust["option"] == order[0]
    assert robust["worst_rank"] == min(worst.values())
    assert robust["tied_on_worst_rank"] == [o for o in order[1:] if worst[o] == worst[order[0]]]


def test_profiles_table_reads_right(in_repo: Path) -> None:
    doc = json.loads(run_cli("profiles", "--format", "json").stdout)
    text = run_cli("profiles").stdout
    first = doc["options"][0]
    row = next(line for line in text.splitlines() if f"| {first['option']} " in line)
    for rank, score in zip(first["ranks"], first["scores"], strict=True):
        assert f"{rank} ({score * 100:.1f})" in row
    flat = " ".join(text.split())
    assert f"Robust choice: {first['title']} ({first['option']}): worst rank" in flat
    assert f"worst rank {first['worst_rank']} under any of the 4 profiles" in flat


def test_profiles_csv_matches_json(in_repo: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli("profiles", "--format", "csv").stdout)))
    doc = json.loads(run_cli("profiles", "--format", "json").stdout)
    assert [r["option"] for r in rows] == [e["option"] for e in doc["options"]]
    for row, entry in zip(rows, doc["options"], strict=True):
        for i, name in enumerate(PROFILES):
            assert int(row[f"{name}:rank"]) == entry["ranks"][i]
            assert float(row[f"{name}:score"]) == pytest.approx(entry["scores"][i], abs=1e-12)
        assert int(row["worst_rank"]) == entry["worst_rank"]


def test_profiles_markdown_tables_are_well_formed(in_repo: Path) -> None:
    text = run_cli("profiles", "--format", "markdown").stdout
    tables = [line for line in text.splitlines() if line.startswith("|")]
    main = [line for line in tables if line.count("|") == 8]  # option, 4 profiles, worst, mean
    taus = [line for line in tables if line.count("|") == 6]  # label + 4 profiles
    assert len(main) == 2 + 15
    assert len(taus) == 2 + 4
    assert "**Robust choice:**" in text


def test_profiles_subset_and_files(in_repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        (in_repo / "options/weights/deterrence-first.yaml").read_text(encoding="utf-8"), "utf-8"
    )
    doc = json.loads(
        run_cli("profiles", "-w", "balanced", "-w", str(mine), "--format", "json").stdout
    )
    assert [p["profile"] for p in doc["profiles"]] == ["balanced", str(mine)]
    full = json.loads(run_cli("profiles", "--format", "json").stdout)
    assert doc["kendall_tau_b"][0][1] == full["kendall_tau_b"][0][1]


def test_diff_numbers_match_policy_rank(in_repo: Path) -> None:
    doc = json.loads(
        run_cli("diff", "-w", "balanced", "-w", "deterrence-first", "--format", "json").stdout
    )
    a, b = ranked("balanced"), ranked("deterrence-first")
    rank_a = {e["option"]: e["rank"] for e in a["ranking"]}
    rank_b = {e["option"]: e["rank"] for e in b["ranking"]}
    score_a = {e["option"]: e["score"] for e in a["ranking"]}
    assert [m["option"] for m in doc["moves"]] == [e["option"] for e in b["ranking"]]
    for move in doc["moves"]:
        option = move["option"]
        assert (move["rank_a"], move["rank_b"]) == (rank_a[option], rank_b[option])
        assert move["move"] == rank_a[option] - rank_b[option]
        assert move["score_a"] == score_a[option]
    changed = {c["criterion"]: (c["a"], c["b"]) for c in doc["weight_changes"]}
    expected = {
        key: (a["weights"][key], b["weights"][key])
        for key in a["weights"]
        if a["weights"][key] != b["weights"][key]
    }
    assert changed == expected
    # balanced 3 of 10 raw; deterrence-first 6 of 6 + 1 + .5 + 1 + .5 + 1 = 10
    assert changed["deterrence"] == (pytest.approx(3 / 10), pytest.approx(6 / 10))
    assert doc["kendall_tau_b"] == pytest.approx(tau_b(rank_a, rank_b), abs=1e-12)
    # fms-air-defense: 6th under balanced, 1st under deterrence-first, by hand from the YAML
    for profile, place in (("balanced", 6), ("deterrence-first", 1)):
        by_hand = shipped_scores(profile)
        assert sorted(by_hand, key=lambda k: -by_hand[k]).index("fms-air-defense") + 1 == place
    fms = next(m for m in doc["moves"] if m["option"] == "fms-air-defense")
    assert (fms["rank_a"], fms["rank_b"], fms["move"]) == (6, 1, 5)
    table = run_cli("diff", "-w", "balanced", "-w", "deterrence-first").stdout
    row = next(line for line in table.splitlines() if "| fms-air-defense " in line)
    assert f"↑{fms['move']}" in row
    assert row.split("|")[3].strip() == str(fms["rank_a"])


def test_diff_with_overrides_in_a_file(in_repo: Path, tmp_path: Path) -> None:
    same = tmp_path / "same.yaml"
    same.write_text(
        (in_repo / "options/weights/balanced.yaml").read_text(encoding="utf-8"), "utf-8"
    )
    result = run_cli("diff", "-w", "balanced", "-w", str(same))
    assert result.exit_code == 0
    assert "The two profiles give every criterion the same normalised weight." in result.stdout
    assert "Kendall's tau-b: 1.00" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["profiles", "-w", "balancd"],
            "unknown weight profile 'balancd' (did you mean 'balanced'?)",
        ),
        (
            ["profiles", "-w", "balanced", "-w", "balanced"],
            "weight profile 'balanced' is given twice",
        ),
        (
            ["diff", "-w", "balanced"],
            "policy diff compares two rankings: give --weights twice (got 1)",
        ),
        (
            ["diff", "-w", "balanced", "-w", "diplomacy", "-w", "x"],
            "give --weights twice (got 3)",
        ),
        (["diff", "-w", "balanced", "-w", "diplomcy-first"], "(did you mean 'diplomacy-first'?)"),
    ],
)
def test_bad_input(in_repo: Path, tmp_path: Path, args: list[str], message: str) -> None:
    target = tmp_path / "out.md"
    result = run_cli(*args, "--output", str(target))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert result.stdout == ""
    assert not target.exists()


def test_diff_without_weights_is_a_usage_error(in_repo: Path) -> None:
    result = run_cli("diff")
    assert result.exit_code == 2
    assert "--weights" in result.stderr


def test_profiles_on_a_study_without_profiles(make_study: StudyFactory) -> None:
    folder = make_study(study=TINY_STUDY.replace("defaults:\n  weights: even\n", ""), profiles={})
    result = run_cli("profiles", "--study", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: the study has no weight profiles"
