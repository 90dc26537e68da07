"""Grid, then bisection: the point nearest the current one where the pair's order flips.

For the methods without a closed form (weighted product, TOPSIS, weakest link; scores
under PROMETHEE): a flip between two grid points that undoes itself before the next
can be missed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

GRID = 201
"""Non-additive methods: points of the weight (or score) grid searched before bisection."""
BISECTION = 1e-9
"""Bisection stops when the bracket is this narrow (weights; times the scale's width for scores)."""

GridTest = Callable[[Sequence[float]], Sequence[bool]]
"""``holds`` over many points at once (numpy), for the grid; bisection uses ``holds``."""


def nearest_flip(
    grid: Sequence[float],
    now: float,
    holds: Callable[[float], bool],
    tolerance: float,
    holds_on: GridTest | None = None,
) -> float | None:
    """The point nearest ``now`` where ``holds`` turns false, bracketed on ``grid``, bisected.

    Returns the first point (within ``tolerance``) where it no longer holds; None if it
    holds on the whole grid. ``holds(now)`` is taken to be true.
    """
    # nearest first; points a rounding apart can be equally far once rounded: then the
    # lower side first, and on each side the one nearer ``now`` on the line
    outward = sorted(
        (x for x in grid if x != now), key=lambda x: (abs(x - now), x > now, x if x > now else -x)
    )
    if holds_on is not None:
        verdicts = holds_on(outward)
        fail = next((x for x, ok in zip(outward, verdicts, strict=True) if not ok), None)
    else:
        fail = next((x for x in outward if not holds(x)), None)  # the nearest failing point
    if fail is None:
        return None
    if fail > now:
        hold = max([x for x in grid if now < x < fail], default=now)
    else:
        hold = min([x for x in grid if fail < x < now], default=now)
    while abs(hold - fail) > tolerance:
        middle = (hold + fail) / 2
        if middle in (hold, fail):
            break
        if holds(middle):
            hold = middle
        else:
            fail = middle
    for end in (grid[0], grid[-1]):  # a flip within rounding of an end is at the end
        if fail != end and abs(fail - end) <= 10 * tolerance and not holds(end):
            return end
    return fail
