"""How robust the best package is: core indices over sampled weights and score ranges
(Robust Portfolio Modeling, Liesiö, Mild & Salo 2007, by sampling).

Each sample draws a weight vector (:func:`~policy_options.core.uncertainty.sampling.weight_sampler`:
uniform, profile or ordinal; criteria the profile weighs 0 stay 0) and, unless scores
are fixed, every ranged score from its triangular distribution
(:func:`~policy_options.core.uncertainty.sampling.draw_values`, stream ``PORTFOLIO_STREAM``), then
finds the best feasible package. An option's core index is the share of samples whose
best package holds it; ``best_stays`` is the share whose best package is the base one.

Enumerable models score every candidate package for a chunk of samples with one
matrix product. Candidates are the feasible packages, pruned soundly first: a package
is dropped when adding some option j keeps it feasible and adds at least 0 on every
weighted criterion and more on one, whatever the draw (j's worst values and its worst
interactions), since it then loses to that superset in every sample; with fixed scores
the packages dominated criterion by criterion are dropped as well. Larger models solve
one integer program per sample (slow; the result says how long it took).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from policy_options.core.portfolio.enumerate import feasible_masks
from policy_options.core.portfolio.milp import MilpSolver
from policy_options.core.portfolio.model import (
    VALUE_TOLERANCE,
    PortfolioModel,
    Robustness,
    slack,
)
from policy_options.core.study.values import lowest_value
from policy_options.core.uncertainty.sampling import (
    BLOCK,
    Cells,
    blocks,
    cells_of,
    draw_values,
    generator,
    ranged_cells,
    weight_sampler,
)
from policy_options.core.uncertainty.settings import (
    WeightModel,
    check_samples,
    check_weight_settings,
)
from policy_options.errors import PolicyError, UsageError

Matrix = npt.NDArray[np.float64]
Masks = npt.NDArray[np.int64]
ProgressCallback = Callable[[int, int], None]

PORTFOLIO_STREAM = 8
"""Seed stream of the portfolio's score draws (apart from SMAA's and every other use)."""
COST_STREAM = 9
"""Seed stream of the portfolio's cost draws."""
_SCORE_ELEMENTS = 1 << 22  # candidates x samples scored at a time (32 MiB)
_SKYLINE_LIMIT = 200_000  # with fixed scores, the dominance filter runs up to this many
_SKYLINE_BLOCK = 256
_KEPT_LIMIT = 1024


def check_settings(
    samples: int, seed: int, model: WeightModel, concentration: float | None
) -> float | None:
    if samples < 0:
        raise UsageError(f"--samples must be a whole number >= 0, got {samples}")
    if samples > 0:
        check_samples(samples)  # at most MAX_SAMPLES, as everywhere samples are taken
    return check_weight_settings(seed, model, concentration)


