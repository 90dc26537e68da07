"""What the weight stability intervals find, per criterion and for the whole ranking.

The results of :func:`policy_options.core.uncertainty.stability.weight_stability`; see
that module for what each method gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.ranking.rank import Ranking


@dataclass(frozen=True)
class Breakpoint:
    """A weight at which the top option changes, and the option on top just above it."""

    weight: float
    top: str


@dataclass(frozen=True)
class Endpoint:
    """Weighted product: at exactly this weight (0 or 1) a criterion drops out, lifting vetoes."""

    weight: float
    top: str  # the option on top at exactly this weight
    unvetoed: tuple[str, ...]  # the options a weight of 0 frees from their veto


@dataclass(frozen=True)
class CriterionStability:
    """What happens to the ranking as one criterion's weight runs from 0 to 1."""

    criterion: str
    weight: float  # the current, normalised weight
    top_interval: tuple[float, float]  # where the current top option stays on top
    below: str | None  # the option on top just below the interval (None: it reaches 0)
    above: str | None  # the option on top just above the interval (None: it reaches 1)
    ranking_interval: tuple[float, float]  # where the order of all options stays as now
    top_at_zero: str  # the option on top just above t = 0
    breakpoints: tuple[Breakpoint, ...]  # every t in (0, 1) where the top option changes
    change: float | None  # the smallest move of the weight that changes the top option
    relative_change: float | None  # change / weight (None when the weight is 0 or no change)
    spread_equally: bool  # w_k = 1: the other criteria share the rest equally
    endpoints: tuple[Endpoint, ...] = ()  # weighted product: what 0 or 1 exactly changes
    vetoed_inside: bool = False  # weighted product: the top holds only at its current end


@dataclass(frozen=True)
class Toggle:
    """Weakest link: the option on top once a criterion is dropped (or, at 0 now, added)."""

    criterion: str
    weight: float  # its current weight: > 0, dropped (set to 0); 0, added (any weight)
    top: str  # the option on top then (the current top when it stays, a tie included)
    changes_top: bool


@dataclass(frozen=True)
class WeightStability(Tabular):
    """Stability of the ranking under each criterion's weight, most sensitive first."""

    ranking: Ranking
    top: str
    criteria: tuple[CriterionStability, ...]
    exact: bool = True  # False: found by bisection (TOPSIS)
    search: tuple[int, float] | None = None  # TOPSIS: (grid points, bisection tolerance)
    toggles: tuple[Toggle, ...] = ()  # weakest link: each criterion dropped (or added)
    shares_top: tuple[str, ...] = ()  # weakest link: others with the top's weakest value
    top_value: float | None = None  # weakest link: the top option's weakest value

    @property
    def method(self) -> str:
        return self.ranking.method

    @property
    def most_sensitive(self) -> CriterionStability | None:
        """The criterion whose weight needs the smallest relative move to change the top."""
        first = self.criteria[0] if self.criteria else None
        return first if first is not None and first.change is not None else None
