"""``acceptability``: the SMAA-2 rank-acceptability heat map, options x ranks, % in cells.

Options in the order of the base ranking; a cell is the share of Monte Carlo samples
that put the option at that rank (blank: never; '<1': under half a percent, blank too
beyond 15 options).
"""

from __future__ import annotations

from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from policy_options.core.uncertainty.montecarlo import MonteCarlo
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.render.charts import base

CELLS = LinearSegmentedColormap.from_list("acceptability", ["#FFFFFF", "#2166AC", "#053061"])
"""White to dark blue: one hue, readable in grey and under colour-vision deficiencies."""


TINY_SHOWN = 15
"""Up to this many options the cells under half a percent say '<1'; beyond, they are blank."""


def cell_text(share: float, options: int = TINY_SHOWN) -> str:
    """A cell's percentage: '37'; '<1' for a share that rounds to 0 but is not 0 (blank
    when there are many options, so that the large shares stand out); '>99' for one that
    rounds to 100 but is not 1; '' for none."""
    if share == 0:
        return ""
    text = f"{share * 100:.0f}"
    if text == "0":
        return "<1" if options <= TINY_SHOWN else ""
    if text == "100" and share < 1:
        return ">99"
    return text


def draw(result: MonteCarlo, width: float, height: float | None) -> Figure:
    rows = result.options
    n = len(rows)
    ranks = len(rows[0].acceptability) if rows else 0
    figure = base.figure(width, base.fitted_height(height, n, min(0.3, 6.0 / max(n, 1)), 1.9))
    axes = figure.add_subplot()
    shares = [list(row.acceptability) for row in rows]
    edges_x = [x - 0.5 for x in range(ranks + 1)]
    edges_y = [y - 0.5 for y in range(n + 1)]
    axes.pcolormesh(edges_x, edges_y, shares, cmap=CELLS, vmin=0.0, vmax=1.0)  # vector cells
    axes.set_ylim(n - 0.5, -0.5)
    size = max(4.0, min(base.BASE_FONT - 1, 130 / max(ranks, 1)))
    for y, row in enumerate(shares):
        for x, share in enumerate(row):
            text = cell_text(share, n)
            if text:
                axes.text(
                    x,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    color="white" if share > 0.45 else base.INK,
                    in_layout=False,  # inside the axes: no need to measure for the layout
                )
    axes.set_xticks(range(ranks), [str(r + 1) for r in range(ranks)])
    axes.set_yticks(range(n), [base.option_label(result.ranking.study, row.option) for row in rows])
    axes.tick_params(length=0, labelsize=max(5.0, min(base.BASE_FONT, 200 / max(n, 1))))
    axes.xaxis.set_ticks_position("top")
    axes.xaxis.set_label_position("top")
    axes.set_xlabel("rank")
    for side in ("left", "bottom", "top", "right"):
        axes.spines[side].set_visible(False)
    what = (
        f"rank acceptability (% of {result.samples:,} samples at each rank;"
        f" weights {_model(result)}"
        + (", uncertain scores drawn" if result.score_uncertainty else ", scores fixed")
        + f"; seed {result.seed})"
    )
    base.title(
        figure,
        axes,
        result.ranking.study,
        what,
        base.profile_detail(result.ranking.weights, result.ranking.method),
    )
    return figure


def _model(result: MonteCarlo) -> str:
    """How the weights were drawn, in a few words."""
    if result.weight_model is WeightModel.profile:
        return f"around the profile (K = {result.concentration:g})"
    if result.weight_model is WeightModel.ordinal:
        return "in the profile's order"
    return "uniform"
