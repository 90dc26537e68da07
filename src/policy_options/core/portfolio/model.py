"""The portfolio value model and the frozen results every renderer reads.

A package P is a set of options. Its value (additive method only) is

    V(P) = sum_{j in P} sum_k w_k (v_k(x_jk) - v_k(b_k)) + sum_{active interactions} w_k d

with w the normalised weights, v_k the criterion's value function, b_k its baseline
(default: the scale's worst end, so that by default an option adds exactly its
score) and an interaction (a, b, k, d) active when a and b are both in P (Liesiö &
Punkka 2014 on baselines; Kleinmuntz 2007 on portfolio decision analysis). It is
feasible when its cost on each resource stays within the limit, every option's
prerequisites are in it, no excluded pair is, the options forced in are in and the
options forced out are out, and it has at most ``size_max`` options.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.methods import Method, get
from policy_options.core.study.files.model import Study
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights, parse_assignment
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.errors import UsageError

COST_TOLERANCE = 1e-9
"""A cost within this (relative to the limit, at least absolute) of a limit is within it."""
VALUE_TOLERANCE = 1e-9
"""Package values within this of each other are tied."""


def slack(limit: float) -> float:
    """How far past ``limit`` a cost still counts as within it (rounding)."""
    return COST_TOLERANCE * max(1.0, abs(limit))


def within(cost: float, limit: float) -> bool:
    """Is ``cost`` within ``limit`` (to rounding)?"""
    return cost <= limit + slack(limit)


@dataclass(frozen=True)
class PortfolioModel:
    """A study and weights reduced to numbers: options, criteria and resources by index."""

    study: Study
    weights: Weights
    ids: tuple[str, ...]  # options, id order
    criteria: tuple[str, ...]
    w: tuple[float, ...]  # normalised weights, per criterion
    added: tuple[tuple[float, ...], ...]  # n x m: v(x) - v(baseline), 0..1 scale
    resources: tuple[str, ...]
    costs: tuple[tuple[float, ...], ...]  # n x r
    limits: tuple[float, ...]  # per resource: the budget used
    requires: tuple[tuple[int, int], ...]  # (i, j): i only with j
    excludes: tuple[tuple[int, int], ...]  # (i, j), i < j: never together
    interactions: tuple[tuple[int, int, int, float], ...]  # (a, b, criterion, d), a < b
    forced_in: frozenset[int] = frozenset()
    forced_out: frozenset[int] = frozenset()
    size_max: int | None = None

    @property
    def n(self) -> int:
        return len(self.ids)

    def utility(self, j: int) -> float:
        """Option j's added value on its own: sum_k w_k (v_k(x_jk) - v_k(b_k))."""
        return math.fsum(w * a for w, a in zip(self.w, self.added[j], strict=True))

    def criterion_values(self, members: Iterable[int]) -> tuple[float, ...]:
        """Per criterion, the package's weighted added value (sums to V)."""
        chosen = set(members)
        totals = [
            math.fsum(self.added[j][k] for j in sorted(chosen)) for k in range(len(self.criteria))
        ]
        for a, b, k, d in self.interactions:
            if a in chosen and b in chosen:
                totals[k] += d
        return tuple(w * t for w, t in zip(self.w, totals, strict=True))

    def value(self, members: Iterable[int]) -> float:
        return math.fsum(self.criterion_values(members))

    def cost(self, members: Iterable[int]) -> tuple[float, ...]:
        chosen = sorted(set(members))
        return tuple(
            math.fsum(self.costs[j][r] for j in chosen) for r in range(len(self.resources))
        )

    def feasible(
        self, members: Iterable[int], limits: Sequence[float | None] | None = None
    ) -> bool:
        """Does the package meet every constraint (``limits``: per resource, None = none)?"""
        chosen = set(members)
        bounds = self.limits if limits is None else limits
        if not self.forced_in <= chosen or chosen & self.forced_out:
            return False
        if self.size_max is not None and len(chosen) > self.size_max:
            return False
        if any(i in chosen and j not in chosen for i, j in self.requires):
            return False
        if any(i in chosen and j in chosen for i, j in self.excludes):
            return False
        return all(
            bound is None or within(c, bound)
            for c, bound in zip(self.cost(chosen), bounds, strict=True)
        )

    def package(self, members: Iterable[int]) -> Package:
        chosen = sorted(set(members))
        values = self.criterion_values(chosen)
        return Package(
            options=tuple(sorted(self.ids[j] for j in chosen)),
            value=math.fsum(values),
            values=dict(zip(self.criteria, values, strict=True)),
            costs=dict(zip(self.resources, self.cost(chosen), strict=True)),
            interactions=tuple(
                ActiveInteraction((self.ids[a], self.ids[b]), self.criteria[k], d)
                for a, b, k, d in self.interactions
                if a in chosen and b in chosen
            ),
        )


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