class _Sampler:
    """Weights and added values of a model, drawn block by block."""

    def __init__(
        self,
        model: PortfolioModel,
        seed: int,
        weight_model: WeightModel,
        concentration: float | None,
        fixed_scores: bool,
    ) -> None:
        study = model.study
        self.model = model
        self.seed = seed
        self.active = [k for k, w in enumerate(model.w) if w > 0]
        keys = tuple(model.criteria[k] for k in self.active)
        profile = np.array([model.w[k] for k in self.active])
        profile /= profile.sum()
        self.draw_weights = weight_sampler(profile, weight_model, concentration, seed)
        added = np.asarray(model.added, dtype=float).reshape(model.n, -1)[:, self.active]
        self.baseline = np.array([model.baselines[k] for k in self.active])
        self.factor = np.asarray(model.factors or [1.0] * model.n, dtype=float)
        index = {key: j for j, key in enumerate(model.ids)}
        position = {key: i for i, key in enumerate(keys)}
        rows: list[tuple[int, int, float, float, float]] = []
        for option, key in [] if fixed_scores else ranged_cells(study):
            if key not in position:
                continue
            score = study.options[option].spec.scores[key]
            assert score.range is not None
            rows.append((index[option], position[key], score.range[0], score.value, score.range[1]))
        rows.sort(key=lambda r: (r[0], r[1]))
        self.cells: Cells | None = cells_of(study, keys, rows) if rows else None
        self.fixed = added.copy()
        self.worst = added.copy()  # every ranged value at its worst end
        if self.cells is not None:
            c = self.cells
            self.fixed[c.option, c.criterion] = 0.0
            for j, k, low, _, high in rows:
                spec = study.criteria[keys[k]]
                self.worst[j, k] = self.factor[j] * (
                    lowest_value(spec, low, high) - self.baseline[k]
                )
        self.inter = [
            (a, b, self.active.index(k), d) for a, b, k, d in model.interactions if k in self.active
        ]
        self.costs = np.asarray(model.costs, dtype=float).reshape(model.n, -1)
        self.limits = np.array([limit + slack(limit) for limit in model.limits])
        costs: list[tuple[int, int, float, float, float]] = []
        for j, key in enumerate([] if fixed_scores else model.ids):
            for resource, (low, high) in study.options[key].spec.cost_ranges.items():
                if high > low and resource in model.resources:
                    r = model.resources.index(resource)
                    costs.append((j, r, low, model.costs[j][r], high))
        self.cost_cells = np.array(costs, dtype=float).reshape(-1, 5)
        self.lowest_costs = self.costs.copy()  # every ranged cost at its low end
        for j, r, low, _, _ in costs:
            self.lowest_costs[j, r] = low

    @property
    def uncertain_costs(self) -> int:
        return int(self.cost_cells.shape[0])

    def block_costs(self, b: int, size: int) -> Matrix | None:
        """Drawn costs (size x n x resources) of a block, or None when no cost is ranged:
        each ranged cost triangular (low, the cost, high), as ranged scores are drawn."""
        cells = self.cost_cells
        if not cells.shape[0]:
            return None
        u = generator(self.seed, COST_STREAM, b).random((cells.shape[0], size))
        low, mode, high = cells[:, 2:3], cells[:, 3:4], cells[:, 4:5]
        p = (mode - low) / (high - low)
        left = u < p
        t = np.sqrt(np.where(left, p * u, (1.0 - p) * (1.0 - u)))
        drawn = low + (high - low) * np.where(left, t, 1.0 - t)
        out = np.broadcast_to(self.costs, (size, *self.costs.shape)).copy()
        j, r = cells[:, 0].astype(int), cells[:, 1].astype(int)
        out[:, j, r] = drawn.T
        return out

    @property
    def uncertain(self) -> int:
        return 0 if self.cells is None else self.cells.count

    def block(self, b: int, size: int) -> tuple[Matrix, Matrix | None]:
        """Weights (active x size) and, with ranged scores, the cells' added value per
        option (n x size): sum over j's cells of w_k (v_drawn - v(b_k))."""
        w = self.draw_weights(b, size)
        if self.cells is None:
            return w, None
        drawn = draw_values(self.cells, generator(self.seed, PORTFOLIO_STREAM, b), size)
        c = self.cells
        drawn -= self.baseline[c.criterion][:, None]
        drawn *= w[c.criterion]
        drawn *= self.factor[c.option][:, None]
        extra = np.zeros((self.model.n, size))
        np.add.at(extra, c.option, drawn)
        return w, extra


def robustness(
    model: PortfolioModel,
    base: tuple[str, ...],
    *,
    enumerable: bool,
    samples: int,
    seed: int,
    weight_model: WeightModel,
    concentration: float | None,
    fixed_scores: bool = False,
    solver: MilpSolver | None = None,
    on_chunk: ProgressCallback | None = None,
) -> Robustness:
    """Core indices and the share where ``base`` (ids) stays best, over ``samples`` samples."""
    started = time.perf_counter()
    sampler = _Sampler(model, seed, weight_model, concentration, fixed_scores)
    index = {key: j for j, key in enumerate(model.ids)}
    base_mask = sum(1 << index[key] for key in base)
    if enumerable:
        counts, stays, candidates, over, nothing = _enumerated(
            sampler, base_mask, samples, on_chunk
        )
        engine = "enumeration"
    else:
        counts, stays, over, nothing = _solved(
            sampler, solver or MilpSolver(model), base_mask, samples, on_chunk
        )
        candidates, engine = None, "milp"
    return Robustness(
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        concentration=concentration,
        uncertain_scores=sampler.uncertain,
        core_index={key: int(counts[j]) / samples for j, key in enumerate(model.ids)},
        best_stays=stays / samples,
        engine=engine,
        candidates=candidates,
        seconds=time.perf_counter() - started,
        uncertain_costs=sampler.uncertain_costs,
        base_over_budget=over / samples,
        no_package=nothing,
    )


