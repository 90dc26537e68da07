"""``policy portfolio``: the best package of options under budgets and constraints.

numpy and scipy are imported inside the command (through the core modules).
"""

from __future__ import annotations

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
from policy_options.core.portfolio import DEFAULT_SAMPLES
from policy_options.core.uncertainty.settings import DEFAULT_SEED, WeightModel


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
            " (triangular: low, the score, high).",
        ),
    ] = False,
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
    is enumerated up to 25 options, a meet-in-the-middle search bounded by the
    budgets scores the few packages that can win up to 40, and a 0-1 integer program
    (HiGHS) solves larger studies. Also: the next 5 packages, which budgets bind, the
    efficient frontier against one resource, and how often each option is in the best
    package when weights and ranged scores are sampled (core >= 95%, exterior 0%).
    """
    from policy_options.core.portfolio.analysis import portfolio

    loaded, resolved = study_and_weights(study, weights, set_, scenario, judgements=judgements)
    with progress("Robustness") as on_chunk:
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
        )
    if format_ is Format.json:
        from policy_options.render.portfolio import json

        emit(json(result), output)
        return
    from policy_options.render.views.portfolio import portfolio as view

    emit_document(view(result), format_, output)
