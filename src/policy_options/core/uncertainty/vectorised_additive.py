"""The vectorised methods on 0..1 values: additive, weighted product, weakest link.

- additive: S = W^T v, one matrix product.
- weighted product: ln S = sum_j w_j ln v_j, one matrix product in log space; a value
  of 0 on a criterion with a positive weight vetoes the option (ln S = -inf).
- weakest link: min over the weighted criteria of the values, ties broken by the
  additive score (a second key).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from policy_options.core.uncertainty.decision import Decision, Matrix
from policy_options.core.uncertainty.sampling import Draws
from policy_options.core.uncertainty.scorer import Keys, Scorer, widen


class Additive(Scorer):
    """sum_j w_j v_j."""

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        fixed = problem.values.copy()
        if problem.cells is not None:
            fixed[problem.cells.option, problem.cells.criterion] = 0.0
        self.fixed = fixed

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        scores = self.fixed @ weights
        cells = self.problem.cells
        if isinstance(prepared, np.ndarray) and cells is not None:
            scores = widen(scores, prepared.shape[1])
            terms = prepared * weights[cells.criterion]
            scores[cells.owners] += cells.owner_sums(terms)
        return self._tidy(scores), None


class WeightedProduct(Scorer):
    """ln S = sum_j w_j ln v_j; a 0 on a criterion of positive weight vetoes (-inf)."""

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        values = problem.values.copy()
        if problem.cells is not None:
            values[problem.cells.option, problem.cells.criterion] = 1.0  # ln 1 = 0, no veto
        zero: npt.NDArray[np.bool_] = np.asarray(values <= 0)
        self.logs = np.log(np.where(zero, 1.0, values))
        self.zeros = zero.astype(float)
        self.vetoed = np.asarray(zero.any(axis=1))[:, None]

    def prepare(self, draws: Draws) -> object:
        assert draws.values is not None
        with np.errstate(divide="ignore"):
            return np.log(draws.values)  # -inf where a drawn value is 0

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        logs = self.logs @ weights
        positive = weights > 0
        every = bool(positive.all())
        vetoed = self.vetoed if every else (self.zeros @ positive) > 0
        cells = self.problem.cells
        if isinstance(prepared, np.ndarray) and cells is not None:
            logs = widen(logs, prepared.shape[1])
            w = weights[cells.criterion]
            with np.errstate(invalid="ignore"):
                terms = prepared * w  # -inf * 0 = nan: a weight of 0 drops out
            if not every:
                terms = np.where(w > 0, terms, 0.0)
            logs[cells.owners] += cells.owner_sums(terms)
        logs = np.where(vetoed, -np.inf, logs)
        return self._tidy(logs), None

    def scores(self, keys: Keys) -> Keys:
        return np.exp(keys[0]), None


class WeakestLink(Scorer):
    """min over the weighted criteria of v_j; equal minima ordered by the additive score.

    The minimum is rounded to 12 decimals (as the duplicates are compared): value
    functions give equal values with rounding noise (0.19999999999999996 from 1 - 0.8
    against 0.2 from 2/10, or from a flat stretch of a value function), and that noise
    must not decide the order instead of the additive score.
    """

    second_key = True

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        values = problem.values.copy()
        if problem.cells is not None:
            values[problem.cells.option, problem.cells.criterion] = np.inf
        self.values = values
        self.lowest = values.min(axis=1)[:, None]
        self.additive = Additive(problem)

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        positive = weights > 0
        every = bool(positive.all())
        if every:
            lowest = self.lowest
        else:  # a sampled weight of exactly 0 drops its criterion from the minimum
            lowest = np.where(positive[None], self.values[:, :, None], np.inf).min(axis=1)
        cells = self.problem.cells
        second, _ = self.additive.keys(weights, prepared)
        lowest = np.array(np.broadcast_to(lowest, second.shape))
        if isinstance(prepared, np.ndarray) and cells is not None:
            drawn = prepared
            if not every:
                drawn = np.where(weights[cells.criterion] > 0, drawn, np.inf)
            owners = cells.owners
            lowest[owners] = np.minimum(
                lowest[owners], np.minimum.reduceat(drawn, cells.starts, axis=0)
            )
        return self._tidy(np.round(lowest, 12)), second
