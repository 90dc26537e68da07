"""Weight stability intervals for every aggregation method.

For criterion k, its weight t runs over [0, 1] while every other weight is scaled by
(1 - t) / (1 - w_k), so the others keep their ratios. When w_k = 1 (all the other
weights are 0) their ratios are undefined: as t falls below 1 the rest of the weight is
spread equally over the other criteria and the result says so (``spread_equally``).

Exact, nothing sampled, for the methods linear in the weights. Additive: the score of
option a is a straight line in t,

    f_a(t) = R_a + t * (v_ak - R_a),   R_a = sum_{i != k} w_i v_ai / sum_{i != k} w_i,

and every point where two options swap is the root of a linear equation. PROMETHEE II:
the same with (phi_k(a) + 1) / 2 for v_ak, since the per-criterion net flows phi_k do
not depend on the weights and the score is sum_k w_k (phi_k + 1) / 2. Weighted product:
the same in log space (ln S is linear in t, ln v for v); an option with a 0 on a
criterion weighted above 0 is vetoed (S = 0) for every t in (0, 1) and never on top
unless every option is. At exactly t = 0 the criterion drops out, and at t = 1 every
other one does, which can lift a veto: such ends are reported apart (``endpoints``).

TOPSIS closeness is not linear in t. It is evaluated on a grid of ``GRID`` weights
(plus the current one); wherever the top option (or the ranking) changes between two
grid points the change is found by bisection to 1e-9. Not exact: two changes closer
together than the grid step can be missed. Weakest link has no intervals: the size of a
non-zero weight does not change an option's weakest value (weights only break ties
through the additive score); dropping a criterion (weight 0) does, and is reported.

Ties follow the ranking: options within 1e-9 at the current weights are tied now, and
a tie at an interval's end counts as still on top (intervals are closed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import Problem
from policy_options.core.ranking.rank import (
    TIE_TOLERANCE,
    Ranking,
    order_and_rank,
    problem_of,
    rank,
)
from policy_options.core.study.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.settings import resolve_method
from policy_options.core.uncertainty.vectorised_promethee import net_flows
from policy_options.core.uncertainty.vectorised_topsis import closeness, ideal_gaps

Vector = npt.NDArray[np.float64]

SLOPE_TOLERANCE = 1e-12
"""Slopes closer than this are parallel: rounding, not a real difference (values are 0..1)."""
END_TOLERANCE = 1e-12
"""A crossing this close to 0 or 1 is at 0 or 1 (rounding would leave a sliver of a change)."""
GRID = 2001
"""TOPSIS: weights evaluated on [0, 1] before bisection (a step of 0.05 percentage points)."""
BISECTION = 1e-9
"""TOPSIS: bisection stops when the bracket is this narrow."""
VETOED = -1e6
"""Weighted product: the log-score line of a vetoed option, below any real one (ln v > -746)."""


@dataclass(frozen=True)
class Breakpoint:
    """A weight at which the top option changes, and the option on top just above it."""

    weight: float
    top: str


@dataclass(frozen=True)
class Endpoint:
    """Weighted product: at exactly this weight (0 or 1) a criterion drops out, lifting vetoes."""

    weight: float
    top: str  # the option on top at exactly this weight
    unvetoed: tuple[str, ...]  # the options a weight of 0 frees from their veto


@dataclass(frozen=True)
class CriterionStability:
    """What happens to the ranking as one criterion's weight runs from 0 to 1."""

    criterion: str
    weight: float  # the current, normalised weight
    top_interval: tuple[float, float]  # where the current top option stays on top
    below: str | None  # the option on top just below the interval (None: it reaches 0)
    above: str | None  # the option on top just above the interval (None: it reaches 1)
    ranking_interval: tuple[float, float]  # where the order of all options stays as now
    top_at_zero: str  # the option on top just above t = 0
    breakpoints: tuple[Breakpoint, ...]  # every t in (0, 1) where the top option changes
    change: float | None  # the smallest move of the weight that changes the top option
    relative_change: float | None  # change / weight (None when the weight is 0 or no change)
    spread_equally: bool  # w_k = 1: the other criteria share the rest equally
    endpoints: tuple[Endpoint, ...] = ()  # weighted product: what 0 or 1 exactly changes
    vetoed_inside: bool = False  # weighted product: the top holds only at its current end


