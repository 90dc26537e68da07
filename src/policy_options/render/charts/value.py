"""``value``: what each uncertain input is worth finding out (EVPPI), largest first.

One bar per input (as ``policy sensitivity value``), in points of expected score: a
score's bar in its criterion's colour, a group's grey; a pale bar is under the Monte
Carlo error (not distinguishable from nothing). The dashed line is the EVPI, what
knowing everything would be worth; a label names where the best option changes.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from policy_options.core.study.files.model import Study
from policy_options.core.uncertainty.value import ValueOfInformation
from policy_options.errors import UsageError
from policy_options.render.charts import base
from policy_options.render.value_text import input_label, value_points

SHOWN = 15
"""Bars drawn: the inputs worth most (the terminal shows as many)."""


def draw(result: ValueOfInformation, width: float, height: float | None) -> Figure:
    if not result.inputs:
        raise UsageError(
            "nothing is uncertain: the value chart has nothing to draw",
            hint="give uncertain scores a range: [low, high] in the option files",
        )
    items = result.inputs[:SHOWN]
    study = result.ranking.study
    figure = base.figure(width, base.fitted_height(height, len(items), 0.3, 1.9))
    axes = figure.add_subplot()
    for y, item in enumerate(items):
        if item.kind == "score" and item.criterion is not None:
            colour, hatch = base.criterion_colour(study, item.criterion)
        else:
            colour, hatch = base.MUTED, ""
        alpha = 1.0 if item.above_noise else 0.3
        axes.barh(y, item.evppi * 100, color=colour, hatch=hatch, alpha=alpha, height=0.6)
        if item.switches and item.above_noise:
            first = item.switches[0]
            at = f"{first.at:.0%}" if item.kind == "weight" else f"{first.at:.1f}"
            axes.text(
                item.evppi * 100,
                y,
                "  "
                + base.wrap(
                    f"changes at {at}: {_title(study, first.below)} → {_title(study, first.above)}",
                    40,
                ),
                ha="left",
                va="center",
                fontsize=base.BASE_FONT - 1.5,
                color=base.INK,
            )
    axes.axvline(result.evpi * 100, color=base.INK, linewidth=0.9, linestyle=(0, (4, 3)))
    axes.set_yticks(range(len(items)), [base.wrap(input_label(item, study), 48) for item in items])
    axes.invert_yaxis()
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    _left, right = axes.get_xlim()
    axes.set_xlim(0, max(right, result.evpi * 100 * 1.05) * 1.35)  # room for the labels
    axes.set_xlabel("expected value of partial perfect information (points out of 100)")
    shown = (
        f"the {len(items)} inputs worth most of {len(result.inputs)}"
        if len(result.inputs) > len(items)
        else f"{len(items)} uncertain inputs"
    )
    what = f"what is worth finding out: {shown}; EVPI {value_points(result.evpi)} points"
    base.title(
        figure,
        axes,
        study,
        what,
        base.profile_detail(result.ranking.weights, result.ranking.method),
    )
    figure.legend(
        handles=[
            Patch(facecolor=base.MUTED, label="a group of inputs"),
            Patch(facecolor=base.MUTED, alpha=0.3, label="under the Monte Carlo error"),
            Patch(facecolor="none", edgecolor=base.INK, linestyle="--", label="EVPI"),
        ],
        loc="outside lower center",
        ncols=3,
    )
    return figure


def _title(study: Study, key: str) -> str:
    """An option's title, or a package's (ids joined) as it is."""
    return study.options[key].title if key in study.options else key
