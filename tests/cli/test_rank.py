"""`policy rank` on the shipped study: every format against its golden file, and the options."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_options.core.study.loading.load import load_study
from tests.conftest import run_cli, shipped_scores

NOT_OPTIONS = {"study", "interactions"}  # the other YAML files at the top of a study folder

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
        "agency=0",
        "--top",
        "5",
        "--format",
        fmt,
    )
    assert result.exit_code == 0, result.stderr
    golden(f"rank-moscow-set.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize(
    ("profile", "sets"),
    [
        ("balanced", {}),
        ("moscow-cautious", {"deterrence": 6, "agency": 0}),
        ("diplomacy-first", {}),
    ],
)
def test_rank_scores_match_the_yaml_by_hand(
    in_repo: Path, profile: str, sets: dict[str, float]
) -> None:
    """Every score against tests.conftest.shipped_scores (the YAML read and scored without
    the package: s_ref + m_i (s_i - s_ref)), with --set changing raw weights."""
    args = [arg for key, w in sets.items() for arg in ("--set", f"{key}={w}")]
    doc = json.loads(run_cli("rank", "-w", profile, *args, "--format", "json").stdout)
    by_hand = shipped_scores(profile, sets)
    assert {e["option"]: e["score"] for e in doc["ranking"]} == pytest.approx(by_hand, abs=1e-9)


def test_json_contract(in_repo: Path) -> None:
    doc = json.loads(run_cli("rank", "--format", "json").stdout)
    assert doc["schema"] == 1
    assert doc["method"] == "additive"
    assert doc["profile"] == "balanced"
    assert doc["study"] == "U.S. options to support Armenia's security"
    assert abs(sum(doc["weights"].values()) - 1) < 1e-9
    ranking = doc["ranking"]
    options = [p for p in (in_repo / "options").glob("*.yaml") if p.stem not in NOT_OPTIONS]
    assert len(ranking) == len(options) == 15
    # with modifiers and a reference (status-quo): contribution = r_k + m (w_k v_k - r_k),
    # r_k the reference's own w_k v_k, m the option's factor
    reference = next(e for e in ranking if e["option"] == doc["reference"]["option"])
    for entry in ranking:
        assert set(entry) >= {"rank", "option", "title", "score", "values", "contributions"}
        assert 0 <= entry["score"] <= 1
        total = sum(entry["contributions"].values())
        assert abs(total - entry["score"]) < 1e-9
        for key, value in entry["values"].items():
            r = doc["weights"][key] * reference["values"][key]
            expected = r + entry["factor"] * (doc["weights"][key] * value - r)
            assert abs(entry["contributions"][key] - expected) < 1e-9
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)


def test_csv_contract(in_repo: Path) -> None:
    rows = list(csv.reader(io.StringIO(run_cli("rank", "--format", "csv").stdout)))
    doc = json.loads(run_cli("rank", "--format", "json").stdout)
    assert rows[0][:6] == ["rank", "option", "title", "score", "factor", "gain_over_reference"]
    assert rows[0][6:] == list(load_study(in_repo / "options").criteria)  # in study order
    for row, entry in zip(rows[1:], doc["ranking"], strict=True):
        assert row[1] == entry["option"]
        assert float(row[3]) == pytest.approx(entry["score"], abs=1e-12)


def test_markdown_table_is_well_formed(in_repo: Path) -> None:
    text = run_cli("rank", "--format", "markdown").stdout
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 15
    # rank, option, stance, score, factor, vs reference, largest contributions: 7 columns
    widths = {line.replace("\\|", "").count("|") for line in table}
    assert widths == {8}
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
    full = json.loads(run_cli("rank", "--format", "json").stdout)
    # the top two, and the reference (status-quo) wherever it ranks: the line they are read against
    reference = next(e["rank"] for e in full["ranking"] if e["option"] == "status-quo")
    assert reference > 2
    assert [e["rank"] for e in doc["ranking"]] == [1, 2, reference]


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


MODIFIED_STUDY = """\
schema: 1
title: Reference study
criteria:
  gain:
    name: Gain
    direction: higher_is_better
    scale: {min: 0, max: 10}
    unit: points
    threshold: 3
  delay:
    name: Delay
    direction: lower_is_better
    scale: {min: 0, max: 20}
    unit: months
    value_function: [[0, 1.0], [10, 0.5], [20, 0.0]]
  odds:
    name: Chance of adoption
    direction: higher_is_better
    scale: {min: 0, max: 1}
    role: modifier
    value_function: [[0, 0.0], [1, 1.0]]
reference: gamma
defaults:
  weights: even
