"""The integer program under a time limit: the best package found so far, feasible, with a
proven bound that lies between its value and the LP relaxation's optimum, and said so."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from policy_options.core.portfolio.analysis import portfolio
from policy_options.core.study.files.model import Study
from tests.core.portfolio.instances import make_study, weights_of


def _hard(n: int, resources: int, seed: int) -> Study:
    """A multi-dimensional knapsack whose values track its costs (the hard kind): half of
    every resource's total may be spent."""
    rng = random.Random(seed)
    criteria = {
        "gain": {"name": "Gain", "direction": "higher_is_better", "scale": {"min": 0, "max": 1000}}
    }
    options = {}
    for j in range(n):
        costs = {f"r{r}": rng.randint(20, 100) for r in range(resources)}
        gain = sum(costs.values()) / resources + rng.randint(0, 10)
        options[f"o{j:03d}"] = {"scores": {"gain": gain}, "costs": costs}
    limits = {
        f"r{r}": sum(o["costs"][f"r{r}"] for o in options.values()) / 2 for r in range(resources)
    }
    return make_study(criteria, options, limits, [])


def _lp_bound(study: Study) -> float:
    """The LP relaxation's optimum (0 <= x <= 1), in the value units of the result, by
    scipy's linprog straight from the study: no package is worth more."""
    ids = sorted(study.options)
    gains = np.array([study.options[o].spec.scores["gain"].value for o in ids]) / 1000
    resources = sorted(study.spec.resources)
    costs = np.array([[study.options[o].spec.costs[r].value for o in ids] for r in resources])
    limits = np.array([study.spec.resources[r].limit for r in resources])
    solved = linprog(-gains, A_ub=costs, b_ub=limits, bounds=(0, 1), method="highs")
    assert solved.status == 0
    return float(-solved.fun)


def test_time_limit_gives_the_best_package_so_far_and_its_gap() -> None:
    from policy_options.render.portfolio import engine_line
    from policy_options.render.portfolio import json as portfolio_json

    study = _hard(300, 4, seed=1)
    result = portfolio(study, weights_of({"gain": 1}), samples=0, time_limit=0.2)
    assert result.engine == "milp"
    assert result.bound is not None  # not proven optimal within 0.2 s
    assert result.gap is not None
    assert result.gap > 0
    assert result.gap == pytest.approx((result.bound - result.best.value) / result.bound)
    assert result.best.options  # a package was found
    assert result.best.value <= result.bound <= _lp_bound(study) + 1e-6
    for resource, limit in result.budget.items():  # the package is within every limit
        assert result.best.costs[resource] <= limit + 1e-9
    assert result.ties == ()
    assert result.runners_up == ()
    assert engine_line(result).startswith("NOT PROVEN OPTIMAL")
    document = json.loads(portfolio_json(result))
    assert document["optimal"] is False
    assert document["gap"] == pytest.approx(result.gap)
    assert document["time_limit"] == 0.2


def test_without_a_time_limit_the_integer_program_is_exact() -> None:
    """A small study solved to optimality says so: no bound, no gap."""
    study = _hard(41, 1, seed=3)
    result = portfolio(study, weights_of({"gain": 1}), samples=0, time_limit=None)
    assert result.engine == "milp"
    assert result.bound is None
    assert result.gap is None
    assert result.best.value <= _lp_bound(study) + 1e-9
