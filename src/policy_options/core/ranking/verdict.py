"""The verdict check: the model's verdict on each option against what its source says.

A study records the source's stance on an option (``stance:``); the model gives its own
verdict (a rank, a decision rule's choice, a place in the best package). Where the two
contradict, the check says so, naming the scores that drive the model's verdict:

- a ``rejected`` or ``insufficient`` option ranked in the top third (rank <= ceil(n / 3)
  of the n ranked options), chosen by a decision rule across the scenarios (minimax
  regret, expected value, maximin), in the best package, or the winner of a PRIM box;
- a ``recommended`` option that scores below the study's reference (doing nothing new)
  or ranks last (the reference aside).

An option whose file says ``departs: "reason"`` departs from its source on purpose: its
findings become notes quoting the reason; ``departs:`` on an option the model agrees
with is itself a warning (nothing to depart from). The check is pure: it reads results
computed elsewhere and renders nothing (``render/views/verdict.py`` does).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policy_options.core.ranking.explain import pair_gap
from policy_options.core.ranking.rank import RankedOption, Ranking, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights, resolve_weights
from policy_options.errors import PolicyError

DOUBTED_BY_SOURCE = frozenset({"rejected", "insufficient"})
"""Stances that say the option should not come out on top."""

DRIVERS = 3
"""How many scores a finding names as driving the model's verdict."""


@dataclass(frozen=True)
class Driver:
    """One score behind a verdict: the criterion, the option's raw score, and its part of
    the verdict in score units (0..1): the contribution, or the difference to the option
    it is compared with."""

    criterion: str
    raw: float
    part: float


@dataclass(frozen=True)
class Finding:
    """One contradiction (or a ``departs:`` with nothing to depart from).

    ``kind`` says what the model did: "top_third", "rule:<rule>" (minimax_regret,
    expected, maximin), "best_package", "prim_box", "below_reference", "last", or
    "nothing_to_depart". ``rank`` and ``of`` locate the option in the ranking; ``gain`` is
    its score minus the reference's (None without a reference)."""

    option: str
    title: str
    stance: str | None
    kind: str
    rank: int
    of: int
    score: float
    gain: float | None
    drivers: tuple[Driver, ...]
    departs: str  # the option's departs: reason ("" when it gives none)

    @property
    def severity(self) -> str:
        """'note' when the analyst departs from the source on purpose, else 'warning'."""
        if self.kind == "nothing_to_depart":
            return "warning"
        return "note" if self.departs else "warning"


@dataclass(frozen=True)
class VerdictCheck:
    """The result of :func:`verdict_check`: findings in ranking order, then by kind."""

    ranking: Ranking
    findings: tuple[Finding, ...]
    rules_checked: bool  # were decision rules' choices given?
    package_checked: bool  # was a best package given?
    boxes_checked: bool  # were PRIM box winners given?

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "note")


def top_third(n: int) -> int:
    """The worst rank still in the top third of ``n`` ranked options: ceil(n / 3)."""
    return math.ceil(n / 3)


def _raw(ranking: Ranking, option: str, criterion: str) -> float:
    return ranking.study.options[option].spec.scores[criterion].value


def _high_drivers(ranking: Ranking, row: RankedOption) -> tuple[Driver, ...]:
    """The scores that lift ``row``: its largest contributions."""
    scale = ranking.score_per_contribution or 1.0
    return tuple(
        Driver(key, _raw(ranking, row.option, key), scale * share)
        for key, share in row.top_contributors(DRIVERS)
    )


def _low_drivers(ranking: Ranking, row: RankedOption, other: RankedOption) -> tuple[Driver, ...]:
    """The scores that put ``row`` below ``other``: the criteria where it loses most."""
    gap = pair_gap(ranking, row, other)
    losing = sorted((kv for kv in gap.by_criterion if kv[1] < 0), key=lambda kv: (kv[1], kv[0]))
    return tuple(
        Driver(key, _raw(ranking, row.option, key), part) for key, part in losing[:DRIVERS]
    )


def verdict_check(
    ranking: Ranking,
    *,
    rules: Mapping[str, Sequence[str]] | None = None,
    best_package: Sequence[str] | None = None,
    box_winners: Sequence[str] | None = None,
) -> VerdictCheck:
    """Check ``ranking`` (and, when given, the decision rules' choices ``rules``: rule ->
    chosen ids, the ``best_package``'s option ids, the options that win a PRIM box)
    against each option's stance; see the module docstring."""
    study = ranking.study
    rows = ranking.rows
    n = len(rows)
    reference = ranking.reference
    competitors = [row for row in rows if reference is None or row.option != reference.option]
    last_rank = max((row.rank for row in competitors), default=0)
    findings: list[Finding] = []
    for row in rows:
        spec = study.options[row.option].spec
        stance = None if spec.stance is None else str(spec.stance)
        found: list[tuple[str, tuple[Driver, ...]]] = []
        high = _high_drivers(ranking, row)
        if stance in DOUBTED_BY_SOURCE:
            if row.rank <= top_third(n):
                found.append(("top_third", high))
            for rule, chosen in (rules or {}).items():
                if row.option in chosen:
                    found.append((f"rule:{rule}", high))
            if best_package is not None and row.option in best_package:
                found.append(("best_package", high))
            if box_winners is not None and row.option in box_winners:
                found.append(("prim_box", high))
        elif stance == "recommended" and row is not reference:
            if reference is not None and ranking.worse_than_reference(row):
                found.append(("below_reference", _low_drivers(ranking, row, reference)))
            above = [other for other in competitors if other.rank < row.rank]
            if row.rank == last_rank and above:  # last, and not tied with every other
                found.append(("last", _low_drivers(ranking, row, above[-1])))
        if spec.departs and not found:
            found.append(("nothing_to_depart", ()))
        findings += [
            Finding(
                option=row.option,
                title=row.title,
                stance=stance,
                kind=kind,
                rank=row.rank,
                of=n,
                score=row.score,
                gain=ranking.gain(row),
                drivers=drivers,
                departs=spec.departs,
            )
            for kind, drivers in found
        ]
    return VerdictCheck(
        ranking=ranking,
        findings=tuple(findings),
        rules_checked=rules is not None,
        package_checked=best_package is not None,
        boxes_checked=box_winners is not None,
    )


def study_verdict(
    study: Study, weights: Weights | None = None, *, package: bool = True
) -> VerdictCheck:
    """The whole check for ``study`` under ``weights`` (default: the study's default
    profile) and its default method: the ranking, the decision rules across its scenarios
    (when it has some) and, with ``package``, the best package (when the study declares
    resources and a package is feasible; the portfolio engine imports numpy). PRIM boxes
    are not searched here (sampling is ``policy scenarios discover``'s): they are checked
    where a discovery is at hand."""
    weights = weights if weights is not None else resolve_weights(study, None)
    ranking = rank(study, weights)
    rules: dict[str, tuple[str, ...]] | None = None
    if study.scenarios and study.scenario is None:
        from policy_options.core.futures.regret import regret_analysis

        try:
            rules = regret_analysis(study).rules
        except PolicyError:  # a scenario that cannot be ranked: loading says why
            rules = None
    best: tuple[str, ...] | None = None
    if package and study.spec.resources:
        from policy_options.core.portfolio.analysis import portfolio

        try:
            best = portfolio(study, weights, samples=0).best.options
        except PolicyError:  # no feasible package: nothing to check
            best = None
    return verdict_check(ranking, rules=rules, best_package=best)
