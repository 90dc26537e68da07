"""The sampler's hook for pooled cells: draws from the analysts' opinion pool.

``core/uncertainty/sampling.py`` draws each uncertain cell from one uniform per sample;
for a pooled cell (``Study.judged.pools``) this module turns that uniform into a draw
from the equal-weight mixture of the analysts' triangles, exactly and with the same one
uniform: ``k = floor(u K)`` picks the analyst, ``u K - k`` (uniform again, independent
of k) is that analyst's triangle's quantile. The draw is returned as ``T``, standardised
on the cell's range (raw = low + (high - low) T), so the sampler's value transforms
apply unchanged (T may leave [0, 1]: the pool reaches beyond its 5-95% range).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.study.judgements.distribution import Pool

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PooledRows:
    """The pooled cells among the sampler's cells, their components standardised."""

    rows: npt.NDArray[np.intp]  # the cells' rows
    count: Matrix  # analysts per row (column)
    low: Matrix  # rows x most analysts: each component's low, standardised (padding: 0)
    width: Matrix  # high - low
    share: Matrix  # (mode - low) / (high - low), 0 for a point mass

    def standard(self, u: Matrix) -> Matrix:
        """Uniforms (rows x samples) -> standardised draws from each row's pool."""
        scaled = u * self.count
        k = np.minimum(scaled.astype(np.intp), self.count.astype(np.intp) - 1)
        v = scaled - k
        low = np.take_along_axis(self.low, k, axis=1)
        width = np.take_along_axis(self.width, k, axis=1)
        p = np.take_along_axis(self.share, k, axis=1)
        left = v < p
        t = np.sqrt(np.where(left, p * v, (1.0 - p) * (1.0 - v)))
        found: Matrix = low + width * np.where(left, t, 1.0 - t)
        return found


def pooled_rows(
    pools: dict[tuple[str, str], Pool],
    cells: Sequence[tuple[str, str]],
    low: Matrix,
    high: Matrix,
) -> PooledRows | None:
    """The rows of ``cells`` (option, criterion) drawn from a pool, or None if none is."""
    rows = [  # a cell whose range is no longer the pool's (a scenario overrode it): its own
        i
        for i, cell in enumerate(cells)
        if cell in pools and pools[cell].range == (float(low[i]), float(high[i]))
    ]
    if not rows:
        return None
    most = max(len(pools[cells[i]].components) for i in rows)
    shape = (len(rows), most)
    lows, widths, shares = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    count = np.empty((len(rows), 1))
    for r, i in enumerate(rows):
        span = high[i] - low[i]
        parts = pools[cells[i]].components
        count[r] = len(parts)
        for k, c in enumerate(parts):
            lows[r, k] = (c.low - low[i]) / span
            widths[r, k] = (c.high - c.low) / span
            shares[r, k] = (c.mode - c.low) / (c.high - c.low) if c.high > c.low else 0.0
    return PooledRows(np.array(rows, dtype=np.intp), count, lows, widths, shares)
