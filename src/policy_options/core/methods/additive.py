"""The additive (weighted-sum) model, the default.

score(a) = sum_i w_i * v_i(a), with weights normalised to sum 1 and values v_i
in 0..1 from each criterion's value function (Keeney & Raiffa 1976, ch. 3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

NAME = "additive"


def contributions(values: Sequence[float], weights: Sequence[float]) -> list[float]:
    """Each criterion's share of the score: w_i * v_i."""
    return [w * v for w, v in zip(weights, values, strict=True)]


def score(values: Sequence[float], weights: Sequence[float]) -> float:
    """sum_i w_i * v_i (compensated summation, so ties stay ties)."""
    return math.fsum(contributions(values, weights))
