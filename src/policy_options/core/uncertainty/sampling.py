"""The one sampler: weight vectors and uncertain scores, seeded by block.

Every analysis that samples (SMAA rank acceptability, portfolio robustness, scenario
discovery) draws from here, so that the same seed gives the same draws everywhere.

- Weights (:func:`weight_sampler`): ``uniform`` on the simplex (normalised standard
  exponentials = Dirichlet(1, ..., 1)), ``profile`` (Dirichlet(K * profile)) or
  ``ordinal`` (uniform among weight vectors keeping the profile's order).
- Scores (:func:`draw`): triangular (low, mode = the score, high) for each uncertain
  cell only, as raw scores or as 0..1 values through the criterion's value function.

Reproducible whatever the processing chunk: draws come in fixed blocks of ``BLOCK``
samples, each block from its own generator seeded from ``SeedSequence(seed)`` by
(stream, block index) (:func:`generator`); weights, scores and other uses each have a
stream of their own (``WEIGHT_STREAM`` ...), so adding a use never shifts another's draws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from policy_options.core.study.files.model import Study
from policy_options.core.study.judgements.mixture import PooledRows, pooled_rows
from policy_options.core.study.values import value
from policy_options.core.uncertainty.settings import WeightModel

Matrix = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]

WEIGHT_STREAM, SCORE_STREAM, CONFIDENCE_STREAM = 0, 1, 2
SCENARIO_STREAM = 3  # scenario discovery: which future each sample is in
"""Seed streams: each use of random numbers draws from its own (new uses take new numbers)."""
_SLAB = 8  # rows of score draws transformed at a time


BLOCK = 8192
"""Samples per random-draw block: fixed, so that the draws never depend on the chunk size."""


@dataclass(frozen=True)
class Cells:
    """The uncertain scores, ordered by option: how to draw each one's raw score and value."""

    option: Index  # option index (id order) of each cell
    criterion: Index  # active-criterion index of each cell
    low: Matrix  # raw low end of the range (column)
    width: Matrix  # high - low (column)
    mode_share: Matrix  # (mode - low) / (high - low), as a column
    offset: Matrix  # value = offset + scale * T for a standard triangular T (column)
    scale: Matrix
    value_functions: tuple[tuple[Index, Matrix, Matrix], ...]  # rows, xs, vs: interpolate
    spans: tuple[tuple[int, int, int], ...]  # (option, first cell, end) per option with cells
    columns: tuple[tuple[int, Index, Index], ...]  # (criterion, cell rows, their options)
    pooled: PooledRows | None = None  # judgements hook: cells drawn from the analysts' pool

    @property
    def count(self) -> int:
        return int(self.option.size)

    @cached_property
    def owners(self) -> Index:
        """The options with uncertain cells, in order (one per span)."""
        return np.array([j for j, _, _ in self.spans], dtype=np.intp)

    @cached_property
    def starts(self) -> Index:
        """Each owner's first cell: ``np.minimum.reduceat(x, starts)`` per owner."""
        return np.array([a for _, a, _ in self.spans], dtype=np.intp)

    @cached_property
    def _owner_codes(self) -> dict[int, Index]:
        return {}

    def owner_sums(self, terms: Matrix) -> Matrix:
        """Per owner (``owners`` order) the sum of its cells' rows of ``terms`` (cells x k).

        One ``bincount``: each owner's cells added in cell order, as a loop would.
        """
        width = terms.shape[1]
        codes = self._owner_codes.get(width)
        if codes is None:
            local = np.repeat(
                np.arange(len(self.spans), dtype=np.intp), np.diff([*self.starts, self.count])
            )
            codes = (local * width)[:, None] + np.arange(width, dtype=np.intp)
            if len(self._owner_codes) > 4:
                self._owner_codes.clear()
            self._owner_codes[width] = codes
        found = np.bincount(codes.ravel(), weights=terms.ravel(), minlength=len(self.spans) * width)
        sums: Matrix = found.astype(np.float64, copy=False).reshape(len(self.spans), width)
        return sums


@dataclass(frozen=True)
class Draws:
    """Drawn scores of the uncertain cells (cells x samples): 0..1 values or raw scores;
    ``modifiers``: the factors (0..1, through each modifier's value function) of the
    uncertain modifier scores (modifier cells x samples), None when none are drawn."""

    values: Matrix | None = None
    raw: Matrix | None = None
    modifiers: Matrix | None = None


def ranged_cells(study: Study) -> list[tuple[str, str]]:
    """Every (option, value criterion) whose score has a range with low < high, in id order."""
    return _ranged(study, study.criteria)


