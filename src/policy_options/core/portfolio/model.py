"""The portfolio value model and the frozen results every renderer reads.

A package P is a set of options. Its value (additive method only) is

    V(P) = sum_{j in P} m_j sum_k w_k (v_k(x_jk) - v_k(b_k)) + sum_{active interactions} w_k d

with w the normalised weights (value criteria only), m_j the product of option j's
modifier factors (1 without modifiers), v_k the criterion's value function, b_k its
baseline (its ``baseline:``; else the study's ``reference:`` option's score, so an
option not taken contributes what the status quo gives; else the scale's worst end,
so that an option adds exactly its score) and an interaction (a, b, k, d) active when
a and b are both in P (Liesiö & Punkka 2014 on baselines; Kleinmuntz 2007 on portfolio
decision analysis). It is feasible when its cost on each resource stays within the
limit, every option's prerequisites are in it (``requires``: all of them;
``requires_any``: one of each group), no excluded pair is, the options forced in are
in and the options forced out are out (the reference, which is what "not taken"
means, and the options failing a red line unless required), and it has at most
``size_max`` options.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policy_options.core.methods import Method, get
from policy_options.core.portfolio.results import (
    ActiveInteraction,
    FrontierPoint,
    Package,
    Portfolio,
    Robustness,
    RpmCore,
)
from policy_options.core.ranking.rank import factors, failures
from policy_options.core.study.files.model import Study
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights, parse_assignment
from policy_options.errors import UsageError

__all__ = [
    "ActiveInteraction",
    "FrontierPoint",
    "Package",
    "Portfolio",
    "PortfolioModel",
    "Robustness",
    "RpmCore",
    "build_model",
]

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
    added: tuple[tuple[float, ...], ...]  # n x m: m_j (v(x) - v(baseline)), 0..1 scale
    resources: tuple[str, ...]
    costs: tuple[tuple[float, ...], ...]  # n x r
    limits: tuple[float, ...]  # per resource: the budget used
    requires: tuple[tuple[int, int], ...]  # (i, j): i only with j
    excludes: tuple[tuple[int, int], ...]  # (i, j), i < j: never together
    interactions: tuple[tuple[int, int, int, float], ...]  # (a, b, criterion, d), a < b
    forced_in: frozenset[int] = frozenset()
    forced_out: frozenset[int] = frozenset()
    size_max: int | None = None
    requires_any: tuple[tuple[int, tuple[int, ...]], ...] = ()  # (i, group): i with one of it
    factors: tuple[float, ...] = ()  # m_j per option (() without modifiers: all 1)
    baselines: tuple[float, ...] = ()  # v_k(b_k) per criterion

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
        if any(i in chosen and not chosen & set(g) for i, g in self.requires_any):
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
    reference = study.reference
    if reference is not None and reference in required:
        raise UsageError(
            f"--require {reference}: '{reference}' is the study's reference (doing nothing new);"
            " it is what an option not taken means, never a member of a package"
        )
    both = sorted(set(required) & set(forbidden))
    if both:
        raise UsageError(f"'{both[0]}' is both required (--require) and forbidden (--forbid)")
    ids = tuple(study.options)
    index = {key: j for j, key in enumerate(ids)}
    criteria = tuple(study.criteria)
    position = {key: k for k, key in enumerate(criteria)}
    baselines = [value(c, baseline_score(study, key)) for key, c in study.criteria.items()]
    factors = factors_of(study, ids)
    added = tuple(
        tuple(
            m * (value(study.criteria[key], study.options[j].spec.scores[key].value) - baselines[k])
            for k, key in enumerate(criteria)
        )
        for j, m in zip(ids, factors, strict=True)
    )
    out = set(forbidden) | set(red_lines(study, required)) | {reference} - {None}
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
        forced_out=frozenset(index[key] for key in out if key is not None),
        size_max=size_max,
        requires_any=tuple(
            (index[j], tuple(sorted({index[g] for g in group})))
            for j in ids
            for group in study.options[j].spec.requires_any
        ),
        factors=factors if study.modifiers else (),
        baselines=tuple(baselines),
    )


def factors_of(study: Study, ids: Sequence[str]) -> tuple[float, ...]:
    """m_j per option of ``ids`` (all 1 without modifiers)."""
    return factors(study, ids) or tuple(1.0 for _ in ids)


def baseline_origin(study: Study, key: str) -> str:
    """Where criterion ``key``'s baseline comes from: "baseline" (its own ``baseline:``),
    "reference" (the reference option's score) or "scale" (the scale's worst end)."""
    if study.criteria[key].baseline is not None:
        return "baseline"
    return "reference" if study.reference is not None else "scale"


def baseline_score(study: Study, key: str) -> float:
    """The raw score of an option not taken on criterion ``key`` (see :func:`baseline_origin`)."""
    criterion = study.criteria[key]
    if baseline_origin(study, key) == "reference":
        assert study.reference is not None
        return study.options[study.reference].spec.scores[key].value
    return criterion.baseline_score


def red_lines(study: Study, required: Sequence[str] = ()) -> dict[str, tuple[str, ...]]:
    """The options a red line keeps out of every package (those ``required`` excepted):
    option -> the criteria whose threshold it fails (the reference is never a member)."""
    return {
        key: failed
        for key, failed in failures(study).items()
        if failed and key not in required and key != study.reference
    }
