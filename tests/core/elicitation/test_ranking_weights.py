"""Rank-order centroid weights from a ranking, against Barron & Barrett's numbers."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_options.core.elicitation.ranking_weights import (
    parse_ranking,
    rank_order_centroid,
    roc_weights,
)
from policy_options.errors import UsageError
from tests.core.elicitation.judgements import CRITERIA


def test_roc_published_values() -> None:
    """Barron & Barrett (1996), table 1: n = 3 and n = 4."""
    assert rank_order_centroid(3) == pytest.approx([0.6111, 0.2778, 0.1111], abs=5e-5)
    assert rank_order_centroid(4) == pytest.approx([0.5208, 0.2708, 0.1458, 0.0625], abs=5e-5)


@given(st.integers(1, 30))
def test_roc_matches_exact_fractions(n: int) -> None:
    """w_k = (1/n) sum_{i=k..n} 1/i, computed independently with exact fractions."""
    exact = [sum(Fraction(1, i) for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    assert sum(exact) == 1
    assert rank_order_centroid(n) == pytest.approx([float(x) for x in exact], abs=1e-15)
    weights = rank_order_centroid(n)
    assert all(x > y for x, y in itertools.pairwise(weights))


def test_roc_ties_share_the_mean_of_their_positions() -> None:
    derived = roc_weights(parse_ranking(["a", "b", "=", "c", "d"], CRITERIA), CRITERIA)
    roc = rank_order_centroid(4)
    assert derived.raw == pytest.approx(
        {"a": roc[0], "b": (roc[1] + roc[2]) / 2, "c": (roc[1] + roc[2]) / 2, "d": roc[3], "e": 0}
    )
    assert derived.left_out == ("e",)
    assert sum(derived.normalised.values()) == pytest.approx(1)
    assert "a > b = c > d" in derived.description
    assert "not ranked, so weight 0: e" in derived.description


@pytest.mark.parametrize(
    "words",
    [["a", "b=c", "d"], ["a", "b", "=", "c", "d"], ["a b = c d"], ["a", "b=", "c", "d"]],
)
def test_ranking_spellings(words: list[str]) -> None:
    assert parse_ranking(words, CRITERIA) == [["a"], ["b", "c"], ["d"]]


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["a", "b", "a"], "criterion 'a' is named twice in the ranking"),
        (["a", "=", "=", "b"], "'=' must stand between two criteria"),
        (["=", "a"], "'=' must stand between two criteria"),
        (["a", "="], "'=' must stand between two criteria"),
        (["a", "bb"], "unknown criterion 'bb'"),
        ([], "name the criteria"),
    ],
)
def test_ranking_errors(words: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_ranking(words, CRITERIA)


def test_unknown_criterion_suggests() -> None:
    with pytest.raises(UsageError) as info:
        parse_ranking(["deterence"], ["deterrence", "stability"])
    assert info.value.message == "unknown criterion 'deterence' (did you mean 'deterrence'?)"
    assert info.value.hint == "criteria: deterrence, stability"
