"""``policy profiles`` (every weight profile side by side) and ``policy diff`` (two rankings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy_options.cli.common import (
    Format,
    FormatOpt,
    JudgementsOpt,
    MethodOpt,
    OutputOpt,
    RevOpt,
    ScenarioOpt,
    StudyOpt,
    emit,
    emit_document,
    load_in_scenario,
)
from policy_options.core.ranking.rank import rank
from policy_options.core.study.weights import resolve_weights
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
    list[str] | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="NAME|FILE",
        help="Give it twice: the ranking to start from (A), then the one to compare (B)."
        " With --rev: once for the same profile in both versions, twice for one each;"
        " default: each version's default profile.",
        show_default=False,
    ),
]
RevsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rev",
        metavar="REV",
        help="Compare the study at git revision REV (the version before) with the working"
        " tree; give it twice to compare two revisions (before, then after).",
        show_default=False,
    ),
]


def profiles_command(
    study: StudyOpt = None,
    weights: ProfilesOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    rev: RevOpt = None,
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
    from policy_options.core.ranking.profiles import compare_profiles
    from policy_options.render import workflow

    loaded = load_in_scenario(study, scenario, rev, judgements=judgements)
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
    if format_ is Format.json:
        emit(workflow.profiles_json(result), output)
        return
    from policy_options.render.views.profiles import profiles

    emit_document(profiles(result), format_, output)


def diff_command(
    weights: TwoProfilesOpt = None,
    rev: RevsOpt = None,
    study: StudyOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Compare two rankings: --weights A --weights B, or the study at --rev A against now.

    Lists the options in B's order with their rank and score under A, how many
    places each moved (↑ rose, ↓ fell), and Kendall's tau-b between the two
    rankings. Two profiles: the criteria whose normalised weights differ. --rev:
    every edit between the two versions of the study (scores, weights, criteria,
    options) and the points each moved each option: exactly under the additive
    method (weight change × old value, new weight × value change), one edit at a
    time from the old version under the others.
    """
    if rev:
        _diff_revisions(rev, weights or [], study, method, scenario, format_, output)
        return
    weights = weights or []
    if len(weights) != 2:
        raise UsageError(
            f"policy diff compares two rankings: give --weights twice (got {len(weights)})",
            hint="e.g. policy diff --weights balanced --weights deterrence-first",
        )
    from policy_options.core.ranking.profiles import diff_rankings
    from policy_options.render import workflow

    loaded = load_in_scenario(study, scenario, judgements=judgements)
    a, b = (rank(loaded, resolve_weights(loaded, name), method) for name in weights)
    result = diff_rankings(a, b)
    if format_ is Format.json:
        emit(workflow.diff_json(result), output)
        return
    from policy_options.render.views.profiles import ranking_diff

    emit_document(ranking_diff(result), format_, output)


def _diff_revisions(
    revs: list[str],
    weights: list[str],
    study: Path | None,
    method: str | None,
    scenario: str | None,
    format_: Format,
    output: Path | None,
) -> None:
    """``policy diff --rev A [--rev B]``: what the edits between two versions did.

    With ``--scenario``, both versions are taken in that future (each with its own
    version of the scenario file).
    """
    if len(revs) > 2:
        raise UsageError(f"give --rev once or twice (got {len(revs)})")
    if len(weights) > 2:
        raise UsageError(f"give --weights at most twice (got {len(weights)})")
    from policy_options.core.ranking.revision_diff import diff_versions
    from policy_options.core.study.revision import WORKING_TREE
    from policy_options.render import revdiff

    before = load_in_scenario(study, scenario, revs[0])
    after = load_in_scenario(study, scenario, revs[1] if len(revs) == 2 else None)
    labels = (revs[0], revs[1] if len(revs) == 2 else WORKING_TREE)
    weights_a = resolve_weights(before, weights[0] if weights else None)
    weights_b = resolve_weights(after, weights[-1] if weights else None)
    result = diff_versions(before, weights_a, after, weights_b, method, labels)
    if format_ is Format.json:
        emit(revdiff.rev_diff_json(result), output)
        return
    from policy_options.render.views.revision_diff import revision_diff

    emit_document(revision_diff(result), format_, output)