@dataclass(frozen=True)
class Toggle:
    """Weakest link: the option on top once a criterion is dropped (or, at 0 now, added)."""

    criterion: str
    weight: float  # its current weight: > 0, dropped (set to 0); 0, added (any weight)
    top: str  # the option on top then (the current top when it stays, a tie included)
    changes_top: bool


@dataclass(frozen=True)
class WeightStability:
    """Stability of the ranking under each criterion's weight, most sensitive first."""

    ranking: Ranking
    top: str
    criteria: tuple[CriterionStability, ...]
    exact: bool = True  # False: found by bisection (TOPSIS)
    search: tuple[int, float] | None = None  # TOPSIS: (grid points, bisection tolerance)
    toggles: tuple[Toggle, ...] = ()  # weakest link: each criterion dropped (or added)
    shares_top: tuple[str, ...] = ()  # weakest link: others with the top's weakest value
    top_value: float | None = None  # weakest link: the top option's weakest value

    @property
    def method(self) -> str:
        return self.ranking.method

    @property
    def most_sensitive(self) -> CriterionStability | None:
        """The criterion whose weight needs the smallest relative move to change the top."""
        first = self.criteria[0] if self.criteria else None
        return first if first is not None and first.change is not None else None


def score_lines(values: Vector, weights: Vector, k: int) -> tuple[Vector, Vector, bool]:
    """Intercepts R and slopes s of every option's score f(t) = R + s t (additive model).

    ``values`` is options x criteria (0..1), ``weights`` the normalised weights. Returns
    whether the other criteria share the weight equally (w_k = 1, see the module note).
    """
    others = [i for i in range(values.shape[1]) if i != k]
    if not others:
        intercepts = values[:, k].copy()
        return intercepts, np.zeros_like(intercepts), False
    rest = weights[others]
    total = float(rest.sum())
    if total > 0:
        intercepts = values[:, others] @ (rest / total)
        spread = False
    else:
        intercepts = values[:, others].mean(axis=1)
        spread = True
    return intercepts, values[:, k] - intercepts, spread


def weight_stability(
    study: Study,
    weights: Weights,
    method: str | None = None,
    *,
    on_chunk: Callable[[int, int], None] | None = None,
) -> WeightStability:
    """Stability intervals for every criterion's weight under ``method``, most sensitive first.

    ``method`` defaults to the study's; see the module docstring for what each gives.
    ``on_chunk(done, total)`` is called after each criterion, for a progress bar.
    """
    name = resolve_method(study, method)
    ranking = rank(study, weights, name)
    if name is Method.weakest_link:
        return _weakest_link(ranking, problem_of(study, weights))
    order = [row.option for row in ranking.rows]
    problem = problem_of(study, weights, order)  # rows in ranking order
    keys = problem.criteria
    values = np.array(problem.values, dtype=float)
    current = np.array(problem.weights, dtype=float)
    scores = np.array([row.score for row in ranking.rows], dtype=float)
    solve: Callable[[str, int], CriterionStability]
    if name is Method.topsis:
        raw = np.array(problem.raw, dtype=float)
        gaps = ideal_gaps(raw, np.array(problem.higher_is_better, dtype=bool))

        def solve(key: str, k: int) -> CriterionStability:
            return _searched(key, k, gaps, current, order)

    elif name is Method.weighted_product:

        def solve(key: str, k: int) -> CriterionStability:
            return _vetoes(key, k, values, current, scores, order)

    else:
        if name is Method.promethee:  # score = sum_k w_k (phi_k + 1) / 2: lines in t
            raw = np.array(problem.raw, dtype=float)
            benefit = np.array(problem.higher_is_better, dtype=bool)
            values = (net_flows(raw, benefit, problem.preferences) + 1.0) / 2.0

        def solve(key: str, k: int) -> CriterionStability:
            return _criterion(key, k, values, current, scores, order)

    found = []
    for k, key in enumerate(keys):
        found.append(solve(key, k))
        if on_chunk is not None:
            on_chunk(k + 1, len(keys))
    position = {key: i for i, key in enumerate(keys)}
    found.sort(key=lambda c: (*_sensitivity(c), position[c.criterion]))
    if name is Method.topsis:
        return WeightStability(
            ranking, order[0], tuple(found), exact=False, search=(GRID, BISECTION)
        )
    return WeightStability(ranking, order[0], tuple(found))


