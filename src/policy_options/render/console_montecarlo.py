"""Terminal output of ``policy sensitivity montecarlo`` with Rich: the rank acceptability
heat map, first places with central weights, and pairwise shares.

On a terminal: colour; in a pipe or a file: plain ASCII, like
:mod:`policy_options.render.console_sensitivity`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from policy_options.render import fmt
from policy_options.render import sensitivity as words
from policy_options.render.console_sensitivity import _dot, _header, _open_table, _plain, _profile
from policy_options.render.writers.console import PLAIN, Terminal, render_to_text

if TYPE_CHECKING:
    from policy_options.core.uncertainty.montecarlo import MonteCarlo


# --- montecarlo -------------------------------------------------------------------------


def _share(p: float) -> str:
    """A share as a whole percentage for the heat map; '<1' and '>99' keep small tails honest."""
    if p == 0:
        return "."
    if p < 0.005:
        return "<1"
    if p > 0.995 and p < 1:
        return ">99"
    return f"{p * 100:.0f}"


def _heat(p: float, terminal: Terminal) -> str:
    if not terminal.is_terminal or p == 0:
        return "dim" if terminal.is_terminal else ""
    for threshold, style in (
        (0.5, "bold white on red3"),
        (0.25, "black on dark_orange"),
        (0.10, "black on gold3"),
        (0.02, "on grey35"),
    ):
        if p >= threshold:
            return style
    return ""


def montecarlo(result: MonteCarlo, terminal: Terminal = PLAIN) -> str:
    ranking = result.ranking
    n = len(result.options)
    dot = _dot(terminal)
    subtitle = f"Monte Carlo rank acceptability (SMAA-2){dot}{_plain(_profile(ranking), terminal)}"
    settings = Text(
        _plain(
            f"{result.samples:,} samples, seed {result.seed}.\n"
            f"Weights: {words.weight_model_text(result)}.\n"
            f"Scores: {words.score_model_text(result)}."
            + ("" if (mc_note := words.montecarlo_note(result)) is None else f"\n{mc_note}"),
            terminal,
        )
    )
    ids = [row.option for row in result.options]
    name_width, shown_ranks = _matrix_fit(terminal, ids, extra=6)
    heat = _matrix_table(
        terminal, "Rank acceptability: % of samples at each rank", name_width, shown_ranks
    )
    heat.add_column("Mean", justify="right", width=6, no_wrap=True)
    for i, row in enumerate(result.options, 1):
        cells = [Text(_share(p), style=_heat(p, terminal)) for p in row.acceptability[:shown_ranks]]
        name = _fit(row.option, name_width - 1, terminal)
        heat.add_row(str(i), Text(f" {name}"), *cells, f"{row.expected_rank:.2f}")

    firsts = [(i, row) for i, row in enumerate(result.options, 1) if row.central_weights]
    label_width = max(len(key) for key in (*ranking.weights.normalised, "confidence")) + 2
    room = max(1, (terminal.width - 2 - label_width - 9) // 8)
    shown, hidden = firsts[:room], firsts[room:]
    central = _open_table(
        terminal,
        title="First place: share of samples, confidence factor, central weights",
        title_justify="left",
    )
    central.add_column("", no_wrap=True)
    central.add_column("Profile", justify="right", no_wrap=True)
    for i, _ in shown:
        central.add_column(f"#{i}", justify="right", no_wrap=True)
    central.add_row("first", "", *(_pct1(row.first) for _, row in shown))
    central.add_row(
        "confidence",
        "",
        *("" if row.confidence is None else _pct1(row.confidence) for _, row in shown),
        end_section=True,
    )
    for key, w in ranking.weights.normalised.items():
        central.add_row(
            Text(key),
            fmt.percent(w),
            *(fmt.percent(row.central_weights[key]) for _, row in shown if row.central_weights),
        )

    covered = words.pairwise_rows(result)
    name_width, shown_columns = _matrix_fit(terminal, [row.option for _, row in covered], extra=0)
    pairwise = _matrix_table(
        terminal,
        "Pairwise: % of samples in which the row option ranks above the column option",
        name_width,
        shown_columns,
        [i for i, _ in covered],
    )
    for i, row in covered:
        cells = []
        for _, other in covered[:shown_columns]:
            if other.option == row.option:
                cells.append(Text("-", style="dim"))
            else:
                p = result.pairwise[row.option][other.option]
                cells.append(Text(_share(p), style=_heat(p, terminal)))
        pairwise.add_row(str(i), Text(f" {_fit(row.option, name_width - 1, terminal)}"), *cells)

    notes = [
        "Options are numbered (#) in base-ranking order. '.' means never, '<1' under 0.5%.",
        words.standard_error_text(result),
        words.confidence_text(result),
        "Central weights: mean weights of the samples in which the option comes first.",
    ]
    if (scope := words.pairwise_text(result)) is not None:
        notes.append(scope)
    if shown_ranks < n or shown_columns < len(covered):
        notes.append(
            f"Too narrow for all {n} columns: the tables stop at column"
            f" {shown_columns if covered else shown_ranks};"
            " see a wider terminal or --format markdown, csv or json."
        )
    if hidden:
        notes.append(
            f"{len(hidden)} more options come first in some samples"
            f" ({', '.join(f'#{i}' for i, _ in hidden)}): see --format json or csv."
        )
    note = Text(_plain(" ".join(notes), terminal), style="dim")
    return render_to_text(
        terminal,
        _header(ranking.study.title, subtitle),
        settings,
        heat,
        central,
        *([pairwise] if covered else []),
        note,
    )


def _matrix_fit(terminal: Terminal, ids: list[str], extra: int) -> tuple[int, int]:
    """(option column width, number columns shown) for a #-option-numbers table to fit."""
    usable = terminal.width - 2 - 3 - extra  # the box's edges, '#', a last column
    n = len(ids)
    if not n:
        return 12, 0
    name = min(max(len(i) for i in ids) + 1, max(12, usable - 4 * n))
    return name, max(1, min(n, (usable - name) // 4))


def _matrix_table(
    terminal: Terminal,
    title: str,
    name_width: int,
    columns: int,
    labels: list[int] | None = None,
) -> Table:
    """#, option, then narrow number columns (1.. or ``labels``): fixed widths, so no
    number is ever cut."""
    table = _open_table(terminal, title=title, title_justify="left", padding=(0, 0))
    table.add_column("#", justify="right", width=3, no_wrap=True)
    table.add_column(" Option", width=name_width, no_wrap=True)
    for r in (labels or range(1, columns + 1))[:columns]:
        table.add_column(str(r), justify="right", width=4, no_wrap=True)
    return table


def _fit(text: str, width: int, terminal: Terminal) -> str:
    """``text`` cut to ``width`` characters, the cut marked."""
    if len(text) <= width:
        return text
    return text[: width - 1] + ("…" if terminal.is_terminal else "~")


def _pct1(p: float) -> str:
    """A share with one decimal; a share that rounds to 0 but is not reads '<0.1%'."""
    if 0 < p < 0.0005:
        return "<0.1%"
    return f"{p * 100 + 0.0:.1f}%"
