"""Pooling the analysts' judgements of one cell (pure Python: no numpy on `policy rank`).

Each judgement becomes a triangular distribution (IDEA protocol, Hemming et al. 2018):
its interval [lowest, highest], stated with ``confidence`` percent, is first rescaled
linearly about the best estimate to the common credibility :data:`CREDIBILITY`
(``best - (best - lowest) * 80 / confidence`` and likewise above), then clipped to the
criterion's scale; the component is triangular(rescaled lowest, best, rescaled highest).
A judgement with no interval is a point mass at its value (the analyst is certain).

The cell's pool is the equal-weight linear opinion pool (the mixture) of the components;
its point value is the median of the analysts' best estimates and its ``range`` the
pool's 5% and 95% quantiles (widened to hold the value, if ever it does not).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.judgements.distribution import Component, Pool
from policy_options.core.study.judgements.files import Judgement

CREDIBILITY = 80.0
"""The common credibility, in percent, every analyst's interval is rescaled to."""
RANGE_QUANTILES = (0.05, 0.95)
"""The pool's quantiles that become a pooled cell's ``range``."""


def component(judgement: Judgement, criterion: Criterion) -> Component:
    """The judgement's triangular distribution, rescaled to :data:`CREDIBILITY`, clipped."""
    best = judgement.value
    if judgement.lowest is None or judgement.highest is None:
        return Component(best, best, best)
    stretch = CREDIBILITY / (judgement.confidence or CREDIBILITY)
    scale = criterion.scale
    low = max(scale.min, best - (best - judgement.lowest) * stretch)
    high = min(scale.max, best + (judgement.highest - best) * stretch)
    return Component(min(low, best), best, max(high, best))


@dataclass(frozen=True)
class PooledCell:
    """A cell's pooled value (median of best estimates), range and pool."""

    value: float
    range: tuple[float, float] | None
    pool: Pool


def pool_cell(judgements: Sequence[Judgement], criterion: Criterion) -> PooledCell:
    """Pool the analysts' judgements of one cell (at least one)."""
    pool = Pool(tuple(component(j, criterion) for j in judgements))
    middle = statistics.median(j.value for j in judgements)
    low, high = (pool.ppf(q) for q in RANGE_QUANTILES)
    low, high = min(low, middle), max(high, middle)
    span = (low, high) if low < high else None
    return PooledCell(middle, span, Pool(pool.components, span))
