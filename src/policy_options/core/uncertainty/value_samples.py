"""The samples the value of information is estimated from: every option's score per
sample, and where each uncertain input fell in its distribution.

The draws are the Monte Carlo's own (:mod:`.sampling`: the score stream, block by
block, the weights from :func:`~.sampling.weight_sampler` when a weight model is
chosen), scored by the method's vectorised scorer (:mod:`.vectorised`): nothing is
scored here that the scorer does not score. An input is kept as its *bin*: the quantile
of its draw in its own distribution (the triangular CDF of the raw score, a sampled
weight's rank among the samples) cut into ``bins`` equal-probability bins, one byte per
input and sample, so 10,000 inputs x 20,000 samples take 200 MB, not 1.6 GB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.uncertainty.decision import Decision, Matrix
from policy_options.core.uncertainty.sampling import (
    SCORE_STREAM,
    Cells,
    Draws,
    blocks,
    draw,
    draw_part,
    generator,
    weight_sampler,
)
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.core.uncertainty.vectorised import scorer

Codes = npt.NDArray[np.uint8]
BINS = 64
"""Equal-probability bins per input (at most 256: a bin is one byte)."""
_BUDGET = 128 * 2**20  # bytes of draws and scores held for one part of a block
_SLAB = 256  # rows of draws binned at a time


@dataclass(frozen=True)
class Samples:
    """Scores (options x samples, the method's 0..1 score) and the inputs' bins."""

    scores: Matrix
    codes: Codes | None  # uncertain cells x samples: the bin of each draw
    centres: Matrix | None  # cells x bins: the raw score at each bin's middle quantile
    weights: Matrix | None  # active criteria x samples, when weights are sampled


def sample(
    problem: Decision,
    samples: int,
    seed: int,
    weight_model: WeightModel | None,
    concentration: float | None,
    bins: int = BINS,
) -> Samples:
    """Score every option in every sample, and bin every uncertain cell's draw."""
    method = scorer(problem)
    cells = problem.cells
    n, m = len(problem.ids), len(problem.active)
    count = 0 if cells is None else cells.count
    draw_weights = (
        None
        if weight_model is None
        else weight_sampler(problem.profile, weight_model, concentration, seed)
    )
    scores = np.empty((n, samples))
    codes = None if cells is None else np.empty((count, samples), dtype=np.uint8)
    kept = None if draw_weights is None else np.empty((m, samples))
    per_sample = 8 * (2 * count + 8 * n + m) + count
    width = max(1, _BUDGET // per_sample)
    invertible = cells is None or all(_monotone(vs) for _, _, vs in cells.value_functions)
    for b, at, size in blocks(0, samples):
        w = (
            np.repeat(problem.profile[:, None], size, axis=1)
            if draw_weights is None
            else draw_weights(b, size)
        )
        if kept is not None:
            kept[:, at : at + size] = w
        for start in range(0, size, width):
            stop = min(size, start + width)
            columns = slice(at + start, at + stop)
            prepared = None
            if cells is not None:
                assert codes is not None
                drawn = _draws(cells, seed, b, size, start, stop, problem.needs_raw)
                if drawn.raw is None and not invertible:  # the raw scores drawn again
                    again = _draws(cells, seed, b, size, start, stop, True)
                    codes[:, columns] = quantile_bins(cells, again, bins)
                else:
                    codes[:, columns] = quantile_bins(cells, drawn, bins)
                prepared = method.prepare(drawn)
            keys = method.keys(np.ascontiguousarray(w[:, start:stop]), prepared)
            scores[:, columns] = method.scores(keys)[0]
    centres = None if cells is None else bin_centres(cells, bins)
    return Samples(scores=scores, codes=codes, centres=centres, weights=kept)


def _draws(
    cells: Cells, seed: int, block: int, size: int, start: int, stop: int, raw: bool
) -> Draws:
    """Columns start:stop of a block's score draws (the block whole when it is all)."""
    rng = generator(seed, SCORE_STREAM, block)
    if start == 0 and stop == size:
        return draw(cells, rng, size, raw)
    return draw_part(cells, rng, size, raw, start, stop)


def _monotone(vs: Matrix) -> bool:
    steps = np.diff(vs)
    return bool(np.all(steps >= 0) or np.all(steps <= 0))


def quantile_bins(cells: Cells, drawn: Draws, bins: int) -> Codes:
    """The equal-probability bin (0..bins-1) of each draw: floor(F(x) * bins), F the
    cell's triangular CDF at the raw score x. From raw draws directly; from values
    through the cells' own map (value = offset + scale * T, T = (x - low) / (high - low),
    or the value function: inverted where it is monotone, a flat stretch to one point of
    it, where the value, and so every score, is the same)."""
    raw = drawn.raw is not None
    source = drawn.raw if drawn.raw is not None else drawn.values
    assert source is not None
    codes = np.empty(source.shape, dtype=np.uint8)
    shift, stretch = (cells.low, cells.width) if raw else (cells.offset, cells.scale)
    for start in range(0, cells.count, _SLAB):
        rows = slice(start, start + _SLAB)
        t = source[rows] - shift[rows]
        t /= stretch[rows]
        codes[rows] = _bin(t, cells.mode_share[rows], bins)
    if not raw:
        for rows_, xs, vs in cells.value_functions:
            values = source[rows_]
            if vs[-1] >= vs[0]:
                x = np.interp(values, vs, xs)
            else:
                x = np.interp(values, vs[::-1], xs[::-1])
            t = (x - cells.low[rows_]) / cells.width[rows_]
            codes[rows_] = _bin(t, cells.mode_share[rows_], bins)
    return codes


def _bin(t: Matrix, p: Matrix, bins: int) -> Codes:
    """floor(F(t) * bins) for the standard triangular on [0, 1] with mode p (t in place)."""
    np.clip(t, 0.0, 1.0, out=t)
    left = t < p
    u = 1.0 - t
    u *= u
    u /= np.where(p < 1, 1.0 - p, 1.0)
    np.subtract(1.0, u, out=u)  # right of the mode: 1 - (1 - t)^2 / (1 - p)
    t *= t
    t /= np.where(p > 0, p, 1.0)  # left of it: t^2 / p
    found = np.where(left, t, u)
    found *= bins
    np.clip(found, 0, bins - 1, out=found)
    codes: Codes = found.astype(np.uint8)
    return codes


def triangular_quantile(cells: Cells, q: Matrix) -> Matrix:
    """The raw score at quantile ``q`` of each cell's triangular distribution."""
    p = cells.mode_share
    t = np.where(q < p, np.sqrt(p * q), 1.0 - np.sqrt((1.0 - p) * (1.0 - q)))
    found: Matrix = cells.low + cells.width * t
    return found


def bin_centres(cells: Cells, bins: int) -> Matrix:
    """Per cell, the raw score at the middle quantile of each bin (cells x bins)."""
    q = (np.arange(bins) + 0.5)[None, :] / bins
    return triangular_quantile(cells, np.broadcast_to(q, (cells.count, bins)))


def rank_bins(values: Matrix, bins: int) -> tuple[Codes, Matrix]:
    """Bins by rank among the samples (rows of ``values``), and each bin's mean value."""
    rows, size = values.shape
    order = np.argsort(values, axis=1, kind="stable")
    codes = np.empty((rows, size), dtype=np.uint8)
    ranks = (np.arange(size) * bins // size).astype(np.uint8)
    np.put_along_axis(codes, order, np.broadcast_to(ranks, (rows, size)), axis=1)
    centres = np.empty((rows, bins))
    for i in range(rows):
        total = np.bincount(codes[i], weights=values[i], minlength=bins)
        found = np.bincount(codes[i], minlength=bins)
        centres[i] = total / np.maximum(found, 1)
    return codes, centres
