"""Terminal output with Rich for the weights workflow: profiles, diff, derived weights, watch.

Like :mod:`policy_options.render.writers.console`: colour and box drawing on a terminal,
plain ASCII-boxed text in a pipe or a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import RenderableType
from rich.text import Text

from policy_options.core.elicitation.derived_weights import DerivedWeights
from policy_options.core.ranking.profiles import ProfilesComparison, RankingDiff
from policy_options.core.ranking.rank import Ranking
from policy_options.core.study.files.model import StudyFile
from policy_options.render import fmt
from policy_options.render.workflow import (
    ORDER_NOTE,
    label,
    mean_rank_text,
    move_text,
    ratio_text,
    robust_sentence,
    tau_text,
)
from policy_options.render.writers.console import PLAIN, Terminal, bar, new_table, render_to_text


def _header(title: str, subtitle: str) -> Text:
    text = Text(title, style="bold")
    text.append("\n" + subtitle, style="dim")
    return text


def _header_lines(name: str, width: int = 10) -> str:
    """A long profile name broken after its hyphen nearest the middle: 'deterrence-\\nfirst'."""
    if len(name) <= width or "-" not in name.strip("-"):
        return name
    cuts = [i + 1 for i, char in enumerate(name) if char == "-" and 0 < i < len(name) - 1]
    cut = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return name[:cut] + "\n" + name[cut:]


def _id_width(ids: Iterable[str]) -> int:
    """Option ids are what the analyst types next: never cut them short."""
    return max((len(key) for key in ids), default=6)


def _move_style(move: int | None) -> str:
    if move is None:
        return "bold cyan"
    if move > 0:
        return "bold green"
    if move < 0:
        return "bold red"
    return "dim"


def profiles(result: ProfilesComparison, terminal: Terminal = PLAIN) -> str:
    """Rank (score) of every option under each profile, tops, tau-b matrix, robust choice."""
    labels = [label(r.weights) for r in result.rankings]
    method = result.rankings[0].method
    subtitle = (
        f"{len(labels)} weight profile{'s' * (len(labels) != 1)} · method: {method}"
        " · cells: rank (score out of 100) · sorted by worst rank"
    )
    id_width = _id_width(result.study.options)
    headers = [_header_lines(name) for name in labels]
    head_widths = [max(len(line) for line in header.split("\n")) for header in headers]

    def width_with(cell: int) -> int:  # the table's width with cells ``cell`` wide
        columns = [id_width, *(max(cell, w) for w in head_widths), 5, 5]
        return sum(columns) + 3 * len(columns) + 1

    # "12 (100.0)" on one line when everything fits, else the score under the rank;
    # on a terminal too narrow even for that, long ids fold rather than columns go missing
    one_line = width_with(9) <= terminal.width
    fits = width_with(6) <= terminal.width
    cell_width = 9 if one_line else 6
    ranks = new_table(terminal)
    if fits:
        ranks.add_column("Option", no_wrap=True, min_width=id_width)
    else:
        ranks.add_column("Option", overflow="fold")
    for header, head_width in zip(headers, head_widths, strict=True):
        ranks.add_column(
            header,
            justify="right",
            overflow="fold",
            min_width=max(cell_width, head_width) if fits else None,
        )
    ranks.add_column("Worst", justify="right")
    ranks.add_column("Mean", justify="right")
    for position, standing in enumerate(result.standings):
        cells: list[Text] = []
        for ranking in result.rankings:
            row = ranking.row(standing.option)
            gap = " " if one_line else "\n"
            text = Text(f"{row.rank}{gap}({fmt.points(row.score)})")
            if row.rank == 1:
                text.stylize("bold")
            cells.append(text)
        option = Text(standing.option, style="bold green" if position == 0 else "")
        ranks.add_row(option, *cells, str(standing.worst), mean_rank_text(standing.mean))
    tops = Text("Top option: ", style="bold")
    tops.append(" · ".join(f"{name} {', '.join(result.top(i))}" for i, name in enumerate(labels)))
    tau_title = Text("Kendall's tau-b between the rankings ", style="bold")
    tau_title.append("(1 = same order, −1 = reversed)")
    tau = new_table(terminal)
    tau.add_column("")
    for name in labels:
        tau.add_column(_header_lines(name), justify="right", overflow="fold")
    for name, taus in zip(labels, result.tau, strict=True):
        tau.add_row(name, *(tau_text(t) for t in taus))
    robust = Text("Robust choice: ", style="bold")
    robust.append(robust_sentence(result))
    note = Text(ORDER_NOTE, style="dim")
    return render_to_text(
        terminal, _header(result.study.title, subtitle), ranks, tops, tau_title, tau, robust, note
    )


def diff(result: RankingDiff, terminal: Terminal = PLAIN) -> str:
    """Ranking B, each option's rank and score under A and its move; the weights that differ."""
    a, b = label(result.a.weights), label(result.b.weights)
    study = result.a.study
    subtitle = f"{a} → {b} · method: {result.b.method} · scores out of 100"
    table = new_table(terminal)
    table.add_column("#", justify="right")
    table.add_column("Option", no_wrap=True, min_width=_id_width(study.options))
    table.add_column(f"Was\n({_header_lines(a)})", justify="right", overflow="fold")
    table.add_column("Move", justify="left")
    table.add_column(f"Score\n{_header_lines(a)}", justify="right", overflow="fold")
    table.add_column(f"Score\n{_header_lines(b)}", justify="right", overflow="fold")
    table.add_column("Change", justify="right")
    for row in result.rows:
        table.add_row(
            str(row.rank_b),
            row.option,
            str(row.rank_a),
            Text(move_text(row.move), style=_move_style(row.move)),
            fmt.points(row.score_a),
            fmt.points(row.score_b),
            fmt.signed_points(row.score_b - row.score_a),
        )
    items: list[RenderableType] = [_header(study.title, subtitle), table]
    if result.weight_changes:
        weights = new_table(terminal, title="Criteria weights that differ", title_justify="left")
        weights.add_column("Criterion")
        weights.add_column(a, justify="right")
        weights.add_column(b, justify="right")
        weights.add_column("Change (points)", justify="right")
        for change in result.weight_changes:
            weights.add_row(
                change.criterion,
                fmt.percent(change.a),
                fmt.percent(change.b),
                fmt.signed_points(change.b - change.a),
            )
        items.append(weights)
    else:
        items.append(Text("The two profiles give every criterion the same normalised weight."))
    tau = Text("Kendall's tau-b: ", style="bold")
    tau.append(f"{tau_text(result.tau)} (1 = same order, −1 = reversed)")
    items.append(tau)
    items.append(Text(f"Move: places gained from {a} to {b}.", style="dim"))
    return render_to_text(terminal, *items)


