"""``policy info``: what the study is about and how it is set up."""

from __future__ import annotations

from policy_options.cli.common import (
    Format,
    FormatOpt,
    OutputOpt,
    ScenarioOpt,
    SetOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    study_and_weights,
    terminal_for,
)
from policy_options.render import csvout, jsonout, markdown


def info_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Show the study: its question, sources, criteria (with their weights) and profiles."""
    loaded, resolved = study_and_weights(study, weights, set_, scenario)
    if format_ is Format.table:
        from policy_options.render import console

        text = console.info(loaded, resolved, terminal_for(output))
    else:
        text = {
            Format.markdown: markdown.info,
            Format.csv: csvout.info,
            Format.json: jsonout.info,
        }[format_](loaded, resolved)
    emit(text, output)
