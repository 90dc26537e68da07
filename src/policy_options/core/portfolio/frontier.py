"""The efficient frontier: the best package at every level of one resource, from 0 to the
sum of all costs on it, the other constraints held. Each point is a budget level at
which the best package changes (its value rises by more than 1e-9), with that package.

With enumeration the points come from the frontier records (every package that beats
all packages costing no more); with the integer program, parametrically: the cheapest
package worth more than the current best gives the next level, and the best package
within that level is the next point.
"""

from __future__ import annotations

import numpy as np

from policy_options.core.portfolio.enumerate import Enumeration, members
from policy_options.core.portfolio.milp import Matrix, MilpSolver
from policy_options.core.portfolio.model import VALUE_TOLERANCE, FrontierPoint, PortfolioModel

MAX_MILP_POINTS = 500


def from_enumeration(model: PortfolioModel, found: Enumeration) -> tuple[FrontierPoint, ...]:
    return tuple(
        FrontierPoint(cost, model.package(members(mask, model.n)), cost)
        for cost, _, mask in found.frontier
    )


def from_milp(model: PortfolioModel, solver: MilpSolver, r: int) -> tuple[FrontierPoint, ...]:
    coefficients = solver.objective(np.array(_utilities(model)), model.w)
    free: list[float | None] = list(model.limits)
    free[r] = None
    points: list[FrontierPoint] = []
    cheapest = solver.solve(coefficients, limits=free, minimise_cost=r)
    if cheapest is None:
        return ()
    level = model.cost(cheapest)[r]
    while len(points) < MAX_MILP_POINTS:
        at_level: list[float | None] = list(model.limits)
        at_level[r] = level
        best = solver.solve(coefficients, limits=at_level)
        if best is None:  # pragma: no cover - the cheapest package fits by construction
            break
        package = model.package(best)
        cost = model.cost(best)[r]
        if points and package.value <= points[-1].package.value + VALUE_TOLERANCE:
            break  # pragma: no cover - defensive: the floor below rules this out
        points.append(FrontierPoint(cost, package, cost))
        following = _cheapest_better(model, solver, coefficients, free, package.value, r)
        if following is None:
            break
        level = model.cost(following)[r]
    return tuple(points)


def _cheapest_better(
    model: PortfolioModel,
    solver: MilpSolver,
    coefficients: Matrix,
    limits: list[float | None],
    floor: float,
    r: int,
) -> list[int] | None:
    """The cheapest package (on resource r) worth more than ``floor``, or None.

    The floor sits a margin above ``floor``, clear of HiGHS's MIP feasibility tolerance
    (1e-6), which would otherwise let a package worth exactly ``floor`` pass; the margin
    grows until the package found is really better. A rise of the frontier smaller
    than the margin (1e-5 of the weights' total, 0.001 points, or more on a large
    floor) is missed on this path.
    """
    for margin in _MARGINS:
        bar = floor + margin * max(1.0, abs(floor))
        found = solver.solve(coefficients, limits=limits, min_value=bar, minimise_cost=r)
        if found is None:
            if solver.last_status == 2:  # infeasible: nothing is better
                return None
            continue
        if model.value(found) > floor + VALUE_TOLERANCE:
            return found
    return None  # pragma: no cover - needs a rise below every margin


_MARGINS = (1e-5, 1e-4, 1e-3)


def _utilities(model: PortfolioModel) -> list[float]:
    return [model.utility(j) for j in range(model.n)]
