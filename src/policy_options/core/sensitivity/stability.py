"""Exact weight stability intervals under the additive model: nothing sampled.

For criterion k, its weight t runs over [0, 1] while every other weight is scaled by
(1 - t) / (1 - w_k), so the others keep their ratios. The score of option a is then a
straight line in t,

    f_a(t) = R_a + t * (v_ak - R_a),   R_a = sum_{i != k} w_i v_ai / sum_{i != k} w_i,

and every point where two options swap is the root of a linear equation, solved
exactly. When w_k = 1 (all the other weights are 0) their ratios are undefined: as t
falls below 1 the rest of the weight is spread equally over the other criteria (R_a is
then the mean of a's other values) and the result says so (``spread_equally``).

Ties follow the ranking: options within 1e-9 at the current weights are tied now, and
a tie at an interval's end counts as still on top (intervals are closed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.model import Study
from policy_options.core.ranking import TIE_TOLERANCE, Ranking, rank, value_matrix
from policy_options.core.sensitivity import require_additive
from policy_options.core.weights import Weights

Vector = npt.NDArray[np.float64]

SLOPE_TOLERANCE = 1e-12
"""Slopes closer than this are parallel: rounding, not a real difference (values are 0..1)."""
END_TOLERANCE = 1e-12
"""A crossing this close to 0 or 1 is at 0 or 1 (rounding would leave a sliver of a change)."""


@dataclass(frozen=True)
class Breakpoint:
    """A weight at which the top option changes, and the option on top just above it."""

    weight: float
    top: str


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


@dataclass(frozen=True)
class WeightStability:
    """Stability of the ranking under each criterion's weight, most sensitive first."""

    ranking: Ranking
    top: str
    criteria: tuple[CriterionStability, ...]

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


def weight_stability(study: Study, weights: Weights) -> WeightStability:
    """Exact stability intervals for every criterion's weight, most sensitive first."""
    ranking = rank(study, weights, require_additive(study))
    order = [row.option for row in ranking.rows]
    keys = list(study.criteria)
    table = value_matrix(study)
    values = np.array([[table[option][key] for key in keys] for option in order], dtype=float)
    current = np.array([weights.normalised[key] for key in keys], dtype=float)
    scores = np.array([row.score for row in ranking.rows], dtype=float)
    found = [_criterion(key, k, values, current, scores, order) for k, key in enumerate(keys)]
    position = {key: i for i, key in enumerate(keys)}
    found.sort(key=lambda c: (*_sensitivity(c), position[c.criterion]))
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
