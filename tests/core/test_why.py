"""`why`: the reported flips tie the pair, a little less does not flip it, "never" is never.

Random studies from hypothesis; the scores at a moved weight or score are computed
again through the ranking (and, for the additive model, by hand); the LP's optimum is
checked against a random search that must never find a smaller change.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policy_options.core.ranking.rank import rank
from policy_options.core.study.model import Study, StudyFile
from policy_options.core.study.option_file import Option, OptionFile
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights
from policy_options.core.why.flips import inverse, moved_weights
from policy_options.core.why.lp import min_l1_change
from policy_options.core.why.why import PairExplanation, why
from policy_options.errors import UsageError

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def studies(draw: Any, value_functions: bool = True) -> tuple[Study, Weights]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 5))
    criteria: dict[str, Any] = {}
    for j in range(m):
        width = draw(st.sampled_from([1.0, 10.0, 60.0]))
        spec: dict[str, Any] = {
            "name": f"C{j}",
            "direction": draw(st.sampled_from(["higher_is_better", "lower_is_better"])),
            "scale": {"min": 0.0, "max": width},
        }
        if value_functions and draw(st.booleans()):
            inner = sorted(
                draw(st.lists(st.floats(0.05, 0.95), min_size=1, max_size=3, unique=True))
            )
            vs = draw(st.lists(st.floats(0, 1), min_size=len(inner) + 2, max_size=len(inner) + 2))
            spec["value_function"] = [
                [x * width, v] for x, v in zip([0, *inner, 1], vs, strict=True)
            ]
        criteria[f"c{j}"] = spec
    study_file = StudyFile.model_validate(
        {"schema": 1, "title": "random", "criteria": criteria, "sources": {}}
    )
    options = {}
    for i in range(n):
        scores = {}
        for key, spec in criteria.items():
            width = spec["scale"]["max"]
            x = draw(st.floats(0, width))
            score: dict[str, Any] = {"value": x}
            if draw(st.booleans()):
                score["range"] = [max(0.0, x - width / 4), min(width, x + width / 4)]
            scores[key] = score
        options[f"o{i}"] = Option(
            f"o{i}", OptionFile.model_validate({"title": f"O{i}", "scores": scores}), f"o{i}.yaml"
        )
    raw = {key: draw(st.one_of(st.just(0.0), st.floats(0.01, 5.0))) for key in criteria}
    assume(sum(raw.values()) > 0.01)
    total = math.fsum(raw.values())
    weights = Weights("random", "random", raw, {k: w / total for k, w in raw.items()})
    return Study(Path("."), study_file, options, {}), weights


def scores_at(study: Study, weights: dict[str, float], method: str) -> dict[str, float]:
    w = Weights("w", "w", dict(weights), dict(weights))
    return {row.option: row.score for row in rank(study, w, method).rows}


def additive_by_hand(study: Study, weights: dict[str, float], option: str) -> float:
    spec = study.options[option].spec
    return math.fsum(weights[k] * value(c, spec.scores[k].value) for k, c in study.criteria.items())


def with_score(study: Study, option: str, criterion: str, x: float) -> Study:
    spec = study.options[option].spec
    scores = dict(spec.scores)
    scores[criterion] = scores[criterion].model_copy(update={"value": x, "range": None})
    changed = Option(option, spec.model_copy(update={"scores": scores}), option)
    return replace(study, options={**study.options, option: changed})


def margin(result: PairExplanation, scores: dict[str, float]) -> float:
    """Leader minus trailer."""
    return scores[result.leader.option] - scores[result.trailer.option]


def leader_first(result: PairExplanation, study: Study, weights: dict[str, float]) -> bool:
    """The leader strictly ahead: a score more than 1e-9 higher, or (weakest link) an equal
    weakest value and an additive score more than 1e-9 higher. A tie is a flip."""
    scores = scores_at(study, weights, result.method)
    lead = margin(result, scores)
    if abs(lead) > 1e-9:
        return lead > 0
    if result.method != "weakest-link":
        return False
    return (
        additive_by_hand(study, weights, result.leader.option)
        - additive_by_hand(study, weights, result.trailer.option)
        > 1e-9
    )


def pair(study: Study, data: Any) -> tuple[str, str]:
    ids = list(study.options)
    a = data.draw(st.sampled_from(ids))
    b = data.draw(st.sampled_from([i for i in ids if i != a]))
    return a, b


# --- additive: exact -------------------------------------------------------------------------


@SETTINGS
@given(studies(), st.data())
def test_additive_weight_flips_tie_the_pair_and_never_means_never(
    drawn: tuple[Study, Weights], data: Any
) -> None:
    study, weights = drawn
    a, b = pair(study, data)
    result = why(study, weights, a, b, "additive")
    assume(not result.tied)
    keys = list(study.criteria)
    now = [weights.normalised[k] for k in keys]
    for k, flip in enumerate(result.weight_flips):
        if flip.flip is None:
            for t in np.linspace(0, 1, 101):
                w = dict(zip(keys, moved_weights(now, k, float(t)), strict=True))
                gap = additive_by_hand(study, w, result.leader.option) - additive_by_hand(
                    study, w, result.trailer.option
                )
                assert gap > -1e-9
            continue
        w = dict(zip(keys, moved_weights(now, k, flip.flip), strict=True))
        tie = additive_by_hand(study, w, result.leader.option) - additive_by_hand(
            study, w, result.trailer.option
        )
        assert abs(tie) <= 1e-9
        if abs(result.gap.margin) > 1e-6:
            less = flip.weight + (flip.flip - flip.weight) * (1 - 1e-4)
            w = dict(zip(keys, moved_weights(now, k, less), strict=True))
            assert additive_by_hand(study, w, result.leader.option) > additive_by_hand(
                study, w, result.trailer.option
            )


@SETTINGS
@given(studies(), st.data())
def test_additive_score_flips_tie_the_pair_and_nowhere_means_nowhere(
    drawn: tuple[Study, Weights], data: Any
) -> None:
    study, weights = drawn
    a, b = pair(study, data)
    result = why(study, weights, a, b, "additive")
    assume(not result.tied)
    w = weights.normalised
    for flip in result.score_flips:
        criterion = study.criteria[flip.criterion]
        scale = criterion.scale
        if flip.score is None:
            for x in np.linspace(scale.min, scale.max, 201):
                changed = with_score(study, flip.option, flip.criterion, float(x))
                gap = additive_by_hand(changed, w, result.leader.option) - additive_by_hand(
                    changed, w, result.trailer.option
                )
                assert gap > -1e-9
            continue
        assert scale.min <= flip.score <= scale.max
        changed = with_score(study, flip.option, flip.criterion, flip.score)
        tie = additive_by_hand(changed, w, result.leader.option) - additive_by_hand(
            changed, w, result.trailer.option
        )
        assert abs(tie) <= 1e-9
        assert flip.within_range == (
            flip.range is not None and flip.range[0] <= flip.score <= flip.range[1]
        )


@SETTINGS
@given(studies(value_functions=False), st.data())
def test_additive_score_flip_a_little_less_does_not_flip(
    drawn: tuple[Study, Weights], data: Any
) -> None:
    """Linear value functions are monotone, so a point short of the tie keeps the order."""
    study, weights = drawn
    a, b = pair(study, data)
    result = why(study, weights, a, b, "additive")
    assume(abs(result.gap.margin) > 1e-6)
    w = weights.normalised
    for flip in result.score_flips:
        if flip.score is None:
            continue
        less = flip.current + (flip.score - flip.current) * (1 - 1e-4)
        changed = with_score(study, flip.option, flip.criterion, less)
        assert additive_by_hand(changed, w, result.leader.option) > additive_by_hand(
            changed, w, result.trailer.option
        )


# --- the other methods: bisection ---------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    studies(),
    st.data(),
    st.sampled_from(["weighted-product", "topsis", "promethee", "weakest-link"]),
)
def test_searched_flips_change_the_order_and_a_little_less_does_not(
    drawn: tuple[Study, Weights], data: Any, method: str
) -> None:
    study, weights = drawn
    a, b = pair(study, data)
    result = why(study, weights, a, b, method)
    assume(not result.tied)
    keys = list(study.criteria)
    now = [weights.normalised[k] for k in keys]
    clear = abs(result.gap.margin) > 1e-5  # a gap well above the 1e-9 tie tolerance
    for k, flip in enumerate(result.weight_flips):
        if flip.flip is None:
            continue
        at = dict(zip(keys, moved_weights(now, k, flip.flip), strict=True))
        assert not leader_first(result, study, at)
        scores = scores_at(study, at, method)
        if method in {"topsis", "promethee"}:  # continuous in the weights: a tie
            assert abs(margin(result, scores)) <= 1e-8
        if clear and abs(flip.flip - flip.weight) > 1e-6:  # else the flip is at the current weight
            less = flip.weight + (flip.flip - flip.weight) * (1 - 1e-3)
            assert leader_first(
                result, study, dict(zip(keys, moved_weights(now, k, less), strict=True))
            )
    for flip in result.score_flips:
        if flip.score is None:
            continue
        changed = with_score(study, flip.option, flip.criterion, flip.score)
        assert not leader_first(result, changed, weights.normalised)
        scale = study.criteria[flip.criterion].scale
        if clear and abs(flip.score - flip.current) > 1e-6 * (scale.max - scale.min):
            less = flip.current + (flip.score - flip.current) * (1 - 1e-3)
            changed = with_score(study, flip.option, flip.criterion, less)
            assert leader_first(result, changed, weights.normalised)


# --- the LP ---------------------------------------------------------------------------------------


def _advantage(result: PairExplanation, study: Study, method: str) -> np.ndarray:
    keys = list(study.criteria)

    def values(option: str) -> np.ndarray:
        spec = study.options[option].spec
        v = np.array([value(study.criteria[k], spec.scores[k].value) for k in keys])
        return np.log(v) if method == "weighted-product" else v

    return values(result.trailer.option) - values(result.leader.option)


@SETTINGS
@given(
    studies(),
    st.data(),
    st.sampled_from(["additive", "weighted-product"]),
    st.integers(0, 2**32 - 1),
)
def test_lp_optimum_is_never_beaten_by_a_random_search(
    drawn: tuple[Study, Weights], data: Any, method: str, seed: int
) -> None:
    study, weights = drawn
    a, b = pair(study, data)
    result = why(study, weights, a, b, method)
    keys = list(study.criteria)
    now = np.array([weights.normalised[k] for k in keys])
    change = result.min_weight_change
    if change is None:
        if method == "weighted-product" and "not offered" in result.lp_note:
            return
        assume(not result.tied)
        advantage = _advantage(result, study, method)
        assert advantage.max() < 0  # no vertex of the simplex lets the trailer catch up
        return
    found = np.array([change.weights[k] for k in keys])
    assert found.min() >= 0
    assert found.sum() == pytest.approx(1)
    assert np.abs(found - now).sum() == pytest.approx(change.l1, abs=1e-9)
    scores = scores_at(study, dict(zip(keys, found.tolist(), strict=True)), method)
    assert margin(result, scores) <= 1e-7  # the trailer catches up (a tie, to solver precision)
    advantage = _advantage(result, study, method)
    rng = np.random.default_rng(seed)
    m = len(keys)
    candidates = [
        rng.dirichlet(np.ones(m), 4000),
        np.clip(now + rng.normal(0, 0.05, (4000, m)), 0, None),
        np.clip(found + rng.normal(0, 0.01, (4000, m)), 0, None),
        np.eye(m),
    ]
    for sample in candidates:
        sample = sample[sample.sum(axis=1) > 0]
        sample = sample / sample.sum(axis=1, keepdims=True)
        catches_up = sample @ advantage >= 0
        distances = np.abs(sample[catches_up] - now).sum(axis=1)
        if distances.size:
            assert distances.min() >= change.l1 - 1e-7


def test_min_l1_change_by_hand() -> None:
    """Two criteria, trailer better on the second by 0.5 and worse on the first by 0.4:
    0.5 w2 - 0.4 w1 >= 0 with w1 + w2 = 1 -> w2 = 4/9; from (0.8, 0.2): L1 = 2 (4/9 - 0.2)."""
    l1, weights = min_l1_change(np.array([0.8, 0.2]), np.array([-0.4, 0.5])) or (0, [])
    assert weights == pytest.approx([5 / 9, 4 / 9])
    assert l1 == pytest.approx(2 * (4 / 9 - 0.2))
    assert min_l1_change(np.array([0.5, 0.5]), np.array([-0.1, -0.2])) is None


# --- inverse value functions and errors ---------------------------------------------------------


def test_inverse_takes_the_solution_nearest_the_current_score() -> None:
    from policy_options.core.study.criteria import Criterion

    peaked = Criterion.model_validate(
        {
            "name": "p",
            "direction": "higher_is_better",
            "scale": {"min": 0, "max": 10},
            "value_function": [[0, 0], [5, 1], [10, 0]],
        }
    )
    assert inverse(peaked, 0.5, near=9) == pytest.approx(7.5)
    assert inverse(peaked, 0.5, near=1) == pytest.approx(2.5)
    assert inverse(peaked, 1.2, near=1) is None
    lower = Criterion.model_validate(
        {"name": "l", "direction": "lower_is_better", "scale": {"min": 0, "max": 20}}
    )
    assert inverse(lower, 0.25, near=0) == pytest.approx(15)
    assert value(lower, 15) == pytest.approx(0.25)


def test_same_option_and_unknown_ids(tiny: Path) -> None:
    from policy_options.core.study.load import load_study
    from policy_options.core.study.weights import resolve_weights

    study = load_study(tiny)
    weights = resolve_weights(study, None, ())
    with pytest.raises(UsageError, match="same option"):
        why(study, weights, "alpha", "alpha")
    with pytest.raises(UsageError, match=r"unknown option 'gama' \(did you mean 'gamma'\?\)"):
        why(study, weights, "alpha", "gama")


@SETTINGS
@given(studies(), st.data())
def test_topsis_grids_agree_with_the_reference_method(
    drawn: tuple[Study, Weights], data: Any
) -> None:
    """The numpy grids (weights and scores) give the plain-Python TOPSIS verdict at each point."""
    from policy_options.core.ranking.rank import problem_of
    from policy_options.core.why.flips import _topsis_score_grid, _topsis_weight_grid
    from policy_options.core.why.pair import Pair

    study, weights = drawn
    ids = list(study.options)
    problem = problem_of(study, weights, ids)
    pair = Pair(problem, "topsis", 0, 1)
    k = data.draw(st.integers(0, len(problem.criteria) - 1))
    ts = np.linspace(0, 1, 21).tolist()
    expected = [
        pair.leader_first(replace(problem, weights=moved_weights(problem.weights, k, t)))
        for t in ts
    ]
    assert _topsis_weight_grid(pair, k)(ts) == expected
    scale = study.criteria[problem.criteria[k]].scale
    xs = np.linspace(scale.min, scale.max, 21).tolist()
    row = data.draw(st.integers(0, len(ids) - 1))
    expected = []
    for x in xs:
        raw = [list(r) for r in problem.raw]
        raw[row][k] = x
        expected.append(pair.leader_first(replace(problem, raw=tuple(tuple(r) for r in raw))))
    assert _topsis_score_grid(pair, row, k)(xs) == expected
