"""What the charts and the decision brief show, computed once.

Every result comes from the same core function, with the same defaults, as the command
that prints it: ``rank`` (``policy rank``), ``smaa`` (``policy sensitivity montecarlo``),
``weight_stability`` (``policy sensitivity weights``), ``score_tornado`` (``policy
sensitivity scores``), ``value_of_information`` (``policy sensitivity value``),
``compare_profiles`` (``policy profiles``) and ``regret_analysis``
(``policy scenarios``). numpy is imported
inside the functions that need it (through the sensitivity modules), never here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policy_options.core.ranking.explain import Explanation, explain
from policy_options.core.ranking.profiles import ProfilesComparison, compare_profiles
from policy_options.core.ranking.rank import Ranking, rank
from policy_options.core.ranking.verdict import VerdictCheck, verdict_check
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights, resolve_weights
from policy_options.core.uncertainty.settings import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
    check_samples,
    check_weight_settings,
    resolve_method,
)
from policy_options.errors import UsageError

if TYPE_CHECKING:
    from policy_options.core.futures.regret import RegretAnalysis
    from policy_options.core.portfolio.model import Portfolio
    from policy_options.core.study.sources.provenance import Provenance
    from policy_options.core.uncertainty.montecarlo import MonteCarlo
    from policy_options.core.uncertainty.stability_result import WeightStability
    from policy_options.core.uncertainty.tornado import Tornado
    from policy_options.core.uncertainty.value import ValueOfInformation

EXPLAINED = 3
"""The brief explains the options ranked this or better (a tie at the last rank shows whole)."""


@dataclass(frozen=True)
class Settings:
    """The analysis settings shared by every chart and the brief (the commands' defaults)."""

    method: str | None = None  # None: the study's defaults.method
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    weight_model: WeightModel = WeightModel.uniform
    concentration: float | None = None
    # the --weights and --set given, as `policy scenarios` reads them (each scenario may
    # name its own profile, used when --weights is not given)
    weights_spec: str | None = None
    overrides: tuple[str, ...] = ()
    # called after each Monte Carlo chunk with (done, total): a progress bar; not a setting
    on_chunk: Callable[[int, int], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        """Refused as the commands that print them refuse them, whatever is drawn."""
        check_samples(self.samples)
        check_weight_settings(self.seed, self.weight_model, self.concentration)


def ranking_of(study: Study, weights: Weights, settings: Settings) -> Ranking:
    """``policy rank``."""
    return rank(study, weights, settings.method)


def acceptability_of(study: Study, weights: Weights, settings: Settings) -> MonteCarlo:
    """``policy sensitivity montecarlo`` (SMAA-2) with ``--samples``, ``--seed``, the model."""
    from policy_options.core.uncertainty.montecarlo import smaa

    return smaa(
        study,
        weights,
        method=settings.method,
        samples=settings.samples,
        seed=settings.seed,
        weight_model=settings.weight_model,
        concentration=settings.concentration,
        on_chunk=settings.on_chunk,
    )


def stability_of(study: Study, weights: Weights, settings: Settings) -> WeightStability:
    """``policy sensitivity weights``."""
    from policy_options.core.uncertainty.stability import weight_stability

    return weight_stability(study, weights, settings.method)


def tornado_of(study: Study, weights: Weights, settings: Settings) -> Tornado:
    """``policy sensitivity scores``."""
    from policy_options.core.uncertainty.tornado import score_tornado

    return score_tornado(study, weights, settings.method)


def value_of(study: Study, weights: Weights, settings: Settings) -> ValueOfInformation:
    """``policy sensitivity value`` with ``--samples`` and ``--seed``, the weights as
    chosen (the score ranges are what can be found out)."""
    from policy_options.core.uncertainty.value import value_of_information

    return value_of_information(
        study, weights, method=settings.method, samples=settings.samples, seed=settings.seed
    )


def profile_weights(study: Study, weights: Weights) -> list[Weights]:
    """Every profile of the study, and the weights in use when they are none of them."""
    profiles = [resolve_weights(study, name) for name in study.profiles]
    if not any(p.normalised == weights.normalised for p in profiles):
        profiles.append(weights)
    return profiles


def profiles_of(study: Study, weights: Weights, settings: Settings) -> ProfilesComparison:
    """``policy profiles`` over :func:`profile_weights`."""
    return compare_profiles(study, profile_weights(study, weights), settings.method)


def scenarios_of(study: Study, weights: Weights, settings: Settings) -> RegretAnalysis:
    """``policy scenarios``: every option scored in the base study and in each scenario."""
    from policy_options.core.futures.regret import regret_analysis

    if study.scenario is not None:
        raise UsageError("the scenarios chart compares every scenario: run it without --scenario")
    if not study.scenarios:
        raise UsageError(
            "the study has no scenarios",
            hint="add scenarios/<name>.yaml files to the study folder (see the README)",
        )
    return regret_analysis(study, settings.weights_spec, settings.overrides, settings.method)


def frontier_of(study: Study, weights: Weights, settings: Settings) -> Portfolio:
    """``policy portfolio --samples 0``: the best package and the efficient frontier
    against the study's first resource (robustness sampling is left to the command)."""
    if not study.spec.resources:
        raise UsageError(
            "the study declares no resources: there is no budget to trace a frontier against",
            hint="add resources (with limits) to study.yaml and costs to the options",
        )
    from policy_options.core.portfolio.analysis import portfolio

    result = portfolio(study, weights, method=settings.method, samples=0)
    if not result.frontier:
        raise UsageError(
            "the frontier is traced for studies of at most 25 options here: see"
            " `policy portfolio --frontier RESOURCE`"
        )
    return result


def package_of(study: Study, weights: Weights, settings: Settings) -> Portfolio:
    """:func:`frontier_of` with the robustness of ``policy portfolio`` (its seed and weight
    model; its default 10,000 samples, or fewer when the report draws fewer): how often the
    best package stays best, each option's core index, as the bottom line says them."""
    if not study.spec.resources:
        return frontier_of(study, weights, settings)  # the error
    from policy_options.core.portfolio import DEFAULT_SAMPLES as PORTFOLIO_SAMPLES
    from policy_options.core.portfolio.analysis import portfolio

    result = portfolio(
        study,
        weights,
        method=settings.method,
        samples=min(settings.samples, PORTFOLIO_SAMPLES),
        seed=settings.seed,
        weight_model=settings.weight_model,
        concentration=settings.concentration,
    )
    if not result.frontier:
        return frontier_of(study, weights, settings)  # the error
    return result


Compute = Callable[[Study, Weights, Settings], Any]


@dataclass(frozen=True)
class Brief:
    """Everything the decision brief reports, computed with one set of weights and settings."""

    study: Study
    weights: Weights
    settings: Settings
    method: str
    ranking: Ranking
    explanations: tuple[Explanation, ...]  # the options ranked EXPLAINED or better
    acceptability: MonteCarlo
    stability: WeightStability
    tornado: Tornado | None  # None: fewer than two options, nothing to compare the leader with
    profiles: ProfilesComparison
    scenarios: RegretAnalysis | None = None  # the base study's scenarios, when it has some
    portfolio: Portfolio | None = None  # the best package and frontier, when it has resources
    verdict: VerdictCheck | None = None  # the model against the source's stances
    provenance: Provenance | None = None  # every quote checked against its source's text
    value: ValueOfInformation | None = None  # what is worth finding out, when scores have ranges

    def results(self) -> Mapping[str, Any]:
        """Chart kind -> the result it draws (None when there is none)."""
        return {
            "ranking": self.ranking,
            "acceptability": self.acceptability,
            "stability": self.stability,
            "tornado": self.tornado,
            "profiles": self.profiles,
            "scenarios": self.scenarios,
            "frontier": self.portfolio,
            "value": self.value,
        }


def build_brief(
    study: Study, weights: Weights, settings: Settings, sources: Sequence[Path] = ()
) -> Brief:
    """Compute every result of the brief (Monte Carlo with ``settings.samples`` samples);
    quotes are found in their sources' files (also looked for in ``sources``)."""
    from policy_options.core.study.sources.provenance import check

    method = resolve_method(study, settings.method).value
    settings = replace(settings, method=method)
    ranking = ranking_of(study, weights, settings)
    explanations = tuple(
        explain(ranking, row.option) for row in ranking.rows if row.rank <= EXPLAINED
    )
    scenarios = (
        scenarios_of(study, weights, settings)
        if study.scenarios and study.scenario is None
        else None
    )
    package = _portfolio(study, weights, settings)
    verdict = verdict_check(
        ranking,
        rules=None if scenarios is None else scenarios.rules,
        best_package=None if package is None else package.best.options,
    )
    return Brief(
        study=study,
        weights=weights,
        settings=settings,
        method=method,
        ranking=ranking,
        explanations=explanations,
        acceptability=acceptability_of(study, weights, settings),
        stability=stability_of(study, weights, settings),
        tornado=tornado_of(study, weights, settings) if len(ranking.rows) > 1 else None,
        profiles=profiles_of(study, weights, settings),
        scenarios=scenarios,
        portfolio=package,
        verdict=verdict,
        provenance=check(study, sources),
        value=_value(study, weights, settings, ranking),
    )


def _value(
    study: Study, weights: Weights, settings: Settings, ranking: Ranking
) -> ValueOfInformation | None:
    """What is worth finding out, when some score has a range and there is a choice."""
    if len(ranking.rows) < 2 or not any(
        score.range is not None and score.range[0] < score.range[1]
        for option in study.options.values()
        for score in option.spec.scores.values()
    ):
        return None
    return value_of(study, weights, settings)


def _portfolio(study: Study, weights: Weights, settings: Settings) -> Portfolio | None:
    """The portfolio result when the study has resources and a frontier can be traced."""
    if not study.spec.resources:
        return None
    try:
        return package_of(study, weights, settings)
    except UsageError:
        return None
