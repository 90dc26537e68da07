"""``policy rank``: the ranked table."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from policy_options.cli.common import (
    ExcludeFailingOpt,
    Format,
    JudgementsOpt,
    MethodOpt,
    OutputOpt,
    RevOpt,
    ScenarioOpt,
    SetOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    emit_document,
    study_and_weights,
)
from policy_options.core.ranking.rank import rank
from policy_options.core.ranking.verdict import verdict_check
from policy_options.errors import UsageError


class RankFormat(StrEnum):
    """``--format`` of rank: every format, and xmcda (the ranking as data, like json)."""

    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    xmcda = "xmcda"


RankFormatOpt = Annotated[
    RankFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format; xmcda: XMCDA 3 alternativesValues (scores and ranks).",
        case_sensitive=False,
    ),
]


def rank_command(
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
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
    format_: RankFormatOpt = RankFormat.table,
    output: OutputOpt = None,
    compact: Annotated[
        bool | None,
        typer.Option(
            "--compact/--full",
            help="One line per option (default on a terminal shorter than 40 rows), or the"
            " full table with contributions.",
            show_default=False,
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Keep running: redraw the table each time a file of the study or the weights"
            " file is saved, marking each option's move since the last draw. Ctrl-C stops.",
        ),
    ] = False,
) -> None:
    """Rank the options: score 0-100 under the chosen weights, best first.

    Each criterion's raw score becomes a 0-1 value on its declared scale (or
    through its value function); under the default additive method an option's
    score is the weighted sum of its values (--method picks another). Options
    within 1e-9 share a rank.
    """
    if watch:
        if rev is not None:
            raise UsageError("--watch follows the files on disk: drop --rev")
        if format_ is not RankFormat.table or output is not None:
            raise UsageError("--watch draws the table on the terminal: drop --format and --output")
        from policy_options.cli.watch import watch_ranking  # imports watchfiles

        watch_ranking(study, weights, set_ or (), top, method, exclude_failing, scenario)
        return
    loaded, resolved = study_and_weights(study, weights, set_, scenario, rev, judgements=judgements)
    whole = rank(loaded, resolved, method, exclude_failing=exclude_failing)
    check = verdict_check(whole)
    result = whole.top(top)
    if format_ is RankFormat.json:
        from policy_options.render import jsonout

        emit(jsonout.ranking(result, check), output)
        return
    if format_ is RankFormat.xmcda:
        from policy_options.core.interchange.xmcda import ranking_xmcda

        emit(ranking_xmcda(result), output)
        return
    from policy_options.render.views.rank import compact_ranking, ranking

    if compact is None:  # a short terminal gets one line per option
        compact = format_ is RankFormat.table and output is None and _short_terminal()
    view = compact_ranking if compact else ranking
    emit_document(view(result, check), Format(format_.value), output)


COMPACT_BELOW_ROWS = 40


def _short_terminal() -> bool:
    """Is stdout a terminal of fewer than 40 rows?"""
    import os
    import sys

    try:
        return sys.stdout.isatty() and os.get_terminal_size().lines < COMPACT_BELOW_ROWS
    except (OSError, ValueError):
        return False
