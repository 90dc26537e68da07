"""AHP (Saaty 1980, *The Analytic Hierarchy Process*): priorities and consistency of a
pairwise comparison matrix.

Weights are the principal eigenvector of a reciprocal matrix of pairwise judgements on
the 1-9 scale; the consistency ratio CR = CI / RI with CI = (lambda_max - n) / (n - 1)
and Saaty's random index RI; CR above 0.1 calls for a second look.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Saaty's random index by matrix size: the classic table of Saaty (1980) for n <= 10,
# and its extension to n = 15 (1.51, 1.48, 1.56, 1.57, 1.59) as widely reproduced
# from Saaty's later books. AHPy's 'saaty' option uses Saaty's 2005 re-estimate
# (0.52, 0.89, 1.11, 1.25, 1.35, ...); both give CR 0.022 for its drinks example.
SAATY_RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CONSISTENCY_LIMIT = 0.1
POWER_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Inconsistency:
    """A judgement set against the ratio the derived weights imply for the same pair."""

    row: str
    column: str
    given: float  # a_ij: how many times more important row is than column, as judged
    implied: float  # w_row / w_col from the weights

    @property
    def factor(self) -> float:
        """How many times too large or too small the judgement is (>= 1)."""
        ratio = self.given / self.implied
        return max(ratio, 1 / ratio)


@dataclass(frozen=True)
class AhpResult:
    """The eigenvector solution of a pairwise comparison matrix, with its consistency."""

    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    priorities: dict[str, float]  # sums to 1
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    most_inconsistent: Inconsistency | None  # None with fewer than three criteria

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT


def principal_eigenvector(
    matrix: Sequence[Sequence[float]], tolerance: float = POWER_TOLERANCE
) -> tuple[list[float], float]:
    """Perron eigenvector (summing to 1) and eigenvalue of a positive matrix, by power iteration.

    Iterates x <- A x / sum(A x) until no component moves by ``tolerance``;
    lambda_max = sum(A x) for the converged x (since A x = lambda x and sum x = 1).
    """
    n = len(matrix)
    x = [1.0 / n] * n
    for _ in range(1_000_000):
        y = [math.fsum(a * xi for a, xi in zip(row, x, strict=True)) for row in matrix]
        total = math.fsum(y)
        y = [v / total for v in y]
        done = max(abs(a - b) for a, b in zip(x, y, strict=True)) < tolerance
        x = y
        if done:
            break
    else:  # pragma: no cover - a positive matrix always converges
        raise ArithmeticError("power iteration did not converge")
    lambda_max = math.fsum(
        math.fsum(a * xi for a, xi in zip(row, x, strict=True)) for row in matrix
    ) / math.fsum(x)
    return x, lambda_max


def ahp(criteria: Sequence[str], matrix: Sequence[Sequence[float]]) -> AhpResult:
    """Priorities and consistency of a positive reciprocal matrix (``matrix[i][j]`` = a_ij)."""
    n = len(criteria)
    if n not in SAATY_RANDOM_INDEX:
        raise ValueError(f"AHP here takes 1 to {max(SAATY_RANDOM_INDEX)} criteria, not {n}")
    vector, lambda_max = principal_eigenvector(matrix)
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    ri = SAATY_RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    worst: Inconsistency | None = None
    if n >= 3:
        pairs = (
            Inconsistency(criteria[i], criteria[j], matrix[i][j], vector[i] / vector[j])
            for i in range(n)
            for j in range(i + 1, n)
        )
        worst = max(pairs, key=lambda item: item.factor)
    return AhpResult(
        criteria=tuple(criteria),
        matrix=tuple(tuple(row) for row in matrix),
        priorities=dict(zip(criteria, vector, strict=True)),
        lambda_max=lambda_max,
        consistency_index=ci,
        random_index=ri,
        consistency_ratio=max(cr, 0.0),
        most_inconsistent=worst,
    )
