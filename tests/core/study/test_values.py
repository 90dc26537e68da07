"""Value functions: the per-column form gives exactly the numbers of the per-cell one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.values import value, value_of


@settings(max_examples=200, deadline=None)
@given(
    low=st.floats(-100, 100),
    width=st.floats(0.01, 100),
    lower_is_better=st.booleans(),
    piecewise=st.booleans(),
    xs=st.lists(st.floats(-300, 300), min_size=1, max_size=20),
)
def test_value_of_is_value(
    low: float, width: float, lower_is_better: bool, piecewise: bool, xs: list[float]
) -> None:
    spec: dict[str, object] = {
        "name": "c",
        "direction": "lower_is_better" if lower_is_better else "higher_is_better",
        "scale": {"min": low, "max": low + width},
    }
    if piecewise:
        spec["value_function"] = [[low, 0.0], [low + width / 3, 0.7], [low + width, 1.0]]
    criterion = Criterion.model_validate(spec)
    one = value_of(criterion)
    assert [one(x) for x in xs] == [value(criterion, x) for x in xs]  # bit for bit
