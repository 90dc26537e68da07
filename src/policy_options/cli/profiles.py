"""``policy profiles`` (every weight profile side by side) and ``policy diff`` (two rankings)."""

from __future__ import annotations

from typing import Annotated

import typer

from policy_options.cli.common import (
    Format,
    FormatOpt,
    MethodOpt,
    OutputOpt,
    ScenarioOpt,
    StudyOpt,
    emit,
    load_in_scenario,
    terminal_for,
)
from policy_options.core.ranking import rank
from policy_options.core.weights import resolve_weights
from policy_options.errors import UsageError

ProfilesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="NAME|FILE",
        help="A weight profile to include (repeatable): a name from the study's weights/"
        " folder, or a YAML file. Default: every profile of the study.",
        show_default=False,
    ),
]
TwoProfilesOpt = Annotated[
    list[str],
    typer.Option(
        "--weights",
        "-w",
        metavar="NAME|FILE",
        help="Give it twice: the ranking to start from (A), then the one to compare (B).",
        show_default=False,
    ),
]


def profiles_command(
    study: StudyOpt = None,
    weights: ProfilesOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Rank the options under every weight profile side by side.

    Shows each option's rank and score under each profile, the top option under
    each, Kendall's tau-b between every two rankings (1 = same order, -1 =
    reversed), and the robust choice: the option whose worst rank across the
    profiles is best (ties broken by the better mean rank, then by id). Options
    are listed in that order.
    """
    from policy_options.core.profiles import compare_profiles
    from policy_options.render import workflow

    loaded = load_in_scenario(study, scenario)
    names = list(weights) if weights else list(loaded.profiles)
    if not names:
        raise UsageError(
            "the study has no weight profiles",
            hint="add one to its weights/ folder, or give --weights FILE",
        )
    for i, name in enumerate(names):
        if name in names[:i]:
            raise UsageError(f"weight profile '{name}' is given twice")
    result = compare_profiles(loaded, [resolve_weights(loaded, name) for name in names], method)
    if format_ is Format.table:
        from policy_options.render import console_workflow  # rich: only when drawing

        text = console_workflow.profiles(result, terminal_for(output))
    else:
        text = {
            Format.markdown: workflow.profiles_markdown,
            Format.csv: workflow.profiles_csv,
            Format.json: workflow.profiles_json,
        }[format_](result)
    emit(text, output)


def diff_command(
    weights: TwoProfilesOpt,
    study: StudyOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Compare two rankings: policy diff --weights A --weights B.

    Lists the options in B's order with their rank and score under A, how many
    places each moved (↑ rose, ↓ fell), the criteria whose normalised weights
    differ, and Kendall's tau-b between the two rankings.
    """
    if len(weights) != 2:
        raise UsageError(
            f"policy diff compares two rankings: give --weights twice (got {len(weights)})",
            hint="e.g. policy diff --weights balanced --weights deterrence-first",
        )
    from policy_options.core.profiles import diff_rankings
    from policy_options.render import workflow

    loaded = load_in_scenario(study, scenario)
    a, b = (rank(loaded, resolve_weights(loaded, name), method) for name in weights)
    result = diff_rankings(a, b)
    if format_ is Format.table:
        from policy_options.render import console_workflow  # rich: only when drawing

        text = console_workflow.diff(result, terminal_for(output))
    else:
        text = {
            Format.markdown: workflow.diff_markdown,
            Format.csv: workflow.diff_csv,
            Format.json: workflow.diff_json,
        }[format_](result)
    emit(text, output)
