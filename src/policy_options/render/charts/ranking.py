"""``ranking``: one horizontal bar per option, best on top, split into criterion contributions.

Where contributions add up to the score (additive: weight × value; PROMETHEE: the score
is 50 + half the sum of weight × net flow) the bar is the stack of them, positive ones
to the right of the base and negative ones to the left, and a tick marks the score.
Where they do not (weighted product, TOPSIS, weakest link) the bar is the score alone,
in grey, and the subtitle says so. Options failing a threshold are marked.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from policy_options.core.ranking import Ranking
from policy_options.render.charts import base


def draw(result: Ranking, width: float, height: float | None) -> Figure:
    study = result.study
    rows = result.rows
    figure = base.figure(width, base.fitted_height(height, len(rows), 0.27, 1.6))
    axes = figure.add_subplot()
    scale = result.score_per_contribution
    positions = range(len(rows))
    labels = [f"{row.rank}. {row.option}" for row in rows]
    ends = [row.score * 100 for row in rows]
    if scale is None:
        axes.barh(positions, ends, color=base.RULE, height=0.66)
        what = f"scores out of 100 (contributions under {result.method} do not add up)"
    else:
        ends = _stacks(axes, result, scale)
        what = "scores out of 100, split into criterion contributions (points)"
    for y, row, end in zip(positions, rows, ends, strict=True):
        axes.plot([row.score * 100] * 2, [y - 0.4, y + 0.4], color=base.INK, linewidth=1.2)
        text = f"{row.score * 100:.1f}"
        if row.fails:
            text += "  fails threshold: " + ", ".join(row.fails)
        axes.text(
            max(end, row.score * 100) + 1,
            y,
            text,
            va="center",
            fontsize=base.BASE_FONT - 1,
            color=base.FAIL if row.fails else base.INK,
            fontweight="bold" if row.fails else "normal",
        )
    axes.set_yticks(list(positions), labels)
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.fails:
            tick.set_color(base.FAIL)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("score (0–100)")
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    base.title(figure, axes, study, what, base.profile_detail(result.weights, result.method))
    if scale is not None:
        handles = []
        for key in study.criteria:
            colour, hatch = base.criterion_colour(study, key)
            handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="white", label=key))
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(4, len(handles)),
            handlelength=1.2,
        )
    return figure


def _stacks(axes: Axes, result: Ranking, scale: float) -> list[float]:
    """Contributions stacked from the base score (0 additive, 50 PROMETHEE); the right ends."""
    study = result.study
    ends = []
    for y, row in enumerate(result.rows):
        parts = [(key, scale * row.contributions[key] * 100) for key in study.criteria]
        start = row.score * 100 - sum(points for _, points in parts)
        right = left = start
        for key, points in parts:
            if points == 0:
                continue
            colour, hatch = base.criterion_colour(study, key)
            if points > 0:
                axes.barh(
                    y,
                    points,
                    left=right,
                    color=colour,
                    hatch=hatch,
                    edgecolor="white",
                    linewidth=0.4,
                    height=0.66,
                )
                right += points
            else:
                left += points
                axes.barh(
                    y,
                    -points,
                    left=left,
                    color=colour,
                    hatch=hatch,
                    edgecolor="white",
                    linewidth=0.4,
                    height=0.66,
                    alpha=0.55,
                )
        ends.append(right)
        if abs(start) > 1e-9:  # PROMETHEE: the base of 50, where phi = 0
            axes.plot([start] * 2, [y - 0.5, y + 0.5], color=base.MUTED, linewidth=0.8)
    return ends
