"""``policy sensitivity weights|montecarlo|scores``: how far the ranking can be trusted.

numpy is imported inside the commands (through the core modules), never at the top of
this module: ``policy rank`` and ``policy --help`` load it without paying for numpy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from policy_options.cli.common import (
    ConcentrationOpt,
    Format,
    FormatOpt,
    JudgementsOpt,
    MethodOpt,
    OutputOpt,
    RevOpt,
    SamplesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    StudyOpt,
    WeightModelOpt,
    WeightsOpt,
    emit,
    emit_document,
    emit_json,
    study_and_weights,
    terminal_for,
)
from policy_options.cli.progress import progress
from policy_options.core.uncertainty.settings import (
    DEFAULT_CONFIDENCE_SAMPLES,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    PAIRWISE_ALL_UP_TO,
    PAIRWISE_TOP,
    WeightModel,
)
from policy_options.errors import UsageError
from policy_options.render.writers import PLAIN_WIDTH

sensitivity_app = typer.Typer(
    help="How far the ranking can be trusted: weight stability, Monte Carlo, tornado,"
    " value of information.",
    no_args_is_help=True,
)


@sensitivity_app.command("weights")
def weights_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Weight stability intervals: how far each weight can move before the top changes.

    Each criterion's weight runs from 0% to 100% while the other weights keep their
    ratios; every point where the top option changes is solved exactly (additive,
    weighted-product, promethee) or found by bisection to 1e-9 (topsis). Criteria are
    listed by how little their weight must move, relative to its value, to change the
    top option. weakest-link has no intervals (the size of a non-zero weight does not
    matter to it): it says which criteria, dropped, change the top option.
    """
    from policy_options.core.uncertainty.stability import weight_stability

    loaded, resolved = study_and_weights(study, weights, set_, scenario, rev, judgements=judgements)
    with progress("Stability intervals") as on_chunk:
        result = weight_stability(loaded, resolved, method, on_chunk=on_chunk)
    _render(format_, output, "weights", result)


@sensitivity_app.command("montecarlo")
def montecarlo_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: WeightModelOpt = WeightModel.uniform,
    concentration: ConcentrationOpt = None,
    fixed_scores: Annotated[
        bool,
        typer.Option(
            "--fixed-scores",
            help="Keep every score as given; without it, scores with a range are drawn from a"
            " triangular distribution (low, the score, high).",
        ),
    ] = False,
    confidence_samples: Annotated[
        int | None,
        typer.Option(
            "--confidence-samples",
            metavar="N",
            help="Score draws for each confidence factor."
            f" Default: --samples, at most {DEFAULT_CONFIDENCE_SAMPLES:,}.",
            show_default=False,
        ),
    ] = None,
    pairwise: Annotated[
        str | None,
        typer.Option(
            "--pairwise",
            metavar="all|top:K|none",
            help="Which pairs the pairwise matrix covers: every pair, those among the top K"
            " of the base ranking, or none (all pairs cost options x options per sample)."
            f" Default: all up to {PAIRWISE_ALL_UP_TO} options, else top:{PAIRWISE_TOP}.",
            show_default=False,
        ),
    ] = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Monte Carlo rank acceptability (SMAA-2) over sampled weights and score ranges.

    For each option: the share of samples placing it at each rank, the share where it
    comes first, its expected rank, its central weights (mean weights where it comes
    first) and confidence factor (how often it comes first at its central weights while
    only the scores vary); and for every pair, how often one ranks above the other.
    """
    from policy_options.core.uncertainty.montecarlo import smaa

    loaded, resolved = study_and_weights(study, weights, set_, scenario, rev, judgements=judgements)
    with progress("Monte Carlo") as on_chunk:
        result = smaa(
            loaded,
            resolved,
            method=method,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            concentration=concentration,
            fixed_scores=fixed_scores,
            confidence_samples=confidence_samples,
            pairwise=pairwise,
            on_chunk=on_chunk,
        )
    _render(format_, output, "montecarlo", result)


@sensitivity_app.command("scores")
def scores_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Score tornado: which uncertain scores could change the top option.

    Every score with a range is moved to its low and to its high, one at a time, and
    the leader's margin over the best other option is recomputed with the method (for
    topsis and promethee every option is scored again: they compare across options).
    Bars by swing; the terminal shows the 15 largest, the exports all of them.
    """
    from policy_options.core.uncertainty.tornado import score_tornado

    loaded, resolved = study_and_weights(study, weights, set_, scenario, rev, judgements=judgements)
    with progress("Score tornado") as on_chunk:
        result = score_tornado(loaded, resolved, method, on_chunk=on_chunk)
    _render(format_, output, "scores", result)


@sensitivity_app.command("value")
def value_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: Annotated[
        WeightModel | None,
        typer.Option(
            "--weight-model",
            case_sensitive=False,
            help="Draw the weights too (uniform, profile or ordinal, as in `policy sensitivity"
            " montecarlo`), each weight then an input worth finding out. Default: the weights"
            " as chosen; only the score ranges vary.",
            show_default=False,
        ),
    ] = None,
    concentration: ConcentrationOpt = None,
    packages: Annotated[
        bool,
        typer.Option(
            "--packages",
            help="The decision is the best package within the study's resources (as `policy"
            " portfolio`, additive, packages enumerated: at most 25 options), not the best"
            " option.",
        ),
    ] = False,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """What is worth finding out: the expected value of information of every uncertain input.

    EVPI: how much, in points of expected score out of 100, knowing every uncertain
    input before choosing would add. EVPPI of each ranged score (and of each weight
    with --weight-model), and of groups (all of one option's scores, all of one
    criterion's): what knowing that alone would add, estimated by regression on the
    Monte Carlo samples (Strong & Oakley 2013), with where along its range the best
    option changes. By value; inputs worth less than the Monte Carlo error say so.
    """
    from policy_options.core.uncertainty.value import value_of_information

    loaded, resolved = study_and_weights(study, weights, set_, scenario, rev)
    if packages:
        from policy_options.core.portfolio.value import package_value_of_information

        if method is not None and method != "additive":
            raise UsageError("--packages values packages with the additive model: drop --method")
        result = package_value_of_information(
            loaded,
            resolved,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            concentration=concentration,
        )
    else:
        result = value_of_information(
            loaded,
            resolved,
            method=method,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            concentration=concentration,
        )
    _render(format_, output, "value", result)


def _render(format_: Format, output: Path | None, kind: str, result: Any) -> None:
    """``result`` in ``format_``: JSON is the result's own data, the rest its view."""
    if format_ is Format.json:
        from policy_options.render import jsonout_sensitivity as jsonout

        if kind == "montecarlo":  # 1,000 options: 27 MB, streamed as it is written
            emit_json(jsonout.montecarlo_document(result), output)
            return
        dumps: dict[str, Callable[[Any], str]] = {
            "weights": jsonout.stability_json,
            "montecarlo": jsonout.montecarlo_json,
            "scores": jsonout.tornado_json,
            "value": jsonout.value_json,
        }
        emit(dumps[kind](result), output)
        return
    if kind == "weights":
        from policy_options.render.views.stability import stability

        document = stability(result)
    elif kind == "montecarlo":
        from policy_options.render.views.montecarlo import montecarlo

        width = terminal_for(output).width if format_ is Format.table else PLAIN_WIDTH
        document = montecarlo(result, width)
    elif kind == "value":
        from policy_options.render.views.value import value

        document = value(result)
    else:
        from policy_options.render.views.tornado import tornado

        document = tornado(result)
    emit_document(document, format_, output)
