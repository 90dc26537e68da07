"""The brief's bottom line, as numbers: what we recommend, how sure we are, what would
change it. The words are the report's (render/report/bottom_line.py); everything here
comes from results the brief has already computed, nothing is recomputed.

* The recommendation is the best package when the study has resources (the portfolio's
  ``best``), else the option ranked first (all of them when tied).
* How sure: the share of the Monte Carlo samples in which the recommendation stays best:
  the portfolio's ``best_stays`` for a package, the leader's rank-1 acceptability (SMAA-2)
  for an option. Said with :mod:`policy_options.core.likelihood`'s word.
* What would change it, nearest first: the smallest move of one weight that puts another
  option first (``policy sensitivity weights``), an uncertain score whose plausible range
  changes the leader (``policy sensitivity scores``), a future in which another option is
  best (``policy scenarios``); for a package, the member least often in the best package
  and the next step of the budget frontier. The PRIM condition (``policy scenarios
  discover``) is left to that command: it samples again and takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policy_options.core.brief import Brief

LIMIT = 3
"""The things that would change the recommendation the bottom line names, at most."""


@dataclass(frozen=True)
class Change:
    """One thing that would change the recommendation."""

    kind: str  # "weight", "score", "future"; a package: "member", "runner", "budget"
    option: str | None = None  # the option that would lead instead (the weak member;
    # runner: the members, comma-separated, the next best package drops)
    criterion: str | None = None  # the weight or score that moves
    now: float | None = None  # the weight now (0..1), the score as given, the core index
    at: float | None = None  # the weight where the top changes, the score's end, the budget
    scenario: str | None = None  # the future (its id)
    added: tuple[str, ...] = ()  # budget: the options the next frontier step adds


@dataclass(frozen=True)
class BottomLine:
    options: tuple[str, ...]  # the recommendation: a package's members, or the leader(s)
    package: bool  # a package (the study has resources) rather than one option
    reference: str | None  # the study's do-nothing option, when it names one
    share: float | None  # of the samples in which the recommendation stays best
    samples: int
    changes: tuple[Change, ...]

    @property
    def keeps_reference(self) -> bool:
        """Is the recommendation to do nothing new (the reference alone, or no package)?"""
        if self.package:
            return not self.options
        return self.reference is not None and self.options == (self.reference,)


def bottom_line(brief: Brief) -> BottomLine:
    """The bottom line of ``brief``."""
    result = brief.portfolio
    if result is not None:
        robustness = result.robustness
        return BottomLine(
            options=result.best.options,
            package=True,
            reference=result.reference,
            share=None if robustness is None else robustness.best_stays,
            samples=0 if robustness is None else robustness.samples,
            changes=tuple(_package_changes(brief)[:LIMIT]),
        )
    leaders = tuple(row.option for row in brief.ranking.rows if row.rank == 1)
    shares = {row.option: row.first for row in brief.acceptability.options}
    return BottomLine(
        options=leaders,
        package=False,
        reference=brief.study.reference,
        share=shares[leaders[0]] if len(leaders) == 1 else None,
        samples=brief.acceptability.samples,
        changes=tuple(_option_changes(brief, leaders[0])[:LIMIT]),
    )


def _option_changes(brief: Brief, leader: str) -> list[Change]:
    found: list[Change] = []
    first = brief.stability.most_sensitive
    if first is not None and brief.stability.top == leader:
        lo, hi = first.top_interval
        if first.weight - lo <= hi - first.weight and first.below is not None:
            found.append(Change("weight", first.below, first.criterion, first.weight, lo))
        elif first.above is not None:
            found.append(Change("weight", first.above, first.criterion, first.weight, hi))
        elif first.below is not None:
            found.append(Change("weight", first.below, first.criterion, first.weight, lo))
    if brief.tornado is not None and brief.tornado.leader == leader:
        for bar in brief.tornado.decisive[:1]:
            low_flips = bar.top_at_low != leader
            found.append(
                Change(
                    "score",
                    bar.top_at_low if low_flips else bar.top_at_high,
                    bar.criterion,
                    bar.value,
                    bar.low if low_flips else bar.high,
                    added=(bar.option,),
                )
            )
    if brief.scenarios is not None:
        for column in brief.scenarios.scenarios[1:]:
            top = column.ranking.rows[0]
            if top.option != leader and column.ranking.row(leader).rank > 1:
                found.append(Change("future", top.option, scenario=column.id))
                break
    return found


def _package_changes(brief: Brief) -> list[Change]:
    result = brief.portfolio
    assert result is not None
    found: list[Change] = []
    robustness = result.robustness
    if robustness is not None and result.best.options:
        weakest = min(result.best.options, key=lambda key: (robustness.core_index[key], key))
        found.append(Change("member", weakest, now=robustness.core_index[weakest]))
    if result.runners_up:
        runner = result.runners_up[0]
        found.append(
            Change(
                "runner",
                now=result.best.value - runner.value,
                added=tuple(k for k in runner.options if k not in result.best.options),
                option=",".join(k for k in result.best.options if k not in runner.options),
            )
        )
    resource = result.frontier_resource
    if resource is not None:
        limit = result.budget.get(resource)
        later = [p for p in result.frontier if limit is not None and p.budget > limit + 1e-9]
        if later:
            step = later[0]
            added = tuple(k for k in step.package.options if k not in result.best.options)
            found.append(
                Change("budget", criterion=resource, now=limit, at=step.budget, added=added)
            )
    return found
