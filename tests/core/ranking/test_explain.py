"""``pair_gap`` for the ratio-form weighted product: the score gap split by log ratios."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.ranking.explain import pair_gap
from policy_options.core.ranking.rank import rank
from tests.core.ranking.test_method_notes import study_of


@st.composite
def positive_studies(draw: Any) -> tuple[list[list[int]], list[bool], list[float]]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 6))
    scores = draw(
        st.lists(st.lists(st.integers(1, 10), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    directions = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    weights = draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any))
    return scores, directions, [float(w) for w in weights]


@settings(max_examples=100, deadline=None)
@given(positive_studies())
def test_the_gap_of_weighted_product_ratio_adds_up_and_follows_the_raw_ratios(case: Any) -> None:
    """Each part is L(S_a, S_b) × (+-w_j) ln(x_aj / x_bj), the log ratio computed here from
    the raw scores (no normalisation by the ideal at hand: it cancels), and the parts add
    up to the score gap."""
    scores, directions, raw_weights = case
    study, weights = study_of(scores, directions, raw_weights)
    ranking = rank(study, weights, "weighted-product-ratio")
    first, last = ranking.rows[0], ranking.rows[-1]
    gap = pair_gap(ranking, first, last)
    assert gap.basis == "log shares"
    assert math.fsum(part for _, part in gap.by_criterion) == pytest.approx(gap.margin, abs=1e-12)
    a, b = first.score, last.score
    mean = a if a == b else (a - b) / (math.log(a) - math.log(b))
    raw = {o.id: o.spec.scores for o in study.options.values()}
    for key, part in gap.by_criterion:
        j = int(key[1:])
        sign = 1 if directions[j] else -1
        ratio = raw[first.option][key].value / raw[last.option][key].value
        expected = mean * sign * weights.normalised[key] * math.log(ratio)
        assert part == pytest.approx(expected, abs=1e-12)


def test_with_different_modifier_factors_the_gap_falls_back_to_weighted_values() -> None:
    """m × prod f: with m_a != m_b part of the gap is the modifier's, not a criterion's,
    so the log shares would not add up: the gap is read on weighted values instead; with
    equal factors the log shares add up to the gap again."""
    from policy_options.core.study.weights import Weights, normalise

    modifier = {2: {"role": "modifier", "value_function": [[0, 0.0], [10, 1.0]]}}
    for chance, basis in (([5, 10, 10], "weighted values"), ([8, 8, 8], "log shares")):
        scores = [[6, 3, chance[0]], [4, 5, chance[1]], [2, 2, chance[2]]]
        study, _ = study_of(scores, [True, False, True], [1, 1, 1], modifier)
        raw = {"c0": 1.0, "c1": 1.0}
        ranking = rank(
            study, Weights("test", "test", raw, normalise(raw)), "weighted-product-ratio"
        )
        first, last = ranking.rows[0], ranking.rows[-1]
        gap = pair_gap(ranking, first, last)
        assert gap.basis == basis
        if basis == "log shares":
            total = math.fsum(part for _, part in gap.by_criterion)
            assert total == pytest.approx(gap.margin, abs=1e-12)
