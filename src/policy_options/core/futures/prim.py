"""PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999): boxes of losses.

Given samples ``x`` and where the option loses (``y``), a few boxes, each bounded on
one to three inputs, that hold most of the losses:

1. peeling: from the box holding every sample, repeatedly cut off the ``alpha`` share
   of the box's samples at the low or the high end of one input (or one scenario of
   the discrete ``scenario`` input) that raises the share of losses in the box most
   per sample removed, until no cut raises it or the box would hold fewer than
   ``min_support`` of the samples;
2. the box on that peeling trajectory with the highest coverage x (density - rate) is
   kept, rate being the share of losses among the samples searched (coverage: share of
   all losses inside the box; density: share of the box's samples that are losses);
   Bryant & Lempert leave this trade-off to the analyst, this is the automatic choice
   (a subgroup-discovery quality, like weighted relative accuracy); finer cuts of
   ``paste_alpha`` then continue from it while that measure rises;
3. pasting: widen its edges again, ``paste_alpha`` of the box at a time, while the
   density does not fall;
4. the restrictions that matter least are dropped (while the density falls by less
   than one percentage point, and always down to three), so each box reads in words;
5. covering: the samples inside the box are set aside and the search repeats on the
   rest, for at most ``max_boxes`` boxes, while a new box is at least ``MIN_LIFT`` (10
   percentage points) denser in losses than the samples left and holds at least
   ``MIN_COVERAGE`` (5%) of all losses.

Steps 1, 3 and 4 are :mod:`.prim_steps`; the box itself :mod:`.prim_box`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from policy_options.core.futures.prim_box import Mask, Matrix, PrimBox, full_box, in_box, quality
from policy_options.core.futures.prim_steps import drop_restrictions, paste, peel

PEEL_ALPHA = 0.05
PASTE_ALPHA = 0.01
MIN_SUPPORT = 0.05
MAX_BOXES = 3
MAX_DIMENSIONS = 3
MIN_LIFT = 0.1  # a box must be this much denser in losses than the samples searched
MIN_COVERAGE = 0.05  # and hold at least this share of all losses


def _choose(trajectory: list[tuple[PrimBox, int, int]], total: int, rate: float) -> PrimBox:
    """The box of a peeling trajectory with the highest coverage x (density - rate)."""
    box, _, _ = max(trajectory, key=lambda t: quality(t[1], t[2], total, rate))
    return box


@dataclass(frozen=True)
class PrimResult:
    """A box found by :func:`prim`: its restricted columns and figures."""

    box: PrimBox
    full: PrimBox  # the data's bounds when the box was found
    columns: tuple[int, ...]
    coverage: float
    density: float
    count: int


def prim(
    x: Matrix,
    y: Mask,
    categorical: Sequence[int] = (),
    *,
    alpha: float = PEEL_ALPHA,
    paste_alpha: float = PASTE_ALPHA,
    min_support: float = MIN_SUPPORT,
    max_boxes: int = MAX_BOXES,
    max_dims: int = MAX_DIMENSIONS,
) -> list[PrimResult]:
    """PRIM boxes (peeling, pasting, covering) holding the samples where ``y`` is true.

    ``x`` is samples x inputs; the ``categorical`` columns hold category codes.
    Coverage is always against every true sample; density and count are over the
    samples outside earlier boxes. See the module docstring for the steps.
    """
    n = x.shape[0]
    total = int(y.sum())
    alive = np.ones(n, dtype=bool)
    found: list[PrimResult] = []
    if total == 0 or total == n:
        return found
    min_count = max(1, int(np.ceil(min_support * n)))
    while len(found) < max_boxes:
        left = int(alive.sum())
        losses = int(y[alive].sum())
        if losses == 0 or left < 2 * min_count:
            break
        full = full_box(x, categorical, alive)
        trajectory = peel(x, y, alive, categorical, alpha, min_count)
        rate = losses / left
        chosen = _choose(trajectory, total, rate)
        # finer cuts from the chosen box, so its edges need not sit on the coarse steps
        fine = peel(x, y, alive, categorical, paste_alpha, min_count, chosen, total, rate)
        box = paste(x, y, alive, _choose(fine, total, rate), full, paste_alpha)
        box, columns = drop_restrictions(x, y, alive, box, full, max_dims)
        if not columns:
            break
        inside = alive & in_box(x, box, columns)
        count = int(inside.sum())
        hits = int(y[inside].sum())
        density = hits / count if count else 0.0
        if count == 0 or density < rate + MIN_LIFT or hits / total < MIN_COVERAGE:
            break
        found.append(PrimResult(box, full, tuple(columns), hits / total, density, count))
        alive &= ~inside
    return found
