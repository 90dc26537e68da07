"""Robust choice across scenarios: regret, minimax regret, expected value, maximin, satisficing.

Each option is scored in every scenario (``base`` first) under one method. In scenario s
the regret of option i is r_is = max_k S_ks - S_is: how much better the best choice for
that future would have done (Savage 1951; Lempert, Popper & Bankes 2003 use it to
compare strategies across futures). Per option:

- maximum regret max_s r_is (the minimax-regret choice minimises it),
- mean regret, the unweighted mean of r_is over the scenarios,
- expected score sum_s p_s S_is when every scenario has a probability; the base
  scenario takes the rest, p_base = 1 - sum of the others (the expected-value choice
  maximises it),
- worst score min_s S_is (the maximin choice, Wald 1950, maximises it),
- satisficing count: the scenarios in which the option scores at least the threshold
  and fails no criterion's threshold (Simon 1955).

Scores are the method's own 0..1 score (PROMETHEE: (phi + 1) / 2, as ``policy rank``
reports). Scores within 1e-9 are equal, so each choice is a list: ties are possible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.ranking.rank import TIE_TOLERANCE, Ranking, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.files.scenario_file import BASE_SCENARIO
from policy_options.core.study.scenarios import apply_scenario, base_probability, scenario_ids
from policy_options.core.study.weights import Weights, resolve_weights
from policy_options.errors import UsageError


@dataclass(frozen=True)
class ScenarioColumn:
    """One future: its ranking, and its probability (base: the rest; None when not given)."""

    id: str
    name: str
    probability: float | None
    ranking: Ranking

    @property
    def weights(self) -> Weights:
        return self.ranking.weights


@dataclass(frozen=True)
class OptionRegret:
    """One option across the scenarios (dicts keyed by scenario id; scores 0..1)."""

    option: str
    title: str
    scores: dict[str, float]
    ranks: dict[str, int]
    regret: dict[str, float]
    max_regret: float
    mean_regret: float
    expected: float | None  # None unless every scenario has a probability
    worst: float
    satisficed: int | None  # None without a satisficing threshold


@dataclass(frozen=True)
class RegretAnalysis(Tabular):
    """The result of :func:`regret_analysis`: options in base-ranking order."""

    study: Study  # the base study
    method: str
    weights: Weights  # the base scenario's weights
    scenarios: tuple[ScenarioColumn, ...]  # base first
    options: tuple[OptionRegret, ...]
    minimax_regret: tuple[str, ...]
    expected: tuple[str, ...] | None
    maximin: tuple[str, ...]
    satisfice: float | None  # the threshold, 0..1

    @property
    def rules(self) -> dict[str, tuple[str, ...]]:
        """Each decision rule that applies, and its choice."""
        found = {"minimax_regret": self.minimax_regret}
        if self.expected is not None:
            found["expected"] = self.expected
        found["maximin"] = self.maximin
        return found

    @property
    def agree(self) -> bool:
        """Do the decision rules choose the same option(s)?"""
        return len(set(self.rules.values())) == 1


def _best(values: dict[str, float], higher: bool = True) -> tuple[str, ...]:
    """The keys whose value is within 1e-9 of the best, by id."""
    sign = 1.0 if higher else -1.0
    top = max(sign * v for v in values.values())
    return tuple(sorted(k for k, v in values.items() if top - sign * v <= TIE_TOLERANCE))


def regret_analysis(
    study: Study,
    weights: str | None = None,
    overrides: Sequence[str] = (),
    method: str | None = None,
    satisfice: float | None = None,
) -> RegretAnalysis:
    """Score every option in ``base`` and each scenario of ``study``; see the module docstring.

    ``weights`` names the profile (or file) for every scenario; when None each scenario
    uses its own profile if it names one, else the study's default. ``overrides`` are
    ``--set`` raw weights, applied in every scenario. ``satisfice`` is a 0..1 score.
    """
    if study.scenario is not None:
        raise ValueError("regret_analysis takes the base study")
    if satisfice is not None and not (math.isfinite(satisfice) and 0 <= satisfice <= 1):
        raise UsageError(f"--satisfice must be a score from 0 to 100, got {satisfice * 100:g}")
    rest = base_probability(study)
    complete = rest is not None
    columns = []
    for sid in scenario_ids(study):
        future = apply_scenario(study, sid)
        ranking = rank(future, resolve_weights(future, weights, overrides), method)
        if sid == BASE_SCENARIO:
            columns.append(ScenarioColumn(sid, "Base study", rest, ranking))
        else:
            spec = study.scenarios[sid].spec
            columns.append(ScenarioColumn(sid, spec.name, spec.probability, ranking))
    return _analyse(study, tuple(columns), satisfice, complete)


def _analyse(
    study: Study, columns: tuple[ScenarioColumn, ...], satisfice: float | None, complete: bool
) -> RegretAnalysis:
    ids = [column.id for column in columns]
    best = {c.id: max(row.score for row in c.ranking.rows) for c in columns}
    options = []
    for row in columns[0].ranking.rows:
        key = row.option
        found = {c.id: c.ranking.row(key) for c in columns}
        scores = {s: found[s].score for s in ids}
        regret = {s: best[s] - scores[s] for s in ids}
        expected = None
        if complete:
            expected = math.fsum((c.probability or 0.0) * scores[c.id] for c in columns)
        satisficed = None
        if satisfice is not None:
            satisficed = sum(
                1 for s in ids if scores[s] >= satisfice - TIE_TOLERANCE and not found[s].fails
            )
        options.append(
            OptionRegret(
                option=key,
                title=row.title,
                scores=scores,
                ranks={s: found[s].rank for s in ids},
                regret=regret,
                max_regret=max(regret.values()),
                mean_regret=math.fsum(regret.values()) / len(ids),
                expected=expected,
                worst=min(scores.values()),
                satisficed=satisficed,
            )
        )
    base = columns[0].ranking
    return RegretAnalysis(
        study=study,
        method=base.method,
        weights=base.weights,
        scenarios=columns,
        options=tuple(options),
        minimax_regret=_best({o.option: o.max_regret for o in options}, higher=False),
        expected=_best({o.option: o.expected or 0.0 for o in options}) if complete else None,
        maximin=_best({o.option: o.worst for o in options}),
        satisfice=satisfice,
    )
