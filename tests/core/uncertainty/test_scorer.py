"""The Modified scorer: SMAA with modifier scores drawn from their ranges, against a slow
loop in plain Python over the same draws (every method), and the invariants: all factors
1 gives today's numbers; scaling every factor by c changes no ordering."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import modified
from policy_options.core.ranking.rank import order_and_rank, problem_of
from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights, resolve_weights
from policy_options.core.uncertainty import sampling
from policy_options.core.uncertainty.montecarlo import smaa
from policy_options.core.uncertainty.sampling import SCORE_STREAM
from policy_options.core.uncertainty.settings import WeightModel
from tests.conftest import SHIPPED
from tests.core.ranking.test_rank import make, problems
from tests.core.uncertainty.modified import (
    as_modifier,
    with_factors,
    with_reference,
    without_modifiers,
)

SAMPLES = 300
SEED = 11


@pytest.fixture(scope="module")
def shipped_with_modifier(tmp_path_factory: pytest.TempPathFactory) -> Study:
    """The shipped study, political feasibility a modifier (its scores have ranges)."""
    return load_study(as_modifier(SHIPPED, tmp_path_factory.mktemp("modifier") / "study"))


def triangular(u: float, low: float, mode: float, high: float) -> float:
    """Inverse CDF of the triangular distribution, in plain Python."""
    p = (mode - low) / (high - low)
    t = math.sqrt(p * u) if u < p else 1.0 - math.sqrt((1.0 - p) * (1.0 - u))
    return low + (high - low) * t


def slow_counts(
    study: Study, weights: Weights, method: Method, samples: int
) -> dict[str, list[int]]:
    """Rank counts, one sample at a time: each ranged raw score (value or modifier) drawn
    from the same uniforms, valued, and the options ranked by the reference evaluator
    weighed by the product of their modifiers' factors (against the study's reference
    option, if it names one)."""
    ids = list(study.options)
    base = problem_of(study, weights, ids)
    keys = list(base.criteria)
    value_cells = [
        (o, k) for o in ids for k in keys
        if (r := study.options[o].spec.scores[k].range) is not None and r[0] < r[1]
    ]  # fmt: skip
    modifier_cells = [
        (o, k) for o in ids for k in study.modifiers
        if (r := study.options[o].spec.scores[k].range) is not None and r[0] < r[1]
    ]  # fmt: skip
    profile = np.array([weights.normalised[k] for k in keys])
    w_block = sampling.weight_sampler(profile / profile.sum(), WeightModel.uniform, None, SEED)(
        0, samples
    )
    u_values = sampling.generator(SEED, SCORE_STREAM, 0).random((len(value_cells), samples))
    u_mods = sampling.modifier_generator(SEED, SCORE_STREAM, 0).random(
        (len(modifier_cells), samples)
    )
    counts = {o: [0] * len(ids) for o in ids}
    for s in range(samples):
        raw = {o: {k: sc.value for k, sc in study.options[o].spec.scores.items()} for o in ids}
        for cells, u in ((value_cells, u_values), (modifier_cells, u_mods)):
            for c, (o, k) in enumerate(cells):
                score = study.options[o].spec.scores[k]
                assert score.range is not None
                raw[o][k] = triangular(float(u[c, s]), score.range[0], score.value, score.range[1])
        problem = replace(
            base,
            raw=tuple(tuple(raw[o][k] for k in keys) for o in ids),
            values=tuple(tuple(value(study.criteria[k], raw[o][k]) for k in keys) for o in ids),
            weights=tuple(float(w) for w in w_block[:, s]),
        )
        factors = tuple(
            math.prod(value(c, raw[o][k]) for k, c in study.modifiers.items()) for o in ids
        )
        at = ids.index(study.reference) if study.reference in ids else None
        evaluation = modified(EVALUATORS[method](problem), factors, at)
        tiebreak = (
            None
            if evaluation.tiebreak is None
            else dict(zip(ids, evaluation.tiebreak, strict=True))
        )
        ranked = order_and_rank(list(zip(evaluation.scores, ids, strict=True)), tiebreak)
        for place, (_, _, option) in enumerate(ranked):
            counts[option][place] += 1
    return counts


@pytest.mark.parametrize("reference", [None, "status-quo"])
@pytest.mark.parametrize("method", list(Method))
def test_modifier_ranges_agree_with_a_slow_loop(
    shipped_with_modifier: Study, method: Method, reference: str | None
) -> None:
    """Every method, with and without a reference option (whose own scores are drawn
    too: s_ref + m_i (s_i - s_ref) sample by sample)."""
    study = with_reference(shipped_with_modifier, reference)
    weights = resolve_weights(study)
    assert all(w > 0 for w in weights.normalised.values())  # every criterion sampled
    fast = smaa(study, weights, method=method.value, samples=SAMPLES, seed=SEED)
    ranged = sampling.ranged_modifier_cells(study)
    assert ranged  # the modifier's scores vary
    assert fast.uncertain_scores == len(sampling.ranged_cells(study)) + len(ranged)
    slow = slow_counts(study, weights, method, SAMPLES)
    for row in fast.options:
        assert row.counts.tolist() == slow[row.option], (method, row.option)


def test_drawing_modifiers_leaves_the_value_draws_alone() -> None:
    """A modifier whose every drawn factor is 0.5 (a flat value function): the ranks are
    those of the study without it, from the same seed: the value scores' draws are the same."""
    plain = without_modifiers(load_study(SHIPPED))
    n = len(plain.options)
    flat = with_factors(plain, [0.5] * n, dict.fromkeys(range(n), (0.2, 0.9)), [[0, 0.5], [1, 0.5]])
    weights = resolve_weights(plain)
    a = smaa(flat, weights, samples=SAMPLES, seed=SEED)
    assert a.uncertain_scores == len(sampling.ranged_cells(plain)) + n
    same_numbers(a, smaa(plain, weights, samples=SAMPLES, seed=SEED))