def _sensitivity(result: CriterionStability) -> tuple[int, float, float]:
    """Sort key: a top change at all, then the relative move it needs, then the move."""
    if result.change is None:
        return (1, 0.0, 0.0)
    if result.relative_change is not None:
        return (0, result.relative_change, result.change)
    # weight 0: any move is infinitely large relative to it, unless none is needed
    return (0, 0.0 if result.change == 0 else float("inf"), result.change)


def _criterion(
    key: str, k: int, values: Vector, current: Vector, scores: Vector, order: list[str]
) -> CriterionStability:
    intercepts, slopes, spread = score_lines(values, current, k)
    return _from_lines(key, k, intercepts, slopes, spread, current, scores, order)


def _from_lines(
    key: str,
    k: int,
    intercepts: Vector,
    slopes: Vector,
    spread: bool,
    current: Vector,
    scores: Vector,
    order: list[str],
) -> CriterionStability:
    """Intervals, the options just outside them and the top path, from score lines in t."""
    w = float(current[k])
    n = len(order)
    everyone = np.arange(1, n)
    lo, hi = stays_above(intercepts, slopes, scores, w, np.zeros(n - 1, dtype=int), everyone)
    ranking_lo, ranking_hi = stays_above(
        intercepts, slopes, scores, w, np.arange(n - 1), np.arange(1, n)
    )
    ranking_lo, ranking_hi = max(ranking_lo, lo), min(ranking_hi, hi)
    below = _top_next_to(intercepts, slopes, lo, -1, avoid=0) if lo > 0 else None
    above = _top_next_to(intercepts, slopes, hi, +1, avoid=0) if hi < 1 else None
    start, changes = top_envelope(intercepts, slopes)
    moves = [w - lo] if below is not None else []
    moves += [hi - w] if above is not None else []
    change = min(moves) if moves else None
    return CriterionStability(
        criterion=key,
        weight=w,
        top_interval=(lo, hi),
        below=None if below is None else order[below],
        above=None if above is None else order[above],
        ranking_interval=(ranking_lo, ranking_hi),
        top_at_zero=order[start],
        breakpoints=tuple(Breakpoint(t, order[i]) for t, i in changes),
        change=change,
        relative_change=None if change is None or w == 0 else change / w,
        spread_equally=spread,
    )


def stays_above(
    intercepts: Vector,
    slopes: Vector,
    scores: Vector,
    t0: float,
    upper: npt.NDArray[np.int_],
    lower: npt.NDArray[np.int_],
) -> tuple[float, float]:
    """The closed interval of t around ``t0`` where f_upper(t) >= f_lower(t) for every pair.

    ``scores`` are the scores at ``t0`` as the ranking computed them; pairs within 1e-9
    there are tied now, so the order holds only on the side where ``upper`` gains (or
    everywhere when their lines are parallel).
    """
    lo, hi = 0.0, 1.0
    if upper.size == 0:
        return lo, hi
    alpha = intercepts[upper] - intercepts[lower]
    beta = slopes[upper] - slopes[lower]
    tied = np.abs(scores[upper] - scores[lower]) <= TIE_TOLERANCE
    if np.any(tied & (beta > SLOPE_TOLERANCE)):
        lo = t0
    if np.any(tied & (beta < -SLOPE_TOLERANCE)):
        hi = t0
    strict = ~tied & (beta != 0)
    roots = _snap(-alpha[strict] / beta[strict])
    rising = beta[strict] > 0
    if np.any(rising):  # the gap grows with t: it closed at a root below t0
        lo = max(lo, float(roots[rising].max()))
    if np.any(~rising):  # the gap shrinks with t: it closes at a root above t0
        hi = min(hi, float(roots[~rising].min()))
    return max(lo, 0.0), min(hi, 1.0)


