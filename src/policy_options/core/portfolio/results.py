"""The frozen results of a portfolio analysis, which every renderer reads (the value model
that produces them is :mod:`.model`, which re-exports them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.settings import WeightModel


@dataclass(frozen=True)
class ActiveInteraction:
    options: tuple[str, str]
    criterion: str
    value: float  # d, on the 0..1 value scale (unweighted)


@dataclass(frozen=True)
class Package:
    """A package and what it is worth: value 0..1 of the weights, per criterion too."""

    options: tuple[str, ...]  # ids, sorted
    value: float
    values: dict[str, float]  # criterion -> weighted added value (sums to value)
    costs: dict[str, float]  # resource -> total cost
    interactions: tuple[ActiveInteraction, ...]


@dataclass(frozen=True)
class FrontierPoint:
    budget: float  # the level of the frontier resource from which this package is best
    package: Package
    cost: float  # its cost on the frontier resource


@dataclass(frozen=True)
class Robustness:
    samples: int
    seed: int
    weight_model: WeightModel
    concentration: float | None
    uncertain_scores: int  # scores drawn from their ranges
    core_index: dict[str, float]  # option -> share of samples in the best package
    best_stays: float  # share of samples where the base best package stays best
    engine: str  # "enumeration" or "milp"
    candidates: int | None  # packages scored per sample (enumeration), after pruning
    seconds: float  # how long the sampling took
    uncertain_costs: int = 0  # costs drawn from their ranges
    base_over_budget: float = 0.0  # share of samples whose drawn costs put the base best
    # package over a limit (it cannot be best there)
    no_package: int = 0  # samples in which no package meets every limit (counted nowhere)


@dataclass(frozen=True)
class RpmCore:
    """Robust Portfolio Modeling's core index (Liesiö, Mild & Salo 2007), exactly: the
    share of the non-dominated feasible packages that hold each option, dominance taken
    over every weight vector the weight information allows."""

    weight_info: str  # "none", "ordinal" or "bounds:D"
    criteria: tuple[str, ...]  # the criteria the weights range over (the profile's > 0)
    extreme_points: int  # of the set of weights
    feasible: int  # feasible packages compared
    non_dominated: int
    core_index: dict[str, float]  # option -> share of non-dominated packages holding it

    def core_class(self, option: str) -> str:
        """'core' (in every non-dominated package), 'exterior' (in none) or 'borderline'."""
        share = self.core_index[option]
        return "core" if share >= 1.0 else "exterior" if share == 0 else "borderline"


@dataclass(frozen=True)
class Portfolio(Tabular):
    """The result of :func:`policy_options.core.portfolio.analysis.portfolio`."""

    study: Study
    weights: Weights
    method: str
    budget: dict[str, float]  # resource -> limit used
    overridden: tuple[str, ...]  # resources whose limit --budget set
    required: tuple[str, ...]
    forbidden: tuple[str, ...]
    size_max: int | None
    engine: str  # "enumeration", "search" or "milp"
    feasible_count: int | None  # feasible packages (enumeration; search when it scored all)
    scored: int | None  # packages the bounded search scored exactly (search only)
    best: Package
    ties: tuple[Package, ...]  # other packages within 1e-9 of the best
    runners_up: tuple[Package, ...]  # the next best after the best, ties included
    binding: tuple[str, ...]  # resources the best package uses up to their limit
    constraining: tuple[str, ...] | None  # resources whose limit, relaxed alone, admits a
    # better package (None: not computed, above the enumeration limit)
    size_binding: bool | None  # would a larger --size-max admit a better package?
    frontier_resource: str | None
    frontier: tuple[FrontierPoint, ...]
    frontier_skipped: bool  # above the enumeration limit the frontier needs --frontier
    robustness: Robustness | None
    option_values: dict[str, float]  # each option's own added value, 0..1 of the weights
    reference: str | None = None  # the study's do-nothing option (never a member)
    baseline_origin: dict[str, str] = field(default_factory=dict)  # criterion -> "baseline"
    # (its own baseline:), "reference" (the reference's score) or "scale" (the worst end)
    red_lines: dict[str, tuple[str, ...]] = field(default_factory=dict)  # option kept out ->
    # the criteria whose threshold it fails
    red_lines_required: dict[str, tuple[str, ...]] = field(default_factory=dict)  # failing
    # options let in by --require
    factors: dict[str, float] = field(default_factory=dict)  # option -> m_j (modifiers only)
    rpm: RpmCore | None = None
    bound: float | None = None  # the integer program stopped at its time limit: the proven
    # upper bound on the best value (best.value is then the best found so far); None: exact
    time_limit: float | None = None  # seconds the integer program of the best package had

    @property
    def gap(self) -> float | None:
        """The proven optimality gap of the best package, relative to the bound (0..1);
        None when the best package is proven optimal."""
        if self.bound is None:
            return None
        return (self.bound - self.best.value) / abs(self.bound) if self.bound else 0.0

    @property
    def only_empty(self) -> bool:
        """Is the empty package the only feasible one (the budget buys nothing)?"""
        return self.feasible_count == 1 and not self.best.options

    def core_class(self, option: str) -> str:
        """'core' (>= 95% of samples), 'exterior' (0%) or 'borderline'."""
        from policy_options.core.portfolio import CORE_SHARE

        if self.robustness is None:
            raise ValueError("no robustness analysis")
        share = self.robustness.core_index[option]
        if share >= CORE_SHARE:
            return "core"
        if share == 0:
            return "exterior"
        return "borderline"
