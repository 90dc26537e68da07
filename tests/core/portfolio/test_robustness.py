"""Cost ranges in robustness: each sample draws the ranged costs (triangular: low, the
cost, high), and a package over a limit at the drawn costs cannot be best there; the
shares are checked against the triangular distribution's closed-form CDF."""

from __future__ import annotations

import math

import pytest

from policy_options.core.portfolio.analysis import portfolio
from tests.core.portfolio.instances import make_study, weights_of

CRITERIA = {
    "gain": {"name": "gain", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}
}


def triangular_cdf(x: float, low: float, mode: float, high: float) -> float:
    if x <= mode:
        return (x - low) ** 2 / ((high - low) * (mode - low))
    return 1 - (high - x) ** 2 / ((high - low) * (high - mode))


def _study(limit: float) -> object:
    options = {
        # a is worth more; its cost is uncertain: triangular(0, 2, 10)
        "a": {"scores": {"gain": 9}, "costs": {"money": {"value": 2, "range": [0, 10]}}},
        "b": {"scores": {"gain": 3}, "costs": {"money": 4}},
    }
    return make_study(CRITERIA, options, {"money": limit}, [])


@pytest.mark.parametrize(("engine", "samples"), [("enumeration", 40_000), ("milp", 800)])
def test_a_package_over_budget_at_the_drawn_costs_cannot_win(engine: str, samples: int) -> None:
    # limit 5: a fits when its cost <= 5 (then {a}, or {a, b} when its cost <= 1)
    study = _study(5.0)
    result = portfolio(study, weights_of({"gain": 1.0}), samples=samples, engine=engine)  # type: ignore[arg-type]
    rob = result.robustness
    assert rob is not None
    assert rob.uncertain_costs == 1
    assert result.best.options == ("a",)
    p_fits = triangular_cdf(5, 0, 2, 10)  # 0.6875
    p_both = triangular_cdf(1, 0, 2, 10)  # a and b together: a's cost <= 1
    sigma = math.sqrt(0.25 / samples)
    assert rob.core_index["a"] == pytest.approx(p_fits, abs=4 * sigma)
    # b is best alone when a does not fit, and with a when a costs <= 1
    assert rob.core_index["b"] == pytest.approx(1 - p_fits + p_both, abs=4 * sigma)
    assert rob.base_over_budget == pytest.approx(1 - p_fits, abs=4 * sigma)
    assert rob.best_stays == pytest.approx(p_fits - p_both, abs=4 * sigma)
    assert rob.no_package == 0


def test_fixed_scores_keep_the_costs_too() -> None:
    result = portfolio(_study(5.0), weights_of({"gain": 1.0}), samples=1000, fixed_scores=True)  # type: ignore[arg-type]
    rob = result.robustness
    assert rob is not None
    assert rob.uncertain_costs == 0
    assert rob.core_index["a"] == 1.0
    assert rob.base_over_budget == 0.0


def test_samples_in_which_nothing_fits_are_counted() -> None:
    # a is required; in the samples where its cost tops the limit of 3 nothing fits
    study = _study(3.0)
    samples = 20_000
    result = portfolio(study, weights_of({"gain": 1.0}), samples=samples, require=["a"])  # type: ignore[arg-type]
    rob = result.robustness
    assert rob is not None
    sigma = math.sqrt(0.25 / samples)
    assert rob.no_package / samples == pytest.approx(1 - triangular_cdf(3, 0, 2, 10), abs=4 * sigma)
    assert rob.core_index["a"] == pytest.approx(triangular_cdf(3, 0, 2, 10), abs=4 * sigma)