def _snap(t: Vector) -> Vector:
    """Crossings within END_TOLERANCE of 0 or 1 put at 0 or 1."""
    return np.where(
        t >= 1.0 - END_TOLERANCE,
        np.maximum(t, 1.0),
        np.where(t <= END_TOLERANCE, np.minimum(t, 0.0), t),
    )


def _top_next_to(
    intercepts: Vector, slopes: Vector, t: float, side: int, avoid: int | None = None
) -> int:
    """The option on top just above (side +1) or just below (side -1) ``t``.

    Among the options within 1e-9 of the best at ``t``, the steepest (going up) or the
    flattest (going down) wins; identical lines go to the one listed first. ``avoid``
    is skipped when another candidate exists (the current top option at its own
    interval's end, where by construction another option takes over).
    """
    at_t = intercepts + slopes * t
    near = np.flatnonzero(at_t >= at_t.max() - TIE_TOLERANCE)
    if avoid is not None and near.size > 1:
        near = near[near != avoid]
    lean = slopes[near] * side
    best = near[lean >= lean.max() - SLOPE_TOLERANCE]
    return int(best.min())


def top_envelope(intercepts: Vector, slopes: Vector) -> tuple[int, list[tuple[float, int]]]:
    """The upper envelope of the score lines over [0, 1].

    Returns the option on top just above 0 and every (t, option) where another option
    takes over, in increasing t. The top's slope strictly increases at each change, so
    there are at most n - 1 of them.
    """
    start = current = _top_next_to(intercepts, slopes, 0.0, +1)
    changes: list[tuple[float, int]] = []
    t = 0.0
    for _ in range(len(intercepts)):
        gain = slopes - slopes[current]
        rising = gain > SLOPE_TOLERANCE
        if not np.any(rising):
            break
        crossings = _snap((intercepts[current] - intercepts[rising]) / gain[rising])
        t_next = float(crossings.min())
        if t_next >= 1.0:
            break
        t = max(t, t_next)
        successor = _top_next_to(intercepts, slopes, t, +1)
        if slopes[successor] <= slopes[current]:  # pragma: no cover - rounding guard
            break
        changes.append((t, successor))
        current = successor
    return start, changes


# --- weighted product: lines in log space, vetoes apart ----------------------------------


def _vetoes(
    key: str, k: int, values: Vector, current: Vector, scores: Vector, order: list[str]
) -> CriterionStability:
    """Weighted product: ln S lines of the options no weight in (0, 1) vetoes.

    The vetoed ones (a 0 on a criterion weighted above 0 for t in (0, 1)) get a line
    far below every other, so they come first only when every option is vetoed (then
    by id, as the ranking ties them). A weight of exactly 0 or 1 drops criteria and
    may lift vetoes: those ends are computed apart and reported as ``endpoints``.
    """
    m = values.shape[1]
    zero: npt.NDArray[np.bool_] = np.asarray(values <= 0)
    logs = np.log(np.where(zero, 1.0, values))
    intercepts, slopes, spread = score_lines(logs, current, k)
    inside = current > 0
    inside[k] = True
    if spread:
        inside[:] = True
    alive: npt.NDArray[np.bool_] = np.asarray(~zero[:, inside].any(axis=1))
    # vetoed options all score 0, tied and so ordered by id: parallel lines 1e-3 apart
    by_id = np.empty(len(order), dtype=float)
    by_id[sorted(range(len(order)), key=lambda a: order[a])] = np.arange(len(order))
    lines = np.where(alive, intercepts, VETOED - 1e-3 * by_id), np.where(alive, slopes, 0.0)
    # ties are judged just inside (0, 1), where a vetoed option scores 0 (the current
    # weights may sit at an end where it is not vetoed, tied with the top)
    inside_scores = np.where(alive, scores, 0.0)
    result = _from_lines(key, k, *lines, spread, current, inside_scores, order)
    if m == 1:
        return result
    at_zero = inside.copy()
    at_zero[k] = False
    ends = []
    for end, freed, end_scores in (
        (0.0, ~zero[:, at_zero].any(axis=1), np.exp(intercepts)),
        (1.0, ~zero[:, k], values[:, k]),
    ):
        if np.array_equal(freed, alive):
            continue
        unvetoed = tuple(sorted(order[a] for a in np.flatnonzero(freed & ~alive)))
        ends.append(Endpoint(end, _top_of(np.where(freed, end_scores, 0.0), order), unvetoed))
    w = float(current[k])
    vetoed_inside = False
    for end_point in ends:
        if w != end_point.weight:
            continue
        # the current weights sit at this end: inside, the freed options are vetoed again
        result = replace(result, ranking_interval=(w, w))
        inner = result.top_at_zero if w == 0.0 else order[_top_next_to(*lines, 1.0, -1)]
        if not alive[0] and inner != order[0]:  # ... and the top option is one of them
            vetoed_inside = True
            result = replace(
                result,
                top_interval=(w, w),
                below=None if w == 0.0 else inner,
                above=inner if w == 0.0 else None,
                change=0.0,
                relative_change=None if w == 0.0 else 0.0,
            )
    return replace(result, endpoints=tuple(ends), vetoed_inside=vetoed_inside)


