"""PROMETHEE II flows in O(m n log n), without numpy (Calders & Van Assche 2018,
"PROMETHEE is not quadratic: an O(qn log(n)) algorithm", *Omega* 76).

Every preference function but the Gaussian is piecewise linear in the difference d, so
for an option a and one criterion the sum over all b of P(y_a - y_b) splits, along the
values y_b sorted once, into runs: those far enough behind (P = 1, or 1/2 on the level
function's middle step) count, those on a linear stretch add (y_a - q - y_b) / (p - q),
which a prefix sum of the sorted values gives at once, and the rest add nothing. A
handful of binary searches per option and criterion replace the n comparisons of the
reference :func:`.promethee.flows`.

The runs are cut where the reference's own test on d changes (d > q, d > p, d > 0,
computed as it computes d), so the steps of the usual, U-shape and level functions
count exactly the pairs the reference counts; sums differ from the pairwise ones by
rounding only (the tests hold them to 1e-9). The Gaussian is left to the numpy flows.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate

from policy_options.core.methods.base import Preference

PIECEWISE = frozenset({"usual", "u-shape", "v-shape", "level", "linear"})
"""The preference functions this module computes (not the Gaussian)."""


def _ahead(ys: Sequence[float], guess: float, behind: Callable[[float], bool]) -> int:
    """The number of leading ``ys`` (sorted) for which ``behind`` holds, ``behind``
    being true on a prefix; ``guess`` is about where it stops (fixed up exactly)."""
    i = bisect_left(ys, guess)
    n = len(ys)
    if (i == 0 or behind(ys[i - 1])) and (i == n or not behind(ys[i])):
        return i  # the guess was right (almost always)
    return bisect_left(ys, True, key=lambda y: not behind(y))  # rounding: search exactly


def _cuts(ys: Sequence[float], ya: float, t: float) -> tuple[int, int]:
    """(i, j): ``ys[:i]`` are the scores ``ya`` leads by more than ``t`` (ya - y > t) and
    ``ys[j:]`` those that lead ``ya`` by more than ``t`` (y - ya > t)."""
    return (
        _ahead(ys, ya - t, lambda y: ya - y > t),
        _ahead(ys, ya + t, lambda y: not y - ya > t),
    )


def _sums(
    ys: list[float], prefix: list[float], origin: float, ya: float, function: Preference
) -> tuple[float, float]:
    """sum_b P(ya - y_b) and sum_b P(y_b - ya) over the sorted ``ys`` (``prefix``: the
    running sums of ``y - origin``)."""
    kind, q, p = function.function, function.q, function.p
    n = len(ys)
    step = None  # the functions that are one step: P = 1 where d > step
    if kind == "usual" or (kind == "v-shape" and p <= 0):
        step = 0.0
    elif kind == "u-shape" or (kind in ("level", "linear") and p <= q):
        step = q
    if step is not None:
        ahead, behind = _cuts(ys, ya, step)
        return float(ahead), float(n - behind)
    if kind == "level":  # 1/2 where q < d <= p, 1 above p
        far, far_up = _cuts(ys, ya, p)
        near, near_up = _cuts(ys, ya, q)
        return far + 0.5 * (near - far), (n - far_up) + 0.5 * (far_up - near_up)
    # linear stretch from q (v-shape: 0) to p, then 1
    low = q if kind == "linear" else 0.0
    span = p - low
    far, far_up = _cuts(ys, ya, p)  # d > p: 1
    near, near_up = _cuts(ys, ya, low)  # low < d <= p: (d - low) / span
    za = ya - origin
    plus = far + ((near - far) * (za - low) - (prefix[near] - prefix[far])) / span
    minus = (n - far_up) + (
        (prefix[far_up] - prefix[near_up]) - (far_up - near_up) * (za + low)
    ) / span
    return plus, minus


def flows(
    raw: Sequence[Sequence[float]],
    weights: Sequence[float],
    benefit: Sequence[bool],
    preferences: Sequence[Preference],
) -> tuple[list[float], list[float], list[list[float]]]:
    """(phi+, phi-, per-criterion net flows phi_k), as :func:`.promethee.flows` gives
    them, for piecewise-linear preference functions (every one in :data:`PIECEWISE`)."""
    n, m = len(raw), len(weights)
    plus = [0.0] * n
    minus = [0.0] * n
    per_criterion = [[0.0] * m for _ in range(n)]
    if n < 2:
        return plus, minus, per_criterion
    scale = 1.0 / (n - 1)
    for k in range(m):
        function = preferences[k]
        if function.function not in PIECEWISE:
            raise ValueError(f"not piecewise linear: {function.function!r}")
        column = [row[k] if benefit[k] else -row[k] for row in raw]
        ys = sorted(column)
        origin = ys[0]  # sums of y - origin: small numbers, no cancellation
        prefix = [0.0, *accumulate(y - origin for y in ys)]
        w = weights[k]
        known: dict[float, tuple[float, float]] = {}  # scores repeat: once per value
        for a, ya in enumerate(column):
            found = known.get(ya)
            if found is None:
                found = known[ya] = _sums(ys, prefix, origin, ya, function)
            ahead, behind = found
            plus[a] += w * ahead
            minus[a] += w * behind
            per_criterion[a][k] = (ahead - behind) * scale
    return [x * scale for x in plus], [x * scale for x in minus], per_criterion
