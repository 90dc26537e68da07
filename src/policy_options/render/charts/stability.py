"""``stability``: per criterion, the weights (0–100%) at which the top option stays on top.

One row per criterion, most sensitive first (as ``policy sensitivity weights``): the
interval in the criterion's colour, the rest of 0–100% in grey, the current weight a
black tick, and at each end of the interval the option that comes first beyond it.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from policy_options.core.methods import Method
from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability
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
    axes.set_yticks(
        range(len(rows)),
        [base.criterion_label(result.ranking.study, row.criterion) for row in rows],
    )
    axes.set_ylim(len(rows) - 0.5, -0.75)
    axes.set_xlim(0, 100)
    axes.set_xticks(range(0, 101, 20), [f"{x}%" for x in range(0, 101, 20)])
    axes.set_xlabel("weight of the criterion (the other weights keep their ratios)")
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    what = (
        f"where {result.ranking.study.options[result.top].title} stays on top as one weight"
        " runs from 0% to 100%"
    )
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
    names = {key: option.title for key, option in study.options.items()}
    below = None if row.below is None else f"{names[row.below]} below {low:.1f}%"
    above = None if row.above is None else f"above {high:.1f}%: {names[row.above]}"
    for x, ha, text in label_places(
        low, high, below, above, lambda t: CHAR_WIDTH * LABEL_FONT * len(t) * per_percent
    ):
        axes.text(x, y - 0.3, text, ha=ha, va="bottom", fontsize=LABEL_FONT, color=base.MUTED)
    axes.text(
        weight + 0.8 if weight < 88 else weight - 0.8,
        y + 0.2,
        f"now {weight:.1f}%",
        ha="left" if weight < 88 else "right",
        va="top",
        fontsize=LABEL_FONT - 0.5,
        color=base.INK,
    )


def label_places(
    low: float,
    high: float,
    below: str | None,
    above: str | None,
    width: Callable[[str], float],
) -> list[tuple[float, str, str]]:
    """Where the takers-over go on the line over a row: (x in %, alignment, text).

    The option below the interval ends at its lower end, the one above starts at its
    upper end, each on the outside where it fits; when one does not fit, both share one
    label (so they never overlap), placed where it fits, else from 0% (or ending at 100%).
    """
    fits_below = below is None or width(below) <= low
    fits_above = above is None or width(above) <= 100 - high
    if below is not None and above is not None and not (fits_below and fits_above):
        text = f"{below} · {above}"
        if width(text) <= 100 - high:
            return [(high, "left", text)]
        if width(text) <= low:
            return [(low, "right", text)]
        return [(0.0, "left", text)] if width(text) <= 100 else [(100.0, "right", text)]
    places = []
    if below is not None:
        places.append((low, "right", below) if fits_below else (low, "left", below))
    if above is not None:
        places.append((high, "left", above) if fits_above else (high, "right", above))
    return places
