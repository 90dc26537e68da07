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
_BUDGET = 64 * 2**20  # bytes of draws and scores held for one part of a block


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
    per_sample = 8 * (3 * count + 8 * n + m)
    width = max(1, _BUDGET // per_sample)
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
                raw = drawn.raw
                if raw is None:
                    raw = _draws(cells, seed, b, size, start, stop, True).raw
                    assert raw is not None
                codes[:, columns] = quantile_bins(cells, raw, bins)
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


def triangular_cdf(cells: Cells, raw: Matrix) -> Matrix:
    """F(x) of each cell's triangular distribution (low, mode, high) at its raw draws."""
    t = np.clip((raw - cells.low) / cells.width, 0.0, 1.0)
    p = cells.mode_share
    with np.errstate(divide="ignore", invalid="ignore"):
        left = np.where(p > 0, t * t / np.where(p > 0, p, 1.0), 0.0)
        right = np.where(p < 1, 1.0 - (1.0 - t) ** 2 / np.where(p < 1, 1.0 - p, 1.0), 1.0)
    found: Matrix = np.where(t < p, left, right)
    return found


def quantile_bins(cells: Cells, raw: Matrix, bins: int) -> Codes:
    """The equal-probability bin (0..bins-1) of each raw draw: floor(F(x) * bins)."""
    found = np.floor(triangular_cdf(cells, raw) * bins)
    np.clip(found, 0, bins - 1, out=found)
    return found.astype(np.uint8)


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
