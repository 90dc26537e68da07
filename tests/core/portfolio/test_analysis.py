"""The engine "auto" picks: the bounded search from ``SEARCH_FROM`` options gives the same
best package, ties, runners-up and relaxed limits as scoring every package."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_options.core.portfolio import SEARCH_FROM
from policy_options.core.portfolio.analysis import portfolio
from policy_options.errors import UsageError
from tests.core.portfolio.instances import Instance, instances


def run(inst: Instance, **kwargs: object):  # type: ignore[no-untyped-def]
    return portfolio(
        inst.study,
        inst.weights,
        require=inst.require,
        forbid=inst.forbid,
        size_max=inst.size_max,
        samples=0,
        **kwargs,  # type: ignore[arg-type]
    )


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(16, 24).flatmap(lambda n: instances(min_options=n, max_options=n)))
def test_auto_switch_agrees_with_enumeration(inst: Instance) -> None:
    """16 to 24 options: whatever engine "auto" takes, the best package (by ids), its
    value, ties, runners-up, and which limits constrain are those of enumeration (itself
    checked against brute force in test_portfolio.py)."""
    n = len(inst.study.options)
    try:
        enumerated = run(inst, engine="enumeration")
    except UsageError:
        with pytest.raises(UsageError, match="no package meets every constraint"):
            run(inst)
        return
    auto = run(inst)
    assert auto.engine == ("search" if n >= SEARCH_FROM else "enumeration")
    assert auto.best.options == enumerated.best.options
    assert auto.best.value == pytest.approx(enumerated.best.value, abs=1e-9)
    assert [p.options for p in auto.ties] == [p.options for p in enumerated.ties]
    assert [p.value for p in auto.runners_up] == pytest.approx(
        [p.value for p in enumerated.runners_up], abs=1e-9
    )
    assert auto.binding == enumerated.binding
    assert auto.constraining == enumerated.constraining
    assert auto.size_binding == enumerated.size_binding
    if auto.engine == "search":
        assert auto.frontier == ()
        assert auto.frontier_skipped == bool(auto.budget)
        assert auto.feasible_count in (None, enumerated.feasible_count)


def test_switch_point() -> None:
    """Below SEARCH_FROM options "auto" enumerates (frontier and feasible count included),
    from it on it searches."""
    from tests.core.portfolio.test_portfolio import _wide

    below = run(_wide(SEARCH_FROM - 1, seed=2))
    at = run(_wide(SEARCH_FROM, seed=2))
    assert below.engine == "enumeration"
    assert below.feasible_count is not None
    assert below.frontier
    assert at.engine == "search"
    assert at.constraining is not None  # the relaxed limits, by one search each
