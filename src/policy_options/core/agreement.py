"""How far rankings agree: Kendall's tau-b, and the option that is never ranked badly.

Both work on plain ``{id: rank}`` mappings (competition ranks, ties allowed), so
any two rankings can be compared: two weight profiles, two methods, two studies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def kendall_tau_b(x: Mapping[str, float], y: Mapping[str, float]) -> float | None:
    """Kendall's tau-b between two rankings ``{id: rank}``, over the ids they share.

    tau_b = (C - D) / sqrt((P - Tx) (P - Ty)), where P = n(n-1)/2 is the number of
    pairs, C and D the concordant and discordant pairs, Tx and Ty the pairs tied in
    ``x`` and in ``y`` (Kendall 1945; Agresti, *Analysis of Ordinal Categorical
    Data*, 2010, 7.1). 1 = same order, -1 = reversed. ``None`` when undefined:
    fewer than two shared ids, or one ranking ties every shared id.
    """
    ids = sorted(set(x) & set(y))
    concordant = discordant = tied_x = tied_y = 0
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            dx = x[first] - x[second]
            dy = y[first] - y[second]
            if dx == 0:
                tied_x += 1
            if dy == 0:
                tied_y += 1
            if dx * dy > 0:
                concordant += 1
            elif dx * dy < 0:
                discordant += 1
    pairs = len(ids) * (len(ids) - 1) // 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    if denominator == 0:
        return None
    return (concordant - discordant) / denominator


@dataclass(frozen=True)
class Standing:
    """One option's ranks across several rankings: its worst, best and mean rank."""

    option: str
    ranks: tuple[int, ...]

    @property
    def worst(self) -> int:
        return max(self.ranks)

    @property
    def best(self) -> int:
        return min(self.ranks)

    @property
    def mean(self) -> float:
        return math.fsum(self.ranks) / len(self.ranks)


def robust_order(rankings: Sequence[Mapping[str, int]]) -> list[Standing]:
    """Options ordered by their worst rank across ``rankings`` (best first): a maximin choice.

    The first is the robust choice when stakeholders disagree: the option whose
    worst rank under any of the rankings is best. Ties on the worst rank are
    broken by the better mean rank, then by id. Every ranking must rank the same ids.
    """
    if not rankings:
        raise ValueError("robust_order needs at least one ranking")
    ids = set(rankings[0])
    if any(set(r) != ids for r in rankings[1:]):
        raise ValueError("robust_order needs rankings of the same options")
    standings = [Standing(option, tuple(r[option] for r in rankings)) for option in ids]
    standings.sort(key=lambda s: (s.worst, s.mean, s.option))
    return standings
