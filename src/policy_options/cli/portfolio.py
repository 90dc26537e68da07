"""``policy portfolio``: the best package of options under budgets and constraints.

numpy and scipy are imported inside the command (through the core modules).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy_options.cli.common import (
    ConcentrationOpt,
    Format,
    FormatOpt,
    JudgementsOpt,
    OutputOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    StudyOpt,
    WeightModelOpt,
    WeightsOpt,
    emit,
    emit_document,
    study_and_weights,
)
from policy_options.cli.progress import progress
from policy_options.core.portfolio import DEFAULT_SAMPLES, DEFAULT_TIME_LIMIT
from policy_options.core.study.files.model import Study
from policy_options.core.uncertainty.settings import DEFAULT_SEED, WeightModel
from policy_options.errors import UsageError


def portfolio_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    budget: Annotated[
        list[str] | None,
        typer.Option(
            "--budget",
            "-b",
            metavar="RESOURCE=LIMIT",
            help="Override a resource's limit (repeatable). Default: the limits in study.yaml.",
            show_default=False,
        ),
    ] = None,
    require: Annotated[
        list[str] | None,
        typer.Option(
            "--require", metavar="ID", help="Keep this option in (repeatable).", show_default=False
        ),
    ] = None,
    forbid: Annotated[
        list[str] | None,
        typer.Option(
            "--forbid", metavar="ID", help="Keep this option out (repeatable).", show_default=False
        ),
    ] = None,
    size_max: Annotated[
        int | None,
        typer.Option(
            "--size-max",
            metavar="N",
            min=0,
            help="At most N options in a package.",
            show_default=False,
        ),
    ] = None,
    frontier: Annotated[
        str | None,
        typer.Option(
            "--frontier",
            metavar="RESOURCE",
            help="Trace the efficient frontier against this resource. Default: the first one.",
            show_default=False,
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples", "-n", metavar="N", help="Robustness samples; 0 skips robustness."
        ),
    ] = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: WeightModelOpt = WeightModel.uniform,
    concentration: ConcentrationOpt = None,
    fixed_scores: Annotated[
        bool,
        typer.Option(
            "--fixed-scores",
            help="Robustness keeps every score as given; without it, ranged scores are drawn"
            " (triangular: low, the score, high), and so are ranged costs.",
        ),
    ] = False,
    weight_info: Annotated[
        str | None,
        typer.Option(
            "--weight-info",
            metavar="none|ordinal|bounds:D",
            help="Add Robust Portfolio Modeling's core index (Liesiö, Mild & Salo 2007),"
            " exact: the share of the non-dominated packages holding each option, under"
            " any weights (none), the profile's order (ordinal) or each weight within D of"
            " the profile's (bounds:0.1). Up to 25 options.",
            show_default=False,
        ),
    ] = None,
    scenarios: Annotated[
        bool,
        typer.Option(
            "--scenarios",
            help="Value every feasible package in the base study and every scenario instead,"
            " and give the minimax-regret, maximin and expected-value packages (exact, up"
            " to 25 options).",
        ),
    ] = False,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            metavar="SECONDS",
            min=0.01,
            help="Above 40 options: stop the integer program after this long and give the"
            " best package found so far, marked not proven optimal, with its proven gap.",
        ),
    ] = DEFAULT_TIME_LIMIT,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
) -> None:
    """The best package of options within the budgets, with its frontier and robustness.

    A package's value adds up its options' values measured from each criterion's
    baseline (default: the worst end of the scale; for a risk, "no risk"), plus the
    interactions of interactions.yaml between options taken together, under the
    weights (points out of 100 per option). The best package is exact: every package
    is enumerated up to 20 options, a meet-in-the-middle search bounded by the
    budgets scores the few packages that can win up to 40, and a 0-1 integer program
    (HiGHS) solves larger studies within --time-limit (else the best package found so
    far is given, marked not proven optimal, with its gap). Also: the next 5
    packages, which budgets bind, the efficient frontier against one resource, and
    the share of samples in which each option is in the best package when weights,
    ranged scores and ranged costs are sampled (core >= 95%, exterior 0%). With a
    reference option (reference: in study.yaml) its scores are every criterion's
    default baseline; options failing a threshold (a red line) stay out unless required.
    """
    if scenarios:
        if scenario is not None:
            raise UsageError("--scenarios values packages in every scenario: drop --scenario")
        loaded, _ = study_and_weights(study, weights, set_)
        _across_futures(
            loaded, weights, set_ or [], budget, require, forbid, size_max, format_, output
        )
        return
    from policy_options.core.portfolio.analysis import portfolio

    loaded, resolved = study_and_weights(study, weights, set_, scenario, judgements=judgements)
    with progress("Packages and robustness") as on_chunk:
        result = portfolio(
            loaded,
            resolved,
            budget=budget or (),
            require=require or (),
            forbid=forbid or (),
            size_max=size_max,
            frontier=frontier,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            concentration=concentration,
            fixed_scores=fixed_scores,
            on_chunk=on_chunk,
            weight_info=weight_info,
            time_limit=time_limit,
        )
    if format_ is Format.json:
        from policy_options.render.portfolio import json

        emit(json(result), output)
        return
    from policy_options.render.views.portfolio import portfolio as view

    emit_document(view(result), format_, output)


def _across_futures(
    loaded: Study,
    weights: str | None,
    overrides: list[str],
    budget: list[str] | None,
    require: list[str] | None,
    forbid: list[str] | None,
    size_max: int | None,
    format_: Format,
    output: Path | None,
) -> None:
    """``--scenarios``: every feasible package valued in every future."""
    from policy_options.core.portfolio.futures import portfolio_futures

    result = portfolio_futures(
        loaded,
        weights,
        overrides,
        budget=budget or (),
        require=require or (),
        forbid=forbid or (),
        size_max=size_max,
    )
    if format_ is Format.json:
        from policy_options.render.portfolio import futures_json

        emit(futures_json(result), output)
        return
    from policy_options.render.views.portfolio_futures import portfolio_futures as view

    emit_document(view(result), format_, output)
