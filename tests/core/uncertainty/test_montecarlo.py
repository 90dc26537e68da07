"""SMAA-2: the analytic case, invariants, chunk-size independence, and a slow loop that agrees."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.methods import additive
from policy_options.core.ranking.rank import value_matrix
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty import montecarlo as mc
from policy_options.core.uncertainty import sampling
from policy_options.core.uncertainty.montecarlo import BLOCK, MonteCarlo, smaa
from policy_options.core.uncertainty.settings import MAX_SAMPLES, WeightModel
from policy_options.errors import UsageError
from policy_options.render.jsonout_sensitivity import montecarlo_json
from tests.core.uncertainty.test_stability import analytic_study, memory_study

N = 20_000


def rows(result: MonteCarlo) -> dict[str, Any]:
    return {row.option: row for row in result.options}


def test_analytic_case(tmp_path: Path) -> None:
    study = load_study(analytic_study(tmp_path / "analytic"))
    result = smaa(study, resolve_weights(study), samples=N)
    a, b = rows(result)["a"], rows(result)["b"]
    se = math.sqrt(0.4 * 0.6 / N)
    assert a.first == pytest.approx(0.4, abs=4 * se)
    assert b.first == pytest.approx(0.6, abs=4 * se)
    assert a.central_weights == pytest.approx({"c1": 0.8, "c2": 0.2}, abs=0.01)
    assert b.central_weights == pytest.approx({"c1": 0.3, "c2": 0.7}, abs=0.01)
    assert (a.confidence, b.confidence) == (1.0, 1.0)
    assert result.confidence_samples == 0  # no ranges: confidence is exact
    assert not result.score_uncertainty
    assert result.pairwise["a"]["b"] == pytest.approx(a.first)
    assert [row.option for row in result.options] == ["b", "a"]  # base-ranking order
    assert a.acceptability_se[0] == pytest.approx(math.sqrt(a.first * (1 - a.first) / N))


def slow_smaa(
    study: Any, weights: Any, samples: int, seed: int, model: WeightModel
) -> dict[str, Any]:
    """One sample at a time in plain Python, from the same draws: ranks, pairs, central weights."""
    problem = mc._problem(study, weights, fixed_scores=False)
    draw = sampling.weight_sampler(
        problem.profile, model, 20.0 if model is WeightModel.profile else None, seed
    )
    ids = list(study.options)
    keys = list(study.criteria)
    table = value_matrix(study)
    n = len(ids)
    counts = {o: [0] * n for o in ids}
    pairs = {a: dict.fromkeys(ids, 0) for a in ids}
    central = {o: dict.fromkeys(keys, 0.0) for o in ids}
    cells = problem.cells
    for b, _, size in sampling.blocks(0, samples):
        w_block = draw(b, size)
        v_block = (
            None
            if cells is None
            else sampling.draw_values(cells, sampling.generator(seed, 1, b), size)
        )
        for s in range(size):
            w = dict.fromkeys(keys, 0.0)
            for i, key in enumerate(problem.active):
                w[key] = float(w_block[i, s])
            values = {o: dict(table[o]) for o in ids}
            if cells is not None and v_block is not None:
                for c in range(cells.count):
                    option, key = ids[cells.option[c]], problem.active[cells.criterion[c]]
                    values[option][key] = float(v_block[c, s])
            score = {
                o: additive.score([values[o][k] for k in keys], [w[k] for k in keys]) for o in ids
            }
            order = sorted(ids, key=lambda o: (-score[o], o))
            for place, option in enumerate(order):
                counts[option][place] += 1
                for other in order[place + 1 :]:
                    pairs[option][other] += 1
            for key in keys:
                central[order[0]][key] += w[key]
    return {"counts": counts, "pairs": pairs, "central": central}


@pytest.mark.parametrize("model", list(WeightModel))
def test_agrees_with_a_slow_loop(tiny: Path, model: WeightModel) -> None:
    study = load_study(tiny)
    weights = resolve_weights(study)
    samples = 3000
    fast = smaa(study, weights, samples=samples, seed=5, weight_model=model)
    slow = slow_smaa(study, weights, samples, 5, model)
    for row in fast.options:
        counts = slow["counts"][row.option]
        assert row.acceptability == tuple(c / samples for c in counts)
        if counts[0]:
            expected = {k: v / counts[0] for k, v in slow["central"][row.option].items()}
            assert row.central_weights == pytest.approx(expected, rel=1e-12, abs=1e-12)
        else:
            assert row.central_weights is None
        assert row.expected_rank == pytest.approx(
            sum((r + 1) * c for r, c in enumerate(counts)) / samples
        )
    for a, others in fast.pairwise.items():
        for b, p in others.items():
            assert p == slow["pairs"][a][b] / samples


def test_confidence_agrees_with_a_slow_loop(tiny: Path) -> None:
    study = load_study(tiny)
    weights = resolve_weights(study)
    result = smaa(study, weights, samples=2000, seed=9, confidence_samples=1500)
    assert result.confidence_samples == 1500
    problem = mc._problem(study, weights, fixed_scores=False)
    assert problem.cells is not None
    ids = list(study.options)
    keys = list(study.criteria)
    table = value_matrix(study)
    for row in result.options:
        if row.central_weights is None:
            assert row.confidence is None
            continue
        wins = 0
        for b, _, size in sampling.blocks(0, 1500):
            v = sampling.draw_values(problem.cells, sampling.generator(9, 2, b), size)
            for s in range(size):
                values = {o: dict(table[o]) for o in ids}
                for c in range(problem.cells.count):
                    option = ids[problem.cells.option[c]]
                    values[option][problem.active[problem.cells.criterion[c]]] = float(v[c, s])
                score = {
                    o: additive.score(
                        [values[o][k] for k in keys], [row.central_weights[k] for k in keys]
                    )
                    for o in ids
                }
                wins += min(ids, key=lambda o: (-score[o], o)) == row.option
        assert row.confidence == wins / 1500


def check_invariants(result: MonteCarlo) -> None:
    n = len(result.options)
    for row in result.options:
        assert math.fsum(row.acceptability) == pytest.approx(1.0, abs=1e-12)
        assert row.first == row.acceptability[0]
        assert 1 <= row.expected_rank <= n
        if row.central_weights is not None:
            assert math.fsum(row.central_weights.values()) == pytest.approx(1.0)
            assert row.confidence is not None
            assert 0 <= row.confidence <= 1
        for key, w in result.ranking.weights.normalised.items():
            if w == 0 and row.central_weights is not None:
                assert row.central_weights[key] == 0.0
    for r in range(n):
        assert math.fsum(row.acceptability[r] for row in result.options) == pytest.approx(
            1.0, abs=1e-12
        )
    for a, others in result.pairwise.items():
        for b, p in others.items():
            assert p + result.pairwise[b][a] == pytest.approx(1.0, abs=1e-12)


@st.composite
def uncertain_problems(draw: Any) -> tuple[Any, Any, WeightModel]:
    n = draw(st.integers(2, 5))
    m = draw(st.integers(1, 4))
    grid = st.integers(0, 10).map(lambda x: x / 10)
    values = [[draw(grid) for _ in range(m)] for _ in range(n)]
    ranges = {}
    for j in range(n):
        for i in range(m):
            if draw(st.booleans()):
                low = draw(st.integers(0, int(values[j][i] * 10))) / 10
                high = draw(st.integers(int(values[j][i] * 10), 10)) / 10
                ranges[j, i] = (low, high)
    weights = [float(draw(st.integers(0, 4))) for _ in range(m)]
    if not any(weights):
        weights[-1] = 2.0
    study, resolved = memory_study(values, weights, ranges)
    return study, resolved, draw(st.sampled_from(list(WeightModel)))


@settings(max_examples=25, deadline=None)
@given(uncertain_problems(), st.integers(0, 2**32))
def test_invariants_and_chunk_size_independence(problem: Any, seed: int) -> None:
    study, weights, model = problem
    documents = set()
    for chunk in (BLOCK, 1000, 8 * BLOCK, None):  # None: the memory budget picks
        result = smaa(study, weights, samples=N, seed=seed, weight_model=model, chunk_size=chunk)
        check_invariants(result)
        documents.add(montecarlo_json(result))
    assert len(documents) == 1


def test_same_seed_same_numbers_other_seed_others(tiny: Path) -> None:
    study = load_study(tiny)
    weights = resolve_weights(study)
    one = montecarlo_json(smaa(study, weights, samples=5000, seed=1))
    assert one == montecarlo_json(smaa(study, weights, samples=5000, seed=1))
    assert one != montecarlo_json(smaa(study, weights, samples=5000, seed=2))


def test_shipped_study_chunk_sizes_give_byte_identical_json() -> None:
    study = load_study(Path(__file__).resolve().parents[3] / "options")
    weights = resolve_weights(study)
    documents = {
        montecarlo_json(smaa(study, weights, samples=N, chunk_size=chunk, confidence_samples=2000))
        for chunk in (BLOCK, 3 * BLOCK)
    }
    assert len(documents) == 1


def test_identical_options_with_fixed_scores_tie_by_id(make_study: Any) -> None:
    same = "title: {t}\nscores: {{gain: 5, delay: 10}}\n"
    folder = make_study(
        options={"a1": same.format(t="A1"), "a2": same.format(t="A2"), "z": same.format(t="Z")}
    )
    study = load_study(folder)
    result = smaa(study, resolve_weights(study), samples=3000, fixed_scores=True)
    check_invariants(result)
    assert rows(result)["a1"].acceptability == (1.0, 0.0, 0.0)
    assert rows(result)["a2"].acceptability == (0.0, 1.0, 0.0)
    assert result.pairwise["a1"]["z"] == 1.0
    assert rows(result)["a1"].confidence == 1.0


def test_fixed_scores_switch_off_the_ranges(tiny: Path) -> None:
    study = load_study(tiny)
    weights = resolve_weights(study)
    fixed = smaa(study, weights, samples=3000, fixed_scores=True)
    assert not fixed.score_uncertainty
    assert fixed.uncertain_scores == 0
    assert fixed.confidence_samples == 0
    varied = smaa(study, weights, samples=3000)
    assert varied.score_uncertainty
    assert varied.uncertain_scores == 2  # alpha's gain and beta's delay
    assert varied.confidence_samples == 3000  # --samples, below the 100,000 cap


def draw_weights(study: Any, weights: Any, model: WeightModel, k: float | None = None) -> Any:
    problem = mc._problem(study, weights, fixed_scores=True)
    return problem, sampling.weight_sampler(problem.profile, model, k, 3)(0, BLOCK)


def test_weight_models() -> None:
    study, weights = memory_study([[0.1, 0.2, 0.3, 0.4]] * 2, [3, 1, 1, 0])
    problem, w = draw_weights(study, weights, WeightModel.uniform)
    assert problem.active == ("c0", "c1", "c2")  # the zero-weight criterion is not sampled
    assert np.allclose(w.sum(axis=0), 1.0)
    assert w.mean(axis=1) == pytest.approx([1 / 3] * 3, abs=0.01)
    _, w = draw_weights(study, weights, WeightModel.profile, 20.0)
    assert w.mean(axis=1) == pytest.approx([0.6, 0.2, 0.2], abs=0.01)
    assert w[0].var() == pytest.approx(0.6 * 0.4 / 21, rel=0.1)  # Dirichlet(K w): var w(1-w)/(K+1)
    _, w = draw_weights(study, weights, WeightModel.ordinal)
    assert np.all(w[0] >= w[1])
    assert np.all(w[0] >= w[2])
    assert np.mean(w[1] > w[2]) == pytest.approx(0.5, abs=0.03)  # equal weights: exchangeable
    # uniform on {w0 >= w1, w0 >= w2}: E[w0] = (1 + 1/2 + 1/3) / 3
    assert w[0].mean() == pytest.approx(11 / 18, abs=0.01)
    result = smaa(study, weights, samples=2000, weight_model=WeightModel.ordinal)
    for row in result.options:
        if row.central_weights is not None:
            assert row.central_weights["c3"] == 0.0


def test_triangular_score_draws(tiny: Path) -> None:
    study = load_study(tiny)
    problem = mc._problem(study, resolve_weights(study), fixed_scores=False)
    assert problem.cells is not None
    values = sampling.draw_values(problem.cells, sampling.generator(0, 1, 0), BLOCK)
    # alpha gain: triangular(6, 8, 9) on 0..10, linear value: mean (6 + 8 + 9) / 3 / 10
    gain = values[0]
    assert gain.min() >= 0.6
    assert gain.max() <= 0.9
    assert gain.mean() == pytest.approx(23 / 30, abs=0.005)
    assert np.mean(gain < 0.8) == pytest.approx(2 / 3, abs=0.02)  # F(mode) = (8-6)/(9-6)
    # beta delay: triangular(0, 0, 5) months through the value function 1 - x/20 on 0..10
    delay = values[1]
    assert delay.min() >= 0.75
    assert delay.max() <= 1.0
    assert delay.mean() == pytest.approx(1 - (5 / 3) / 20, abs=0.003)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 0}, "--samples must be a whole number >= 1, got 0"),
        ({"samples": -5}, "--samples must be a whole number >= 1, got -5"),
        ({"seed": -1}, "--seed must be a whole number >= 0"),
        ({"concentration": 0.0, "weight_model": WeightModel.profile}, "--concentration must be"),
        ({"concentration": float("nan"), "weight_model": WeightModel.profile}, "> 0"),
        ({"concentration": 5.0}, "applies to --weight-model profile only"),
        ({"confidence_samples": 0}, "--confidence-samples must be a whole number >= 1"),
        ({"samples": MAX_SAMPLES + 1}, "--samples must be at most 1,000,000,000"),
    ],
)
def test_bad_settings(tiny: Path, kwargs: dict[str, Any], message: str) -> None:
    study = load_study(tiny)
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        smaa(study, resolve_weights(study), **kwargs)


def test_chunk_size_must_be_positive(tiny: Path) -> None:
    study = load_study(tiny)
    with pytest.raises(ValueError, match="between 1 and"):
        smaa(study, resolve_weights(study), samples=10, chunk_size=0)


def test_progress_callback(tiny: Path) -> None:
    study = load_study(tiny)
    calls: list[tuple[int, int]] = []
    smaa(
        study,
        resolve_weights(study),
        samples=20_000,
        chunk_size=BLOCK,
        on_chunk=lambda d, t: calls.append((d, t)),
    )
    assert calls[-1] == (40_000, 40_000)  # 20,000 samples and 20,000 confidence draws
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_single_option(make_study: Any) -> None:
    folder = make_study(
        options={"only": "title: Only\nscores: {gain: 5, delay: {value: 3, range: [1, 4]}}\n"}
    )
    study = load_study(folder)
    result = smaa(study, resolve_weights(study), samples=100)
    assert result.options[0].acceptability == (1.0,)
    assert result.options[0].confidence == 1.0
    assert result.pairwise == {"only": {}}