def candidate_packages(
    sampler: _Sampler, base_mask: int = -1, on_chunk: ProgressCallback | None = None
) -> tuple[Masks, Matrix]:
    """The feasible packages that can be best in some sample, and their bits (p x n),
    in the order ties are broken (as for the base package: fewer options, then ids)."""
    model = sampler.model
    ranged_costs = sampler.uncertain_costs > 0
    if ranged_costs:  # every package that fits at the lowest costs may fit in a sample
        low = tuple(tuple(float(c) for c in row) for row in sampler.lowest_costs)
        model = replace(model, costs=low)
    masks, table = feasible_masks(model, on_chunk)
    n = model.n
    gain = sampler.worst.copy()
    for a, b, k, d in sampler.inter:
        if d < 0:
            gain[a, k] += d
            gain[b, k] += d
    sure = [j for j in range(n) if bool(np.all(gain[j] >= 0)) and bool(np.any(gain[j] > 0))]
    if ranged_costs:  # a superset that fits at some costs may not fit at others: no pruning
        sure = []
    keep = np.ones(masks.size, dtype=bool)
    for j in sure:
        bit = np.int64(1) << j
        outside = (masks & bit) == 0
        keep &= ~(outside & table[masks | bit])
    keep |= masks == base_mask  # the base package stays a candidate, whatever its ties
    masks = masks[keep]
    bits = ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(float)
    # in the order the best package is chosen among ties: fewer options, then by ids
    # (ids are in index order: the lower first member first, so by the reversed bits)
    reversed_bits = bits @ (2.0 ** np.arange(n - 1, -1, -1))
    order = np.lexsort((-reversed_bits, bits.sum(axis=1)))
    masks, bits = masks[order], bits[order]
    if sampler.cells is None and not ranged_costs and masks.size <= _SKYLINE_LIMIT:
        kept = _undominated(_criterion_vectors(sampler, bits))
        masks, bits = masks[kept], bits[kept]
    return masks, bits


def _criterion_vectors(sampler: _Sampler, bits: Matrix) -> Matrix:
    """Per candidate, its added value on each active criterion (fixed part of the scores)."""
    vectors: Matrix = bits @ sampler.fixed
    for a, b, k, d in sampler.inter:
        vectors[:, k] += d * bits[:, a] * bits[:, b]
    return vectors


def _undominated(vectors: Matrix) -> npt.NDArray[np.intp]:
    """Rows (in their order) not dominated by another row (>= everywhere, > somewhere);
    of equal rows the first. A dominator has a larger sum, so rows go by decreasing sum,
    a block at a time against the rows kept so far. Past ``_KEPT_LIMIT`` kept rows the
    filter stops (the rest are kept: pruning is only a saving, never needed)."""
    order = np.argsort(-vectors.sum(axis=1), kind="stable")
    kept: list[npt.NDArray[np.intp]] = []
    kept_rows = np.zeros((0, vectors.shape[1]))
    for start in range(0, order.size, _SKYLINE_BLOCK):
        if kept_rows.shape[0] > _KEPT_LIMIT:
            kept.append(order[start:])
            break
        block = order[start : start + _SKYLINE_BLOCK]
        rows = vectors[block]
        alive = np.ones(block.size, dtype=bool)
        if kept_rows.shape[0]:
            covered = np.all(kept_rows[None, :, :] >= rows[:, None, :], axis=2)
            alive &= ~np.any(covered, axis=1)  # dominated, or equal to an earlier row
        ge = np.all(rows[:, None, :] >= rows[None, :, :], axis=2)  # ge[i, j]: i >= j
        gt = np.any(rows[:, None, :] > rows[None, :, :], axis=2)
        earlier = np.tri(block.size, k=-1, dtype=bool).T  # earlier[i, j]: i before j
        alive &= ~np.any(ge & (gt | earlier), axis=0)
        kept.append(block[alive])
        kept_rows = np.vstack([kept_rows, rows[alive]])
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.intp)


