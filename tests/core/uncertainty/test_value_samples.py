"""The inputs' bins: the quantile of each draw in its own triangular distribution."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.decision import decision
from policy_options.core.uncertainty.sampling import draw, generator, ranged_cells
from policy_options.core.uncertainty.settings import resolve_method
from policy_options.core.uncertainty.value_samples import (
    bin_centres,
    quantile_bins,
    rank_bins,
)

SHIPPED = Path(__file__).resolve().parents[3] / "options"


def test_bins_from_values_and_from_raw_scores_agree_and_are_equal_probability(
    tiny: Path,
) -> None:
    """The tiny study (a value function on the lower-is-better delay, a range on it and
    one on gain): bins read from the 0..1 values, from the raw scores, and by the
    triangular CDF computed by scipy all agree; each bin holds about 1/64 of the draws."""
    from scipy import stats

    study = load_study(tiny)
    weights = resolve_weights(study)
    problem = decision(study, weights, resolve_method(study), ranged_cells(study))
    cells = problem.cells
    assert cells is not None
    assert cells.value_functions
    size = 8192
    from_values = quantile_bins(cells, draw(cells, generator(1, 1, 0), size, False), 64)
    raw_draws = draw(cells, generator(1, 1, 0), size, True).raw
    assert raw_draws is not None
    from_raw = quantile_bins(cells, draw(cells, generator(1, 1, 0), size, True), 64)
    assert np.array_equal(from_values, from_raw)
    for i in range(cells.count):
        low, width = float(cells.low[i, 0]), float(cells.width[i, 0])
        cdf = stats.triang(float(cells.mode_share[i, 0]), loc=low, scale=width).cdf(raw_draws[i])
        expected = np.minimum(np.floor(cdf * 64), 63)
        assert np.mean(expected != from_raw[i]) < 1e-3  # rounding at a bin's edge only
        counts = np.bincount(from_raw[i], minlength=64)
        assert abs(counts - size / 64).max() < 5 * np.sqrt(size / 64)
    centres = bin_centres(cells, 64)
    assert np.all(np.diff(centres, axis=1) > 0)
    assert np.all(centres[:, 0] > cells.low[:, 0])
    assert np.all(centres[:, -1] < (cells.low + cells.width)[:, 0])


def test_rank_bins() -> None:
    values = np.random.default_rng(0).random((2, 640))
    codes, centres = rank_bins(values, 64)
    for row in range(2):
        assert np.array_equal(np.bincount(codes[row], minlength=64), np.full(64, 10))
        order = np.argsort(values[row])
        assert np.all(np.diff(codes[row][order].astype(int)) >= 0)
        for b in (0, 31, 63):
            assert centres[row, b] == np.mean(values[row][codes[row] == b])