def parse_budget(text: str, study: Study) -> tuple[str, float]:
    """``RESOURCE=LIMIT`` from ``--budget``: a declared resource, a finite number >= 0."""
    return parse_assignment(
        "--budget",
        text,
        list(study.spec.resources),
        name="resource",
        value="limit",
        example="funding=500",
        no_keys="the study declares no resources",
    )


def _option_ids(flag: str, given: Sequence[str], study: Study) -> tuple[str, ...]:
    for key in given:
        if key not in study.options:
            raise UsageError(
                f"{flag} {key}: unknown option '{key}'{did_you_mean(key, study.options)}"
            )
    return tuple(sorted(set(given)))


def build_model(
    study: Study,
    weights: Weights,
    *,
    method: str | None = None,
    budget: Sequence[str] = (),
    require: Sequence[str] = (),
    forbid: Sequence[str] = (),
    size_max: int | None = None,
) -> PortfolioModel:
    """The value model of ``study`` under ``weights`` and the analyst's constraints."""
    name = get(method if method is not None else study.spec.defaults.method).name
    if name != Method.additive:
        raise UsageError(
            f"portfolio value is additive; the method '{name}' does not add options up",
            hint="use --method additive, or set defaults.method: additive in study.yaml",
        )
    if size_max is not None and size_max < 0:
        raise UsageError(f"--size-max must be a whole number >= 0, got {size_max}")
    required = _option_ids("--require", require, study)
    forbidden = _option_ids("--forbid", forbid, study)
    both = sorted(set(required) & set(forbidden))
    if both:
        raise UsageError(f"'{both[0]}' is both required (--require) and forbidden (--forbid)")
    ids = tuple(study.options)
    index = {key: j for j, key in enumerate(ids)}
    criteria = tuple(study.criteria)
    position = {key: k for k, key in enumerate(criteria)}
    baselines = [value(c, c.baseline_score) for c in study.criteria.values()]
    added = tuple(
        tuple(
            value(study.criteria[key], study.options[j].spec.scores[key].value) - baselines[k]
            for k, key in enumerate(criteria)
        )
        for j in ids
    )
    resources = tuple(study.spec.resources)
    limits = {key: r.limit for key, r in study.spec.resources.items()}
    limits.update(dict(parse_budget(text, study) for text in budget))
    requires = tuple(
        sorted(
            {
                (index[j], index[other])
                for j in ids
                for other in study.options[j].spec.requires
                if other in index
            }
        )
    )
    excludes = tuple(
        sorted(
            {
                (min(index[j], index[other]), max(index[j], index[other]))
                for j in ids
                for other in study.options[j].spec.excludes
                if other in index and other != j
            }
        )
    )
    interactions = tuple(
        (min(index[a], index[b]), max(index[a], index[b]), position[item.criterion], item.value)
        for item in study.interactions
        for a, b in [item.options]
    )
    return PortfolioModel(
        study=study,
        weights=weights,
        ids=ids,
        criteria=criteria,
        w=tuple(weights.normalised[key] for key in criteria),
        added=added,
        resources=resources,
        costs=tuple(
            tuple(study.options[j].spec.cost_values.get(r, 0.0) for r in resources) for j in ids
        ),
        limits=tuple(limits[r] for r in resources),
        requires=requires,
        excludes=excludes,
        interactions=interactions,
        forced_in=frozenset(index[key] for key in required),
        forced_out=frozenset(index[key] for key in forbidden),
        size_max=size_max,
    )
