"""``policy scenarios`` (robust choice across futures) and ``policy scenarios discover``.

numpy is imported inside ``discover`` only (through core.discovery).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from policy_options.cli.common import (
    ConcentrationOpt,
    Format,
    FormatOpt,
    JudgementsOpt,
    MethodOpt,
    OutputOpt,
    SeedOpt,
    SetOpt,
    StudyOpt,
    WeightModelOpt,
    WeightsOpt,
    emit,
    emit_document,
    load_for,
)
from policy_options.cli.progress import progress
from policy_options.core.study.scenarios import DEFAULT_DISCOVERY_SAMPLES
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.settings import DEFAULT_SEED, WeightModel
from policy_options.errors import UsageError

scenarios_app = typer.Typer(invoke_without_command=True)


def _needs_scenarios(study: Any) -> None:
    if not study.scenarios:
        raise UsageError(
            "the study has no scenarios",
            hint="add scenarios/<name>.yaml files to the study folder (see the README)",
        )


@scenarios_app.callback()
def scenarios_command(
    ctx: typer.Context,
    study: StudyOpt = None,
    judgements: JudgementsOpt = None,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights",
            "-w",
            metavar="NAME|FILE",
            help="Weight profile for every scenario. Default: each scenario's own profile"
            " when it names one, else the study's default.",
            show_default=False,
        ),
    ] = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    satisfice: Annotated[
        float | None,
        typer.Option(
            "--satisfice",
            metavar="SCORE",
            help="Count, per option, the scenarios in which it scores at least SCORE (out"
            " of 100) and fails no criterion's threshold.",
            show_default=False,
        ),
    ] = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Scores in every scenario (base first), regret, and the robust choices.

    Regret of an option in a scenario: the best score there minus its own, in points.
    Per option: maximum and mean regret, the expected score when every scenario has a
    probability (base takes the rest), the worst score; then the minimax-regret,
    expected-value and maximin choices, and whether they agree. `policy scenarios
    discover` finds where the leader loses.
    """
    if ctx.invoked_subcommand is not None:
        given = [
            param.opts[0]
            for param in ctx.command.params
            if param.name
            and getattr(ctx.get_parameter_source(param.name), "name", "DEFAULT") != "DEFAULT"
        ]
        if given:  # they would silently do nothing: say where they go
            raise UsageError(
                f"{', '.join(given)} before '{ctx.invoked_subcommand}' does nothing",
                hint=f"put the options after it: policy scenarios {ctx.invoked_subcommand}"
                f" {' '.join(given)} ...",
            )
        return
    from policy_options.core.futures.regret import regret_analysis

    loaded = load_for(study, judgements=judgements)
    _needs_scenarios(loaded)
    threshold = None if satisfice is None else satisfice / 100
    result = regret_analysis(loaded, weights, set_ or (), method, threshold)
    if format_ is Format.json:
        from policy_options.render.scenarios import regret_json

        emit(regret_json(result), output)
        return
    from policy_options.render.views.scenarios import regret

    emit_document(regret(result), format_, output)


@scenarios_app.command("discover")
def discover_command(
    option: Annotated[
        str | None,
        typer.Option(
            "--option",
            metavar="ID",
            help="The option whose losses to explain. Default: the base leader.",
            show_default=False,
        ),
    ] = None,
    study: StudyOpt = None,
    judgements: JudgementsOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", metavar="N", help="Number of samples.")
    ] = DEFAULT_DISCOVERY_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: WeightModelOpt = WeightModel.uniform,
    concentration: ConcentrationOpt = None,
    fixed_scores: Annotated[
        bool,
        typer.Option("--fixed-scores", help="Keep every score as its scenario gives it."),
    ] = False,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Scenario discovery: the few conditions under which an option loses first place.

    Samples weights (the Monte Carlo weight models), every score with a range and the
    scenario (by its probability, base taking the rest; uniform when not every scenario
    has one), marks the samples where the option is not first, and finds up to three
    boxes holding most of those losses with PRIM (peeling and pasting, Friedman &
    Fisher 1999), each bounded on one to three inputs and told in words.
    """
    from policy_options.core.futures.discovery import discover

    loaded = load_for(study, judgements=judgements)
    resolved = resolve_weights(loaded, weights, set_ or ())
    with progress("Sampling") as on_chunk:
        result = discover(
            loaded,
            resolved,
            option=option,
            method=method,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            concentration=concentration,
            fixed_scores=fixed_scores,
            on_chunk=on_chunk,
        )
    if format_ is Format.json:
        from policy_options.render.scenarios import discovery_json

        emit(discovery_json(result), output)
        return
    from policy_options.render.views.discovery import discovery

    emit_document(discovery(result), format_, output)
