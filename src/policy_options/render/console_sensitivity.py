"""Terminal output of the sensitivity results with Rich (the progress bar: console_progress).

On a terminal: colour and block characters; in a pipe or a file: plain ASCII, like
:mod:`policy_options.render.writers.console`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from policy_options.core.ranking import Ranking
from policy_options.render import fmt
from policy_options.render import sensitivity as words
from policy_options.render.console_progress import ProgressBar as ProgressBar
from policy_options.render.console_progress import progress_bar as progress_bar
from policy_options.render.writers.console import PLAIN, Terminal, new_table, render_to_text

if TYPE_CHECKING:
    from policy_options.core.sensitivity.montecarlo import MonteCarlo
    from policy_options.core.sensitivity.stability import CriterionStability, WeightStability
    from policy_options.core.sensitivity.tornado import Tornado, TornadoBar

STABILITY_BAR = 20
TORNADO_BAR = 32
TORNADO_TOP = 15

# ASCII box with no vertical lines: wide tables (a column per rank) stay within 120 columns.
PLAIN_OPEN = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def _header(title: str, subtitle: str) -> Text:
    text = Text(title, style="bold")
    text.append("\n" + subtitle, style="dim")
    return text


def _profile(ranking: Ranking) -> str:
    weights = ranking.weights
    profile = weights.profile
    if weights.name != weights.profile:
        profile += f" ({weights.name})"
    if weights.overrides:
        profile += " with " + ", ".join(f"{k}={v:g}" for k, v in weights.overrides)
    return f"profile: {profile} · method: {ranking.method}"


def _dot(terminal: Terminal) -> str:
    return " · " if terminal.is_terminal else " - "


def _plain(text: str, terminal: Terminal) -> str:
    """Swap the few non-ASCII marks of shared sentences for ASCII in plain output."""
    if terminal.is_terminal:
        return text
    for fancy, ascii_ in (("→", "->"), ("–", "-"), ("—", "-"), (" · ", " - "), ("±0.0", "0.0")):
        text = text.replace(fancy, ascii_)
    return text.replace("−", "-")


def _open_table(terminal: Terminal, **kwargs: object) -> Table:
    return Table(
        box=box.SIMPLE_HEAD if terminal.is_terminal else PLAIN_OPEN,
        header_style="bold" if terminal.is_terminal else "",
        **kwargs,  # type: ignore[arg-type]
    )


# --- weights ----------------------------------------------------------------------------


def stability_bar(
    criterion: CriterionStability, terminal: Terminal, width: int = STABILITY_BAR
) -> Text:
    """0-100% in ``width`` cells: where the top stays on top, the whole ranking stays, and now."""
    # ends to 9 decimals: a crossing at exactly a cell's edge (50%) must not flip the cell
    # with rounding noise (0.49999999999999994)
    top_lo, top_hi = (round(x, 9) for x in criterion.top_interval)
    order_lo, order_hi = (round(x, 9) for x in criterion.ranking_interval)
    marker = min(width - 1, int(round(criterion.weight, 9) * width))
    text = Text()
    for i in range(width):
        a, b = i / width, (i + 1) / width
        if i == marker:
            char, style = ("┃", "bold yellow") if terminal.is_terminal else ("|", "")
        elif b >= order_lo and a <= order_hi:
            char, style = ("█", "green") if terminal.is_terminal else ("#", "")
        elif b >= top_lo and a <= top_hi:
            char, style = ("█", "cyan") if terminal.is_terminal else ("=", "")
        else:
            char, style = ("·", "dim") if terminal.is_terminal else (".", "")
        text.append(char, style=style)
    return text


def stability(result: WeightStability, terminal: Terminal = PLAIN) -> str:
    ranking = result.ranking
    dot = _dot(terminal)
    subtitle = (
        f"weight stability{dot}{_plain(_profile(ranking), terminal)}{dot}top option: {result.top}"
    )
    summary = Text(_plain(words.stability_summary(result), terminal), style="bold")
    if not result.criteria:
        return _toggles(result, terminal, subtitle, summary)
    dash = "–" if terminal.is_terminal else "-"
    table = new_table(terminal)
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    table.add_column("Top stays\non top", justify="right", no_wrap=True)
    table.add_column("0%" + " " * (STABILITY_BAR - 6) + "100%", width=STABILITY_BAR, no_wrap=True)
    table.add_column("Ranking\nunchanged", justify="right", no_wrap=True)
    table.add_column("On top just below / above", ratio=1)
    for c in result.criteria:
        table.add_row(
            Text(c.criterion),
            fmt.percent(c.weight),
            f"{fmt.percent(c.top_interval[0])}{dash}{fmt.percent(c.top_interval[1])}",
            stability_bar(c, terminal),
            f"{fmt.percent(c.ranking_interval[0])}{dash}{fmt.percent(c.ranking_interval[1])}",
            Text(f"{c.below or dash} / {c.above or dash}"),
        )
    arrow = " → " if terminal.is_terminal else " -> "
    paths = Text("Top option as each weight runs from 0% to 100%:", style="bold")
    for c in result.criteria:
        paths.append(f"\n  {c.criterion}: ")
        paths.append(words.top_path(c, arrow))
    legend = (
        "Bar: 0% to 100% of the criterion's weight; "
        + ("cyan" if terminal.is_terminal else "'='")
        + f" where {result.top} stays on top, "
        + ("green" if terminal.is_terminal else "'#'")
        + " where the whole ranking stays as it is, "
        + ("┃" if terminal.is_terminal else "'|'")
        + " the current weight. "
        + " ".join(words.stability_notes(result))
        + " Criteria by how little their weight must move, relative to its value, to change"
        " the top option."
    )
    note = Text(_plain(legend, terminal), style="dim")
    return render_to_text(
        terminal, _header(ranking.study.title, subtitle), summary, table, paths, note
    )


def _toggles(result: WeightStability, terminal: Terminal, subtitle: str, summary: Text) -> str:
    """Weakest link: no intervals; the option on top once each criterion is dropped."""
    table = new_table(terminal)
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    table.add_column("Change")
    table.add_column("Then on top", ratio=1)
    for t in result.toggles:
        style = "bold" if t.changes_top and terminal.is_terminal else ""
        table.add_row(
            Text(t.criterion),
            fmt.percent(t.weight),
            "drop it (weight 0)" if t.weight > 0 else "give it weight",
            Text(t.top + ("" if terminal.is_terminal or not t.changes_top else " *"), style=style),
        )
    legend = (words.method_note(result) or "") + (
        "" if terminal.is_terminal else " '*': another option comes first."
    )
    note = Text(_plain(legend, terminal), style="dim")
    return render_to_text(
        terminal, _header(result.ranking.study.title, subtitle), summary, table, note
    )


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


# --- scores: tornado --------------------------------------------------------------------


def _signed(x: float, terminal: Terminal) -> str:
    return _plain(fmt.signed_points(x), terminal)


def _axis(bars: tuple[TornadoBar, ...], margin: float) -> tuple[float, float]:
    points = [0.0, margin]
    for bar in bars:
        points += [bar.margin_at_low, bar.margin_at_high]
    lo, hi = min(points), max(points)
    return (lo, hi) if hi > lo else (lo - 0.01, hi + 0.01)


def tornado_bar(
    bar: TornadoBar,
    margin: float,
    axis: tuple[float, float],
    terminal: Terminal,
    width: int = TORNADO_BAR,
) -> Text:
    """The margin over [axis]: the part reached with the score at its low, and at its high."""
    lo, hi = axis

    def column(x: float) -> int:
        return min(width - 1, max(0, round((x - lo) / (hi - lo) * (width - 1))))

    base, zero = column(margin), column(0.0)
    at_low, at_high = column(bar.margin_at_low), column(bar.margin_at_high)
    text = Text()
    for i in range(width):
        if min(base, at_low) <= i <= max(base, at_low) and at_low != base:
            char, style = ("█", "magenta") if terminal.is_terminal else ("-", "")
        elif min(base, at_high) <= i <= max(base, at_high) and at_high != base:
            char, style = ("█", "cyan") if terminal.is_terminal else ("+", "")
        elif i == zero:
            char, style = ("│", "dim") if terminal.is_terminal else ("|", "")
        elif i == base:
            char, style = ("┆", "dim") if terminal.is_terminal else (":", "")
        else:
            char, style = (" ", "")
        text.append(char, style=style)
    return text


def tornado(result: Tornado, terminal: Terminal = PLAIN) -> str:
    ranking = result.ranking
    study = ranking.study
    dot = _dot(terminal)
    subtitle = f"score tornado{dot}{_plain(_profile(ranking), terminal)}"
    verdict = Text(
        _plain(f"{words.tornado_leader_text(result)} {words.tornado_verdict(result)}", terminal),
        style="bold",
    )
    shown = result.bars[:TORNADO_TOP]
    axis = _axis(shown, result.margin)
    table = new_table(terminal)
    table.add_column("Option" + dot + "criterion", ratio=1)
    table.add_column("Score (range)", no_wrap=True)
    table.add_column("At low", justify="right")
    table.add_column("At high", justify="right")
    table.add_column(
        _signed(axis[0], terminal).ljust(TORNADO_BAR - 6) + _signed(axis[1], terminal).rjust(6),
        width=TORNADO_BAR,
        no_wrap=True,
    )
    dash = "–" if terminal.is_terminal else "-"
    for bar in shown:
        label = Text(bar.option)
        label.append(f"{dot}{bar.criterion}", style="dim")
        criterion = study.criteria[bar.criterion]
        style = "bold red" if terminal.is_terminal else ""
        table.add_row(
            label,
            Text(
                f"{fmt.with_unit(bar.value, criterion)}"
                f" ({fmt.raw(bar.low)}{dash}{fmt.raw(bar.high)})"
            ),
            Text(
                _signed(bar.margin_at_low, terminal), style=style if bar.margin_at_low < 0 else ""
            ),
            Text(
                _signed(bar.margin_at_high, terminal), style=style if bar.margin_at_high < 0 else ""
            ),
            tornado_bar(bar, result.margin, axis, terminal),
        )
    low_mark, high_mark, zero_mark, base_mark = (
        ("magenta", "cyan", "│", "┆") if terminal.is_terminal else ("'-'", "'+'", "'|'", "':'")
    )
    legend = (
        f"Margin of {result.leader} over the best other option, in points out of 100, with one"
        f" score at the low ({low_mark}) or high ({high_mark}) end of its range and everything"
        f" else as given; {zero_mark} marks 0 (left of it the leader loses first place),"
        f" {base_mark} the margin as given ({fmt.signed_points(result.margin)})."
        f" The {len(shown)} largest swings of {len(result.bars)} uncertain scores;"
        " all of them in --format markdown, csv or json."
    )
    note = Text(_plain(legend, terminal), style="dim")
    return render_to_text(terminal, _header(study.title, subtitle), verdict, table, note)
