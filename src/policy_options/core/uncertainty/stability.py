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

Modifiers: an option's score is m_i times the method's score s_i, or, when the study
names a reference option, s_ref + m_i (s_i - s_ref) (a failed option leaves the status
quo); m_i does not depend on the weights. Additive, PROMETHEE II: the effective values
m_i v_ik (with a reference v_ref,k + m_i (v_ik - v_ref,k)) still give exact lines.
Weighted product without a reference: ln m_i is added to the log line, and m_i = 0
scores 0 like a veto; with one the score is no longer a product, so it is searched on
the TOPSIS grid below (not exact). TOPSIS: the same formula on the closeness. Weakest
link: the same formula on the weakest value.

Ties follow the ranking: options within 1e-9 at the current weights are tied now, and
a tie at an interval's end counts as still on top (intervals are closed).

The solvers: :mod:`.stability_lines` (additive, PROMETHEE II), :mod:`.stability_product`,
:mod:`.stability_topsis`, :mod:`.stability_weakest_link`; the results
:mod:`.stability_result`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from policy_options.core.methods import Method
from policy_options.core.ranking.rank import problem_of, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.decision import reference_row
from policy_options.core.uncertainty.settings import resolve_method
from policy_options.core.uncertainty.stability_lines import exact_stability
from policy_options.core.uncertainty.stability_product import (
    product_reference_stability,
    product_stability,
)
from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability
from policy_options.core.uncertainty.stability_topsis import BISECTION, GRID, topsis_stability
from policy_options.core.uncertainty.stability_weakest_link import weakest_link_stability
from policy_options.core.uncertainty.vectorised_promethee import net_flows
from policy_options.core.uncertainty.vectorised_topsis import ideal_gaps


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
        plain = problem_of(study, weights)
        at = reference_row(study, plain.options) if plain.modifiers else None
        return weakest_link_stability(ranking, plain, at)
    order = [row.option for row in ranking.rows]
    problem = problem_of(study, weights, order)  # rows in ranking order
    keys = problem.criteria
    values = np.array(problem.values, dtype=float)
    factors = np.array(problem.modifiers or (1.0,) * len(order), dtype=float)
    reference = reference_row(study, order) if problem.modifiers else None
    current = np.array(problem.weights, dtype=float)
    scores = np.array([row.score for row in ranking.rows], dtype=float)
    solve: Callable[[str, int], CriterionStability]
    searched = False  # found on a grid and by bisection, not exact
    if name is Method.topsis:
        raw = np.array(problem.raw, dtype=float)
        gaps = ideal_gaps(raw, np.array(problem.higher_is_better, dtype=bool))

        def solve(key: str, k: int) -> CriterionStability:
            return topsis_stability(key, k, gaps, current, order, factors, reference)

    elif name is Method.weighted_product and reference is not None:
        searched = True

        def solve(key: str, k: int) -> CriterionStability:
            return product_reference_stability(key, k, values, current, order, factors, reference)

    elif name is Method.weighted_product:

        def solve(key: str, k: int) -> CriterionStability:
            return product_stability(key, k, values, current, scores, order, factors)

    else:
        if name is Method.promethee:  # score = sum_k w_k (phi_k + 1) / 2: lines in t
            raw = np.array(problem.raw, dtype=float)
            benefit = np.array(problem.higher_is_better, dtype=bool)
            values = (net_flows(raw, benefit, problem.preferences) + 1.0) / 2.0
        values = effective(values, factors, reference)  # still lines in the weights

        def solve(key: str, k: int) -> CriterionStability:
            return exact_stability(key, k, values, current, scores, order)

    found = []
    for k, key in enumerate(keys):
        found.append(solve(key, k))
        if on_chunk is not None:
            on_chunk(k + 1, len(keys))
    position = {key: i for i, key in enumerate(keys)}
    found.sort(key=lambda c: (*_sensitivity(c), position[c.criterion]))
    if name is Method.topsis or searched:
        return WeightStability(
            ranking, order[0], tuple(found), exact=False, search=(GRID, BISECTION)
        )
    return WeightStability(ranking, order[0], tuple(found))


def effective(values: np.ndarray, factors: np.ndarray, reference: int | None) -> np.ndarray:
    """The values (options x criteria) whose weighted sum is the modified score:
    m_i v_ik, or with a reference row v_ref,k + m_i (v_ik - v_ref,k)."""
    if reference is None:
        return values * factors[:, None]  # type: ignore[no-any-return]
    base = values[reference][None, :]
    return base + factors[:, None] * (values - base)  # type: ignore[no-any-return]


def _sensitivity(result: CriterionStability) -> tuple[int, float, float]:
    """Sort key: a top change at all, then the relative move it needs, then the move."""
    if result.change is None:
        return (1, 0.0, 0.0)
    if result.relative_change is not None:
        return (0, result.relative_change, result.change)
    # weight 0: any move is infinitely large relative to it, unless none is needed
    return (0, 0.0 if result.change == 0 else float("inf"), result.change)
