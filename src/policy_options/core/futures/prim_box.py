"""A PRIM box over the columns of a data matrix: the samples inside, how good it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


@dataclass
class PrimBox:
    """A box over the columns of a data matrix: low/high per column, kept categories."""

    low: Matrix
    high: Matrix
    categories: dict[int, set[int]] = field(default_factory=dict)

    def copy(self) -> PrimBox:
        return PrimBox(
            self.low.copy(), self.high.copy(), {j: set(c) for j, c in self.categories.items()}
        )


def in_box(x: Matrix, box: PrimBox, columns: Sequence[int]) -> Mask:
    """Samples of ``x`` inside ``box`` on ``columns``."""
    found = np.ones(x.shape[0], dtype=bool)
    for j in columns:
        if j in box.categories:
            found &= np.isin(x[:, j], sorted(box.categories[j]))
        else:
            found &= (x[:, j] >= box.low[j]) & (x[:, j] <= box.high[j])
    return found


def restricted(x: Matrix, box: PrimBox, full: PrimBox) -> list[int]:
    """Columns on which ``box`` is narrower than the data (``full``)."""
    found = []
    for j in range(x.shape[1]):
        if j in box.categories:
            if box.categories[j] != full.categories[j]:
                found.append(j)
        elif box.low[j] > full.low[j] or box.high[j] < full.high[j]:
            found.append(j)
    return found


def full_box(x: Matrix, categorical: Sequence[int], alive: Mask) -> PrimBox:
    """The box of the samples left (``alive``): the data's bounds, every category."""
    data = x[alive]
    box = PrimBox(data.min(axis=0), data.max(axis=0))
    for j in categorical:
        box.categories[j] = {int(v) for v in np.unique(data[:, j])}
    return box


def in_box_by_column(
    x: Matrix, box: PrimBox, columns: Sequence[int], rows: npt.NDArray[np.intp]
) -> Mask:
    """columns x rows: does each sample of ``rows`` lie inside the box on each column?"""
    ok = np.empty((len(columns), rows.size), dtype=bool)
    for i, j in enumerate(columns):
        values = x[rows, j]
        if j in box.categories:
            ok[i] = np.isin(values, sorted(box.categories[j]))
        else:
            ok[i] = (values >= box.low[j]) & (values <= box.high[j])
    return ok


def quality(count: int, hits: int, total: int, rate: float) -> float:
    """Coverage x (density - rate): the share of all losses a box holds, times how much
    denser in losses it is than the samples searched."""
    return (hits / total) * (hits / count - rate) if count else 0.0
