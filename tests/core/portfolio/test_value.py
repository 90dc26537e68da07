"""Value of information for the package, against a closed form and a brute-force Monte
Carlo written here (every feasible package valued sample by sample)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from scipy import stats

from policy_options.core.portfolio.value import package_value_of_information
from policy_options.errors import UsageError
from tests.core.portfolio.instances import make_study, weights_of

CRITERION = {"name": "c0", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}


def test_closed_form_one_slot_two_options() -> None:
    """Budget for one option: a's score X ~ triangular(2, 5, 9) against b's fixed 6 (baseline
    0 on a 0..10 scale, one criterion): EVPI = (E[max(X, 6)] - max(E[X], 6)) / 10."""
    criteria = {"c0": {**CRITERION, "baseline": 0}}
    options = {
        "a": {"scores": {"c0": {"value": 5, "range": [2, 9]}}, "costs": {"r": 1}},
        "b": {"scores": {"c0": 6}, "costs": {"r": 1}},
    }
    study = make_study(criteria, options, {"r": 1}, [])
    result = package_value_of_information(study, weights_of({"c0": 1.0}), samples=200_000, seed=4)
    x = stats.triang(3 / 7, loc=2, scale=7)
    expected = (x.expect(lambda t: max(t, 6.0)) - max(x.mean(), 6.0)) / 10
    assert result.packages
    assert result.expected_best == "b"
    assert set(result.decision) == {"a", "b"}
    assert result.evpi == pytest.approx(expected, abs=4 * result.evpi_se)
    (score,) = [i for i in result.inputs if i.kind == "score"]
    assert score.evppi == pytest.approx(expected, rel=0.03)
    (switch,) = score.switches
    assert switch.at == pytest.approx(6.0, abs=0.1)
    assert (switch.below, switch.above) == ("b", "a")


def brute_force_evpi(
    study: Any, raw: dict[str, float], samples: int, seed: int
) -> tuple[float, float]:
    """EVPI by valuing every feasible package in every sample (numpy triangular draws;
    linear values on 0..10, higher is better, baseline 0; no interactions)."""
    rng = np.random.default_rng(seed)
    keys = list(study.criteria)
    w = np.array([raw[k] for k in keys]) / sum(raw.values())
    ids = list(study.options)
    limit = {r: spec.limit for r, spec in study.spec.resources.items()}
    added = np.zeros((len(ids), samples))
    for j, option in enumerate(ids):
        for k, key in enumerate(keys):
            score = study.options[option].spec.scores[key]
            if score.range is not None and score.range[0] < score.range[1]:
                x = rng.triangular(score.range[0], score.value, score.range[1], samples)
            else:
                x = np.full(samples, float(score.value))
            added[j] += w[k] * x / 10
    packages = []
    for size in range(len(ids) + 1):
        for chosen in itertools.combinations(range(len(ids)), size):
            costs = {
                r: sum(
                    study.options[ids[j]].spec.costs[r].value
                    for j in chosen
                    if r in study.options[ids[j]].spec.costs
                )
                for r in limit
            }
            if all(costs[r] <= limit[r] + 1e-9 for r in limit):
                packages.append(list(chosen))
    values = np.array([added[p].sum(axis=0) if p else np.zeros(samples) for p in packages])
    regret = values.max(axis=0) - values[values.mean(axis=1).argmax()]
    return float(regret.mean()), float(regret.std(ddof=1) / math.sqrt(samples))


def test_agrees_with_a_brute_force_monte_carlo() -> None:
    rng = np.random.default_rng(3)
    criteria = {f"c{k}": {**CRITERION, "name": f"c{k}", "baseline": 0} for k in range(2)}
    options = {}
    for j in range(5):
        scores = {}
        for k in range(2):
            x = float(rng.integers(3, 8))
            scores[f"c{k}"] = {"value": x, "range": [x - 2.0, x + 2.0]} if rng.random() < 0.7 else x
        options[f"o{j}"] = {"scores": scores, "costs": {"r": float(rng.integers(1, 4))}}
    study = make_study(criteria, options, {"r": 5.0}, [])
    raw = {"c0": 2.0, "c1": 1.0}
    result = package_value_of_information(study, weights_of(raw), samples=100_000, seed=9)
    evpi, se = brute_force_evpi(study, raw, 100_000, seed=1)
    assert evpi > 5 * se
    assert result.evpi == pytest.approx(evpi, abs=4 * math.hypot(se, result.evpi_se))
    for item in result.inputs:
        assert 0 <= item.evppi <= result.evpi + item.noise + 1e-9


def test_ranged_costs_are_held_at_their_values() -> None:
    """A cost range does not let a package that does not fit its given costs be chosen."""
    criteria = {"c0": {**CRITERION, "baseline": 0}}
    options = {
        "a": {"scores": {"c0": {"value": 5, "range": [2, 9]}}, "costs": {"r": 1}},
        "b": {"scores": {"c0": 6}, "costs": {"r": {"value": 1, "range": [0.5, 1.5]}}},
    }
    study = make_study(criteria, options, {"r": 1.5}, [])
    result = package_value_of_information(study, weights_of({"c0": 1.0}), samples=20_000, seed=4)
    assert set(result.decision) == {"a", "b"}  # never "a + b", which fits only cheap b


def test_refused_without_resources_or_with_too_many_options() -> None:
    study = make_study({"c0": CRITERION}, {"a": {"scores": {"c0": 5}}}, {}, [])
    with pytest.raises(UsageError, match="no resources"):
        package_value_of_information(study, weights_of({"c0": 1.0}), samples=100)
    many = {f"o{j:02d}": {"scores": {"c0": 5}, "costs": {"r": 1}} for j in range(26)}
    study = make_study({"c0": CRITERION}, many, {"r": 3}, [])
    with pytest.raises(UsageError, match="at most 25 options"):
        package_value_of_information(study, weights_of({"c0": 1.0}), samples=100)
