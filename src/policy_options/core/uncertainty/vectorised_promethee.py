"""PROMETHEE II in numpy: net flows for many weight vectors and score draws at once.

phi = sum_k w_k phi_k, with phi_k the per-criterion net flows. They do not depend on
the weights, so with fixed scores phi is one matrix product; with drawn raw scores
phi_k is recomputed per sample, criterion by criterion (pairwise, or in closed form for
a v-shape wider than any difference, where phi_k(a) = sign * (n x_a - sum_b x_b) /
(p (n - 1))). :func:`net_flows` is also a building block of the stability intervals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from policy_options.core.methods.base import Preference
from policy_options.core.uncertainty.decision import Decision, Index, Matrix
from policy_options.core.uncertainty.sampling import Draws
from policy_options.core.uncertainty.scorer import Keys, Scorer, fixed_criteria, widen

_PAIR_ELEMENTS = 1 << 20  # PROMETHEE: (n, n, samples) differences worked ~8 MiB at a time


class Promethee(Scorer):
    """phi = sum_k w_k phi_k; the score is (phi + 1) / 2."""

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        self.flows = net_flows(problem.raw, problem.benefit, problem.preferences)
        cells = problem.cells
        varied = [] if cells is None else [j for j, _, _ in cells.columns]
        self.steady = fixed_criteria(len(problem.active), varied)
        self.closed_form = _closed_form(problem)
        self.workspace: dict[tuple[int, int], tuple[Matrix, Matrix]] = {}  # reused arrays

    def prepare(self, draws: Draws) -> object:
        """Each varied criterion's net flows per sample: (criterion, options x samples)."""
        assert draws.raw is not None
        assert self.problem.cells is not None
        p = self.problem
        found = []
        for j, rows, owners in self.problem.cells.columns:
            column = _column(p.raw[:, j], draws.raw, rows, owners)
            if self.closed_form[j]:
                flows = _linear_flows(column, bool(p.benefit[j]), p.preferences[j].p)
            else:
                flows = _pairwise_flows(
                    column, bool(p.benefit[j]), p.preferences[j], self.workspace
                )
            found.append((j, flows))
        return found

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        if not isinstance(prepared, list):
            return self._tidy(self.flows @ weights), None
        phi = self.flows[:, self.steady] @ weights[self.steady]
        size = prepared[0][1].shape[1]
        phi = widen(phi, size)
        for j, flows in prepared:
            phi += flows * weights[j]
        return self._tidy(phi), None

    def scores(self, keys: Keys) -> Keys:
        return (keys[0] + 1.0) / 2.0, None


def net_flows(
    raw: Matrix, benefit: npt.NDArray[np.bool_], preferences: Sequence[Preference]
) -> Matrix:
    """PROMETHEE II per-criterion net flows phi_k(a) (options x criteria), weight-free."""
    n, m = raw.shape
    flows = np.zeros((n, m))
    for k in range(m):
        column = raw[:, k : k + 1]
        flows[:, k] = _pairwise_flows(column, bool(benefit[k]), preferences[k])[:, 0]
    return flows


def preference_difference(function: Preference, d: Matrix, out: Matrix | None = None) -> Matrix:
    """P(d) - P(-d) for raw differences ``d`` (signed by direction): odd in d.

    Written into ``out`` (same shape as ``d``, not ``d`` itself) when given: this is the
    inner loop of PROMETHEE with drawn scores, and fresh arrays there cost page faults.
    """
    kind, q, p, s = function.function, function.q, function.p, function.s
    found = np.empty_like(d) if out is None else out
    if kind == "usual" or (kind == "v-shape" and not p > 0) or (kind == "gaussian" and not s > 0):
        return np.sign(d, out=found)
    if kind == "v-shape":
        np.multiply(d, 1.0 / p, out=found)
        return np.clip(found, -1.0, 1.0, out=found)
    if kind == "gaussian":
        np.square(d, out=found)
        found *= -1.0 / (2 * s * s)
        np.expm1(found, out=found)
        np.negative(found, out=found)
        return np.copysign(found, d, out=found)
    np.abs(d, out=found)
    if kind == "u-shape" or (kind == "linear" and not p > q):
        np.greater(found, q, out=found)
    elif kind == "level":
        higher = np.greater(found, p)
        np.greater(found, q, out=found)
        found += higher
        found *= 0.5
    elif kind == "linear":
        found -= q
        found *= 1.0 / (p - q)
        np.clip(found, 0.0, 1.0, out=found)
    else:
        raise ValueError(f"unknown preference function {kind!r}")
    return np.copysign(found, d, out=found)


def _pairwise_flows(
    column: Matrix,
    benefit: bool,
    function: Preference,
    workspace: dict[tuple[int, int], tuple[Matrix, Matrix]] | None = None,
) -> Matrix:
    """Net flows of one criterion (options x samples) from every pair a < b:
    phi(a) = 1/(n-1) sum_{b != a} H(d_ab), H(d) = P(d) - P(-d), d_ab = x_a - x_b.

    H is odd, so each pair is evaluated once and counted for both options: option a
    against all later options is one (n - 1 - a) x samples slice. Samples are worked in
    slabs of about ``_PAIR_ELEMENTS`` differences, so memory stays flat whatever n and
    the block size; ``workspace`` keeps the two arrays between calls (fresh ones cost
    page faults).
    """
    n, size = column.shape
    flows = np.zeros((n, size))
    if n < 2:
        return flows
    slab = max(1, _PAIR_ELEMENTS // n)
    for start in range(0, size, slab):
        part = column[:, start : start + slab]
        out = flows[:, start : start + slab]
        shape = (n - 1, part.shape[1])
        if workspace is None:
            d, found = np.empty(shape), np.empty(shape)
        else:
            d, found = workspace.setdefault(shape, (np.empty(shape), np.empty(shape)))
        for a in range(n - 1):
            later = slice(a + 1, n)
            rows = n - 1 - a
            if benefit:
                np.subtract(part[a], part[later], out=d[:rows])
            else:
                np.subtract(part[later], part[a], out=d[:rows])
            h = preference_difference(function, d[:rows], out=found[:rows])
            out[a] += h.sum(axis=0)
            out[later] -= h
    flows *= 1.0 / (n - 1)
    return flows


def _linear_flows(column: Matrix, benefit: bool, p: float) -> Matrix:
    """Net flows of a v-shape criterion whose p is at least every possible difference."""
    n = column.shape[0]
    if n < 2:
        return np.zeros_like(column)
    flows: Matrix = (n * column - column.sum(axis=0)) / (p * (n - 1))
    return flows if benefit else -flows


def _closed_form(problem: Decision) -> list[bool]:
    """Per criterion: is P(d) - P(-d) = d / p for every difference a draw can make?"""
    cells = problem.cells
    found = []
    for j, function in enumerate(problem.preferences):
        low, high = problem.raw[:, j].min(), problem.raw[:, j].max()
        if cells is not None:
            mine = cells.criterion == j
            if mine.any():
                low = min(low, float(cells.low[mine].min()))
                high = max(high, float((cells.low + cells.width)[mine].max()))
        linear = function.function == "v-shape" or (
            function.function == "linear" and function.q == 0
        )
        found.append(linear and function.p > 0 and high - low <= function.p)
    return found


def _column(fixed: Matrix, drawn: Matrix, rows: Index, owners: Index) -> Matrix:
    """One criterion's raw scores per sample: the fixed ones, and the drawn cells."""
    column = np.repeat(fixed[:, None], drawn.shape[1], axis=1)
    column[owners] = drawn[rows]
    return column