def same_numbers(a: Any, b: Any) -> None:
    assert [(r.option, r.counts.tolist(), r.confidence) for r in a.options] == [
        (r.option, r.counts.tolist(), r.confidence) for r in b.options
    ]
    assert a.pairwise == b.pairwise


@given(problems(), st.data())
@settings(max_examples=25, deadline=None)
def test_factors_of_one_give_todays_numbers_and_halving_keeps_every_order(
    problem: Any, data: Any
) -> None:
    study, weights = make(*problem)
    n = len(study.options)
    method = data.draw(st.sampled_from(list(Method)))
    ones = with_factors(study, [1.0] * n)
    base = smaa(study, weights, method=method.value, samples=200, seed=3)
    same_numbers(smaa(ones, weights, method=method.value, samples=200, seed=3), base)
    factors = data.draw(st.lists(st.sampled_from([0.25, 0.5, 0.75, 1.0]), min_size=n, max_size=n))
    spread = {i: (f / 2, min(1.0, f * 1.5)) for i, f in enumerate(factors) if i % 2 == 0}
    full = smaa(with_factors(study, factors, spread), weights, method=method.value, samples=200)
    half_factors = [f / 2 for f in factors]
    half_spread = {i: (lo / 2, hi / 2) for i, (lo, hi) in spread.items()}
    halved = with_factors(study, half_factors, half_spread)
    same_numbers(smaa(halved, weights, method=method.value, samples=200), full)


def test_confidence_with_only_modifier_ranges_agrees_with_a_slow_loop() -> None:
    """Fixed value scores, drawn factors: each option's confidence factor (first at its
    central weights while the factors vary) counted in plain Python from the same draws."""
    plain = without_modifiers(load_study(SHIPPED))
    n = len(plain.options)
    factors = [0.3 + 0.05 * (i % 7) for i in range(n)]
    ranges = {i: (f - 0.25, f + 0.1) for i, f in enumerate(factors)}
    study = with_factors(plain, factors, ranges)
    weights = resolve_weights(study)
    fixed = replace(
        study,
        options={
            key: replace(
                option,
                spec=option.spec.model_copy(
                    update={
                        "scores": {
                            k: s if k == "odds" else s.model_copy(update={"range": None})
                            for k, s in option.spec.scores.items()
                        }
                    }
                ),
            )
            for key, option in study.options.items()
        },
    )
    result = smaa(fixed, weights, samples=SAMPLES, seed=SEED, confidence_samples=SAMPLES)
    assert result.uncertain_scores == n
    ids = list(fixed.options)
    keys = list(fixed.criteria)
    values = {o: [value(fixed.criteria[k], fixed.options[o].spec.scores[k].value) for k in keys]
              for o in ids}  # fmt: skip
    u = sampling.modifier_generator(SEED, sampling.CONFIDENCE_STREAM, 0).random((n, SAMPLES))
    for row in result.options:
        if row.central_weights is None:
            assert row.confidence is None
            continue
        w = [row.central_weights[k] for k in keys]
        wins = 0
        for s in range(SAMPLES):
            score = {}
            for i, o in enumerate(ids):
                low, high = ranges[i]
                m = triangular(float(u[i, s]), low, factors[i], high)
                score[o] = m * math.fsum(a * b for a, b in zip(w, values[o], strict=True))
            best = max(ids, key=lambda o: (score[o], -ids.index(o)))
            wins += best == row.option
        assert row.confidence == wins / SAMPLES, row.option


@given(problems(), st.data())
@settings(max_examples=25, deadline=None)
def test_random_studies_with_a_reference_agree_with_a_slow_loop(problem: Any, data: Any) -> None:
    """Factors 0..1 (0 and 1 among them), some drawn from ranges, and a reference option
    about half the time: SMAA's rank counts are the slow loop's, every method (every
    weight above 0: the slow loop samples every criterion)."""
    assume(all(w > 0 for w in problem[2]))
    study, weights = make(*problem)
    n = len(study.options)
    method = data.draw(st.sampled_from(list(Method)))
    factors = data.draw(st.lists(st.sampled_from([0.0, 0.3, 0.6, 1.0]), min_size=n, max_size=n))
    spread = {i: (f / 2, (1 + f) / 2) for i, f in enumerate(factors) if 0 < f < 1 and i % 2}
    reference = data.draw(st.none() | st.sampled_from(list(study.options)))
    modifier_study = with_reference(with_factors(study, factors, spread), reference)
    fast = smaa(modifier_study, weights, method=method.value, samples=120, seed=SEED)
    slow = slow_counts(modifier_study, weights, method, 120)
    for row in fast.options:
        assert row.counts.tolist() == slow[row.option], (method, row.option)
