"""PRIM's steps on one box: peeling, pasting, and dropping the restrictions worth least.

See :mod:`.prim` for how they make the boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from policy_options.core.futures.prim_box import (
    Mask,
    Matrix,
    PrimBox,
    full_box,
    in_box,
    in_box_by_column,
    quality,
    restricted,
)

DROP_TOLERANCE = 0.01  # a restriction worth less than this much density is dropped


def peel(
    x: Matrix,
    y: Mask,
    alive: Mask,
    categorical: Sequence[int],
    alpha: float,
    min_count: int,
    start: PrimBox | None = None,
    total: int | None = None,
    rate: float = 0.0,
) -> list[tuple[PrimBox, int, int]]:
    """The peeling trajectory from ``start`` (default: every sample): (box, samples inside,
    losses inside), widest first. With ``total`` (all losses) it stops as soon as
    coverage x density falls."""
    box = full_box(x, categorical, alive) if start is None else start.copy()
    continuous = np.array([j for j in range(x.shape[1]) if j not in categorical], dtype=np.intp)
    # inputs x samples, rows contiguous; float32 is exact enough to find the cut samples
    # (limits are read back from ``x``) and halves the work
    columns = np.ascontiguousarray(x[:, continuous].T, dtype=np.float32)
    inside = alive & in_box(x, box, range(x.shape[1]))
    trajectory = [(box.copy(), int(inside.sum()), int(y[inside].sum()))]
    while True:
        index = np.flatnonzero(inside)
        count = index.size
        losses = int(y[index].sum())
        if losses == count or count == 0:
            break
        mean = losses / count
        data = columns[:, index]
        yb = y[index]
        ys = yb.astype(float)
        k = max(1, int(alpha * count))
        ends = np.partition(data, [k - 1, count - k], axis=1)
        best: tuple[float, int, str, Mask] | None = None  # (objective, column, side, removed)
        for side, cut in (
            ("low", ends[:, k - 1 : k]),
            ("high", ends[:, count - k : count - k + 1]),
        ):
            removed = data < cut if side == "low" else data > cut
            none = ~removed.any(axis=1)
            if none.any():  # ties at the cut: take them all
                ties = data[none] <= cut[none] if side == "low" else data[none] >= cut[none]
                removed[none] = ties
            n_removed = removed.sum(axis=1)
            y_removed = np.count_nonzero(removed & yb, axis=1)
            left = count - n_removed
            with np.errstate(divide="ignore", invalid="ignore"):
                gain = ((losses - y_removed) / left - mean) / n_removed
            gain = np.where((left >= min_count) & (n_removed > 0), gain, -np.inf)
            c = int(np.argmax(gain))
            if gain[c] > 0 and (best is None or gain[c] > best[0]):
                best = (float(gain[c]), int(continuous[c]), side, removed[c])
        for j in categorical:
            values = x[index, j]
            for category in sorted(box.categories[j]):
                removed = values == category
                n_removed = int(removed.sum())
                left = count - n_removed
                if n_removed == 0 or left < min_count:
                    continue
                gain = ((losses - float(ys[removed].sum())) / left - mean) / n_removed
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, j, f"category:{category}", removed)
        if best is None:
            break
        _, j, side, removed = best
        kept_index = index[~removed]
        if total is not None:
            before = quality(count, losses, total, rate)
            if quality(kept_index.size, int(y[kept_index].sum()), total, rate) < before:
                break  # the choice criterion would fall: stop here
        inside[index[removed]] = False
        kept = x[kept_index, j]
        if side == "low":
            box.low[j] = kept.min()
        elif side == "high":
            box.high[j] = kept.max()
        else:
            box.categories[j].discard(int(side.partition(":")[2]))
        trajectory.append((box.copy(), int(inside.sum()), int(y[inside].sum())))
    return trajectory


def paste(x: Matrix, y: Mask, alive: Mask, box: PrimBox, full: PrimBox, alpha: float) -> PrimBox:
    """Widen ``box`` an ``alpha`` share at a time while its density does not fall."""
    box = box.copy()
    rows = np.flatnonzero(alive)
    ys = y[rows]
    while True:
        columns = restricted(x, box, full)
        ok = in_box_by_column(x, box, columns, rows)
        misses = (~ok).sum(axis=0)
        inside = misses == 0
        count = int(inside.sum())
        if count == 0:
            return box
        mean = float(ys[inside].sum()) / count
        k = max(1, int(alpha * count))
        best: tuple[float, PrimBox] | None = None
        for i, j in enumerate(columns):
            others = inside | ((misses == 1) & ~ok[i])  # inside on every other column
            candidates: list[PrimBox] = []
            if j in box.categories:
                for category in sorted(full.categories[j] - box.categories[j]):
                    wider = box.copy()
                    wider.categories[j].add(category)
                    candidates.append(wider)
            else:
                values = x[rows[others], j]
                below = np.sort(values[values < box.low[j]])
                if below.size:
                    wider = box.copy()
                    wider.low[j] = below[max(0, below.size - k)]
                    candidates.append(wider)
                above = np.sort(values[values > box.high[j]])
                if above.size:
                    wider = box.copy()
                    wider.high[j] = above[min(above.size, k) - 1]
                    candidates.append(wider)
            for wider in candidates:
                grown = others & in_box_by_column(x, wider, [j], rows)[0]
                new_count = int(grown.sum())
                new_mean = float(ys[grown].sum()) / new_count
                score = new_mean + 1e-12 * new_count  # equal density: the larger box
                if new_mean >= mean and new_count > count and (best is None or score > best[0]):
                    best = (score, wider)
        if best is None:
            return box
        box = best[1]


def drop_restrictions(
    x: Matrix, y: Mask, alive: Mask, box: PrimBox, full: PrimBox, max_dims: int
) -> tuple[PrimBox, list[int]]:
    """Drop the restrictions worth least (density lost), down to ``max_dims`` at most."""
    box = box.copy()
    columns = restricted(x, box, full)
    rows = np.flatnonzero(alive)
    ys = y[rows]
    ok = in_box_by_column(x, box, columns, rows)
    while columns:
        misses = (~ok).sum(axis=0)
        inside = misses == 0
        count, hits = int(inside.sum()), int(ys[inside].sum())
        current = hits / count if count else 0.0
        # dropping column i adds the samples outside the box on that column only
        extra = (misses == 1) & ~ok
        added = extra.sum(axis=1)
        added_hits = (extra & ys).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            after = np.where(count + added > 0, (hits + added_hits) / (count + added), 0.0)
        costs = current - after
        i = int(np.argmin(costs))
        if costs[i] > DROP_TOLERANCE and len(columns) <= max_dims:
            break
        j = columns.pop(i)
        ok = np.delete(ok, i, axis=0)
        box.low[j], box.high[j] = full.low[j], full.high[j]
        if j in box.categories:
            box.categories[j] = set(full.categories[j])
    return box, columns
