"""RPM core indices against a plain enumeration: every feasible package by brute force,
pairwise dominance decided by linear programs over the weight set itself (no extreme
points), on random instances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from policy_options.core.portfolio.analysis import portfolio
from policy_options.core.portfolio.rpm import extreme_points, parse_weight_info
from policy_options.errors import UsageError
from tests.core.portfolio.instances import (
    Instance,
    all_packages,
    criterion_values,
    instances,
    is_feasible,
)

TOLERANCE = 1e-7


def weight_set(info: str, profile: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:  # type: ignore[type-arg]
    """The weight set as A_ub w <= b_ub (with sum w = 1) and bounds, from its definition."""
    m = profile.size
    rows, rhs = [], []
    bounds = [(0.0, None)] * m
    if info == "ordinal":  # w_a >= w_b whenever the profile weighs a more than b
        for a in range(m):
            for b in range(m):
                if profile[a] > profile[b]:
                    row = np.zeros(m)
                    row[b], row[a] = 1.0, -1.0
                    rows.append(row)
                    rhs.append(0.0)
    elif info.startswith("bounds:"):
        d = float(info.split(":")[1])
        bounds = [(max(0.0, p - d), p + d) for p in profile]
    a_ub = np.array(rows).reshape(-1, m)
    return a_ub, np.array(rhs), bounds


def dominates(x: np.ndarray, y: np.ndarray, info: str, profile: np.ndarray) -> bool:  # type: ignore[type-arg]
    """min over S of w.(x - y) >= 0 and max over S > 0, each by a linear program."""
    a_ub, b_ub, bounds = weight_set(info, profile)
    diff = x - y
    m = profile.size
    kwargs = {
        "A_ub": a_ub if a_ub.size else None,
        "b_ub": b_ub if b_ub.size else None,
        "A_eq": np.ones((1, m)),
        "b_eq": [1.0],
        "bounds": bounds,
    }
    low = linprog(diff, **kwargs)
    if low.fun < -TOLERANCE:
        return False
    high = linprog(-diff, **kwargs)
    return -high.fun > TOLERANCE


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    instances(max_options=5, conditions=True),
    st.sampled_from(["none", "ordinal", "bounds:0.1", "bounds:0.3"]),
)
def test_core_index_is_the_share_of_non_dominated_packages(inst: Instance, info: str) -> None:
    feasible = [p for p in all_packages(inst) if is_feasible(inst, p)]
    if not feasible:
        return
    w = inst.weights.normalised
    active = [k for k in w if w[k] > 0]
    profile = np.array([w[k] for k in active])
    vectors = {p: np.array([criterion_values(inst.study, p)[k] for k in active]) for p in feasible}
    kept = [
        p
        for p in feasible
        if not any(dominates(vectors[q], vectors[p], info, profile) for q in feasible if q != p)
    ]
    result = portfolio(
        inst.study,
        inst.weights,
        require=inst.require,
        forbid=inst.forbid,
        size_max=inst.size_max,
        samples=0,
        weight_info=info,
    )
    rpm = result.rpm
    assert rpm is not None
    assert rpm.feasible == len(feasible)
    assert rpm.non_dominated == len(kept)
    for key in inst.study.options:
        assert rpm.core_index[key] == pytest.approx(sum(key in p for p in kept) / len(kept))
    # the best package under the profile itself is never dominated
    assert all(rpm.core_index[key] > 0 for key in result.best.options)


@given(
    st.lists(st.floats(0.01, 1), min_size=1, max_size=6), st.sampled_from(["ordinal", "bounds:0.2"])
)
@settings(max_examples=30, deadline=None)
def test_extreme_points_lie_in_the_set_and_span_it(raw: list[float], info: str) -> None:
    profile = np.array(raw) / sum(raw)
    points = extreme_points(info, profile)
    a_ub, b_ub, bounds = weight_set(info, profile)
    assert np.allclose(points.sum(axis=0), 1.0)
    for point in points.T:
        if a_ub.size:
            assert np.all(a_ub @ point <= b_ub + 1e-9)
        assert all(
            lo - 1e-9 <= x <= (hi if hi is not None else 1) + 1e-9
            for x, (lo, hi) in zip(point, bounds, strict=True)
        )
    # every vertex of the set (found by maximising random directions) is an extreme point
    rng = np.random.default_rng(len(raw))
    for _ in range(10):
        c = rng.normal(size=profile.size)
        best = linprog(
            -c,
            A_ub=a_ub if a_ub.size else None,
            b_ub=b_ub if b_ub.size else None,
            A_eq=np.ones((1, profile.size)),
            b_eq=[1.0],
            bounds=bounds,
        )
        assert -best.fun == pytest.approx((c @ points).max(), abs=1e-7)


@pytest.mark.parametrize("text", ["some", "bounds:", "bounds:-1", "bounds:nan"])
def test_bad_weight_information_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="--weight-info"):
        parse_weight_info(text)
