"""``tornado``: the leader's margin with each uncertain score at the low and high of its range.

The largest swings first (as ``policy sensitivity scores``); a bar runs from the margin
at one end of the range to the margin at the other, in the criterion's colour, solid
towards the high end and pale towards the low end. Left of the red line the leader
loses first place; the dashed line is the margin as given.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from policy_options.core.uncertainty.tornado import Tornado
from policy_options.errors import UsageError
from policy_options.render import fmt
from policy_options.render.charts import base

SHOWN = 15
"""Bars drawn: the largest swings (the terminal shows as many)."""


def draw(result: Tornado, width: float, height: float | None) -> Figure:
    if not result.bars:
        raise UsageError(
            "no score has a range: the tornado has nothing to draw",
            hint="give uncertain scores a range: [low, high] in the option files",
        )
    bars = result.bars[:SHOWN]
    study = result.ranking.study
    figure = base.figure(width, base.fitted_height(height, len(bars), 0.42, 1.9))
    axes = figure.add_subplot()
    margin = result.margin * 100
    for y, bar in enumerate(bars):
        colour, hatch = base.criterion_colour(study, bar.criterion)
        low, high = bar.margin_at_low * 100, bar.margin_at_high * 100
        axes.barh(y, low - margin, left=margin, color=colour, hatch=hatch, alpha=0.4, height=0.6)
        axes.barh(y, high - margin, left=margin, color=colour, hatch=hatch, height=0.6)
        if bar.changes_leader:
            lost_low = bar.top_at_low != result.leader
            taker = bar.top_at_low if lost_low else bar.top_at_high
            end = "low" if lost_low else "high"
            axes.text(
                max(low, high, margin),
                y,
                "  " + base.wrap(f"{end} end: {study.options[taker].title} first", 28),
                ha="left",
                va="center",
                fontsize=base.BASE_FONT - 1.5,
                color=base.FAIL,
            )
    axes.axvline(0, color=base.FAIL, linewidth=1.0)
    axes.axvline(margin, color=base.INK, linewidth=0.9, linestyle=(0, (4, 3)))
    labels = [
        base.wrap(
            f"{study.options[bar.option].title} · {study.all_criteria[bar.criterion].name}"
            f" ({fmt.raw(bar.low)}–{fmt.raw(bar.high)})",
            56,
        )
        for bar in bars
    ]
    axes.set_yticks(range(len(bars)), labels)
    axes.invert_yaxis()
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    left, right = axes.get_xlim()
    axes.set_xlim(min(left, -0.05 * (right - left)), right)
    axes.set_xlabel(
        base.wrap(
            f"margin of {study.options[result.leader].title} over the runner-up"
            " (points out of 100)",
            80,
        )
    )
    shown = (
        f"the {len(bars)} largest swings of {len(result.bars)} uncertain scores"
        if len(result.bars) > len(bars)
        else fmt.plural(len(bars), "uncertain score")
    )
    what = f"score tornado: {shown}; margin as given {fmt.signed_points(result.margin)}"
    base.title(
        figure,
        axes,
        study,
        what,
        base.profile_detail(result.ranking.weights, result.ranking.method),
    )
    figure.legend(
        handles=[
            Patch(facecolor=base.MUTED, label="score at the high end of its range"),
            Patch(facecolor=base.MUTED, alpha=0.4, label="at the low end"),
        ],
        loc="outside lower center",
        ncols=2,
    )
    return figure
