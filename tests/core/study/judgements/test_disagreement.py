"""The flip share against a brute-force grid over the pool's density, on small studies
whose scores are added up by hand here; the pooled study and the consensus of the
analysts' rankings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from policy_options.core.study.judgements.apply import apply_judgements
from policy_options.core.study.judgements.disagreement import GRID, disagreement
from policy_options.core.study.loading.load import load_study
from tests.conftest import write_study

STUDY = """\
schema: 1
title: Two criteria
criteria:
  gain: {name: Gain, direction: higher_is_better, scale: {min: 0, max: 10}}
  cost: {name: Cost, direction: lower_is_better, scale: {min: 0, max: 10}}
defaults: {weights: even}
"""
OPTIONS = {
    "a": "title: A\nscores: {gain: 6, cost: 4}\n",
    "b": "title: B\nscores: {gain: 5, cost: 3}\n",
    "c": "title: C\nscores: {gain: 2, cost: 1}\n",
}
PROFILES = {"even": "weights: {gain: 1, cost: 1}\n"}
JUDGEMENTS = {  # analyst -> option -> text
    "ann": {"a": "scores:\n  gain: {value: 7, lowest: 5, highest: 9, confidence: 80}\n"},
    "bob": {"a": "scores:\n  gain: {value: 4, lowest: 2, highest: 6, confidence: 50}\n"},
    "cy": {
        "a": "scores:\n  gain: {value: 5.5, lowest: 5, highest: 6, confidence: 90}\n",
        "b": "scores:\n  cost: 6\n",
    },
}


def judged_study(folder: Path) -> Path:
    write_study(folder, STUDY, OPTIONS, PROFILES)
    for analyst, files in JUDGEMENTS.items():
        (folder / "judgements" / analyst).mkdir(parents=True)
        for option, text in files.items():
            (folder / "judgements" / analyst / f"{option}.yaml").write_text(text)
    return folder


def triangle_pdf(x: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    up = np.where((x >= a) & (x < m), 2 * (x - a) / ((b - a) * max(m - a, 1e-300)), 0.0)
    down = np.where((x >= m) & (x <= b), 2 * (b - x) / ((b - a) * max(b - m, 1e-300)), 0.0)
    return up + down


def test_pooled_cell_is_the_median_with_the_pool_as_range(tmp_path: Path) -> None:
    study = load_study(judged_study(tmp_path / "s"))
    pooled = apply_judgements(study, "pooled")
    score = pooled.options["a"].spec.scores["gain"]
    assert score.value == 5.5  # median of 7, 4, 5.5
    pool = pooled.judged.pools[("a", "gain")]
    assert score.range == (pool.ppf(0.05), pool.ppf(0.95))
    # bob's [2, 6] at 50% becomes [4 - 2 * 80/50, 4 + 2 * 80/50] = [0.8, 7.2]
    assert (pool.components[1].low, pool.components[1].high) == pytest.approx((0.8, 7.2))
    # cy's 90% interval shrinks to 80%: [5.5 - 0.5 * 8/9, 5.5 + 0.5 * 8/9]
    assert pool.components[2].low == pytest.approx(5.5 - 0.5 * 8 / 9)
    assert pooled.options["b"].spec.scores["cost"].value == 6  # one analyst, a point
    assert pooled.options["c"].spec.scores == study.options["c"].spec.scores


def test_flip_share_matches_a_brute_force_grid(tmp_path: Path) -> None:
    study = load_study(judged_study(tmp_path / "s"))
    result = disagreement(study)
    cell = next(c for c in result.cells if (c.option, c.criterion) == ("a", "gain"))
    pool = apply_judgements(study, "pooled").judged.pools[("a", "gain")]
    # by hand: equal weights, linear values; b's cost pooled to 6 (cy's point)
    score_b = 0.5 * 0.5 + 0.5 * 0.4
    score_c = 0.5 * 0.2 + 0.5 * 0.9
    x = np.linspace(0, 10, 200_001)
    density = np.mean([triangle_pdf(x, c.low, c.mode, c.high) for c in pool.components], axis=0)
    score_a = 0.5 * x / 10 + 0.5 * 0.6
    base_a = 0.5 * 5.5 / 10 + 0.5 * 0.6
    base = "a" if base_a > max(score_b, score_c) else ("b" if score_b > score_c else "c")
    lead = np.where(score_a > np.maximum(score_b, score_c), "a", "b" if score_b > score_c else "c")
    expected = np.trapezoid(density * (lead != base), x) / np.trapezoid(density, x)
    assert result.leader == base
    assert cell.flip_share == pytest.approx(expected, abs=1.5 / GRID)
    assert 0 < cell.flip_share < 1


def test_rankings_side_by_side_and_consensus(tmp_path: Path) -> None:
    study = load_study(judged_study(tmp_path / "s"))
    result = disagreement(study)
    names = [name for name, _ in result.rankings]
    assert names == ["pooled", "ann", "bob", "cy"]
    for name, order in result.rankings[1:]:
        theirs = apply_judgements(study, name)
        from policy_options.core.ranking.rank import rank
        from policy_options.core.study.weights import resolve_weights

        assert order == tuple(r.option for r in rank(theirs, resolve_weights(theirs)).rows)
    assert result.consensus.method == "kemeny-young"
    assert sorted(result.consensus.order) == ["a", "b", "c"]