def ranged_modifier_cells(study: Study) -> list[tuple[str, str]]:
    """Every (option, modifier criterion) whose score has a range with low < high, in id
    order: drawn like the other scores, each through its value function onto a factor."""
    return _ranged(study, study.modifiers)


def _ranged(study: Study, criteria: Iterable[str]) -> list[tuple[str, str]]:
    return [
        (option.id, key)
        for option in study.options.values()
        for key in criteria
        if (r := option.spec.scores[key].range) is not None and r[0] < r[1]
    ]


def cells_of(
    study: Study, active: tuple[str, ...], rows: list[tuple[int, int, float, float, float]]
) -> Cells:
    """The uncertain cells (option, active criterion, low, mode, high) ready to draw.

    ``active`` names the criteria the cells' indices point to: value criteria, or
    modifiers (whose value function gives the factor)."""
    option = np.array([r[0] for r in rows], dtype=np.intp)
    criterion = np.array([r[1] for r in rows], dtype=np.intp)
    ids = list(study.options)
    low = np.array([r[2] for r in rows])
    mode = np.array([r[3] for r in rows])
    high = np.array([r[4] for r in rows])
    offset = np.empty(len(rows))
    scale = np.empty(len(rows))
    curves: list[tuple[Index, Matrix, Matrix]] = []
    columns: list[tuple[int, Index, Index]] = []
    for i, key in enumerate(active):
        mine = np.flatnonzero(criterion == i)
        if mine.size == 0:
            continue
        columns.append((i, mine, option[mine]))
        spec = study.all_criteria[key]
        if spec.value_function is None:  # affine on the scale: value(low + (high-low) T)
            v_low = np.array([value(spec, x) for x in low[mine]])
            v_high = np.array([value(spec, x) for x in high[mine]])
            offset[mine], scale[mine] = v_low, v_high - v_low
        else:  # raw score first, then the piecewise-linear value function
            offset[mine], scale[mine] = low[mine], high[mine] - low[mine]
            xs = np.array([x for x, _ in spec.value_function], dtype=float)
            vs = np.array([v for _, v in spec.value_function], dtype=float)
            curves.append((mine, xs, vs))
    owners, starts = np.unique(option, return_index=True)
    ends = [*starts[1:], len(rows)]
    return Cells(
        option=option,
        criterion=criterion,
        low=low[:, None],
        width=(high - low)[:, None],
        mode_share=((mode - low) / (high - low))[:, None],
        offset=offset[:, None],
        scale=scale[:, None],
        value_functions=tuple(curves),
        spans=tuple((int(j), int(a), int(b)) for j, a, b in zip(owners, starts, ends, strict=True)),
        columns=tuple(columns),
        pooled=None  # judgements hook: the pooled study's cells draw from the pool
        if study.judged is None or not study.judged.pools
        else pooled_rows(study.judged.pools, [(ids[r[0]], active[r[1]]) for r in rows], low, high),
    )


def draw(cells: Cells, rng: np.random.Generator, size: int, raw: bool) -> Draws:
    """Triangular draws (low, mode = the score, high) of every uncertain cell, ``size`` each.

    Inverse CDF of the triangular distribution on [0, 1] with mode p, T = sqrt(p u) for
    u < p and 1 - sqrt((1 - p)(1 - u)) above; then the raw score low + (high - low) T
    (``raw``) or the value offset + scale * T (affine value) or the value function of the
    raw score. Worked in slabs of a few rows, which stay in cache.
    """
    return _triangular(cells, rng.random((cells.count, size)), raw)


def draw_part(
    cells: Cells, rng: np.random.Generator, size: int, raw: bool, start: int, stop: int
) -> Draws:
    """Columns ``start:stop`` of ``draw(cells, rng, size, raw)``, without drawing the rest.

    ``rng`` must be a block's fresh generator (:func:`generator`); it is used up. Each
    cell's uniforms are a run of ``size`` numbers of the stream, so the generator jumps
    (``PCG64.advance``) over the columns it does not need: a block of a large study is
    drawn a part at a time, in bounded memory, and gives the very same numbers.
    """
    width = stop - start
    u = np.empty((cells.count, width))
    bits = rng.bit_generator
    if start:
        bits.advance(start)  # type: ignore[attr-defined]
    for row in range(cells.count):
        if row:
            bits.advance(size - width)  # type: ignore[attr-defined]
        rng.random(out=u[row])
    return _triangular(cells, u, raw)


