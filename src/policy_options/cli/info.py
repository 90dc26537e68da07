"""``policy info``: what the study is about and how it is set up."""

from __future__ import annotations

from policy_options.cli.common import (
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
    study_and_weights,
)


def info_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Show the study: its question, sources, criteria (with their weights) and profiles."""
    loaded, resolved = study_and_weights(study, weights, set_, scenario, judgements=judgements)
    if format_ is Format.json:
        from policy_options.render import jsonout

        emit(jsonout.info(loaded, resolved), output)
        return
    from policy_options.render.views.info import info

    emit_document(info(loaded, resolved), format_, output)
