"""Kemeny-Young against brute force written here (scoring every order by its Kendall tau
distance to each ranking), on up to 7 options; Borda on a hand-counted case."""

from __future__ import annotations

import itertools
import random

import pytest

from policy_options.core.study.judgements.consensus import borda, consensus, kemeny_young


def kendall_distance(order: tuple[str, ...], ranking: dict[str, int]) -> int:
    """Pairs that ``order`` puts one way and ``ranking`` strictly the other."""
    pos = {o: i for i, o in enumerate(order)}
    return sum(
        1
        for a, b in itertools.combinations(order, 2)
        if (pos[a] - pos[b]) * (ranking[a] - ranking[b]) < 0
    )


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7])
def test_kemeny_young_is_the_order_nearest_every_ranking(n: int) -> None:
    rng = random.Random(n)
    options = [f"o{i}" for i in range(n)]
    for _ in range(3 if n == 7 else 10):
        rankings = []
        for _ in range(rng.randint(2, 6)):
            shuffled = options[:]
            rng.shuffle(shuffled)
            rankings.append({o: i + 1 for i, o in enumerate(shuffled)})
        best = min(
            sum(kendall_distance(order, r) for r in rankings)
            for order in itertools.permutations(options)
        )
        found = kemeny_young(rankings, options)
        assert sum(kendall_distance(found.order, r) for r in rankings) == best
        assert found.disagreements == best


def test_borda_counts_options_below() -> None:
    rankings = [{"a": 1, "b": 2, "c": 3}, {"a": 3, "b": 1, "c": 2}, {"a": 1, "b": 2, "c": 3}]
    # a: 2 + 0 + 2 = 4; b: 1 + 2 + 1 = 4; c: 0 + 1 + 0 = 1 -> a, b (tie by id), c
    found = borda(rankings, ["a", "b", "c"])
    assert found.order == ("a", "b", "c")
    assert found.method == "borda"


def test_borda_above_eight_options() -> None:
    options = [f"o{i}" for i in range(9)]
    assert consensus([{o: i for i, o in enumerate(options)}], options).method == "borda"
    assert consensus([{o: i for i, o in enumerate(options[:8])}], options[:8]).method == (
        "kemeny-young"
    )
