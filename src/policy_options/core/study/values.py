"""Value functions: a raw score on a criterion's scale -> a value in 0..1 (1 is best).

Linear on the declared scale, ``(x - min) / (max - min)`` or its mirror for
lower_is_better; or piecewise-linear through the criterion's ``value_function``
points. Values come from the declared scale, never from the options at hand, so
adding or removing an option never changes another option's value.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from policy_options.core.study.files.criteria import Criterion, Direction


def value(criterion: Criterion, x: float) -> float:
    """The 0..1 value of raw score ``x`` on ``criterion``."""
    scale = criterion.scale
    if criterion.value_function is not None:
        return interpolate(criterion.value_function, x)
    share = (x - scale.min) / (scale.max - scale.min)
    if criterion.direction is Direction.LOWER_IS_BETTER:
        share = 1.0 - share
    return min(1.0, max(0.0, share))


def value_of(criterion: Criterion) -> Callable[[float], float]:
    """:func:`value` on one criterion, its scale read once: the same numbers, for a column."""
    if criterion.value_function is not None:
        points = criterion.value_function
        return lambda x: interpolate(points, x)
    low, width = criterion.scale.min, criterion.scale.max - criterion.scale.min
    if criterion.direction is Direction.LOWER_IS_BETTER:
        return lambda x: min(1.0, max(0.0, 1.0 - (x - low) / width))
    return lambda x: min(1.0, max(0.0, (x - low) / width))


def lowest_value(criterion: Criterion, low: float, high: float) -> float:
    """The least value a raw score anywhere in [low, high] can have on ``criterion``: at an
    end, or at a corner of a value function that dips inside (it need not be monotone)."""
    inside = [x for x, _ in criterion.value_function or () if low < x < high]
    return min(value(criterion, x) for x in (low, high, *inside))


def interpolate(points: list[tuple[float, float]], x: float) -> float:
    """Piecewise-linear interpolation through ``points`` (x strictly increasing), clamped."""
    xs = [px for px, _ in points]
    if x <= xs[0]:
        return points[0][1]
    if x >= xs[-1]:
        return points[-1][1]
    i = bisect.bisect_right(xs, x)
    (x0, v0), (x1, v1) = points[i - 1], points[i]
    found = v0 + (v1 - v0) * (x - x0) / (x1 - x0)
    return min(max(found, min(v0, v1)), max(v0, v1))  # rounding never leaves the segment