def _triangular(cells: Cells, u: Matrix, raw: bool) -> Draws:
    """Uniforms (cells x samples) turned into triangular raw scores or 0..1 values."""
    out = u  # in place: each slab is read, then written
    shift, stretch = (cells.low, cells.width) if raw else (cells.offset, cells.scale)
    height = max(_SLAB, 16_384 // max(1, u.shape[1]))  # narrow parts: more rows at a time
    pooled = cells.pooled  # judgements hook: these rows' uniforms go to the analysts' pool
    kept = u[pooled.rows] if pooled is not None else None
    for start in range(0, cells.count, height):
        rows = slice(start, start + height)
        slab, p = u[rows], cells.mode_share[rows]
        left = slab < p
        t = np.where(left, p * slab, (1.0 - p) * (1.0 - slab))
        np.sqrt(t, out=t)
        out[rows] = np.where(left, t, 1.0 - t) * stretch[rows] + shift[rows]
    if pooled is not None and kept is not None:
        mine = pooled.rows
        out[mine] = pooled.standard(kept) * stretch[mine] + shift[mine]
    if raw:
        return Draws(raw=out)
    for rows_, xs, vs in cells.value_functions:
        out[rows_] = np.interp(out[rows_], xs, vs)
    return Draws(values=out)


def draw_values(cells: Cells, rng: np.random.Generator, size: int) -> Matrix:
    """0..1 values of the uncertain cells (cells x size): triangular raw scores, valued."""
    values = draw(cells, rng, size, raw=False).values
    assert values is not None
    return values


def blocks(start: int, stop: int) -> list[tuple[int, int, int]]:
    """(block index, offset from ``start``, size) of the draw blocks covering [start, stop)."""
    return [(b // BLOCK, b - start, min(BLOCK, stop - b)) for b in range(start, stop, BLOCK)]


def generator(seed: int, stream: int, block: int) -> np.random.Generator:
    """Block ``block`` of ``stream``: SeedSequence(seed).spawn(3)[stream].spawn(...)[block]."""
    sequence = np.random.SeedSequence(seed, spawn_key=(stream, block))
    return np.random.Generator(np.random.PCG64(sequence))


def modifier_generator(seed: int, stream: int, block: int) -> np.random.Generator:
    """The modifier draws of block ``block`` of ``stream``: a child of the block's own
    sequence (spawn key (stream, block, 1)), so drawing modifiers never shifts the draws
    of the value scores, whatever the stream."""
    sequence = np.random.SeedSequence(seed, spawn_key=(stream, block, 1))
    return np.random.Generator(np.random.PCG64(sequence))


def weight_sampler(
    profile: Matrix, model: WeightModel, concentration: float | None, seed: int
) -> Callable[[int, int], Matrix]:
    """A function (block index, size) -> weights (criteria x size), columns sum to 1.

    ``profile`` holds the normalised weights of the criteria to sample (those of weight
    > 0): the centre of the ``profile`` model and the order of the ``ordinal`` one.
    """
    m = profile.size
    groups = _ordinal_groups(profile)

    def draw(block: int, size: int) -> Matrix:
        rng = generator(seed, WEIGHT_STREAM, block)
        if m == 1:
            return np.ones((1, size))
        if model is WeightModel.profile:
            assert concentration is not None
            return np.ascontiguousarray(rng.dirichlet(concentration * profile, size).T)
        if model is WeightModel.uniform:  # Dirichlet(1, ..., 1) from normalised exponentials
            draws: Matrix = rng.standard_exponential((m, size))
            draws /= draws.sum(axis=0)
            return draws
        return _ordinal(rng, groups, m, size)

    return draw


def _ordinal_groups(profile: Matrix) -> list[list[int]]:
    """Active criteria by decreasing profile weight, those of equal weight grouped."""
    order = sorted(range(profile.size), key=lambda i: -profile[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and profile[groups[-1][0]] == profile[i]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _ordinal(rng: np.random.Generator, groups: list[list[int]], m: int, size: int) -> Matrix:
    """Uniform on {w in the simplex: w keeps the profile's order}; equal weights exchangeable.

    Sorted uniform simplex draws are uniform on the ordered region; the k-th largest
    goes to the k-th criterion of the profile, at random within a group of equal weight.
    """
    draws = rng.standard_exponential((size, m))
    draws.sort(axis=1)
    ranked = np.ascontiguousarray(draws[:, ::-1].T)  # row k: the k-th largest
    ranked /= ranked.sum(axis=0)
    weights = np.empty((m, size))
    position = 0
    for group in groups:
        block = ranked[position : position + len(group)]
        if len(group) == 1:
            weights[group[0]] = block[0]
        else:
            shuffle = np.argsort(rng.random((len(group), size)), axis=0)
            mixed = np.empty_like(block)
            np.put_along_axis(mixed, shuffle, block, axis=0)
            weights[group] = mixed
        position += len(group)
    return weights
