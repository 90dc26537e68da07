"""Terminal output with Rich for ``policy rank --watch`` (the ranking redrawn with each
option's move and score change, or the problem while a file is broken), and the header
helpers console_scenarios shares. The rest of the weights workflow (profiles, diff,
derived weights) is :mod:`policy_options.render.views.profiles`.

Like :mod:`policy_options.render.writers.console`: colour and box drawing on a terminal,
plain ASCII-boxed text in a pipe or a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import RenderableType
from rich.text import Text

from policy_options.core.ranking.rank import Ranking
from policy_options.render import fmt
from policy_options.render.escape import escape_controls
from policy_options.render.views.common import id_width
from policy_options.render.workflow import move_text
from policy_options.render.writers.console import PLAIN, Terminal, bar, new_table, render_to_text


def _header(title: str, subtitle: str) -> Text:
    text = Text(title, style="bold")
    text.append("\n" + subtitle, style="dim")
    return text


def _move_style(move: int | None) -> str:
    if move is None:
        return "bold cyan"
    if move > 0:
        return "bold green"
    if move < 0:
        return "bold red"
    return "dim"


def watch_ranking(
    ranking: Ranking,
    moves: Mapping[str, int | None] | None,
    changes: Mapping[str, float] | None,
    status: str,
    terminal: Terminal = PLAIN,
    gone: Sequence[tuple[str, int | None, int | None]] = (),
) -> str:
    """The ranking as ``--watch`` draws it: each option's move and score change since last time.

    ``gone``: options the last table showed that this one does not, as (id, rank now or
    None when removed from the study, move).
    """
    weights = ranking.weights
    subtitle = (
        f"profile: {weights.label} · method: {ranking.method} · {len(ranking.study.options)}"
        " options · scores out of 100"
    )
    table = new_table(terminal)
    table.add_column("#", justify="right")
    table.add_column("Move")
    table.add_column("Option", no_wrap=True, min_width=id_width(ranking.study.options))
    table.add_column("Title", ratio=1)
    table.add_column("Score", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("", no_wrap=True)
    for row in ranking.rows:
        move = None if moves is None else moves.get(row.option)
        move_cell = (
            Text("")
            if moves is None or (move == 0)
            else Text(move_text(move), style=_move_style(move))
        )
        change = "" if changes is None or row.option not in changes else changes[row.option]
        table.add_row(
            str(row.rank),
            move_cell,
            Text(escape_controls(row.option)),  # Text: no Rich markup read in a title
            Text(escape_controls(row.title)),
            fmt.points(row.score),
            fmt.signed_points(change) if isinstance(change, float) and change else "",
            bar(row.score, terminal),
        )
    items: list[RenderableType] = [
        _header(escape_controls(ranking.study.title), escape_controls(subtitle)),
        table,
    ]
    if gone:
        out = Text("No longer in the table: ", style="bold")
        out.append(
            escape_controls(
                "; ".join(
                    f"{key} (removed from the study)"
                    if rank is None
                    else f"{key} (now #{rank}, {move_text(move)})"
                    for key, rank, move in gone
                )
            )
        )
        items.append(out)
    return render_to_text(terminal, *items) + render_to_text(
        terminal, Text(status, style="dim"), soft_wrap=True
    )


def watch_problem(message: str, hint: str | None, status: str, terminal: Terminal = PLAIN) -> str:
    """What ``--watch`` shows in place of the table while a file is broken."""
    text = Text("error: ", style="bold red")
    text.append(escape_controls(message))
    if hint:
        text.append("\nhint: ", style="bold")
        text.append(escape_controls(hint))
    text.append(
        "\nThe table comes back when the file is fixed; moves are counted from the last good"
        " ranking.",
        style="dim",
    )
    return render_to_text(terminal, text, Text(status, style="dim"), soft_wrap=True)
