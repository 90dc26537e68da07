"""``stability``: per criterion, the weights (0–100%) at which the top option stays on top.

One row per criterion, most sensitive first (as ``policy sensitivity weights``): the
interval in the criterion's colour, the rest of 0–100% in grey, the current weight a
black tick, and at each end of the interval the option that comes first beyond it.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from policy_options.core.methods import Method
from policy_options.core.sensitivity.stability import CriterionStability, WeightStability
from policy_options.errors import UsageError
from policy_options.render.charts import base

LABEL_FONT = base.BASE_FONT - 1.5
CHAR_WIDTH = 0.56  # an average DejaVu Sans character, as a share of the font size


def draw(result: WeightStability, width: float, height: float | None) -> Figure:
    if result.method == Method.weakest_link:
        raise UsageError(
            "the stability chart draws weight intervals, and weakest-link has none"
            " (the size of a non-zero weight does not change an option's weakest value)",
            hint="see `policy sensitivity weights --method weakest-link` for the criteria"
            " whose removal changes the top option",
        )
    rows = result.criteria
    figure = base.figure(width, base.fitted_height(height, len(rows), 0.5, 1.5))
    axes = figure.add_subplot()
    for y, row in enumerate(rows):
        _row(axes, result, y, row, figure.get_figwidth())
    axes.set_yticks(range(len(rows)), [row.criterion for row in rows])
    axes.set_ylim(len(rows) - 0.5, -0.75)
    axes.set_xlim(0, 100)
    axes.set_xticks(range(0, 101, 20), [f"{x}%" for x in range(0, 101, 20)])
    axes.set_xlabel("weight of the criterion (the other weights keep their ratios)")
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    what = f"where {result.top} stays on top as one weight runs from 0% to 100%"
    if not result.exact:
        what += " (found by bisection)"
    base.title(
        figure,
        axes,
        result.ranking.study,
        what,
        base.profile_detail(result.ranking.weights, result.method),
    )
    return figure


def _row(
    axes: Axes, result: WeightStability, y: float, row: CriterionStability, fig_w: float
) -> None:
    study = result.ranking.study
    colour, hatch = base.criterion_colour(study, row.criterion)
    low, high = (100 * t for t in row.top_interval)
    axes.barh(y, 100, color="#EEEEEE", height=0.34)
    axes.barh(y, high - low, left=low, color=colour, hatch=hatch, edgecolor="white", height=0.34)
    weight = 100 * row.weight
    axes.plot([weight, weight], [y - 0.26, y + 0.26], color=base.INK, linewidth=2.0)
    per_percent = 100 / (0.78 * fig_w * 72)  # axis percent per point of text, roughly
    label_y = y - 0.3
    if row.below is not None:
        text = f"{row.below} below {low:.1f}%"
        fits = CHAR_WIDTH * LABEL_FONT * len(text) * per_percent <= low
        axes.text(
            low,
            label_y,
            text,
            ha="right" if fits else "left",
            va="bottom",
            fontsize=LABEL_FONT,
            color=base.MUTED,
        )
    if row.above is not None:
        text = f"above {high:.1f}%: {row.above}"
        fits = CHAR_WIDTH * LABEL_FONT * len(text) * per_percent <= 100 - high
        axes.text(
            high,
            label_y,
            text,
            ha="left" if fits else "right",
            va="bottom",
            fontsize=LABEL_FONT,
            color=base.MUTED,
        )
    axes.text(
        weight + 0.8 if weight < 88 else weight - 0.8,
        y + 0.2,
        f"now {weight:.1f}%",
        ha="left" if weight < 88 else "right",
        va="top",
        fontsize=LABEL_FONT - 0.5,
        color=base.INK,
    )
