"""TOPSIS stability intervals: closeness on a grid of weights, then bisection.

Also the weighted product with modifiers and a reference option, whose score
s_ref + m_i (s_i - s_ref) is no longer a product (:func:`searched_stability`).

TOPSIS closeness is not linear in t. It is evaluated on a grid of ``GRID`` weights
(plus the current one); wherever the top option (or the ranking) changes between two
grid points the change is found by bisection to 1e-9. Not exact: two changes closer
together than the grid step can be missed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from policy_options.core.ranking.rank import TIE_TOLERANCE
from policy_options.core.uncertainty.stability_result import Breakpoint, CriterionStability
from policy_options.core.uncertainty.vectorised_topsis import closeness

Vector = npt.NDArray[np.float64]

GRID = 2001
"""TOPSIS: weights evaluated on [0, 1] before bisection (a step of 0.05 percentage points)."""
BISECTION = 1e-9
"""TOPSIS: bisection stops when the bracket is this narrow."""


def topsis_stability(
    key: str,
    k: int,
    gaps: tuple[Vector, Vector],
    current: Vector,
    order: list[str],
    factors: Vector | None = None,
    reference: int | None = None,
) -> CriterionStability:
    """TOPSIS: closeness on a grid of weights; every change bracketed, then bisected.
    ``factors``: each option's modifier factor m_i, weighing its closeness c_i: m_i c_i,
    or with a ``reference`` row c_ref + m_i (c_i - c_ref)."""
    plus, minus = gaps
    same = _identical_rows(plus, minus)

    def closeness_of(weights: Vector) -> Vector:
        squared = weights * weights
        found = closeness(plus @ squared, minus @ squared)
        return found[same]  # identical options: bit-identical closeness

    return searched_stability(key, k, current, order, closeness_of, factors, reference)


def searched_stability(
    key: str,
    k: int,
    current: Vector,
    order: list[str],
    score_of: Callable[[Vector], Vector],
    factors: Vector | None = None,
    reference: int | None = None,
) -> CriterionStability:
    """Any method: ``score_of`` (criteria x points weights -> options x points scores)
    on a grid of weights of criterion k, every change bracketed, then bisected; the
    scores weighed by the modifier ``factors`` (and ``reference``) as in the ranking."""
    n, m = len(order), current.size
    w = float(current[k])
    others = [i for i in range(m) if i != k]
    rest = float(current[others].sum()) if others else 0.0
    spread = bool(others) and not rest > 0
    share = np.full(m, 1.0 / max(1, len(others))) if spread else current / (rest or 1.0)
    by_id = np.array(sorted(range(n), key=lambda a: order[a]), dtype=np.intp)
    m_i = np.ones((n, 1)) if factors is None else np.asarray(factors, dtype=float)[:, None]

    def closeness_at(t: Vector) -> Vector:
        weights = share[:, None] * (1.0 - t)
        weights[k] = t if others else 1.0  # one criterion: its weight is always all of it
        found = score_of(weights)
        if reference is None:
            return found * m_i
        base = found[reference][None, :]
        return np.asarray(base + m_i * (found - base), dtype=float)

    def tops(c: Vector) -> npt.NDArray[np.intp]:
        """The option with the highest closeness (an exact tie to the first id)."""
        return np.asarray(by_id[np.argmax(c[by_id], axis=0)], dtype=np.intp)

    def on_top(c: Vector) -> npt.NDArray[np.bool_]:
        return np.asarray(c[0] >= c.max(axis=0) - TIE_TOLERANCE)

    def in_order(c: Vector) -> npt.NDArray[np.bool_]:
        return np.asarray(np.all(c[:-1] >= c[1:] - TIE_TOLERANCE, axis=0))

    def at(t: float) -> Vector:
        return closeness_at(np.array([t]))

    grid = np.unique(np.append(np.linspace(0.0, 1.0, GRID), w))
    now = int(np.searchsorted(grid, w))
    c = closeness_at(grid)
    holds = on_top(c)
    holds[now] = True  # the ranking's verdict at the current weights
    (lo, below), (hi, above) = _reach(grid, holds, now, lambda t: bool(on_top(at(t))[0]))
    name_below = None if below is None else order[int(tops(at(below))[0])]
    name_above = None if above is None else order[int(tops(at(above))[0])]
    ordered = in_order(c) & holds
    ordered[now] = True
    (ranking_lo, _), (ranking_hi, _) = _reach(
        grid, ordered, now, lambda t: bool((in_order(at(t)) & on_top(at(t)))[0])
    )
    start, changes = _path(grid, tops(c), lambda t: int(tops(at(t))[0]))
    moves = [w - lo] if name_below is not None else []
    moves += [hi - w] if name_above is not None else []
    change = min(moves) if moves else None
    return CriterionStability(
        criterion=key,
        weight=w,
        top_interval=(lo, hi),
        below=name_below,
        above=name_above,
        ranking_interval=(max(ranking_lo, lo), min(ranking_hi, hi)),
        top_at_zero=order[start],
        breakpoints=tuple(Breakpoint(t, order[i]) for t, i in changes),
        change=change,
        relative_change=None if change is None or w == 0 else change / w,
        spread_equally=spread,
    )


def _identical_rows(*matrices: Vector) -> npt.NDArray[np.intp]:
    """For each row, the first row equal to it in every matrix (itself if none)."""
    first: dict[bytes, int] = {}
    found = np.arange(matrices[0].shape[0], dtype=np.intp)
    for a in range(found.size):
        key = b"".join(np.ascontiguousarray(x[a]).tobytes() for x in matrices)
        found[a] = first.setdefault(key, a)
    return found


def _reach(
    grid: Vector, holds: npt.NDArray[np.bool_], now: int, test: Callable[[float], bool]
) -> tuple[tuple[float, float | None], tuple[float, float | None]]:
    """How far from ``grid[now]`` a condition holds on each side: (end, first t past it).

    The end is the last t (to 1e-9) where it holds; the t past it is None at 0 or 1.
    """
    left = np.flatnonzero(~holds[:now])
    if left.size:
        fail, hold = _bisect(float(grid[left[-1]]), float(grid[left[-1] + 1]), test)
        low: tuple[float, float | None] = (hold, fail)
    else:
        low = (0.0, None)
    right = np.flatnonzero(~holds[now + 1 :])
    if right.size:
        at = now + 1 + int(right[0])
        fail, hold = _bisect(float(grid[at]), float(grid[at - 1]), test)
        high: tuple[float, float | None] = (hold, fail)
    else:
        high = (1.0, None)
    return low, high


def _bisect(fail: float, hold: float, test: Callable[[float], bool]) -> tuple[float, float]:
    """Narrow [fail, hold] (either order) to BISECTION around where ``test`` turns true."""
    while abs(hold - fail) > BISECTION:
        middle = (fail + hold) / 2
        if middle in (fail, hold):
            break
        if test(middle):
            hold = middle
        else:
            fail = middle
    return fail, hold


def _path(
    grid: Vector, tops: npt.NDArray[np.intp], top_at: Callable[[float], int]
) -> tuple[int, list[tuple[float, int]]]:
    """The top option just above 0 and each (t, new top) where it changes, by bisection."""
    changes: list[tuple[float, int]] = []
    for i in np.flatnonzero(tops[:-1] != tops[1:]):
        left, right, before = float(grid[i]), float(grid[i + 1]), int(tops[i])
        for _ in range(len(tops)):  # every change inside this bracket, left to right

            def same(t: float, top: int = before) -> bool:
                return top_at(t) == top

            fail, hold = _bisect(right, left, same)
            after = top_at(fail)
            changes.append(((fail + hold) / 2, after))
            if after == tops[i + 1] or fail >= right:
                break
            left, before = fail, after
    start = int(tops[0])
    while changes and changes[0][0] <= BISECTION:  # a tie at 0 that resolves at once
        start = changes.pop(0)[1]
    while changes and changes[-1][0] >= 1.0 - BISECTION:
        changes.pop()
    # changes within 2e-9 of each other are one point (a tie of three or more options
    # there): keep the option that follows it, and drop a change back to the same top
    merged: list[tuple[float, int]] = []
    for t, top in changes:
        if merged and t - merged[-1][0] <= 2 * BISECTION:
            merged[-1] = (merged[-1][0], top)
        else:
            merged.append((t, top))
    found: list[tuple[float, int]] = []
    for t, top in merged:
        if top != (found[-1][1] if found else start):
            found.append((t, top))
    return start, found
