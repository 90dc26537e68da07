"""Monte Carlo at scale: memory-budget chunks, part-of-a-block draws, the pairwise scope."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from policy_options.core.methods import Method
from policy_options.core.uncertainty import montecarlo as mc
from policy_options.core.uncertainty import montecarlo_chunks as chunks
from policy_options.core.uncertainty import sampling
from policy_options.core.uncertainty.montecarlo import BLOCK, smaa
from policy_options.core.uncertainty.settings import PAIRWISE_TOP, WeightModel
from policy_options.core.uncertainty.vectorised import scorer
from policy_options.errors import UsageError
from policy_options.render import writers
from policy_options.render.jsonout_sensitivity import montecarlo_json
from policy_options.render.views.montecarlo import montecarlo
from tests.core.uncertainty.test_montecarlo import check_invariants
from tests.core.uncertainty.test_stability import memory_study


def random_study(n: int, m: int, seed: int, ranged: float = 0.0) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 11, (n, m)) / 10
    ranges = {}
    for j in range(n):
        for i in range(m):
            if rng.random() < ranged:
                v = values[j, i]
                ranges[j, i] = (max(0.0, v - 0.15), min(1.0, v + 0.1))
    weights = [float(x) for x in rng.integers(1, 5, m)]
    return memory_study(values.tolist(), weights, ranges)


@pytest.mark.parametrize(("start", "stop"), [(0, 1), (0, 100), (37, 5000), (8000, 8192)])
@pytest.mark.parametrize("raw", [False, True])
def test_draw_part_gives_the_columns_of_the_whole_block(start: int, stop: int, raw: bool) -> None:
    study, weights = random_study(6, 3, 1, ranged=0.6)
    problem = mc._problem(study, weights, fixed_scores=False)
    assert problem.cells is not None
    whole = sampling.draw(problem.cells, sampling.generator(4, 1, 2), BLOCK, raw)
    part = sampling.draw_part(problem.cells, sampling.generator(4, 1, 2), BLOCK, raw, start, stop)
    expected = whole.raw if raw else whole.values
    got = part.raw if raw else part.values
    assert expected is not None
    assert got is not None
    assert np.array_equal(got, expected[:, start:stop])


@pytest.mark.parametrize("method", list(Method))
def test_any_chunk_gives_byte_identical_results(method: Method) -> None:
    """Parts of a block (what a small memory budget picks) change nothing."""
    study, weights = random_study(7, 3, 2, ranged=0.4)
    documents = {
        montecarlo_json(
            smaa(
                study, weights, method=method, samples=BLOCK + 1500, seed=3, chunk_size=chunk,
                confidence_samples=900,
            )
        )
        for chunk in (None, 777, BLOCK, 3 * BLOCK)
    }  # fmt: skip
    assert len(documents) == 1
    single = smaa(study, weights, method=method, samples=300, seed=3, chunk_size=1)
    assert montecarlo_json(single) == montecarlo_json(
        smaa(study, weights, method=method, samples=300, seed=3, chunk_size=BLOCK)
    )


def test_the_budget_picks_smaller_chunks_for_larger_studies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    study, weights = random_study(40, 5, 3, ranged=0.3)
    problem = mc._problem(study, weights, fixed_scores=False)
    small = chunks.chunk_width(None, problem, scorer(problem), 30)
    big_study, big_weights = random_study(400, 5, 3, ranged=0.3)
    big = mc._problem(big_study, big_weights, fixed_scores=False)
    assert chunks.chunk_width(None, big, scorer(big), 30) < small
    # a budget so small that a block is scored in many parts: the same numbers
    monkeypatch.setattr(chunks, "MEMORY_BUDGET", 200_000)
    assert chunks.chunk_width(None, problem, scorer(problem), 30) < 1000
    tight = montecarlo_json(smaa(study, weights, samples=3000, seed=5, confidence_samples=500))
    monkeypatch.undo()
    roomy = montecarlo_json(smaa(study, weights, samples=3000, seed=5, confidence_samples=500))
    assert tight == roomy


def slow_counts(study: Any, weights: Any, samples: int, seed: int) -> tuple[Any, Any]:
    """Rank counts and pair counts, one sample at a time, from the same weight draws."""
    problem = mc._problem(study, weights, fixed_scores=True)
    draw = sampling.weight_sampler(problem.profile, WeightModel.uniform, None, seed)
    n = len(problem.ids)
    counts = np.zeros((n, n), dtype=np.int64)
    above = np.zeros((n, n), dtype=np.int64)
    for b, _, size in sampling.blocks(0, samples):
        scores = problem.values @ draw(b, size)
        for s in range(size):
            order = sorted(range(n), key=lambda j: (-scores[j, s], j))
            for place, j in enumerate(order):
                counts[j, place] += 1
                above[j, order[place + 1 :]] += 1
    return counts, above


def test_over_100_options_the_pairwise_matrix_covers_the_top_30() -> None:
    study, weights = random_study(120, 4, 4)
    result = smaa(study, weights, samples=600, seed=8, fixed_scores=True)
    check_invariants(result)
    assert result.pairwise_scope == "top"
    top = tuple(row.option for row in result.ranking.rows[:PAIRWISE_TOP])
    assert result.pairwise_options == top
    assert set(result.pairwise) == set(top)
    counts, above = slow_counts(study, weights, 600, 8)
    ids = list(study.options)
    for row in result.options:
        assert row.acceptability == tuple(c / 600 for c in counts[ids.index(row.option)])
    for a, others in result.pairwise.items():
        assert set(others) == set(top) - {a}
        for b, share in others.items():
            assert share == above[ids.index(a), ids.index(b)] / 600
    every = smaa(study, weights, samples=600, seed=8, fixed_scores=True, pairwise="all")
    assert every.pairwise_scope == "all"
    assert len(every.pairwise) == 120
    assert every.pairwise[top[0]][top[1]] == result.pairwise[top[0]][top[1]]
    assert [r.acceptability for r in every.options] == [r.acceptability for r in result.options]


def test_pairwise_choices_and_their_output() -> None:
    study, weights = random_study(12, 3, 5)
    top = smaa(study, weights, samples=500, pairwise="top:3")
    assert (top.pairwise_scope, len(top.pairwise_options)) == ("top", 3)
    assert "only the pairs among the top 3 of the 12 options" in writers.write(
        montecarlo(top), "markdown"
    )
    assert writers.write(montecarlo(top), "csv").splitlines()[0].count("above_") == 3
    assert '"pairwise_scope": "top"' in montecarlo_json(top)
    none = smaa(study, weights, samples=500, pairwise="none")
    assert (none.pairwise_scope, none.pairwise) == ("none", {})
    assert "Pairwise matrix not computed" in writers.write(montecarlo(none), "markdown")
    assert "above_" not in writers.write(montecarlo(none), "csv")
    assert smaa(study, weights, samples=500, pairwise="top:50").pairwise_scope == "all"
    for bad in ("top:0", "top:x", "some"):
        with pytest.raises(UsageError, match="--pairwise must be all, none or top:K"):
            smaa(study, weights, samples=10, pairwise=bad)
