"""The portfolio model as a 0-1 integer program, solved exactly by HiGHS (scipy.optimize.milp).

Variables: x_j in {0, 1} per option and, per interaction (a, b), y in [0, 1] with the
standard linearisation of the product y = x_a x_b: y <= x_a, y <= x_b, y >= x_a + x_b - 1.
Constraints: costs within each limit; x_i <= x_j when i requires j; x_i <= sum_{g in G}
x_g for each group G of i's requires_any; x_i + x_j <= 1 when
they exclude each other; sum x <= size_max; forced options by their bounds. Objective:
maximise sum_j u_j x_j + sum_e w_k d_e y_e. Further solves add no-good cuts (the next
best package is not one already found), a floor on the value, or minimise a cost (for
the frontier). scipy is imported here only, so nothing else pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from policy_options.core.portfolio.model import PortfolioModel, slack
from policy_options.quiet import quiet_descriptors

Matrix = npt.NDArray[np.float64]

_OBJECTIVE_SCALE = 1e3  # the largest objective coefficient after scaling (HiGHS's abs gap)


class MilpSolver:
    """The constraints of one model, built once; :meth:`solve` varies the rest."""

    def __init__(self, model: PortfolioModel, time_limit: float | None = None) -> None:
        from scipy.optimize import Bounds, LinearConstraint

        self._constraint_type = LinearConstraint
        self.model = model
        self.time_limit = time_limit
        n, q = model.n, len(model.interactions)
        self.n, self.q = n, q
        self.size = n + q
        rows: list[Matrix] = []
        upper: list[float] = []
        lower: list[float] = []

        def add(row: Matrix, lo: float, hi: float) -> None:
            rows.append(row)
            lower.append(lo)
            upper.append(hi)

        for i, j in model.requires:
            row = np.zeros(self.size)
            row[i], row[j] = 1.0, -1.0
            add(row, -np.inf, 0.0)
        for i, j in model.excludes:
            row = np.zeros(self.size)
            row[i] = row[j] = 1.0
            add(row, -np.inf, 1.0)
        for i, group in model.requires_any:  # x_i <= sum_{g in group} x_g
            row = np.zeros(self.size)
            row[i] = 1.0
            row[list(group)] -= 1.0
            add(row, -np.inf, 0.0)
        if model.size_max is not None:
            row = np.zeros(self.size)
            row[:n] = 1.0
            add(row, -np.inf, float(model.size_max))
        for e, (a, b, _, _) in enumerate(model.interactions):
            for x in (a, b):
                row = np.zeros(self.size)
                row[n + e], row[x] = 1.0, -1.0
                add(row, -np.inf, 0.0)
            row = np.zeros(self.size)
            row[n + e], row[a], row[b] = 1.0, -1.0, -1.0
            add(row, -1.0, np.inf)
        self.structure = (rows, lower, upper)
        self.costs = np.asarray(model.costs, dtype=float).reshape(n, len(model.resources))
        low = np.zeros(self.size)
        high = np.ones(self.size)
        low[sorted(model.forced_in)] = 1.0
        high[sorted(model.forced_out)] = 0.0
        self.bounds = Bounds(low, high)
        self.integrality = np.concatenate([np.ones(n), np.zeros(q)])

    last_status = 0  # scipy's status of the last solve: 0 optimal, 1 time limit, 2 infeasible
    last_bound: float | None = None  # after a maximisation stopped by the time limit: the
    # proven upper bound on the value (HiGHS's dual bound, unscaled)

    def objective(self, u: Matrix, w: Sequence[float] | Matrix) -> Matrix:
        """Coefficients of V: u_j on x_j, w_k d on each interaction's y."""
        inter = [w[k] * d for _, _, k, d in self.model.interactions]
        return np.concatenate([np.asarray(u, dtype=float), np.asarray(inter, dtype=float)])

    def solve(
        self,
        coefficients: Matrix,
        *,
        limits: Sequence[float | None] | None = None,
        cuts: Sequence[Sequence[int]] = (),
        min_value: float | None = None,
        minimise_cost: int | None = None,
        costs: Matrix | None = None,
    ) -> list[int] | None:
        """The members of an optimal package (None when nothing is feasible).

        Maximises ``coefficients`` (V), or with ``minimise_cost`` minimises that
        resource's cost among the packages worth at least ``min_value``. ``limits``
        replaces the model's (None: no limit on that resource); ``cuts`` are packages
        (member lists) that may not be chosen again; ``costs`` (n x resources) replaces
        the options' costs in the limits (a robustness sample's drawn costs).
        """
        from scipy.optimize import milp

        rows, lower, upper = (list(part) for part in self.structure)
        bounds = self.model.limits if limits is None else limits
        for r, limit in enumerate(bounds):
            if limit is None:
                continue
            row = np.zeros(self.size)
            row[: self.n] = (self.costs if costs is None else costs)[:, r]
            rows.append(row)
            lower.append(-np.inf)
            upper.append(limit + slack(limit))
        for cut in cuts:
            # sum_{j in S} (1 - x_j) + sum_{j not in S} x_j >= 1
            row = np.zeros(self.size)
            row[: self.n] = 1.0
            row[list(cut)] = -1.0
            rows.append(row)
            lower.append(1.0 - len(cut))
            upper.append(np.inf)
        biggest = float(np.abs(coefficients).max(initial=0.0))
        scale = _OBJECTIVE_SCALE / biggest if biggest > 0 else 1.0
        if min_value is not None:
            rows.append(coefficients)
            lower.append(min_value)
            upper.append(np.inf)
        if minimise_cost is not None:
            c = np.zeros(self.size)
            c[: self.n] = self.costs[:, minimise_cost]
        else:
            c = -coefficients * scale
        constraints = (
            [self._constraint_type(np.array(rows), np.array(lower), np.array(upper))]
            if rows
            else []
        )
        # without presolve first: faster on these small models (0.3 s against 0.45 s for
        # 40 options), and presolve loosens a tight floor on the value
        time_limit = np.inf if self.time_limit is None else float(self.time_limit)
        for presolve in (False, True):
            with quiet_descriptors():  # HiGHS prints debug lines on the process's stdout
                result = milp(
                    c,
                    constraints=constraints,
                    integrality=self.integrality,
                    bounds=self.bounds,
                    options={"mip_rel_gap": 0.0, "presolve": presolve, "time_limit": time_limit},
                )
            if result.status in (0, 1, 2):  # optimal, time limit, infeasible
                break
        self.last_status = int(result.status)
        self.last_bound = None
        dual = getattr(result, "mip_dual_bound", None)
        if result.status == 1 and minimise_cost is None and dual is not None:
            self.last_bound = -float(dual) / scale
        if result.x is None:
            return None
        return [j for j in range(self.n) if result.x[j] > 0.5]
