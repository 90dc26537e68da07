"""`policy portfolio` with the study's conditions: a reference option as the baseline, a
modifier, requires_any, a red line, a ranged cost; --weight-info (RPM core index) and
--scenarios (packages across futures); JSON keys added, none renamed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import StudyFactory, run_cli

STUDY = """\
schema: 1
title: Conditions
sources:
  src:
    title: A source
reference: gamma
criteria:
  gain:
    name: Gain
    direction: higher_is_better
    scale: {min: 0, max: 10}
    threshold: 3
  delay:
    name: Delay
    direction: lower_is_better
    scale: {min: 0, max: 20}
    value_function: [[0, 1.0], [10, 0.5], [20, 0.0]]
  odds:
    name: Odds of success
    role: modifier
    direction: higher_is_better
    scale: {min: 0, max: 10}
    value_function: [[0, 0.0], [10, 1.0]]
resources:
  money: {name: Money, unit: $m, limit: 10}
defaults:
  weights: even
"""
OPTIONS = {
    "alpha": "title: Alpha\nscores: {gain: 8, delay: 10, odds: 5}\n"
    "costs: {money: {value: 4, range: [2, 8]}}\nrequires_any: [[beta, delta]]\n",
    "beta": "title: Beta\nscores: {gain: 4, delay: 0, odds: 10}\ncosts: {money: 4}\n",
    "gamma": "title: Gamma\nscores: {gain: 2, delay: 20, odds: 10}\n",
    "delta": "title: Delta\nscores: {gain: 1, delay: 5, odds: 8}\ncosts: {money: 2}\n",
}
PROFILES = {"even": "name: Even\nweights: {gain: 1, delay: 1}\n"}


@pytest.fixture
def study(make_study: StudyFactory) -> Path:
    folder = make_study(study=STUDY, options=OPTIONS, profiles=PROFILES)
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "slump.yaml").write_text(
        "name: Slump\nprobability: 0.5\nscores: {alpha: {gain: 3}, beta: {delay: 20}}\n"
    )
    return folder


def portfolio_json(study: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("portfolio", "--study", str(study), "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_reference_baseline_modifier_and_red_line(study: Path) -> None:
    doc = portfolio_json(study, "-n", "0")
    # from gamma (gain 2 -> 0.2, delay 20 -> 0), weights 1/2 each:
    # alpha 0.5 x (0.5 x (0.8 - 0.2) + 0.5 x 0.5) = 0.275; beta 1 x (0.5 x 0.2 + 0.5 x 1) = 0.6
    assert doc["best"]["options"] == ["alpha", "beta"]
    assert doc["best"]["value"] == pytest.approx(87.5)
    assert doc["reference"] == "gamma"
    assert doc["baseline_origin"] == {"gain": "reference", "delay": "reference"}
    assert doc["red_lines"] == {"delta": ["gain"]}
    assert doc["factors"] == {"alpha": 0.5, "beta": 1.0, "gamma": 1.0, "delta": 0.8}
    table = run_cli("portfolio", "--study", str(study), "-n", "0").stdout
    assert "baseline: the reference gamma (doing nothing new) on every criterion" in table
    assert "Kept out by a red line (threshold): delta (fails Gain)." in table


def test_requires_any_holds_and_require_overrides_a_red_line(study: Path) -> None:
    # without beta, alpha needs delta, which a red line keeps out: nothing is worth taking
    assert portfolio_json(study, "-n", "0", "--forbid", "beta")["best"]["options"] == []
    doc = portfolio_json(study, "-n", "0", "--forbid", "beta", "--require", "delta")
    assert doc["red_lines_required"] == {"delta": ["gain"]}
    assert doc["best"]["options"] == ["alpha", "delta"]
    table = run_cli(
        "portfolio", "--study", str(study), "-n", "0", "--forbid", "beta", "--require", "delta"
    ).stdout
    assert "Required (--require) despite a red line: delta (fails Gain)." in table


def test_the_reference_cannot_be_required(study: Path) -> None:
    result = run_cli("portfolio", "--study", str(study), "-n", "0", "--require", "gamma")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --require gamma: 'gamma' is the study's reference")


def test_robustness_draws_the_cost_and_keeps_the_old_key(study: Path) -> None:
    doc = portfolio_json(study, "-n", "2000")
    rob = doc["robustness"]
    assert rob["core_index"] == rob["best_package_share"]
    assert rob["uncertain_costs"] == 1
    # alpha (4, range 2..8, triangular) and beta (4) fit 10 while alpha costs <= 6:
    # P = 1 - (8 - 6)^2 / ((8 - 2)(8 - 4)) = 5/6; so the base package is over in 1/6
    assert rob["base_over_budget"] == pytest.approx(1 / 6, abs=0.04)
    table = run_cli("portfolio", "--study", str(study), "-n", "2000").stdout
    assert "Robustness: share of samples in the best package" in table
    assert "1 ranged cost drawn" in " ".join(table.split())
    assert "modifier factors as scored" in " ".join(table.split())


def test_weight_info_adds_the_rpm_core_index(study: Path) -> None:
    doc = portfolio_json(study, "-n", "0", "--weight-info", "none")
    rpm = doc["rpm"]
    assert rpm["weight_info"] == "none"
    # feasible: {}, {beta}, {alpha, beta} (delta red-lined, gamma the reference); with
    # vectors (gain, delay) (0, 0), (0.2, 1), (0.2 + 0.3, 1 + 0.25): {alpha, beta} dominates
    assert rpm["feasible_packages"] == 3
    assert rpm["non_dominated_packages"] == 1
    assert rpm["core_index"] == {"alpha": 1.0, "beta": 1.0, "gamma": 0.0, "delta": 0.0}
    table = run_cli("portfolio", "--study", str(study), "-n", "0", "--weight-info", "ordinal")
    assert "Robust Portfolio Modeling: core index (ordinal)" in table.stdout
    bad = run_cli("portfolio", "--study", str(study), "-n", "0", "--weight-info", "some")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: --weight-info some: expected none, ordinal or bounds:D")


def test_scenarios_gives_the_robust_packages(study: Path) -> None:
    result = run_cli("portfolio", "--study", str(study), "--scenarios", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # in the slump alpha adds 0.5 x (0.5 x 0.1 + 0.5 x 0.5) = 0.15, beta 0.5 x 0.2 = 0.1:
    # {alpha, beta} is still best in both futures (regret 0)
    assert [f["id"] for f in doc["futures"]] == ["base", "slump"]
    assert doc["minimax_regret"]["options"] == ["alpha", "beta"]
    assert doc["minimax_regret"]["values"] == pytest.approx({"base": 87.5, "slump": 25.0})
    assert doc["minimax_regret"]["max_regret"] == 0
    assert doc["expected_value"]["expected"] == pytest.approx(0.5 * 87.5 + 0.5 * 25.0)
    table = run_cli("portfolio", "--study", str(study), "--scenarios").stdout
    assert "minimax regret; maximin; expected value" in table
    assert "(the reference gamma alone: doing nothing new) is a candidate" in " ".join(
        table.split()
    )
    both = run_cli("portfolio", "--study", str(study), "--scenarios", "--scenario", "slump")
    assert both.exit_code == 2
    assert "drop --scenario" in both.stderr
