"""``policy rank``: the ranked table."""

from __future__ import annotations

from typing import Annotated

import typer

from policy_options.cli.common import (
    ExcludeFailingOpt,
    Format,
    FormatOpt,
    MethodOpt,
    OutputOpt,
    SetOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    study_and_weights,
    terminal_for,
)
from policy_options.core.ranking import rank
from policy_options.render import csvout, jsonout, markdown


def rank_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    exclude_failing: ExcludeFailingOpt = False,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=1,
            metavar="N",
            help="Show only the options ranked N or better (a tie at N shows whole).",
        ),
    ] = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Rank the options: score 0-100 under the chosen weights, best first.

    Each criterion's raw score becomes a 0-1 value on its declared scale (or
    through its value function); an option's score is the weighted sum of its
    values. Options within 1e-9 share a rank.
    """
    loaded, resolved = study_and_weights(study, weights, set_)
    result = rank(loaded, resolved, method, exclude_failing=exclude_failing).top(top)
    if format_ is Format.table:
        from policy_options.render import console

        text = console.ranking(result, terminal_for(output))
    else:
        text = {
            Format.markdown: markdown.ranking,
            Format.csv: csvout.ranking,
            Format.json: jsonout.ranking,
        }[format_](result)
    emit(text, output)