def _enumerated(
    sampler: _Sampler, base_mask: int, samples: int, on_chunk: ProgressCallback | None
) -> tuple[npt.NDArray[np.int64], int, int, int, int]:
    """Counts per option, samples the base package stays best, candidates, samples the
    base package is over budget, samples with no package within the limits."""
    masks, bits = candidate_packages(sampler, base_mask, on_chunk)
    vectors = _criterion_vectors(sampler, bits)
    where = np.flatnonzero(masks == base_mask)
    base_row = int(where[0]) if where.size else -1
    base_bits = ((base_mask >> np.arange(sampler.model.n)) & 1).astype(float)
    wins = np.zeros(masks.size, dtype=np.int64)
    over = nothing = 0
    # candidates as columns, samples as rows: argmax runs along contiguous memory
    fixed = sampler.cells is None
    table = np.ascontiguousarray((vectors if fixed else np.hstack([vectors, bits])).T)
    step = max(1, min(BLOCK, _SCORE_ELEMENTS // max(1, masks.size)))
    columns = np.ascontiguousarray(bits.T)
    for b, _, size in blocks(0, samples):
        w, extra = sampler.block(b, size)
        costs = sampler.block_costs(b, size)
        stacked = np.ascontiguousarray((w if extra is None else np.vstack([w, extra])).T)
        for at in range(0, size, step):
            scores = stacked[at : at + step] @ table
            if costs is not None:  # packages over a limit at the drawn costs cannot win
                drawn = costs[at : at + step]
                for r, limit in enumerate(sampler.limits):
                    scores[drawn[:, :, r] @ columns > limit] = -np.inf
                base = np.einsum("n,snr->sr", base_bits, drawn)
                over += int(np.count_nonzero(np.any(base > sampler.limits, axis=1)))
            # the first candidate within 1e-9 of the best: ties broken as for the base
            top = scores.max(axis=1, keepdims=True) - VALUE_TOLERANCE
            best = np.argmax(scores >= top, axis=1)
            found = np.isfinite(top[:, 0])
            nothing += int(np.count_nonzero(~found))
            wins += np.bincount(best[found], minlength=masks.size)
        if on_chunk is not None:
            on_chunk(min(samples, b * BLOCK + size), samples)
    counts = np.rint(wins.astype(float) @ bits).astype(np.int64)
    stays = int(wins[base_row]) if base_row >= 0 else 0
    return counts, stays, int(masks.size), over, nothing


def _solved(
    sampler: _Sampler,
    solver: MilpSolver,
    base_mask: int,
    samples: int,
    on_chunk: ProgressCallback | None,
) -> tuple[npt.NDArray[np.int64], int, int, int]:
    model = sampler.model
    counts = np.zeros(model.n, dtype=np.int64)
    stays = over = nothing = 0
    full_w = np.zeros(len(model.criteria))
    base_bits = ((base_mask >> np.arange(model.n)) & 1).astype(float)
    for b, _, size in blocks(0, samples):
        w, extra = sampler.block(b, size)
        costs = sampler.block_costs(b, size)
        utilities = sampler.fixed @ w
        if extra is not None:
            utilities += extra
        for s in range(size):
            full_w[sampler.active] = w[:, s]
            drawn = None if costs is None else costs[s]
            if drawn is not None:
                over += int(bool(np.any(base_bits @ drawn > sampler.limits)))
            chosen = solver.solve(solver.objective(utilities[:, s], full_w), costs=drawn)
            if chosen is None and drawn is not None and solver.last_status == 2:
                nothing += 1  # nothing fits at these costs
                continue
            if chosen is None:  # every sample has the base problem's feasible packages
                raise PolicyError(
                    f"the integer program failed on sample {b * BLOCK + s + 1:,}"
                    f" (HiGHS status {solver.last_status})",
                    hint="try fewer samples, or fewer options (--forbid) for enumeration",
                )
            counts[chosen] += 1
            stays += int(sum(1 << j for j in chosen) == base_mask)
        if on_chunk is not None:
            on_chunk(min(samples, b * BLOCK + size), samples)
    return counts, stays, over, nothing
