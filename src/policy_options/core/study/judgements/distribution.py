"""The triangular distribution of one judgement and the linear opinion pool (the
equal-weight mixture) of several: CDF, quantiles, mean and variance in closed form."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    """One analyst's triangular distribution of a cell: low <= mode <= high."""

    low: float
    mode: float
    high: float

    def cdf(self, x: float) -> float:
        a, m, b = self.low, self.mode, self.high
        if x < a:
            return 0.0
        if x >= b:
            return 1.0
        if x < m:
            return (x - a) ** 2 / ((b - a) * (m - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - m))

    def ppf(self, p: float) -> float:
        """The p-quantile (inverse CDF), as the sampler computes it."""
        a, m, b = self.low, self.mode, self.high
        if b == a:
            return a
        share = (m - a) / (b - a)
        if p < share:
            return a + math.sqrt(share * p) * (b - a)
        return a + (1.0 - math.sqrt((1.0 - share) * (1.0 - p))) * (b - a)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    @property
    def variance(self) -> float:
        a, m, b = self.low, self.mode, self.high
        return (a * a + b * b + m * m - a * b - a * m - b * m) / 18.0


@dataclass(frozen=True)
class Pool:
    """The equal-weight linear opinion pool of a cell's components."""

    components: tuple[Component, ...]
    range: tuple[float, float] | None = None  # the pooled cell's range (5-95% quantiles)

    def cdf(self, x: float) -> float:
        return math.fsum(c.cdf(x) for c in self.components) / len(self.components)

    def ppf(self, p: float) -> float:
        """The p-quantile: the least x with cdf(x) >= p, by bisection to 1e-12 of the span."""
        low = min(c.low for c in self.components)
        high = max(c.high for c in self.components)
        if high == low:
            return low
        if p <= 0:
            return low
        for _ in range(200):
            middle = (low + high) / 2
            if middle in (low, high):
                break
            if self.cdf(middle) >= p:
                high = middle
            else:
                low = middle
        return high

    @property
    def mean(self) -> float:
        return math.fsum(c.mean for c in self.components) / len(self.components)

    @property
    def variance(self) -> float:
        """Closed form: E[X^2] - E[X]^2 of the mixture."""
        second = math.fsum(c.variance + c.mean**2 for c in self.components)
        return max(0.0, second / len(self.components) - self.mean**2)
