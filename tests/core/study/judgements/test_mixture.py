"""The sampler's pooled cells: its draws (through the one sampler) against the pool's
own quantiles; a cell a scenario overrides no longer draws from the pool."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from policy_options.core.study.judgements.apply import apply_judgements
from policy_options.core.study.loading.load import load_study
from policy_options.core.uncertainty.sampling import cells_of, draw
from tests.core.study.judgements.test_disagreement import judged_study


def test_sampler_draws_pooled_cells_from_the_mixture(tmp_path: Path) -> None:
    pooled = apply_judgements(load_study(judged_study(tmp_path / "s")), "pooled")
    score = pooled.options["a"].spec.scores["gain"]
    assert score.range is not None
    cells = cells_of(
        pooled, ("gain", "cost"), [(0, 0, score.range[0], score.value, score.range[1])]
    )
    assert cells.pooled is not None
    raw = draw(cells, np.random.default_rng(3), 400_000, raw=True).raw
    assert raw is not None
    pool = pooled.judged.pools[("a", "gain")]
    for p in (0.02, 0.05, 0.3, 0.5, 0.7, 0.95, 0.98):
        assert np.quantile(raw[0], p) == pytest.approx(pool.ppf(p), abs=0.03)
    assert raw.min() >= 0
    assert raw.max() <= 10
    values = draw(cells, np.random.default_rng(3), 1000, raw=False).values
    assert values is not None
    raw_again = draw(cells, np.random.default_rng(3), 1000, raw=True).raw
    assert np.allclose(values, raw_again / 10)  # gain's value is linear on 0..10


def test_a_cell_whose_range_changed_draws_its_own_triangle(tmp_path: Path) -> None:
    pooled = apply_judgements(load_study(judged_study(tmp_path / "s")), "pooled")
    cells = cells_of(pooled, ("gain", "cost"), [(0, 0, 1.0, 5.5, 9.0)])
    assert cells.pooled is None
