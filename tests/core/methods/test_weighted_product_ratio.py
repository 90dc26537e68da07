"""The ratio form of the weighted product against scikit-criteria, a published WASPAS
example, a plain product computed independently, and the 0..1 form it differs from."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.methods import EVALUATORS, get
from policy_options.core.methods.base import Problem, ScoreError
from policy_options.core.ranking.rank import order_and_rank

RATIO = "weighted-product-ratio"


def problem(
    raw: list[list[float]], weights: list[float], benefit: list[bool], values: Any = None
) -> Problem:
    n, m = len(raw), len(weights)
    total = math.fsum(weights)
    return Problem(
        options=tuple(f"a{i}" for i in range(n)),
        criteria=tuple(f"c{j}" for j in range(m)),
        raw=tuple(tuple(float(x) for x in row) for row in raw),
        values=values if values is not None else tuple((0.5,) * m for _ in range(n)),
        higher_is_better=tuple(benefit),
        weights=tuple(w / total for w in weights),
    )


def ranks(scores: tuple[float, ...] | list[float]) -> list[int]:
    """Competition ranks of a0, a1, ... by score, as ``policy rank`` gives them."""
    ranked = order_and_rank([(s, f"a{i}") for i, s in enumerate(scores)])
    by_id = {key: position for position, _, key in ranked}
    return [by_id[f"a{i}"] for i in range(len(scores))]


# Weighted product model. (n.d.). Wikipedia, retrieved 7 January 2017: scikit-criteria's
# test_WeightedProductModel_enwiki_1015567716, three alternatives on four benefit criteria.
ENWIKI = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
ENWIKI_WEIGHTS = [20, 15, 40, 25]


def test_scikit_criteria_weighted_product_model_on_its_published_example() -> None:
    """scikit-criteria's score is sum_j w_j log10 x_j (after a sum scaling that divides
    each column and the weights by constants): the differences between two options'
    scores are log10 of the ratio of their products, so they equal the differences of
    log10 of our scores, whatever each side normalises by."""
    skcriteria = pytest.importorskip("skcriteria")
    from skcriteria.agg.simple import WeightedProductModel
    from skcriteria.preprocessing.scalers import SumScaler

    dm = skcriteria.mkdm(matrix=ENWIKI, objectives=[max] * 4, weights=ENWIKI_WEIGHTS)
    theirs = WeightedProductModel().evaluate(SumScaler(target="both").transform(dm))
    # the published numbers of their test, so the peer is the one its authors checked
    assert theirs.e_.score == pytest.approx([-0.50128589, -0.50448471, -0.52947246], abs=1e-8)
    ours = EVALUATORS[RATIO](problem(ENWIKI, ENWIKI_WEIGHTS, [True] * 4))
    logs = np.log10(ours.scores)
    assert logs - logs[0] == pytest.approx(theirs.e_.score - theirs.e_.score[0], abs=1e-12)
    assert ranks(ours.scores) == list(theirs.values) == [1, 2, 3]


def test_costs_are_inverted_as_scikit_criteria_inverts_minimised_criteria() -> None:
    """x ** -w for a cost is WPM on 1 / x: scikit-criteria's InvertMinimize then its WPM."""
    skcriteria = pytest.importorskip("skcriteria")
    from skcriteria.agg.simple import WeightedProductModel
    from skcriteria.preprocessing.invert_objectives import InvertMinimize

    raw = [[7, 24, 3.5], [5, 6, 2.0], [9, 48, 8.0], [4, 12, 1.5]]
    weights = [3, 2, 1]
    objectives = [max, min, min]
    # scikit-criteria takes the weights as given: normalised here, as ours are
    dm = skcriteria.mkdm(matrix=raw, objectives=objectives, weights=[w / 6 for w in weights])
    theirs = WeightedProductModel().evaluate(InvertMinimize().transform(dm))
    ours = EVALUATORS[RATIO](problem(raw, weights, [True, False, False]))
    logs = np.log10(ours.scores)
    assert logs - logs[0] == pytest.approx(theirs.e_.score - theirs.e_.score[0], abs=1e-12)
    assert ranks(ours.scores) == list(theirs.values)


def test_chakraborty_zavadskas_antucheviciene_2015_example_2() -> None:
    """Chakraborty, Zavadskas & Antucheviciene (2015), *Applications of WASPAS method as
    a multi-criteria decision-making tool*, Example 2: ten alternatives, three cost
    criteria and one benefit, linear max normalisation (x / max, min / x). Its WPM scores
    (WASPAS with lambda = 0, as scikit-criteria's tests carry them) are our 0..1 scores."""
    matrix = [
        [581818, 54.49, 3, 5500],
        [595454, 49.73, 3, 4500],
        [586060, 51.24, 3, 5000],
        [522727, 45.71, 3, 5800],
        [561818, 52.66, 3, 5200],
        [543030, 74.46, 4, 5600],
        [522727, 75.42, 4, 5800],
        [486970, 62.62, 4, 5600],
        [509394, 65.87, 4, 6400],
        [513333, 70.67, 4, 6000],
    ]
    published = [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697]
    ours = EVALUATORS[RATIO](
        problem(matrix, [0.467, 0.160, 0.095, 0.278], [False, False, False, True])
    )
    assert ours.scores == pytest.approx(published, abs=1e-4)
    assert ranks(ours.scores) == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


