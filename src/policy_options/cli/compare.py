"""``policy compare``: the same study under several methods, side by side."""

from __future__ import annotations

from typing import Annotated

import typer

from policy_options.cli.common import (
    METHOD_CHOICES,
    ExcludeFailingOpt,
    Format,
    FormatOpt,
    JudgementsOpt,
    OutputOpt,
    ScenarioOpt,
    SetOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    emit_document,
    method_name,
    study_and_weights,
)


def compare_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    method: Annotated[
        list[str] | None,
        typer.Option(
            "--method",
            "-m",
            metavar=f"<list[{METHOD_CHOICES}]>",
            parser=method_name,
            help="A method to compare (repeatable). Default: every method.",
            show_default=False,
        ),
    ] = None,
    exclude_failing: ExcludeFailingOpt = False,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Rank under every method side by side: ranks, top option, Kendall's tau-b.

    Use it to see whether the ranking holds under more than one formula. The
    rows follow the first method's ranking. A method that repeats another by
    construction (promethee with no preference or value function: the additive
    ranking) is not counted as independent agreement; by default a method that
    cannot use a score (weighted-product-ratio on a 0) is left out, with the reason.
    """
    from policy_options.core.ranking.compare import compare_methods

    loaded, resolved = study_and_weights(study, weights, set_, scenario, judgements=judgements)
    result = compare_methods(loaded, resolved, method or (), exclude_failing=exclude_failing)
    if format_ is Format.json:
        from policy_options.render import jsonout

        emit(jsonout.comparison(result), output)
        return
    from policy_options.render.views.compare import comparison

    emit_document(comparison(result), format_, output)
