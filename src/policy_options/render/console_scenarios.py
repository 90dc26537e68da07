"""Terminal output with Rich for `policy scenarios` and `policy scenarios discover`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from policy_options.core.futures.regret import RegretAnalysis
from policy_options.render import fmt
from policy_options.render.console_workflow import _header, _header_lines, _id_width
from policy_options.render.scenarios import (
    READING,
    RULE_NAMES,
    box_sentence,
    discovery_summary,
    probability_text,
    rules_sentence,
    satisfice_text,
    settings_text,
    weights_text,
)
from policy_options.render.writers.console import PLAIN, Terminal, new_table, render_to_text

if TYPE_CHECKING:
    from policy_options.core.futures.discovery import Discovery


def regret(result: RegretAnalysis, terminal: Terminal = PLAIN) -> str:
    """Scores (ranks) per scenario, the regret table, the choices; the verdict on top."""
    ids = [c.id for c in result.scenarios]
    heads = [_header_lines(s, 12) for s in ids]
    id_width = _id_width(o.option for o in result.options)
    subtitle = (
        f"{fmt.plural(len(ids), 'scenario')} (base first) · method: {result.method}"
        " · scores out of 100"
    )
    verdict = Text(rules_sentence(result), style="bold")
    scores = new_table(terminal, title="Score (rank) in each scenario", title_justify="left")
    scores.add_column("Option", no_wrap=True, min_width=id_width)
    for head in heads:
        scores.add_column(head, justify="right")
    for o in result.options:
        cells = []
        for s in ids:
            text = Text(f"{fmt.points(o.scores[s])} ({o.ranks[s]})")
            if o.ranks[s] == 1:
                text.stylize("bold")
            cells.append(text)
        scores.add_row(o.option, *cells)
    regrets = new_table(terminal, title="Regret (points)", title_justify="left")
    regrets.add_column("Option", no_wrap=True, min_width=id_width)
    for head in heads:
        regrets.add_column(head, justify="right")
    summary = new_table(terminal, title="Across the scenarios", title_justify="left")
    summary.add_column("Option", no_wrap=True, min_width=id_width)
    for label in ("Max regret", "Mean regret", "Expected score", "Worst score"):
        summary.add_column(label, justify="right")
    if result.satisfice is not None:
        summary.add_column(f"Satisficed (of {len(ids)})", justify="right")
    chosen = {key for ids_ in result.rules.values() for key in ids_}
    for o in result.options:
        regrets.add_row(o.option, *(fmt.points(o.regret[s]) for s in ids))
        extra = [str(o.satisficed)] if o.satisficed is not None else []
        summary.add_row(
            Text(o.option, style="bold green" if o.option in chosen else ""),
            fmt.points(o.max_regret),
            fmt.points(o.mean_regret),
            "–" if o.expected is None else fmt.points(o.expected),
            fmt.points(o.worst),
            *extra,
        )
    choices = Text("Choices: ", style="bold")
    choices.append(
        " · ".join(f"{RULE_NAMES[key]} {', '.join(ids_)}" for key, ids_ in result.rules.items())
    )
    note = Text(
        f"{READING}{satisfice_text(result)} {probability_text(result)} {weights_text(result)}",
        style="dim",
    )
    return render_to_text(
        terminal,
        _header(result.study.title, subtitle),
        verdict,
        scores,
        regrets,
        summary,
        choices,
        note,
    )


def discovery(result: Discovery, terminal: Terminal = PLAIN) -> str:
    """The failure rate, then each box: coverage, density and the sentence."""
    subtitle = (
        f"option: {result.option} · method: {result.method} · {result.samples:,} samples"
        f" · seed {result.seed}"
    )
    summary = Text(discovery_summary(result), style="bold")
    items: list[RenderableType] = [
        _header(f"Scenario discovery: {result.study.title}", subtitle),
        summary,
    ]
    if result.boxes:
        table = new_table(terminal)
        table.add_column("Box", justify="right")
        table.add_column("Coverage", justify="right")
        table.add_column("Density", justify="right")
        table.add_column("Where it loses", ratio=1)
        for i, box in enumerate(result.boxes):
            table.add_row(
                str(i + 1),
                fmt.percent(box.coverage),
                fmt.percent(box.density),
                box_sentence(box, result, i),
            )
        items.append(table)
    items.append(Text(settings_text(result), style="dim"))
    return render_to_text(terminal, *items)
