"""Terminal output with Rich for ``policy diff --rev``: what an edit of the study did."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from policy_options.core.ranking.revision_diff import StudyDiff
from policy_options.render import fmt
from policy_options.render.revdiff import (
    attribution_note,
    change_text,
    edit_text,
    profiles_label,
    rank_text,
    row_move,
    score_text,
    title_line,
)
from policy_options.render.workflow import tau_text
from policy_options.render.writers.console import PLAIN, Terminal, new_table, render_to_text


def _style(move: str) -> str:
    if move.startswith("↑") or move == "new":
        return "green"
    if move.startswith("↓") or move == "removed":
        return "red"
    return "dim"


def rev_diff(result: StudyDiff, terminal: Terminal = PLAIN) -> str:
    """The ranking after, each option's rank and score before, and the edits that moved it."""
    head = Text(title_line(result), style="bold")
    head.append(
        f"\nmethod: {result.b.method} · weights: {profiles_label(result)} · scores out of 100",
        style="dim",
    )
    table = new_table(terminal)
    table.add_column("#", justify="right")
    table.add_column("Option", no_wrap=True)
    table.add_column("Was", justify="right")
    table.add_column("Move")
    table.add_column("Before", justify="right")
    table.add_column("After", justify="right")
    table.add_column("Change", justify="right")
    for row in result.rows:
        move = row_move(row)
        table.add_row(
            rank_text(row.rank_b),
            row.option,
            rank_text(row.rank_a),
            Text(move, style=_style(move)),
            score_text(row.score_a),
            score_text(row.score_b),
            change_text(row),
        )
    items: list[RenderableType] = [head, table]
    moved = [row for row in result.rows if row.effects]
    if moved:
        edits = new_table(terminal, title="What moved each option", title_justify="left")
        edits.add_column("Option", no_wrap=True)
        edits.add_column("Edit")
        edits.add_column("Points", justify="right")
        for row in moved:
            for i, effect in enumerate(row.effects):
                edits.add_row(
                    row.option if i == 0 else "",
                    edit_text(effect.edit, row.option),
                    fmt.signed_points(effect.points),
                )
        items.append(edits)
    elif not result.edits:
        items.append(Text("No edit between the two versions changes a score."))
    items.append(Text(f"Kendall's tau-b over the options in both: {tau_text(result.tau)}"))
    items.append(Text(attribution_note(result), style="dim"))
    return render_to_text(terminal, *items)
