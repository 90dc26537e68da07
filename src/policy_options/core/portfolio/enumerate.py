"""Every package at once, in numpy chunks: the exact best, its ties and runners-up, the
best without each constraint, the frontier records and the feasible packages.

A package is a bit mask (bit j: option j). The options split into a low block of L and
a high block of H = n - L; a package is (low code, high code), and everything adds up
across the blocks: V = V_low[lo] + V_high[hi] + B_low[lo] @ D @ B_high[hi]^T, where the
tables V_low, V_high (and costs, sizes, internal feasibility) are computed once for the
2^L and 2^H codes, and D holds the weighted interactions between the blocks (the same
product counts requirements and exclusions that cross the blocks). A chunk of high codes
against all low codes is one small matrix product and a few element-wise comparisons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.portfolio.model import VALUE_TOLERANCE, PortfolioModel, slack

Matrix = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Masks = npt.NDArray[np.int64]

_CHUNK_ELEMENTS = 1 << 20  # packages per chunk (about 8 MiB per float array)
KEEP = 64  # best packages kept (the best, its ties and the runners-up come from these)


@dataclass(frozen=True)
class Tables:
    """One block of options: per code (subset), its value, costs, size, internal feasibility."""

    bits: Matrix  # codes x block options, 0/1
    value: Matrix
    cost: Matrix  # codes x resources
    size: Matrix
    ok: Bools  # forced in/out, requires and excludes inside the block


@dataclass(frozen=True)
class Enumeration:
    top: tuple[tuple[float, int], ...]  # (value, mask), best first (at most KEEP)
    relaxed: dict[str, float]  # "resource:<id>" / "size" -> best value without that constraint
    frontier: tuple[tuple[float, float, int], ...]  # (cost, value, mask) records
    feasible_count: int


def weighted_utilities(model: PortfolioModel) -> Matrix:
    """u_j = sum_k w_k (v_k(x_jk) - v_k(b_k)) per option."""
    added: Matrix = np.asarray(model.added, dtype=float).reshape(model.n, -1)
    utilities: Matrix = added @ np.asarray(model.w, dtype=float)
    return utilities


def _tables(model: PortfolioModel, block: list[int], u: Matrix, cost: Matrix) -> Tables:
    size = len(block)
    codes = np.arange(1 << size, dtype=np.int64)
    bits = ((codes[:, None] >> np.arange(size, dtype=np.int64)) & 1).astype(float)
    synergy, ok = inside(model, block, codes)
    return Tables(bits, bits @ u[block] + synergy, bits @ cost[block], bits.sum(axis=1), ok)


def inside(model: PortfolioModel, block: list[int], codes: Masks) -> tuple[Matrix, Bools]:
    """For subsets ``codes`` of ``block`` (bit i: option block[i]): the interactions
    within the block they complete (weighted), and whether they keep the constraints
    within it (forced in and out, prerequisites, exclusions)."""
    where = {j: i for i, j in enumerate(block)}

    def bit(j: int) -> Bools:
        found: Bools = ((codes >> where[j]) & 1).astype(bool)
        return found

    synergy = np.zeros(codes.size)
    for a, b, k, d in model.interactions:
        if a in where and b in where:
            synergy += model.w[k] * d * (bit(a) & bit(b))
    ok = np.ones(codes.size, dtype=bool)
    for j in model.forced_in & set(block):
        ok &= bit(j)
    for j in model.forced_out & set(block):
        ok &= ~bit(j)
    for i, j in model.requires:
        if i in where and j in where:
            ok &= ~(bit(i) & ~bit(j))
    for i, j in model.excludes:
        if i in where and j in where:
            ok &= ~(bit(i) & bit(j))
    for i, group in model.requires_any:
        if i in where and all(g in where for g in group):
            some = np.zeros(codes.size, dtype=bool)
            for g in group:
                some |= bit(g)
            ok &= ~bit(i) | some
    return synergy, ok


@dataclass(frozen=True)
class _Cross:
    """What couples the two blocks: interactions, and requires/excludes across them."""

    value: Matrix | None  # L x H weighted interactions
    lo_needs_hi: Matrix | None  # (i in low) requires (j in high): x_i (1 - x_j)
    hi_needs_lo: Matrix | None  # (j in high) requires (i in low): (1 - x_i) x_j
    apart: Matrix | None  # excluded pairs across: x_i x_j


def _cross(model: PortfolioModel, low: list[int], high: list[int]) -> _Cross:
    lo = {j: i for i, j in enumerate(low)}
    hi = {j: i for i, j in enumerate(high)}
    value = np.zeros((len(low), len(high)))
    lo_needs_hi = np.zeros_like(value)
    hi_needs_lo = np.zeros_like(value)
    apart = np.zeros_like(value)
    for a, b, k, d in model.interactions:
        if a in lo and b in hi:
            value[lo[a], hi[b]] += model.w[k] * d
        elif b in lo and a in hi:
            value[lo[b], hi[a]] += model.w[k] * d
    for i, j in model.requires:
        if i in lo and j in hi:
            lo_needs_hi[lo[i], hi[j]] = 1.0
        elif i in hi and j in lo:
            hi_needs_lo[lo[j], hi[i]] = 1.0
    for i, j in model.excludes:
        if i in lo and j in hi:
            apart[lo[i], hi[j]] = 1.0
        elif j in lo and i in hi:
            apart[lo[j], hi[i]] = 1.0

    def some(m: Matrix) -> Matrix | None:
        return m if m.any() else None

    return _Cross(some(value), some(lo_needs_hi), some(hi_needs_lo), some(apart))


@dataclass(frozen=True)
class Chunk:
    """All packages (low code x a range of high codes): values and feasibility parts."""

    high: slice
    value: Matrix  # low codes x high codes
    structure: Bools  # forced, requires, excludes
    within: list[Bools]  # per resource: within its limit
    cost: list[Matrix]  # per resource
    size_ok: Bools | None

    def masks(self, low_bits: int, flat: npt.NDArray[np.intp]) -> Masks:
        """The package masks of flat indices into this chunk."""
        width = self.value.shape[1]
        lo, hi = np.divmod(flat, width)
        masks: Masks = ((hi.astype(np.int64) + self.high.start) << low_bits) | lo.astype(np.int64)
        return masks


class Enumerator:
    """The tables of a model, and its chunks of packages."""

    def __init__(self, model: PortfolioModel) -> None:
        self.model = model
        n = model.n
        self.low_bits = (n + 1) // 2
        self.low = list(range(self.low_bits))
        self.high = list(range(self.low_bits, n))
        u = weighted_utilities(model)
        cost = np.asarray(model.costs, dtype=float).reshape(n, len(model.resources))
        self.lo = _tables(model, self.low, u, cost)
        self.hi = _tables(model, self.high, u, cost)
        self.cross = _cross(model, self.low, self.high)
        self.limits = [limit + slack(limit) for limit in model.limits]
        # requires_any across the blocks: (i, group) with i or a member outside i's block
        side = {j: j < self.low_bits for j in range(n)}
        self.any_of = [
            (i, group) for i, group in model.requires_any if any(side[g] != side[i] for g in group)
        ]

    @property
    def packages(self) -> int:
        """How many packages the chunks hold: 2^n."""
        return int(self.lo.value.size * self.hi.value.size)

    def meets_any(self, i: int, group: tuple[int, ...], bits_h: Matrix) -> Bools:
        """Low codes x the chunk's high codes: does the package hold a member of ``group``
        whenever it holds i?"""
        lo_group = [g for g in group if g < self.low_bits]
        hi_group = [g - self.low_bits for g in group if g >= self.low_bits]
        count = self.lo.bits[:, lo_group].sum(axis=1)[:, None] + bits_h[:, hi_group].sum(axis=1)
        if i < self.low_bits:
            holds = self.lo.bits[:, i][:, None] > 0.5
        else:
            holds = bits_h[:, i - self.low_bits][None, :] > 0.5
        meets: Bools = ~holds | (count > 0.5)
        return meets

    def chunks(self) -> Iterator[Chunk]:
        lo, hi, cross = self.lo, self.hi, self.cross
        count = hi.value.size
        step = max(1, _CHUNK_ELEMENTS // lo.value.size)
        for start in range(0, count, step):
            h = slice(start, min(count, start + step))
            bits_h = hi.bits[h]
            value = lo.value[:, None] + hi.value[None, h]
            if cross.value is not None:
                value += lo.bits @ cross.value @ bits_h.T
            structure = lo.ok[:, None] & hi.ok[None, h]
            broken = None
            if cross.lo_needs_hi is not None:
                broken = lo.bits @ cross.lo_needs_hi @ (1.0 - bits_h).T
            if cross.hi_needs_lo is not None:
                part = (1.0 - lo.bits) @ cross.hi_needs_lo @ bits_h.T
                broken = part if broken is None else broken + part
            if cross.apart is not None:
                part = lo.bits @ cross.apart @ bits_h.T
                broken = part if broken is None else broken + part
            if broken is not None:
                structure &= broken < 0.5
            for i, group in self.any_of:
                structure &= self.meets_any(i, group, bits_h)
            costs = [lo.cost[:, r, None] + hi.cost[None, h, r] for r in range(len(self.limits))]
            within = [c <= limit for c, limit in zip(costs, self.limits, strict=True)]
            size_ok = None
            if self.model.size_max is not None:
                size_ok = (lo.size[:, None] + hi.size[None, h]) <= self.model.size_max + 0.5
            yield Chunk(h, value, structure, within, costs, size_ok)


def _all(parts: list[Bools], start: Bools) -> Bools:
    out = start.copy()
    for part in parts:
        out &= part
    return out


def enumerate_packages(
    model: PortfolioModel,
    frontier: int | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> Enumeration:
    """Score every package; ``frontier``: the index of the resource to trace the frontier of;
    ``on_chunk(done, total)`` after each chunk of packages (for a progress bar)."""
    enumerator = Enumerator(model)
    total, done = enumerator.packages, 0
    top_values: list[Matrix] = []
    top_masks: list[Masks] = []
    relaxed = {f"resource:{r}": -np.inf for r in model.resources}
    if model.size_max is not None:
        relaxed["size"] = -np.inf
    records: list[tuple[Matrix, Matrix, Masks]] = []
    feasible = 0
    for chunk in enumerator.chunks():
        base = chunk.structure if chunk.size_ok is None else chunk.structure & chunk.size_ok
        full = _all(chunk.within, base)
        feasible += int(np.count_nonzero(full))
        flat = np.flatnonzero(full)
        if flat.size:
            values = chunk.value.ravel()[flat]
            if flat.size > KEEP:
                keep = np.argpartition(-values, KEEP - 1)[:KEEP]
                flat, values = flat[keep], values[keep]
            top_values.append(values)
            top_masks.append(chunk.masks(enumerator.low_bits, flat))
        for r, resource in enumerate(model.resources):
            others = [w for i, w in enumerate(chunk.within) if i != r]
            ok = _all(others, base)
            best = chunk.value[ok].max(initial=-np.inf)
            relaxed[f"resource:{resource}"] = max(relaxed[f"resource:{resource}"], best)
            if frontier == r:
                records.append(_records(chunk, ok, r, enumerator.low_bits))
        if chunk.size_ok is not None:
            ok = _all(chunk.within, chunk.structure)
            relaxed["size"] = max(relaxed["size"], chunk.value[ok].max(initial=-np.inf))
        done += chunk.value.size
        if on_chunk is not None:
            on_chunk(done, total)
    top: tuple[tuple[float, int], ...] = ()
    if top_values:
        values = np.concatenate(top_values)
        masks = np.concatenate(top_masks)
        order = np.lexsort((masks, -values))[:KEEP]
        top = tuple((float(values[i]), int(masks[i])) for i in order)
    return Enumeration(
        top=top,
        relaxed={key: float(v) for key, v in relaxed.items()},
        frontier=_merge_records(records),
        feasible_count=feasible,
    )


def _records(chunk: Chunk, ok: Bools, r: int, low_bits: int) -> tuple[Matrix, Matrix, Masks]:
    """The packages of a chunk that beat every package of the chunk costing no more."""
    flat = np.flatnonzero(ok)
    costs = chunk.cost[r].ravel()[flat]
    values = chunk.value.ravel()[flat]
    order = np.lexsort((-values, costs))
    values_sorted = values[order]
    running = np.maximum.accumulate(values_sorted)
    better = np.empty(order.size, dtype=bool)
    if order.size:
        better[0] = True
        better[1:] = values_sorted[1:] > running[:-1]
    keep = order[better]
    return costs[keep], values[keep], chunk.masks(low_bits, flat[keep])


def _merge_records(
    records: list[tuple[Matrix, Matrix, Masks]],
) -> tuple[tuple[float, float, int], ...]:
    """Frontier records across chunks: by cost, each strictly (1e-9) above all cheaper ones."""
    if not records:
        return ()
    costs = np.concatenate([r[0] for r in records])
    values = np.concatenate([r[1] for r in records])
    masks = np.concatenate([r[2] for r in records])
    order = np.lexsort((masks, -values, costs))
    out: list[tuple[float, float, int]] = []
    best = -np.inf
    for i in order:
        if values[i] > best + VALUE_TOLERANCE:
            out.append((float(costs[i]), float(values[i]), int(masks[i])))
            best = float(values[i])
    return tuple(out)


def feasible_masks(
    model: PortfolioModel, on_chunk: Callable[[int, int], None] | None = None
) -> tuple[Masks, Bools]:
    """Every feasible package (masks, ascending) and the feasibility of every mask."""
    enumerator = Enumerator(model)
    table = np.zeros(1 << model.n, dtype=bool)
    found: list[Masks] = []
    done = 0
    for chunk in enumerator.chunks():
        done += chunk.value.size
        if on_chunk is not None:
            on_chunk(done, enumerator.packages)
        base = chunk.structure if chunk.size_ok is None else chunk.structure & chunk.size_ok
        full = _all(chunk.within, base)
        masks = chunk.masks(enumerator.low_bits, np.flatnonzero(full))
        table[masks] = True
        found.append(masks)
    masks = np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return masks, table


def members(mask: int, n: int) -> list[int]:
    return [j for j in range(n) if mask >> j & 1]
