"""Exact stability intervals from score lines: additive and PROMETHEE II.

As criterion k's weight t runs over [0, 1] (the others keeping their ratios), the score
of option a is a straight line,

    f_a(t) = R_a + t * (v_ak - R_a),   R_a = sum_{i != k} w_i v_ai / sum_{i != k} w_i,

and every point where two options swap is the root of a linear equation. PROMETHEE II
gives the same lines with (phi_k(a) + 1) / 2 for v_ak; the weighted product gives them
in log space (:mod:`.stability_product`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from policy_options.core.ranking.rank import TIE_TOLERANCE
from policy_options.core.uncertainty.stability_result import Breakpoint, CriterionStability

Vector = npt.NDArray[np.float64]

SLOPE_TOLERANCE = 1e-12
"""Slopes closer than this are parallel: rounding, not a real difference (values are 0..1)."""
END_TOLERANCE = 1e-12
"""A crossing this close to 0 or 1 is at 0 or 1 (rounding would leave a sliver of a change)."""


def score_lines(values: Vector, weights: Vector, k: int) -> tuple[Vector, Vector, bool]:
    """Intercepts R and slopes s of every option's score f(t) = R + s t (additive model).

    ``values`` is options x criteria (0..1), ``weights`` the normalised weights. Returns
    whether the other criteria share the weight equally (w_k = 1, see :mod:`.stability`).
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


def exact_stability(
    key: str, k: int, values: Vector, current: Vector, scores: Vector, order: list[str]
) -> CriterionStability:
    """Exact, from the score lines of ``values`` (PROMETHEE II: the (phi_k + 1) / 2)."""
    intercepts, slopes, spread = score_lines(values, current, k)
    return from_lines(key, k, intercepts, slopes, spread, current, scores, order)


def from_lines(
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
    below = top_next_to(intercepts, slopes, lo, -1, avoid=0) if lo > 0 else None
    above = top_next_to(intercepts, slopes, hi, +1, avoid=0) if hi < 1 else None
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


def top_next_to(
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
    start = current = top_next_to(intercepts, slopes, 0.0, +1)
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
        successor = top_next_to(intercepts, slopes, t, +1)
        if slopes[successor] <= slopes[current]:  # pragma: no cover - rounding guard
            break
        changes.append((t, successor))
        current = successor
    return start, changes
