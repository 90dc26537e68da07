"""The opinion pool against independent computation: quantiles against a direct Monte
Carlo of the mixture, mean and variance against the closed form and numeric integration."""

from __future__ import annotations

import numpy as np
import pytest

from policy_options.core.study.judgements.distribution import Component, Pool

POOLS = [
    Pool((Component(1, 2, 6), Component(3, 5, 7), Component(0, 0.5, 2))),
    Pool((Component(2, 2, 8), Component(4, 4, 4))),  # a mode at an end; a point mass
    Pool(tuple(Component(a, a + 1, a + 3) for a in range(10))),
]


def direct_sample(pool: Pool, n: int, seed: int) -> np.ndarray:
    """Pick an analyst at random, then draw numpy's own triangular (no code of ours)."""
    rng = np.random.default_rng(seed)
    who = rng.integers(0, len(pool.components), n)
    out = np.empty(n)
    for k, c in enumerate(pool.components):
        mine = who == k
        if c.high == c.low:
            out[mine] = c.low
        else:
            out[mine] = rng.triangular(c.low, c.mode, c.high, int(mine.sum()))
    return out


@pytest.mark.parametrize("pool", POOLS)
def test_quantiles_match_a_direct_monte_carlo_of_the_mixture(pool: Pool) -> None:
    draws = direct_sample(pool, 400_000, 7)
    for p in (0.05, 0.25, 0.5, 0.75, 0.95):
        # a quantile's Monte Carlo error: sqrt(p(1-p)/n)/density, well under 0.02 here
        assert pool.ppf(p) == pytest.approx(np.quantile(draws, p), abs=0.02)
        assert pool.cdf(pool.ppf(p)) >= p - 1e-9  # the least x reaching p (a point mass jumps)


@pytest.mark.parametrize("pool", POOLS)
def test_mean_and_variance_in_closed_form(pool: Pool) -> None:
    # linear pool: mean = average of the means; variance = average of (var + mean^2) - mean^2,
    # the components' moments by integrating their densities numerically
    means, seconds = [], []
    for c in pool.components:
        if c.high == c.low:
            means.append(c.low)
            seconds.append(c.low**2)
            continue
        x = np.linspace(c.low, c.high, 200_001)
        pdf = np.where(
            x < c.mode,
            2 * (x - c.low) / ((c.high - c.low) * max(c.mode - c.low, 1e-300)),
            2 * (c.high - x) / ((c.high - c.low) * max(c.high - c.mode, 1e-300)),
        )
        means.append(np.trapezoid(x * pdf, x))
        seconds.append(np.trapezoid(x * x * pdf, x))
    mean = np.mean(means)
    assert pool.mean == pytest.approx(mean, abs=1e-6)
    assert pool.variance == pytest.approx(np.mean(seconds) - mean**2, abs=1e-5)
    draws = direct_sample(pool, 400_000, 11)
    assert pool.variance == pytest.approx(draws.var(), rel=0.02)
