"""A consensus of several rankings: Kemeny-Young, exact, for few options; Borda above.

Kemeny-Young picks the order that disagrees with the fewest (voter, pair) preferences:
the sum over pairs (a before b in the order) of the voters who put b strictly above a.
It is found by trying every order, exact up to :data:`KEMENY_LIMIT` options (8! =
40,320 orders); above that, Borda's count (an option scores, per voter, the number of
options that voter puts strictly below it) orders them, and the result says which.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

KEMENY_LIMIT = 8


@dataclass(frozen=True)
class Consensus:
    order: tuple[str, ...]
    method: str  # "kemeny-young" or "borda"
    disagreements: int | None  # Kemeny: the (voter, pair) preferences the order goes against


def beaten(
    rankings: Sequence[Mapping[str, int]], options: Sequence[str]
) -> dict[tuple[str, str], int]:
    """(a, b) -> how many rankings put a strictly above b (rank numbers: lower is better)."""
    return {
        (a, b): sum(1 for r in rankings if r[a] < r[b]) for a in options for b in options if a != b
    }


def kemeny_cost(order: Sequence[str], wins: Mapping[tuple[str, str], int]) -> int:
    """Preferences ``order`` goes against: for each a before b, the rankings with b above a."""
    return sum(wins[(b, a)] for i, a in enumerate(order) for b in order[i + 1 :])


def kemeny_young(rankings: Sequence[Mapping[str, int]], options: Sequence[str]) -> Consensus:
    """The exact Kemeny-Young order (the first in id order among the best)."""
    ids = sorted(options)
    wins = beaten(rankings, ids)
    best: tuple[str, ...] = tuple(ids)
    best_cost = kemeny_cost(best, wins)
    for order in itertools.permutations(ids):
        cost = kemeny_cost(order, wins)
        if cost < best_cost:
            best, best_cost = order, cost
    return Consensus(best, "kemeny-young", best_cost)


def borda(rankings: Sequence[Mapping[str, int]], options: Sequence[str]) -> Consensus:
    """Borda's count: per ranking, the options strictly below; ties broken by id."""
    points = {a: sum(sum(1 for b in options if r[a] < r[b]) for r in rankings) for a in options}
    return Consensus(tuple(sorted(options, key=lambda a: (-points[a], a))), "borda", None)


def consensus(rankings: Sequence[Mapping[str, int]], options: Sequence[str]) -> Consensus:
    """Kemeny-Young for up to :data:`KEMENY_LIMIT` options, Borda's count above."""
    if len(options) <= KEMENY_LIMIT:
        return kemeny_young(rankings, options)
    return borda(rankings, options)
