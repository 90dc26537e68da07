"""Weighted product stability intervals: score lines in log space, vetoes apart.

ln S is linear in t, with ln v for v. An option with a 0 on a criterion weighted above
0 is vetoed (S = 0) for every t in (0, 1) and never on top unless every option is. At
exactly t = 0 the criterion drops out, and at t = 1 every other one does, which can lift
a veto: such ends are reported apart (``endpoints``).

With modifiers and a reference option the score s_ref + m_i (s_i - s_ref) is not a
product (no longer a line in log space): :func:`product_reference_stability` searches
it on the TOPSIS grid instead (:func:`.stability_topsis.searched_stability`: ``GRID``
weights, then bisection to 1e-9; not exact).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from policy_options.core.ranking.rank import TIE_TOLERANCE
from policy_options.core.uncertainty.stability_lines import (
    Vector,
    from_lines,
    score_lines,
    top_next_to,
)
from policy_options.core.uncertainty.stability_result import CriterionStability, Endpoint
from policy_options.core.uncertainty.stability_topsis import searched_stability

VETOED = -1e6
"""Weighted product: the log-score line of a vetoed option, below any real one (ln v > -746)."""


def product_stability(
    key: str,
    k: int,
    values: Vector,
    current: Vector,
    scores: Vector,
    order: list[str],
    factors: Vector | None = None,
) -> CriterionStability:
    """Weighted product: ln S lines of the options no weight in (0, 1) vetoes.

    The vetoed ones (a 0 on a criterion weighted above 0 for t in (0, 1)) get a line
    far below every other, so they come first only when every option is vetoed (then
    by id, as the ranking ties them). A weight of exactly 0 or 1 drops criteria and
    may lift vetoes: those ends are computed apart and reported as ``endpoints``.
    ``factors`` (each option's modifier factor m_i) add ln m_i to the log lines; a
    factor of 0 scores 0 at every weight, like a veto that no weight lifts.
    """
    m = values.shape[1]
    zero: npt.NDArray[np.bool_] = np.asarray(values <= 0)
    logs = np.log(np.where(zero, 1.0, values))
    intercepts, slopes, spread = score_lines(logs, current, k)
    m_i = np.ones(len(order)) if factors is None else np.asarray(factors, dtype=float)
    nothing = m_i <= 0
    intercepts = intercepts + np.log(np.where(nothing, 1.0, m_i))
    inside = current > 0
    inside[k] = True
    if spread:
        inside[:] = True
    alive: npt.NDArray[np.bool_] = np.asarray(~zero[:, inside].any(axis=1) & ~nothing)
    # vetoed options all score 0, tied and so ordered by id: parallel lines 1e-3 apart
    by_id = np.empty(len(order), dtype=float)
    by_id[sorted(range(len(order)), key=lambda a: order[a])] = np.arange(len(order))
    lines = np.where(alive, intercepts, VETOED - 1e-3 * by_id), np.where(alive, slopes, 0.0)
    # ties are judged just inside (0, 1), where a vetoed option scores 0 (the current
    # weights may sit at an end where it is not vetoed, tied with the top)
    inside_scores = np.where(alive, scores, 0.0)
    result = from_lines(key, k, *lines, spread, current, inside_scores, order)
    if m == 1:
        return result
    at_zero = inside.copy()
    at_zero[k] = False
    ends = []
    for end, freed, end_scores in (
        (0.0, ~zero[:, at_zero].any(axis=1) & ~nothing, np.exp(intercepts)),
        (1.0, ~zero[:, k] & ~nothing, m_i * values[:, k]),
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
        inner = result.top_at_zero if w == 0.0 else order[top_next_to(*lines, 1.0, -1)]
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


def product_reference_stability(
    key: str,
    k: int,
    values: Vector,
    current: Vector,
    order: list[str],
    factors: Vector,
    reference: int,
) -> CriterionStability:
    """Weighted product with modifiers and a reference row: s_ref + m_i (s_i - s_ref),
    searched on a grid of weights and bisected (not exact).

    Inside (0, 1) an option with a 0 on a criterion weighted above 0 scores s_i = 0 (a
    veto, as in :func:`product_stability`); the exact ends 0 and 1, where a criterion
    drops out and may lift a veto, are reported apart as ``endpoints``.
    """
    zero: npt.NDArray[np.bool_] = np.asarray(values <= 0)
    logs = np.log(np.where(zero, 1.0, values))
    inside = current > 0
    inside[k] = True
    spread = values.shape[1] > 1 and not float(np.delete(current, k).sum()) > 0
    if spread:
        inside[:] = True
    alive: npt.NDArray[np.bool_] = np.asarray(~zero[:, inside].any(axis=1))

    def score_of(weights: Vector) -> Vector:
        return np.asarray(np.where(alive[:, None], np.exp(logs @ weights), 0.0), dtype=float)

    result = searched_stability(key, k, current, order, score_of, factors, reference)
    if values.shape[1] == 1:
        return result
    at_zero = inside.copy()
    at_zero[k] = False
    ends = []
    for end, freed, raw_scores in (
        (0.0, ~zero[:, at_zero].any(axis=1), np.exp(logs @ _end_weights(current, k))[:, 0]),
        (1.0, ~zero[:, k], values[:, k]),
    ):
        if np.array_equal(freed, alive):
            continue
        raw_scores = np.where(freed, raw_scores, 0.0)
        base = raw_scores[reference]
        end_scores = base + factors * (raw_scores - base)
        unvetoed = tuple(sorted(order[a] for a in np.flatnonzero(freed & ~alive)))
        ends.append(Endpoint(end, _top_of(end_scores, order), unvetoed))
    return replace(result, endpoints=tuple(ends))


def _end_weights(current: Vector, k: int) -> Vector:
    """Criterion k at weight 0, the others keeping their ratios (criteria x 1)."""
    weights = current.astype(float).copy()
    weights[k] = 0.0
    rest = float(weights.sum())
    weights = weights / rest if rest > 0 else np.full(weights.size, 1.0 / (weights.size - 1))
    weights[k] = 0.0
    return weights[:, None]


def _top_of(scores: Vector, order: Sequence[str]) -> str:
    """The ranking's top: the first id among the options within 1e-9 of the best score."""
    near = np.flatnonzero(scores >= scores.max() - TIE_TOLERANCE)
    return min(order[int(a)] for a in near)
