"""All weights at once: the smallest L1 change of the weights that flips the pair.

The nearest normalised weight vector at which the trailing option scores at least the
leading one: additive, sum_j w_j (v_Tj - v_Lj) >= 0; weighted product in log form,
sum_j w_j (ln v_Tj - ln v_Lj) >= 0 (not when either option has a value of 0, a veto
that makes the problem non-linear). With modifiers the values are the effective ones:
m_i v_ij, or with a reference option v_ref,j + m_i (v_ij - v_ref,j) (additive);
ln m_i + ln v_ij (weighted product: the weights sum to 1). With a reference the
weighted product's s_ref + m_i (s_i - s_ref) is not log-linear: offered only when one
of the two is the reference (then the other's sign against it is that of its plain
score, for m > 0), or both factors are equal (the gap is m (s_l - s_t)). A
linear programme solved with HiGHS (scipy.optimize.linprog, imported only when one is
solved).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from policy_options.core.methods import Method
from policy_options.core.why.pair import Pair

LP_METHODS = (Method.additive, Method.weighted_product)


@dataclass(frozen=True)
class WeightChange:
    """The nearest weight vector (L1) at which the trailing option scores at least the leader."""

    l1: float
    weights: dict[str, float]

    @property
    def moved(self) -> float:
        """The share of weight that moves from some criteria to others: half the L1 distance."""
        return self.l1 / 2


def min_weight_change(pair: Pair, method: Method) -> tuple[WeightChange | None, str]:
    """The nearest weights that flip the pair, or None and a note saying why there are none."""
    if method not in LP_METHODS:
        return None, (
            f"all weights at once: not offered for {method.value} (its score is not linear in"
            " the weights)"
        )
    problem = pair.problem
    leader = np.array(problem.values[pair.leader], dtype=float)
    trailer = np.array(problem.values[pair.trailer], dtype=float)
    m_leader, m_trailer = pair.factor(pair.leader), pair.factor(pair.trailer)
    reference = pair.at
    if m_trailer <= 0 and reference is None:
        return None, (
            "all weights at once: no weights help, the trailing option's modifier factor is 0"
            " (its score is 0 whatever the weights)"
        )
    if method is Method.weighted_product:
        if np.any(leader <= 0) or np.any(trailer <= 0) or m_leader <= 0 or m_trailer <= 0:
            return None, (
                "all weights at once: not offered here, one of the two has a value of 0 (a"
                " veto, which makes the weighted product non-linear in the weights)"
            )
        if reference is None:  # ln m + sum_j w_j ln v_j, and sum_j w_j = 1: ln m joins every term
            leader = np.log(leader) + np.log(m_leader)
            trailer = np.log(trailer) + np.log(m_trailer)
        elif reference in (pair.leader, pair.trailer) or m_leader == m_trailer:
            leader, trailer = np.log(leader), np.log(trailer)  # the sign of s_l - s_t decides
        else:
            return None, (
                "all weights at once: not offered here, the score against the reference option"
                " (s_ref + m (s - s_ref)) is not linear in the weights in log form"
            )
    else:  # sum_j w_j x_j with the effective values x (m v, or v_ref + m (v - v_ref))
        lines = pair.effective(problem.values)
        leader = np.array(lines[pair.leader], dtype=float)
        trailer = np.array(lines[pair.trailer], dtype=float)
    found = min_l1_change(np.array(problem.weights, dtype=float), trailer - leader)
    if found is None:
        return (
            None,
            "all weights at once: no weights make the trailing option score at least the leader",
        )
    l1, weights = found
    return WeightChange(l1, dict(zip(problem.criteria, weights, strict=True))), ""


def min_l1_change(current: np.ndarray, advantage: np.ndarray) -> tuple[float, list[float]] | None:
    """min ||w - current||_1 over the simplex subject to advantage . w >= 0 (HiGHS).

    Variables: w (m) and d (m) with d >= |w - current|. None when infeasible.
    """
    from scipy.optimize import linprog

    m = current.size
    if float(advantage @ current) >= 0:
        return 0.0, current.tolist()
    identity = np.eye(m)
    a_ub = np.vstack(
        [
            np.hstack([identity, -identity]),  # w - d <= current
            np.hstack([-identity, -identity]),  # -w - d <= -current
            np.hstack([-advantage, np.zeros(m)])[None, :],  # advantage . w >= 0
        ]
    )
    b_ub = np.concatenate([current, -current, [0.0]])
    a_eq = np.hstack([np.ones(m), np.zeros(m)])[None, :]
    result = linprog(
        np.concatenate([np.zeros(m), np.ones(m)]),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=[(0.0, 1.0)] * m + [(0.0, None)] * m,
        method="highs",
    )
    if result.status != 0 or result.x is None:
        return None
    weights = np.clip(result.x[:m], 0.0, 1.0)
    weights = weights / weights.sum()
    return float(np.abs(weights - current).sum()), weights.tolist()