def _top_of(scores: Vector, order: Sequence[str]) -> str:
    """The ranking's top: the first id among the options within 1e-9 of the best score."""
    near = np.flatnonzero(scores >= scores.max() - TIE_TOLERANCE)
    return min(order[int(a)] for a in near)


# --- TOPSIS: a grid, then bisection -------------------------------------------------------


def _searched(
    key: str, k: int, gaps: tuple[Vector, Vector], current: Vector, order: list[str]
) -> CriterionStability:
    """TOPSIS: closeness on a grid of weights; every change bracketed, then bisected."""
    plus, minus = gaps
    n, m = plus.shape
    w = float(current[k])
    others = [i for i in range(m) if i != k]
    rest = float(current[others].sum()) if others else 0.0
    spread = bool(others) and not rest > 0
    share = np.full(m, 1.0 / max(1, len(others))) if spread else current / (rest or 1.0)
    by_id = np.array(sorted(range(n), key=lambda a: order[a]), dtype=np.intp)
    same = _identical_rows(plus, minus)

    def closeness_at(t: Vector) -> Vector:
        weights = share[:, None] * (1.0 - t)
        weights[k] = t if others else 1.0  # one criterion: its weight is always all of it
        squared = weights * weights
        found = closeness(plus @ squared, minus @ squared)
        return found[same]  # identical options: bit-identical closeness

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


# --- weakest link: no intervals ----------------------------------------------------------

_ADDED = 1e-12
"""Weakest link: the weight a criterion of weight 0 gets to join the minimum ("just above 0")."""


def _weakest_link(ranking: Ranking, problem: Problem) -> WeightStability:
    """Weakest link: which criteria, dropped (weight 0) or added, change the top option."""
    top = ranking.rows[0].option
    evaluate = EVALUATORS[Method.weakest_link]
    base = evaluate(problem)
    lowest = dict(zip(problem.options, base.scores, strict=True))
    shares = tuple(
        option
        for option in problem.options
        if option != top and abs(lowest[option] - lowest[top]) <= TIE_TOLERANCE
    )
    toggles = []
    weights = problem.weights
    m = len(weights)
    for k, key in enumerate(problem.criteria):
        if weights[k] > 0:
            rest = [0.0 if i == k else w for i, w in enumerate(weights)]
            total = sum(rest)
            if m == 1:
                continue
            changed = [w / total if total > 0 else (i != k) / (m - 1) for i, w in enumerate(rest)]
        else:
            changed = [
                (1 - _ADDED) * w + (_ADDED if i == k else 0.0) for i, w in enumerate(weights)
            ]
        moved = evaluate(replace(problem, weights=tuple(changed)))
        assert moved.tiebreak is not None
        ranked = order_and_rank(
            list(zip(moved.scores, problem.options, strict=True)),
            dict(zip(problem.options, moved.tiebreak, strict=True)),
        )
        stays = any(option == top for position, _, option in ranked if position == 1)
        toggles.append(Toggle(key, weights[k], top if stays else ranked[0][2], not stays))
    return WeightStability(
        ranking,
        top,
        (),
        exact=True,
        toggles=tuple(toggles),
        shares_top=shares,
        top_value=lowest[top],
    )
