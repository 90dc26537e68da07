"""Value of information against independent computation: a closed form, a nested Monte
Carlo, the bounds 0 <= EVPPI <= EVPI, an input with no range, the order of options."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from policy_options.core.uncertainty.settings import WeightModel
from policy_options.core.uncertainty.value import InputValue, value_of_information
from tests.core.uncertainty.test_stability import memory_study


def by_label(inputs: tuple[InputValue, ...]) -> dict[tuple[str, str | None, str | None], Any]:
    return {(i.kind, i.option, i.criterion): i for i in inputs}


def test_closed_form_one_uncertain_score_against_a_fixed_rival() -> None:
    """o00's score X ~ triangular(0.2, 0.5, 0.9) against o01's fixed c = 0.6 (scale 0..1,
    one criterion): EVPI = EVPPI(X) = E[max(X, c)] - max(E[X], c), by numerical integration."""
    low, mode, high, c = 0.2, 0.5, 0.9, 0.6
    study, weights = memory_study([[mode], [c]], [1.0], {(0, 0): (low, high)})
    result = value_of_information(study, weights, samples=200_000, seed=7)
    x = stats.triang((mode - low) / (high - low), loc=low, scale=high - low)
    expected = x.expect(lambda t: max(t, c)) - max(x.mean(), c)
    assert expected > 0.01  # a case with something to learn
    assert result.evpi == pytest.approx(expected, abs=4 * result.evpi_se)
    (only,) = result.inputs
    assert (only.kind, only.option, only.criterion) == ("score", "o00", "c0")
    # the estimator: a cubic through 64 bins of a kinked curve (max(x, c)); within 2%
    assert only.evppi == pytest.approx(expected, rel=0.02, abs=4 * result.evpi_se)
    assert only.above_noise
    (switch,) = only.switches
    assert switch.at == pytest.approx(c, abs=0.02)
    assert (switch.below, switch.above) == ("o01", "o00")
    assert result.expected_best == "o01"  # E[X] = 0.533 < 0.6


def nested_evppi(
    values: list[list[float]],
    weights: list[float],
    ranges: dict[tuple[int, int], tuple[float, float]],
    target: tuple[int, int],
    outer: int,
    inner: int,
    seed: int,
) -> tuple[float, float]:
    """EVPPI of ``target`` by a nested Monte Carlo (outer draws of it, inner draws of the
    rest), scoring the additive model by hand (scale 0..1: the value is the score); its SE."""
    rng = np.random.default_rng(seed)
    w = np.array(weights) / sum(weights)
    n, m = len(values), len(weights)

    def draw(j: int, k: int, size: int) -> np.ndarray:
        if (j, k) not in ranges:
            return np.full(size, values[j][k])
        low, high = ranges[j, k]
        return rng.triangular(low, values[j][k], high, size)

    means = np.zeros(n)
    for j in range(n):
        for k in range(m):
            low, high = ranges.get((j, k), (values[j][k], values[j][k]))
            means[j] += w[k] * (low + values[j][k] + high) / 3  # triangular mean, exactly
    pinned = draw(*target, outer)
    best = np.empty(outer)
    for o in range(outer):
        scores = np.zeros((n, inner))
        for j in range(n):
            for k in range(m):
                x = np.full(inner, pinned[o]) if (j, k) == target else draw(j, k, inner)
                scores[j] += w[k] * x
        best[o] = scores.mean(axis=1).max()
    return float(best.mean() - means.max()), float(best.std(ddof=1) / math.sqrt(outer))


def test_agrees_with_a_nested_monte_carlo() -> None:
    rng = np.random.default_rng(11)
    values = [[0.5, 0.6, 0.4], [0.55, 0.45, 0.5], [0.6, 0.5, 0.45]]
    ranges: dict[tuple[int, int], tuple[float, float]] = {}
    for j in range(3):
        for k in range(3):
            if rng.random() < 0.7:
                ranges[j, k] = (
                    values[j][k] - 0.3 * rng.random(),
                    values[j][k] + 0.3 * rng.random(),
                )
    ranges[0, 0] = (0.1, 0.9)  # the input under test: wide, on a close decision
    weights = [2.0, 1.0, 1.0]
    study, resolved = memory_study(values, weights, ranges)
    result = value_of_information(study, resolved, samples=100_000, seed=3)
    found = by_label(result.inputs)[("score", "o00", "c0")]
    nested, se = nested_evppi(values, weights, ranges, (0, 0), 1000, 4000, seed=5)
    assert nested > 5 * se  # worth something: the comparison is not of two noises
    # the nested estimate is biased up by max over noisy inner means (inner 4,000 draws:
    # about sd / sqrt(4000) ~ 0.002 at most); the regression's noise floor covers ours
    assert found.evppi == pytest.approx(nested, abs=3 * se + 0.002 + found.noise)
    # and here the additive model gives E[V_0 | x] = E[V_0] + w_0 (x - E[x]) exactly: the
    # EVPPI is a one-dimensional integral over the triangular x (scipy), to within 0.001
    w = np.array(weights) / sum(weights)
    means = np.zeros(3)
    for j in range(3):
        for k in range(3):
            low, high = ranges.get((j, k), (values[j][k], values[j][k]))
            means[j] += w[k] * (low + values[j][k] + high) / 3
    x = stats.triang((0.5 - 0.1) / 0.8, loc=0.1, scale=0.8)
    exact = x.expect(lambda t: max(means[0] + w[0] * (t - x.mean()), means[1], means[2]))
    assert found.evppi == pytest.approx(exact - means.max(), abs=0.001)


@st.composite
def random_studies(draw: Any) -> tuple[Any, Any, WeightModel | None]:
    n = draw(st.integers(2, 4))
    m = draw(st.integers(1, 3))
    grid = st.integers(0, 10).map(lambda x: x / 10)
    values = [[draw(grid) for _ in range(m)] for _ in range(n)]
    ranges = {}
    for j in range(n):
        for k in range(m):
            if draw(st.booleans()):
                low = draw(st.integers(0, int(values[j][k] * 10))) / 10
                high = draw(st.integers(int(values[j][k] * 10), 10)) / 10
                if low < high:
                    ranges[j, k] = (low, high)
    weights = [float(draw(st.integers(1, 4))) for _ in range(m)]
    study, resolved = memory_study(values, weights, ranges)
    model = draw(st.sampled_from([None, WeightModel.uniform]))
    return study, resolved, model


@settings(max_examples=25, deadline=None)
@given(random_studies(), st.integers(0, 2**31))
def test_evppi_is_between_zero_and_evpi(problem: Any, seed: int) -> None:
    """0 <= EVPPI exactly (the fits keep the means); EVPPI <= EVPI up to the estimator's
    tolerance: the input's noise floor (a smooth may overshoot the bins' own means)."""
    study, weights, model = problem
    result = value_of_information(study, weights, samples=4_000, seed=seed, weight_model=model)
    assert result.evpi >= 0
    for item in result.inputs:
        assert item.evppi >= 0
        assert item.evppi <= result.evpi + item.noise + 1e-9, item


def test_an_input_with_no_range_is_worth_nothing() -> None:
    """A score with no range is no input; one whose range cannot matter (its option far
    behind) is below the noise; an estimator given an input that never varies finds 0."""
    from policy_options.core.uncertainty import value_estimators

    values = [[0.9, 0.5], [0.85, 0.55], [0.1, 0.1]]
    ranges = {(0, 0): (0.6, 1.0), (1, 1): (0.3, 0.8), (2, 0): (0.0, 0.2)}
    study, weights = memory_study(values, [1.0, 1.0], ranges)
    result = value_of_information(study, weights, samples=50_000, seed=1)
    found = by_label(result.inputs)
    assert ("score", "o00", "c1") not in found  # no range: not an input
    assert not found[("score", "o02", "c0")].above_noise
    assert found[("score", "o02", "c0")].evppi <= found[("score", "o02", "c0")].noise
    scores = np.random.default_rng(0).random((3, 5000))
    constant = np.zeros((1, 5000), dtype=np.uint8)
    (fit,) = value_estimators.single(constant, np.linspace(0, 1, 64)[None], scores)
    assert fit.evppi == 0.0
    assert value_estimators.group(
        np.zeros((2, 5000), dtype=np.uint8), np.zeros((2, 64)), scores
    ) == pytest.approx(0.0, abs=1e-12)


def test_invariant_to_the_order_of_options() -> None:
    """Options listed in another order: the same values, by option id. With the uncertain
    scores all on one option the draws are the very same (exact); otherwise the same
    within Monte Carlo error."""
    values = [[0.5, 0.6], [0.55, 0.5], [0.6, 0.45]]
    exact_ranges = {(1, 0): (0.2, 0.9), (1, 1): (0.3, 0.8)}
    for ranges, tolerance in ((exact_ranges, 1e-12), ({**exact_ranges, (0, 0): (0.3, 0.7)}, None)):
        study, weights = memory_study(values, [1.0, 1.0], ranges)
        reordered = replace(study, options=dict(reversed(list(study.options.items()))))
        a = value_of_information(study, weights, samples=40_000, seed=2)
        b = value_of_information(reordered, weights, samples=40_000, seed=2)
        assert a.expected_best == b.expected_best
        assert set(a.decision) == set(b.decision)
        first, second = by_label(a.inputs), by_label(b.inputs)
        assert first.keys() == second.keys()
        if tolerance is not None:
            assert a.evpi == pytest.approx(b.evpi, abs=tolerance)
            for key, item in first.items():
                assert second[key].evppi == pytest.approx(item.evppi, abs=tolerance)
                assert [s.at for s in second[key].switches] == pytest.approx(
                    [s.at for s in item.switches], abs=tolerance
                )
        else:
            assert a.evpi == pytest.approx(b.evpi, abs=4 * math.hypot(a.evpi_se, b.evpi_se))
            for key, item in first.items():
                bound = 4 * math.hypot(a.evpi_se, b.evpi_se) + item.noise + second[key].noise
                assert second[key].evppi == pytest.approx(item.evppi, abs=bound)


def test_weights_count_as_inputs_with_a_weight_model() -> None:
    values = [[0.9, 0.1], [0.1, 0.9]]
    study, weights = memory_study(values, [1.0, 1.0], {(0, 0): (0.8, 1.0)})
    fixed = value_of_information(study, weights, samples=20_000, seed=1)
    assert {i.kind for i in fixed.inputs} == {"score"}
    drawn = value_of_information(
        study, weights, samples=20_000, seed=1, weight_model=WeightModel.uniform
    )
    found = by_label(drawn.inputs)
    weight = found[("weight", None, "c0")]
    # the weight decides everything here: it is worth about the EVPI, and the choice
    # switches where w0 * 0.9 + (1 - w0) * 0.1 = w0 * 0.1 + (1 - w0) * 0.9 (E of o00's c0)
    assert weight.evppi == pytest.approx(drawn.evpi, rel=0.05)
    (switch,) = weight.switches
    assert switch.at == pytest.approx(0.5, abs=0.03)
    assert found[("weights", None, None)].evppi == pytest.approx(drawn.evpi, rel=0.05)


def test_settings_are_checked() -> None:
    from policy_options.errors import UsageError

    study, weights = memory_study([[0.5], [0.6]], [1.0], {(0, 0): (0.2, 0.9)})
    with pytest.raises(UsageError, match="--samples"):
        value_of_information(study, weights, samples=0)
    with pytest.raises(UsageError, match="--concentration"):
        value_of_information(study, weights, concentration=5.0)
    with pytest.raises(UsageError, match="--seed"):
        value_of_information(study, weights, seed=-1)
