"""Weakest link: no stability intervals, but which criteria change the top when dropped.

The size of a non-zero weight does not change an option's weakest value (weights only
break ties through the additive score); dropping a criterion (weight 0) does, and so
may adding one that has weight 0 now.
"""

from __future__ import annotations

from dataclasses import replace

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import Problem, modified
from policy_options.core.ranking.rank import TIE_TOLERANCE, Ranking, order_and_rank
from policy_options.core.uncertainty.stability_result import Toggle, WeightStability

_ADDED = 1e-12
"""Weakest link: the weight a criterion of weight 0 gets to join the minimum ("just above 0")."""


def weakest_link_stability(
    ranking: Ranking, problem: Problem, reference: int | None = None
) -> WeightStability:
    """Weakest link: which criteria, dropped (weight 0) or added, change the top option.
    ``reference``: the reference option's row (modifiers weigh scores against it)."""
    top = ranking.rows[0].option
    evaluate = EVALUATORS[Method.weakest_link]
    base = modified(evaluate(problem), problem.modifiers, reference)
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
        changed_problem = replace(problem, weights=tuple(changed))
        moved = modified(evaluate(changed_problem), problem.modifiers, reference)
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
