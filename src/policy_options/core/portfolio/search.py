"""The best packages of up to ``SEARCH_LIMIT`` options, exactly, without an integer program:
meet in the middle, pruned by a Lagrangian bound.

The options split into a low and a high half (at most 20 each). For each half every
subset (a *code*) gets its value, costs and size by doubling, and the codes that break a
constraint inside their half, or exceed a limit on their own, are dropped. A package is
a pair (low code, high code). For any multipliers ``lam >= 0`` on the resources, the
value of a pair that meets the limits is at most

    a[low] + b[high] + lam . limits,   a = V_low - lam . C_low + P_low,   b = V_high - lam . C_high

(``P_low``: the positive interactions across the halves the low code takes part in),
because ``lam . (limits - C) >= 0``. With the low codes sorted by ``a``, the pairs whose
bound reaches a threshold are, for each high code, a prefix of that order: they are scored
exactly (interactions, prerequisites and exclusions across the halves, limits, size) in
chunks, and the threshold falls until the best ``keep`` packages found all lie above it.
Every pair left out is then worth less than all of them: the result is exact.

``lam`` minimises the item-wise dual ``sum_j max(0, u_j - lam . c_j) + lam . limits`` by a
projected subgradient method; any ``lam >= 0`` keeps the search exact, a better one only
makes it shorter. When the bound is too loose (more than ``MAX_PAIRS`` pairs to score),
:func:`search` gives up and the caller solves integer programs instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.portfolio.enumerate import KEEP, inside, weighted_utilities
from policy_options.core.portfolio.model import VALUE_TOLERANCE, PortfolioModel, slack

Matrix = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

SEARCH_LIMIT = 40
"""Up to this many options the bounded search is tried (2^20 codes per half at most)."""
MAX_PAIRS = 1 << 26
"""The search gives up after scoring this many pairs (then integer programs are solved)."""
_CHUNK = 1 << 20  # pairs scored at once
_FIRST = 1 << 18  # pairs the first threshold aims at
_MARGIN = 1e-7  # thresholds are lowered by this much against rounding in the bound


@dataclass(frozen=True)
class Half:
    """One half of the options: the codes that survive on their own, and what they hold."""

    block: list[int]  # option indices; bit i of a code is option block[i]
    codes: Ints
    value: Matrix
    cost: Matrix  # resources x codes
    size: Ints


@dataclass(frozen=True)
class Found:
    top: tuple[tuple[float, int], ...]  # (value, mask), best first, at most KEEP
    pairs: int  # pairs scored
    feasible_count: int | None  # feasible packages, when every pair was scored


def _bits(codes: Ints, i: int) -> Bools:
    bits: Bools = ((codes >> i) & 1).astype(bool)
    return bits


Tables = dict[tuple[int, ...], tuple[Ints, Matrix, Matrix, Ints, Bools]]
"""Per block, every code's value, costs, size and structural feasibility, before the
limits: shared by searches of models that differ only in their limits and size_max."""


def _half(
    model: PortfolioModel, block: list[int], u: Matrix, costs: Matrix, tables: Tables | None
) -> Half:
    known = None if tables is None else tables.get(tuple(block))
    if known is not None:
        codes, value, cost, size, structure = known
    else:
        m = len(block)
        count = 1 << m
        codes = np.arange(count, dtype=np.int64)
        value = np.zeros(count)
        cost = np.zeros((costs.shape[1], count))
        size = np.zeros(count, dtype=np.int64)
        for i, j in enumerate(block):
            s = 1 << i
            value[s : 2 * s] = value[:s] + u[j]
            cost[:, s : 2 * s] = cost[:, :s] + costs[j][:, None]
            size[s : 2 * s] = size[:s] + 1
        synergy, structure = inside(model, block, codes)
        value += synergy
        if tables is not None:
            tables[tuple(block)] = (codes, value, cost, size, structure)
    ok = structure.copy()
    for r, limit in enumerate(model.limits):
        ok &= cost[r] <= limit + slack(limit)
    if model.size_max is not None:
        ok &= size <= model.size_max
    keep = np.flatnonzero(ok)
    return Half(block, codes[keep], value[keep], cost[:, keep], size[keep])


def multipliers(u: Matrix, costs: Matrix, limits: Matrix, rounds: int = 300) -> Matrix:
    """``lam >= 0`` near the minimum of ``sum_j max(0, u_j - lam . c_j) + lam . limits``."""
    lam = np.zeros(limits.size)
    best, best_lam = np.inf, lam
    scale = max(float(np.abs(costs).max(initial=0.0)), 1e-12)
    for step in range(rounds):
        reduced = u - costs @ lam
        taken = reduced > 0
        dual = float(reduced[taken].sum() + lam @ limits)
        if dual < best:
            best, best_lam = dual, lam.copy()
        gradient = limits - costs[taken].sum(axis=0)
        norm = float(np.linalg.norm(gradient))
        if norm == 0.0:
            break
        length = 0.1 * max(abs(dual), 1e-3) / (step + 1) / scale
        lam = np.maximum(0.0, lam - length * gradient / norm)
    return best_lam


class _Pairs:
    """The two halves, the bound of every pair, and the exact scoring of pairs."""

    def __init__(self, model: PortfolioModel, tables: Tables | None = None) -> None:
        self.model = model
        n = model.n
        u = weighted_utilities(model)
        costs = np.asarray(model.costs, dtype=float).reshape(n, len(model.resources))
        limits = np.asarray(model.limits, dtype=float)
        self.low_bits = (n + 1) // 2
        self.low = _half(model, list(range(self.low_bits)), u, costs, tables)
        self.high = _half(model, list(range(self.low_bits, n)), u, costs, tables)
        lam = multipliers(u, costs, limits)
        self.constant = float(lam @ limits)
        hi_at = {j: i for i, j in enumerate(self.high.block)}
        lo_at = {j: i for i, j in enumerate(self.low.block)}
        # interactions across the halves: (low bit, high bit, weighted d)
        self.cross: list[tuple[int, int, float]] = []
        for a, b, k, d in model.interactions:
            if a in lo_at and b in hi_at:
                self.cross.append((lo_at[a], hi_at[b], model.w[k] * d))
            elif b in lo_at and a in hi_at:
                self.cross.append((lo_at[b], hi_at[a], model.w[k] * d))
        lo_codes = self.low.codes
        positive = np.zeros(lo_codes.size)
        for i, _, wd in self.cross:
            if wd > 0:
                positive += wd * _bits(lo_codes, i)
        bound_low = self.low.value - lam @ self.low.cost + positive
        self.order = np.argsort(-bound_low, kind="stable")
        self.a_desc = bound_low[self.order]
        self.b = self.high.value - lam @ self.high.cost
        # below every pair's bound: the threshold that takes every pair
        self.lowest = (
            float(self.a_desc[-1] + self.b.min() + self.constant) - 1.0
            if self.a_desc.size and self.b.size
            else 0.0
        )
        # prerequisites and exclusions across the halves, by bit
        requires = model.requires
        self.lo_needs_hi = [(lo_at[i], hi_at[j]) for i, j in requires if i in lo_at and j in hi_at]
        self.hi_needs_lo = [(hi_at[i], lo_at[j]) for i, j in requires if i in hi_at and j in lo_at]
        self.apart = [
            (lo_at[i], hi_at[j]) if i in lo_at else (lo_at[j], hi_at[i])
            for i, j in model.excludes
            if (i in lo_at) != (j in lo_at)
        ]
        self.limits = [limit + slack(limit) for limit in model.limits]
        # requires_any: (low bits, high bits) of i and of its group, per condition
        self.any_of = [
            (
                [lo_at[j] for j in (i,) if j in lo_at],
                [hi_at[j] for j in (i,) if j in hi_at],
                [lo_at[g] for g in group if g in lo_at],
                [hi_at[g] for g in group if g in hi_at],
            )
            for i, group in model.requires_any
        ]

    def counts(self, threshold: float, step: int = 1) -> Ints:
        """Per high code (every ``step``-th), the low codes whose pair bound reaches it."""
        need = threshold - self.constant - self.b[::step]
        counts: Ints = np.searchsorted(-self.a_desc, -need, side="right").astype(np.int64)
        return counts

    def score(self, high: Ints, start: Ints, stop: Ints) -> tuple[Matrix, Ints]:
        """Exact values and masks of the feasible pairs (high[i], low ranks start..stop)."""
        lengths = stop - start
        total = int(lengths.sum())
        offsets = np.repeat(np.cumsum(lengths) - lengths - start, lengths)
        rank = np.arange(total, dtype=np.int64) - offsets
        lo = self.order[rank]
        hi = np.repeat(high, lengths)
        lo_codes, hi_codes = self.low.codes[lo], self.high.codes[hi]
        ok = np.ones(total, dtype=bool)
        for r, limit in enumerate(self.limits):
            ok &= self.low.cost[r, lo] + self.high.cost[r, hi] <= limit
        if self.model.size_max is not None:
            ok &= self.low.size[lo] + self.high.size[hi] <= self.model.size_max
        for i, j in self.lo_needs_hi:
            ok &= ~(_bits(lo_codes, i) & ~_bits(hi_codes, j))
        for i, j in self.hi_needs_lo:
            ok &= ~(_bits(hi_codes, i) & ~_bits(lo_codes, j))
        for i, j in self.apart:
            ok &= ~(_bits(lo_codes, i) & _bits(hi_codes, j))
        for i_lo, i_hi, g_lo, g_hi in self.any_of:
            holds = _bits(lo_codes, i_lo[0]) if i_lo else _bits(hi_codes, i_hi[0])
            some = np.zeros(total, dtype=bool)
            for g in g_lo:
                some |= _bits(lo_codes, g)
            for g in g_hi:
                some |= _bits(hi_codes, g)
            ok &= ~holds | some
        keep = np.flatnonzero(ok)
        lo, hi, lo_codes, hi_codes = lo[keep], hi[keep], lo_codes[keep], hi_codes[keep]
        values = self.low.value[lo] + self.high.value[hi]
        for i, j, wd in self.cross:
            values += wd * (_bits(lo_codes, i) & _bits(hi_codes, j))
        masks: Ints = (hi_codes << self.low_bits) | lo_codes
        return values, masks


def _threshold_for(pairs: _Pairs, aim: int, top: float, step: int = 1) -> float:
    """A threshold below ``top`` that just over ``aim`` pairs reach (counted on every
    ``step``-th high code), or one below every bound when fewer pairs exist at all."""
    bottom = pairs.lowest
    for _ in range(40):
        middle = (top + bottom) / 2
        if int(pairs.counts(middle, step).sum()) * step > aim:
            bottom = middle
        else:
            top = middle
    return bottom


def search(model: PortfolioModel, keep: int, tables: Tables | None = None) -> Found | None:
    """The best ``keep`` (and up to ``KEEP``) packages; None when the bound proves too loose.
    ``tables`` (a dict, filled on first use) shares the halves' tables between searches of
    models that differ only in their limits and ``size_max``."""
    pairs = _Pairs(model, tables)
    if pairs.low.codes.size == 0 or pairs.high.codes.size == 0:
        return Found((), 0, 0)
    done = np.zeros(pairs.b.size, dtype=np.int64)  # per high code: low ranks scored so far
    top_values = np.zeros(0)
    top_masks = np.zeros(0, dtype=np.int64)
    feasible = 0
    scored = 0
    highest = float(pairs.a_desc[0] + pairs.b.max() + pairs.constant)
    threshold = _threshold_for(pairs, _FIRST, highest, step=max(1, pairs.b.size // 4096))
    while True:
        target = pairs.counts(threshold - _MARGIN)
        high = np.flatnonzero(target > done)
        lengths = target[high] - done[high]
        if int(lengths.sum()) + scored > MAX_PAIRS:
            return None
        ends = np.cumsum(lengths)
        begin = 0
        while begin < high.size:
            end = int(np.searchsorted(ends, (ends[begin - 1] if begin else 0) + _CHUNK, "right"))
            end = max(end, begin + 1)
            part = high[begin:end]
            values, masks = pairs.score(part, done[part], target[part])
            scored += int(lengths[begin:end].sum())
            feasible += values.size
            top_values = np.concatenate([top_values, values])
            top_masks = np.concatenate([top_masks, masks])
            if top_values.size > KEEP:
                best = np.argpartition(-top_values, KEEP - 1)[:KEEP]
                top_values, top_masks = top_values[best], top_masks[best]
            begin = end
        done = target
        exhausted = bool(np.all(done == pairs.a_desc.size))
        if top_values.size >= keep:
            kth = float(np.partition(-top_values, keep - 1)[keep - 1]) * -1.0
            floor = kth - VALUE_TOLERANCE
            if threshold <= floor or exhausted:
                break
            threshold = floor
            continue
        if exhausted:
            break
        # too few packages yet: four times as many pairs (or all of them)
        threshold = _threshold_for(pairs, 4 * max(int(done.sum()), _FIRST), threshold)
    order = np.lexsort((top_masks, -top_values))[:KEEP]
    top = tuple((float(top_values[i]), int(top_masks[i])) for i in order)
    return Found(top, scored, feasible if exhausted else None)