@st.composite
def positive_problems(draw: Any) -> Problem:
    n = draw(st.integers(2, 6))
    m = draw(st.integers(1, 4))
    raw = [[draw(st.integers(1, 60)) for _ in range(m)] for _ in range(n)]
    weights = [draw(st.integers(0, 9)) for _ in range(m)]
    if not any(weights):
        weights[0] = 1
    benefit = [draw(st.booleans()) for _ in range(m)]
    return problem(raw, weights, benefit)


@settings(max_examples=200, deadline=None)
@given(positive_problems())
def test_the_ranking_is_the_ranking_by_the_plain_product(case: Problem) -> None:
    """Ranked by prod_j x ** (+-w_j), computed here by plain powers (no logs, no
    normalisation): the same competition ranks, and every ratio of two scores is the
    ratio of the two products."""
    plain = [
        math.prod(
            x**w if up else x ** (-w)
            for x, w, up in zip(row, case.weights, case.higher_is_better, strict=True)
        )
        for row in case.raw
    ]
    ours = EVALUATORS[RATIO](case)
    assert ranks(ours.scores) == ranks([p / max(plain) for p in plain])
    for a in range(len(plain)):
        assert ours.scores[a] / ours.scores[0] == pytest.approx(plain[a] / plain[0], rel=1e-9)
        assert 0 < ours.scores[a] <= 1
        assert math.prod(ours.contributions[a]) == pytest.approx(ours.scores[a], rel=1e-12)
        logged = ours.details[a]["log_product"]
        assert isinstance(logged, float)
        assert math.exp(logged) == pytest.approx(plain[a], rel=1e-9)


def test_the_ideal_option_at_hand_scores_one() -> None:
    """Best on every criterion (highest benefit, lowest cost): every factor 1."""
    result = EVALUATORS[RATIO](problem([[9, 2], [5, 4], [3, 8]], [1, 1], [True, False]))
    assert result.scores[0] == 1
    assert result.contributions[0] == (1.0, 1.0)
    # a1: (5/9) ** .5 * (2/4) ** .5
    assert result.scores[1] == pytest.approx(math.sqrt(5 / 9 * 2 / 4), abs=1e-15)


@pytest.mark.parametrize("score", [0, -1])
def test_a_score_of_zero_or_below_is_refused_by_name(score: float) -> None:
    with pytest.raises(ScoreError) as error:
        EVALUATORS[RATIO](problem([[3, 2], [score, 4]], [1, 1], [True, False]))
    assert error.value.option == "a1"
    assert error.value.criterion == "c0"
    assert f"option 'a1' scores {score:g} on 'c0'" in str(error.value)
    assert error.value.hint is not None
    assert "weighted-product" in error.value.hint


def test_a_zero_on_a_criterion_of_weight_zero_drops_out() -> None:
    result = EVALUATORS[RATIO](problem([[3, 0], [6, 4]], [1, 0], [True, True]))
    assert result.scores == pytest.approx((0.5, 1.0))
    assert result.contributions[0][1] == 1.0


def test_the_two_weighted_products_rank_the_docs_example_differently() -> None:
    """docs/methods.md's example: a benefit on 0..10 and a cost (months) on 0..10, equal
    weights. A scores 8 and 9 months, B 4 and 5 months. On 0..1 values (weighted-product):
    A = (0.8 * 0.1) ** .5 = 0.283, B = (0.4 * 0.5) ** .5 = 0.447, B first: 9 months is
    near the scale's worst end. As ratios (weighted-product-ratio): P(A) / P(B) =
    (8/4) ** .5 * (9/5) ** -.5 = 1.054, A first: 9 months is only 1.8 times 5."""
    values = ((0.8, 0.1), (0.4, 0.5))
    case = problem([[8, 9], [4, 5]], [1, 1], [True, False], values)
    zero_one = EVALUATORS["weighted-product"](case).scores
    ratio = EVALUATORS[RATIO](case).scores
    assert zero_one == pytest.approx((math.sqrt(0.8 * 0.1), math.sqrt(0.4 * 0.5)))
    assert ratio[0] / ratio[1] == pytest.approx(math.sqrt(8 / 4) / math.sqrt(9 / 5))
    assert ranks(zero_one) == [2, 1]
    assert ranks(ratio) == [1, 2]
    assert get(RATIO).raw_scores
    assert not get("weighted-product").raw_scores


def test_it_ranks_explains_and_compares_but_has_no_numpy_counterpart() -> None:
    """Registered with the package, not among the built-ins the numpy analyses dispatch
    on: stability intervals, Monte Carlo, tornado, discovery and ``why`` refuse it."""
    from policy_options.core.methods import built_in
    from policy_options.errors import UsageError

    with pytest.raises(UsageError, match="ranks, explains and compares only"):
        built_in(RATIO)
