"""Terminal output of the sensitivity results with Rich (the progress bar: console_progress).

On a terminal: colour and block characters; in a pipe or a file: plain ASCII, like
:mod:`policy_options.render.writers.console`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from policy_options.core.ranking.rank import Ranking
from policy_options.render import fmt
from policy_options.render import sensitivity as words
from policy_options.render.console_progress import ProgressBar as ProgressBar
from policy_options.render.console_progress import progress_bar as progress_bar
from policy_options.render.writers.console import PLAIN, Terminal, new_table, render_to_text

if TYPE_CHECKING:
    from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability
    from policy_options.core.uncertainty.tornado import Tornado, TornadoBar

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
