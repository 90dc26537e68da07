"""Kendall's tau-b and the robust (maximin) order, checked against independent computations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.ranking.agreement import (
    Standing,
    kendall_tau_b,
    kendall_tau_b_pairs,
    robust_order,
)


def tau_b_by_signs(x: dict[str, float], y: dict[str, float]) -> float | None:
    """Kendall's tau-b as a correlation of pair signs over ordered pairs (Kendall 1945).

    sum sgn(xi - xj) sgn(yi - yj) / sqrt(sum sgn(xi - xj)^2 * sum sgn(yi - yj)^2): a
    different formula from the library's counts of concordant, discordant and tied pairs.
    """
    ids = sorted(set(x) & set(y))

    def sign(v: float) -> int:
        return (v > 0) - (v < 0)

    top = sx = sy = 0
    for a in ids:
        for b in ids:
            if a == b:
                continue
            dx, dy = sign(x[a] - x[b]), sign(y[a] - y[b])
            top += dx * dy
            sx += dx * dx
            sy += dy * dy
    if sx == 0 or sy == 0:
        return None
    return top / math.sqrt(sx * sy)


def test_same_and_reversed() -> None:
    x = {"a": 1, "b": 2, "c": 3, "d": 4}
    assert kendall_tau_b(x, x) == 1
    assert kendall_tau_b(x, {k: 5 - r for k, r in x.items()}) == -1


def test_hand_computed_with_ties() -> None:
    """x = (1, 2, 2, 4), y = (1, 3, 2, 4) over a, b, c, d.

    Pairs: ab C, ac C, ad C, bc tied in x, bd C, cd C -> C = 5, D = 0; Tx = 1, Ty = 0;
    tau_b = 5 / sqrt((6 - 1) * 6) = 0.912870929.
    """
    x = {"a": 1, "b": 2, "c": 2, "d": 4}
    y = {"a": 1, "b": 3, "c": 2, "d": 4}
    assert kendall_tau_b(x, y) == pytest.approx(5 / math.sqrt(30))
    assert kendall_tau_b(x, y) == pytest.approx(0.912870929)


def test_one_swap_of_neighbours() -> None:
    """n = 5 with one adjacent swap: C = 9, D = 1, tau = 8 / 10."""
    x = {k: i for i, k in enumerate("abcde", 1)}
    y = {**x, "b": 3, "c": 2}
    assert kendall_tau_b(x, y) == pytest.approx(0.8)


def test_undefined_cases() -> None:
    assert kendall_tau_b({"a": 1}, {"a": 1}) is None
    assert kendall_tau_b({"a": 1, "b": 1}, {"a": 1, "b": 2}) is None
    assert kendall_tau_b({}, {}) is None


def test_only_shared_ids_count() -> None:
    x = {"a": 1, "b": 2, "c": 3, "only-x": 4}
    y = {"c": 1, "b": 2, "a": 3, "only-y": 1}
    assert kendall_tau_b(x, y) == -1


rankings = st.dictionaries(
    st.sampled_from("abcdefghij"), st.integers(1, 6), min_size=0, max_size=10
)


@given(rankings, rankings)
def test_matches_the_sign_formula(x: dict[str, int], y: dict[str, int]) -> None:
    got, expected = kendall_tau_b(x, y), tau_b_by_signs(x, y)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-12)
        assert -1 - 1e-12 <= got <= 1 + 1e-12
        assert kendall_tau_b(y, x) == pytest.approx(got, abs=1e-12)


def test_robust_order_is_maximin_then_mean_then_id() -> None:
    rankings = [
        {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5},
        {"a": 4, "b": 3, "c": 1, "d": 2, "e": 5},
        {"a": 2, "b": 3, "c": 3, "d": 1, "e": 5},
    ]
    order = robust_order(rankings)
    # worst ranks: a 4, b 3, c 3, d 4, e 5; b and c tie on 3, means 8/3 and 7/3 -> c first;
    # a and d tie on 4 with means 7/3 and 7/3 -> by id.
    assert [s.option for s in order] == ["c", "b", "a", "d", "e"]
    assert order[0] == Standing("c", (3, 1, 3))
    assert (order[0].worst, order[0].best, order[0].mean) == (3, 1, pytest.approx(7 / 3))


@given(st.lists(st.permutations("abcdef"), min_size=1, max_size=5))
def test_robust_choice_has_the_best_worst_rank(orders: list[list[str]]) -> None:
    rankings = [{k: i for i, k in enumerate(order, 1)} for order in orders]
    first = robust_order(rankings)[0]
    best_worst = min(max(r[k] for r in rankings) for k in "abcdef")
    assert first.worst == best_worst


def test_robust_order_needs_the_same_options() -> None:
    with pytest.raises(ValueError, match="same options"):
        robust_order([{"a": 1}, {"b": 1}])
    with pytest.raises(ValueError, match="at least one"):
        robust_order([])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 5), st.sampled_from([1.0, 2.0, 2.5, 4.0, 9.0])), max_size=25)
)
def test_knight_equals_the_pair_by_pair_count(pairs: list[tuple[int, float]]) -> None:
    x = {f"o{i}": a for i, (a, _) in enumerate(pairs)}
    y = {f"o{i}": b for i, (_, b) in enumerate(pairs)}
    fast, slow = kendall_tau_b(x, y), kendall_tau_b_pairs(x, y)
    if slow is None:
        assert fast is None
    else:
        assert fast == pytest.approx(slow, abs=1e-12)
