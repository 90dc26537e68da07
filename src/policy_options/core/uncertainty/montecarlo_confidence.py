"""SMAA-2 confidence factors: how often each option comes first at its central weights."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from policy_options.core.uncertainty.decision import Matrix
from policy_options.core.uncertainty.montecarlo_chunks import parts
from policy_options.core.uncertainty.sample_ranks import comes_first
from policy_options.core.uncertainty.sampling import CONFIDENCE_STREAM, blocks
from policy_options.core.uncertainty.scorer import Scorer

ProgressCallback = Callable[[int, int], None]


def confidence_factors(
    method_scorer: Scorer,
    centrals: list[Matrix | None],
    seed: int,
    samples: int,
    width: int,
    done: int,
    total: int,
    on_chunk: ProgressCallback | None,
) -> list[float | None]:
    """Confidence factors: share of score draws where each option, at its central weights,
    comes first. Exact (1 or 0) when scores do not vary (``samples`` is then 0)."""
    who = [j for j, c in enumerate(centrals) if c is not None]
    result: list[float | None] = [None] * len(centrals)
    if not who:
        return result
    weights = np.array([centrals[j] for j in who], dtype=float).T  # active x options
    if (
        not method_scorer.problem.uncertain or samples == 0
    ):  # exact: every central weight vector once, in batches
        for batch in range(0, len(who), width):
            first, second = method_scorer.keys(weights[:, batch : batch + width], None)
            for column, j in enumerate(who[batch : batch + width]):
                keys = (
                    first[:, column : column + 1],
                    None if second is None else second[:, column : column + 1],
                )
                result[j] = float(comes_first(keys, j)[0])
        return result
    wins = np.zeros(len(who), dtype=np.int64)
    for b, at, size in blocks(0, samples):
        for _, stop, prepared in parts(method_scorer, seed, CONFIDENCE_STREAM, b, size, width):
            for column, j in enumerate(who):
                keys = method_scorer.keys(weights[:, column, None], prepared)
                wins[column] += np.count_nonzero(comes_first(keys, j))
            if on_chunk is not None:
                on_chunk(done + at + stop, total)
    for column, j in enumerate(who):
        result[j] = int(wins[column]) / samples
    return result
