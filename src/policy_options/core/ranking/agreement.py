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

    Counted in O(n log n) (Knight 1966): sort by (x, y), count the ties, then the
    discordant pairs as the swaps of a merge sort on y. :func:`kendall_tau_b_pairs`
    counts pair by pair, the reference the tests hold this to.
    """
    ids = sorted(set(x) & set(y))
    n = len(ids)
    pairs = n * (n - 1) // 2
    joint = sorted((x[i], y[i]) for i in ids)
    tied_x = _tied_pairs([a for a, _ in joint])
    tied_both = _tied_pairs(joint)
    ys = [b for _, b in joint]
    discordant = _swaps(ys)  # ys is sorted in place
    tied_y = _tied_pairs(ys)
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    if denominator == 0:
        return None
    # C + D = P - Tx - Ty + Txy (pairs tied in neither)
    concordant = pairs - tied_x - tied_y + tied_both - discordant
    return (concordant - discordant) / denominator


def kendall_tau_b_pairs(x: Mapping[str, float], y: Mapping[str, float]) -> float | None:
    """:func:`kendall_tau_b` pair by pair, in O(n^2): the plain reference."""
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


def _tied_pairs(items: Sequence[object]) -> int:
    """Pairs of equal neighbours' runs in a sorted sequence: sum of t (t - 1) / 2."""
    total = run = 0
    for i in range(1, len(items)):
        if items[i] == items[i - 1]:
            run += 1
            total += run
        else:
            run = 0
    return total


def _swaps(items: list[float]) -> int:
    """Sort ``items`` in place (merge sort) and return how many pairs were out of order
    (strictly greater before smaller: equal items are not a swap)."""
    n = len(items)
    swaps = 0
    width = 1
    buffer = items[:]
    while width < n:
        for start in range(0, n, 2 * width):
            middle, end = min(start + width, n), min(start + 2 * width, n)
            i, j, k = start, middle, start
            while i < middle and j < end:
                if items[j] < items[i]:
                    buffer[k] = items[j]
                    swaps += middle - i
                    j += 1
                else:
                    buffer[k] = items[i]
                    i += 1
                k += 1
            buffer[k : k + middle - i] = items[i:middle]
            k += middle - i
            buffer[k : k + end - j] = items[j:end]
        items[:] = buffer
        width *= 2
    return swaps


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