"""

MODIFIED_OPTIONS = {
    "alpha": "title: Alpha\nstance: recommended\nscores: {gain: 8, delay: 10, odds: 1}\n",
    "beta": "title: Beta\nstance: rejected\nscores: {gain: 4, delay: 0, odds: 0.5}\n",
    "gamma": "title: Gamma\nstance: in_place\nscores: {gain: 2, delay: 20, odds: 1}\n",
    "delta": "title: Delta\nstance: recommended\nscores: {gain: 1, delay: 19, odds: 0.8}\n",
}


def modified_study(make_study: Callable[..., Path]) -> Path:
    return make_study(study=MODIFIED_STUDY, options=MODIFIED_OPTIONS)


# By hand, weights 1/2 each: weighted sums alpha .5*.8 + .5*.5 = .65, beta .5*.4 + .5*1 = .70,
# gamma .5*.2 + 0 = .10, delta .5*.1 + .5*.05 = .075; with the reference gamma (s_ref = .10)
# score = s_ref + m (s - s_ref), factors 1, .5, 1, .8: alpha .10 + 1 * .55 = .65,
# beta .10 + .5 * .60 = .40, gamma .10, delta .10 + .8 * (-.025) = .08.
BY_HAND = {"alpha": 0.65, "beta": 0.40, "gamma": 0.10, "delta": 0.08}
FACTORS = {"alpha": 1.0, "beta": 0.5, "gamma": 1.0, "delta": 0.8}


def test_reference_gain_and_factor_in_json(make_study: Callable[..., Path]) -> None:
    doc = json.loads(run_cli("rank", "-s", str(modified_study(make_study)), "-f", "json").stdout)
    assert doc["reference"]["option"] == "gamma"
    assert doc["reference"]["score"] == pytest.approx(BY_HAND["gamma"], abs=1e-12)
    rows = {entry["option"]: entry for entry in doc["ranking"]}
    for key, score in BY_HAND.items():
        assert rows[key]["score"] == pytest.approx(score, abs=1e-12)
        assert rows[key]["factor"] == pytest.approx(FACTORS[key], abs=1e-12)
        assert rows[key]["gain"] == pytest.approx(score - BY_HAND["gamma"], abs=1e-12)
    assert {k: rows[k]["fails"] for k in BY_HAND} == {
        "alpha": [],
        "beta": [],
        "gamma": ["gain"],
        "delta": ["gain"],
    }
    # the verdict check: beta (rejected) ranks 2nd of 4, in the top third (ranks <= ceil(4/3)
    # = 2); delta (recommended) is below the reference and last
    kinds = {(f["option"], f["kind"]) for f in doc["verdict_check"]}
    assert kinds == {("beta", "top_third"), ("delta", "below_reference"), ("delta", "last")}
    below = next(f for f in doc["verdict_check"] if f["kind"] == "below_reference")
    assert below["gain"] == pytest.approx(BY_HAND["delta"] - BY_HAND["gamma"], abs=1e-12)
    assert set(below) == {
        "option", "stance", "kind", "severity", "rank", "score", "gain", "drivers", "departs"
    }  # fmt: skip


def test_reference_line_gain_column_and_red_lines_on_the_terminal(
    make_study: Callable[..., Path],
) -> None:
    out = run_cli("rank", "-s", str(modified_study(make_study))).stdout
    lines = out.splitlines()
    reference = next(line for line in lines if "reference: Gamma" in line)
    assert reference.startswith("|   | — reference: Gamma")  # no rank number
    assert "|  10.0 |" in reference
    assert "|    reference |" in reference
    alpha = next(line for line in lines if "| Alpha" in line)
    # gain over the reference: 65.0 - 10.0 = +55.0 points; factor x1.00
    assert "+55.0" in alpha
    assert "×1.00" in alpha
    beta = next(line for line in lines if "| Beta" in line)
    assert "+30.0" in beta  # 40.0 - 10.0
    assert "×0.50" in beta
    delta = next(line for line in lines if "| Delta" in line)
    assert "-2.0" in delta  # 8.0 - 10.0
    assert "×0.80" in delta
    assert "worse than doing nothing" in out
    assert out.count("fails threshold: gain") == 2
    assert "delta fails the red line on Gain: 1 < 3 points" in out
    assert "gamma fails the red line on Gain: 2 < 3 points" in out
    assert "Factor: the product of the option's modifiers" in out
    assert lines[-1] == "verdict check: 3 warnings — run policy validate"


def test_reference_in_markdown_and_csv(make_study: Callable[..., Path]) -> None:
    folder = str(modified_study(make_study))
    page = run_cli("rank", "-s", folder, "-f", "markdown").stdout
    assert "| Rank | Option | Stance | Score | Factor | vs reference |" in page
    assert "|   | **— reference:** Gamma (`gamma`)" in page
    rows = list(csv.DictReader(io.StringIO(run_cli("rank", "-s", folder, "-f", "csv").stdout)))
    for row in rows:
        assert float(row["factor"]) == pytest.approx(FACTORS[row["option"]], abs=1e-12)
        gain = BY_HAND[row["option"]] - BY_HAND["gamma"]
        assert float(row["gain_over_reference"]) == pytest.approx(gain, abs=1e-12)
    assert next(r for r in rows if r["option"] == "gamma")["rank"] == ""


def test_top_keeps_the_reference_line(make_study: Callable[..., Path]) -> None:
    folder = str(modified_study(make_study))
    doc = json.loads(run_cli("rank", "-s", folder, "--top", "1", "-f", "json").stdout)
    assert [row["option"] for row in doc["ranking"]] == ["alpha", "gamma"]


def test_a_single_verdict_warning_is_shown_whole(make_study: Callable[..., Path]) -> None:
    """No reference, delta doubted: only beta (rejected, 2nd of 4, top third) contradicts
    its stance. Its drivers are its contributions times its factor .5: delay .5 * 1 * .5 =
    25.0 points, gain .5 * .4 * .5 = 10.0 points."""
    doubted = MODIFIED_OPTIONS["delta"].replace("recommended", "doubted")
    options = {**MODIFIED_OPTIONS, "delta": doubted}
    folder = make_study(study=MODIFIED_STUDY.replace("reference: gamma\n", ""), options=options)
    out = run_cli("rank", "-s", str(folder)).stdout
    assert out.splitlines()[-1] == (
        "verdict check: beta: the source's stance is rejected, but the model ranks it 2nd of 4,"
        " in the top third (1st to 2); driven by delay 0 months (+25.0), gain 4 points (+10.0)"
    )
    assert "vs reference" not in out
    assert "worse than doing nothing" not in out
