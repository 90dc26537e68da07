"""``policy why A B``: why A is ranked above (or below) B, and what would flip them."""

from __future__ import annotations

from typing import Annotated

import typer

from policy_options.cli.common import (
    Format,
    FormatOpt,
    JudgementsOpt,
    MethodOpt,
    OutputOpt,
    ScenarioOpt,
    SetOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    emit_document,
    study_and_weights,
)


def why_command(
    a: Annotated[str, typer.Argument(metavar="A", help="An option's id.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Another option's id.")],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Why A is ranked above (or below) B, and the smallest change that flips them.

    The gap criterion by criterion; for each criterion the weight at which they
    tie (the others keeping their ratios), or "never"; the smallest change of all
    the weights at once (additive and weighted product: a linear programme); and
    for each of A's and B's scores the raw score that ties them, flagged as a
    plausible flip when it lies inside the score's declared range. JSON: gap and
    points 0..1, positive when A is above B.
    """
    from policy_options.core.why.analysis import why

    loaded, resolved = study_and_weights(study, weights, set_, scenario, judgements=judgements)
    result = why(loaded, resolved, a, b, method)
    if format_ is Format.json:
        from policy_options.render import why as render

        emit(render.json(result), output)
        return
    from policy_options.render.views.why import explanation

    emit_document(explanation(result), format_, output)
