"""Robust Portfolio Modeling's core index (Liesiö, Mild & Salo 2007), computed exactly.

With incomplete weight information the weights w lie in a set S (a polytope in the
simplex). Package P dominates Q when V(P, w) >= V(Q, w) for every w in S and > for some.
V is linear in w: V(P, w) = w . x_P with x_P the package's value vector, per criterion
sum_{j in P} m_j (v_jk - b_k) plus its interactions (unweighted). So P dominates Q iff
E^T x_P >= E^T x_Q at every extreme point e of S with > at one (a linear function over a
polytope is smallest at an extreme point, and >= everywhere with > somewhere means >
at some extreme point). Dominance is then Pareto dominance of the vectors E^T x, found
exactly by a block-wise skyline over the packages sorted lexicographically (a dominator
always comes first). An option's core index is the share of the non-dominated feasible
packages that hold it: 1 = core (in every one), 0 = exterior.

The weight information (criteria the profile weighs 0 stay 0, as when sampling):
- ``none``: any non-negative weights; extreme points are the unit vectors.
- ``ordinal``: the profile's order of weights (equal weights may trade places, as the
  ordinal sampler lets them); extreme points are the uniform vectors on the sets of
  criteria closed upwards in that order: (1, 0, ...), (1, 1, 0, ...)/2, ...
- ``bounds:D``: each weight within D of the profile's (and >= 0); the extreme points
  are found by vertex enumeration: all but one weight at a bound, the last one free.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from policy_options.core.portfolio.enumerate import feasible_masks
from policy_options.core.portfolio.model import PortfolioModel, RpmCore
from policy_options.errors import UsageError

Matrix = npt.NDArray[np.float64]

RPM_LIMIT = 1 << 18
"""At most this many feasible packages are compared (pairwise dominance grows fast)."""
BOUNDS_CRITERIA = 16
"""``bounds:D`` enumerates vertices up to this many weighted criteria."""
_BLOCK = 256
_DECIMALS = 12  # values are compared after rounding to this many decimals


def parse_weight_info(text: str) -> str:
    """``none``, ``ordinal`` or ``bounds:D`` (D >= 0), normalised; a UsageError otherwise."""
    given = text.strip().lower()
    if given in ("none", "ordinal"):
        return given
    kind, _, number = given.partition(":")
    if kind == "bounds":
        try:
            delta = float(number)
        except ValueError:
            delta = -1.0
        if np.isfinite(delta) and delta >= 0:
            return f"bounds:{delta:g}"
    raise UsageError(
        f"--weight-info {text}: expected none, ordinal or bounds:D (D >= 0, e.g. bounds:0.1)"
    )


def extreme_points(info: str, profile: Matrix) -> Matrix:
    """The extreme points (criteria x points) of the weight set ``info`` around ``profile``
    (normalised weights of the weighted criteria)."""
    m = profile.size
    if info == "none":
        return np.eye(m)
    if info == "ordinal":
        order = sorted(range(m), key=lambda i: -profile[i])
        groups: list[list[int]] = []
        for i in order:
            if groups and profile[groups[-1][0]] == profile[i]:
                groups[-1].append(i)
            else:
                groups.append([i])
        points = []
        above: list[int] = []
        for group in groups:
            for size in range(1, len(group) + 1):
                for subset in itertools.combinations(group, size):
                    point = np.zeros(m)
                    point[above + list(subset)] = 1.0
                    points.append(point / point.sum())
            above += group
        return np.array(points).T
    delta = float(info.partition(":")[2])
    if m > BOUNDS_CRITERIA:
        raise UsageError(
            f"--weight-info {info}: vertex enumeration takes at most {BOUNDS_CRITERIA}"
            f" weighted criteria ({m} here)",
            hint="use --weight-info ordinal or none",
        )
    low, high = np.maximum(0.0, profile - delta), np.minimum(1.0, profile + delta)
    found: dict[tuple[float, ...], Matrix] = {}
    for free in range(m):
        others = [k for k in range(m) if k != free]
        for ends in itertools.product((0, 1), repeat=m - 1):
            point = np.zeros(m)
            for k, end in zip(others, ends, strict=True):
                point[k] = high[k] if end else low[k]
            point[free] = 1.0 - point[others].sum()
            if low[free] - 1e-12 <= point[free] <= high[free] + 1e-12:
                found.setdefault(tuple(np.round(point, _DECIMALS)), point)
    return np.array(list(found.values())).T


def value_vectors(model: PortfolioModel, masks: npt.NDArray[np.int64]) -> Matrix:
    """Per package (mask), its value per criterion: sum_j m_j (v_jk - b_k) + interactions."""
    n, criteria = model.n, len(model.criteria)
    added = np.asarray(model.added, dtype=float).reshape(n, criteria)
    low_bits = (n + 1) // 2

    def table(block: range) -> Matrix:
        codes = np.arange(1 << len(block), dtype=np.int64)
        bits = ((codes[:, None] >> np.arange(len(block), dtype=np.int64)) & 1).astype(float)
        out: Matrix = bits @ added[list(block)]
        return out

    low, high = table(range(low_bits)), table(range(low_bits, n))
    vectors: Matrix = low[masks & ((1 << low_bits) - 1)] + high[masks >> low_bits]
    for a, b, k, d in model.interactions:
        vectors[:, k] += d * (((masks >> a) & (masks >> b) & 1) == 1)
    return vectors


def non_dominated(points: Matrix) -> npt.NDArray[np.intp]:
    """Rows (ascending) that no other row Pareto-dominates (>= everywhere, > somewhere);
    equal rows are all kept. Rows go in decreasing lexicographic order, so a dominator
    comes before what it dominates; each block is checked against the rows kept so far
    and the earlier rows of its block (dominance is transitive: that is enough)."""
    rounded = np.round(points, _DECIMALS)
    order = np.lexsort(tuple(-rounded[:, k] for k in reversed(range(rounded.shape[1]))))
    kept: list[npt.NDArray[np.intp]] = []
    kept_rows = np.zeros((0, rounded.shape[1]))
    for start in range(0, order.size, _BLOCK):
        block = order[start : start + _BLOCK]
        rows = rounded[block]
        alive = np.ones(block.size, dtype=bool)
        for chunk in range(0, kept_rows.shape[0], 4 * _BLOCK):
            against = kept_rows[chunk : chunk + 4 * _BLOCK]
            ge = np.all(against[None, :, :] >= rows[:, None, :], axis=2)
            gt = np.any(against[None, :, :] > rows[:, None, :], axis=2)
            alive &= ~np.any(ge & gt, axis=1)
        ge = np.all(rows[:, None, :] >= rows[None, :, :], axis=2)  # ge[i, j]: i >= j
        gt = np.any(rows[:, None, :] > rows[None, :, :], axis=2)
        alive &= ~np.any(ge & gt, axis=0)
        kept.append(block[alive])
        kept_rows = np.vstack([kept_rows, rows[alive]])
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.intp)


def rpm_core(model: PortfolioModel, weight_info: str) -> RpmCore:
    """RPM core indices of ``model``'s options under ``weight_info`` (see the module)."""
    info = parse_weight_info(weight_info)
    active = [k for k, w in enumerate(model.w) if w > 0]
    profile = np.array([model.w[k] for k in active])
    profile /= profile.sum()
    corners = extreme_points(info, profile)
    masks, _ = feasible_masks(model)
    if masks.size > RPM_LIMIT:
        raise UsageError(
            f"--weight-info: {masks.size:,} feasible packages; the exact core index compares"
            f" at most {RPM_LIMIT:,}",
            hint="--forbid or --require some options, or lower --size-max",
        )
    vectors = value_vectors(model, masks)[:, active]
    kept = masks[non_dominated(vectors @ corners)]
    bits = (kept[:, None] >> np.arange(model.n, dtype=np.int64)) & 1
    share = bits.mean(axis=0) if kept.size else np.zeros(model.n)
    return RpmCore(
        weight_info=info,
        criteria=tuple(model.criteria[k] for k in active),
        extreme_points=int(corners.shape[1]),
        feasible=int(masks.size),
        non_dominated=int(kept.size),
        core_index={key: float(share[j]) for j, key in enumerate(model.ids)},
    )