def derived_weights(study: StudyFile, derived: DerivedWeights, terminal: Terminal = PLAIN) -> str:
    """The weights a method derived, largest first, with what they came from."""
    weights = derived.normalised
    table = new_table(terminal)
    table.add_column("Criterion")
    table.add_column("Name")
    table.add_column("Weight", justify="right")
    table.add_column("", no_wrap=True)
    if derived.method == "swing":
        table.add_column("Points", justify="right")
    order = sorted(study.criteria, key=lambda key: -weights[key])
    for key in order:
        cells: list[str | Text] = [
            key,
            study.criteria[key].name,
            fmt.percent(weights[key]),
            bar(weights[key], terminal),
        ]
        if derived.method == "swing":
            cells.append(fmt.raw(derived.raw[key]))
        table.add_row(*cells)
    head = _header(
        f"{derived.label} for {study.title}",
        f"method: {derived.method} · {len(study.criteria)} criteria",
    )
    items: list[RenderableType] = [head, table]
    result = derived.ahp
    if result is not None:
        line = Text("Consistency: ", style="bold")
        verdict = "acceptable" if result.consistent else "above 0.10: revisit the judgements"
        line.append(
            f"CR {result.consistency_ratio:.3f} ({verdict}); λmax {result.lambda_max:.3f},"
            f" CI {result.consistency_index:.3f}, Saaty's random index {result.random_index:.2f}"
            f" for n = {len(result.criteria)}"
        )
        worst = result.most_inconsistent
        if worst is not None:
            line.append(
                f"\nMost inconsistent judgement: {worst.row} vs {worst.column} ="
                f" {ratio_text(worst.given)}, where the weights imply {ratio_text(worst.implied)}"
            )
        items.append(line)
    if derived.left_out:
        items.append(Text("Weight 0 (not judged): " + ", ".join(derived.left_out), style="yellow"))
    items.append(Text(derived.description, style="dim"))
    return render_to_text(terminal, *items)


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
    table.add_column("Option", no_wrap=True, min_width=_id_width(ranking.study.options))
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
            row.option,
            row.title,
            fmt.points(row.score),
            fmt.signed_points(change) if isinstance(change, float) and change else "",
            bar(row.score, terminal),
        )
    items: list[RenderableType] = [_header(ranking.study.title, subtitle), table]
    if gone:
        out = Text("No longer in the table: ", style="bold")
        out.append(
            "; ".join(
                f"{key} (removed from the study)"
                if rank is None
                else f"{key} (now #{rank}, {move_text(move)})"
                for key, rank, move in gone
            )
        )
        items.append(out)
    return render_to_text(terminal, *items) + render_to_text(
        terminal, Text(status, style="dim"), soft_wrap=True
    )


def watch_problem(message: str, hint: str | None, status: str, terminal: Terminal = PLAIN) -> str:
    """What ``--watch`` shows in place of the table while a file is broken."""
    text = Text("error: ", style="bold red")
    text.append(message)
    if hint:
        text.append("\nhint: ", style="bold")
        text.append(hint)
    text.append(
        "\nThe table comes back when the file is fixed; moves are counted from the last good"
        " ranking.",
        style="dim",
    )
    return render_to_text(terminal, text, Text(status, style="dim"), soft_wrap=True)
