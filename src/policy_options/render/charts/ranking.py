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

from policy_options.core.methods import Method
from policy_options.core.ranking.rank import Ranking
from policy_options.render.charts import base


def draw(result: Ranking, width: float, height: float | None) -> Figure:
    study = result.study
    rows = result.rows
    extra = sum(base.wrap(f"{row.rank}. {row.title}", 34).count("\n") for row in rows)
    figure = base.figure(width, base.fitted_height(height, len(rows), 0.3, 1.9 + 0.12 * extra))
    axes = figure.add_subplot()
    scale = result.score_per_contribution
    positions = range(len(rows))
    labels = [base.wrap(f"{row.rank}. {row.title}", 34) for row in rows]
    ends = [row.score * 100 for row in rows]
    if scale is None:
        axes.barh(positions, ends, color=base.RULE, height=0.66)
        what = f"scores out of 100 (contributions under {result.method} do not add up)"
    else:
        ends = _stacks(axes, result, scale)
        what = "scores out of 100, split into criterion contributions (points)"
        if result.method == Method.promethee:
            what = (
                "scores out of 100 (50 + half the net flow), split into each criterion's part:"
                " right of 50 for the option, pale left of it against"
            )
    for y, row, end in zip(positions, rows, ends, strict=True):
        axes.plot([row.score * 100] * 2, [y - 0.4, y + 0.4], color=base.INK, linewidth=1.2)
        text = f"{row.score * 100:.1f}"
        if row.fails:
            text += "  fails threshold: " + ", ".join(
                study.all_criteria[key].name for key in row.fails
            )
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
            label = base.contribution_label(study, key, 26)
            handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="white", label=label))
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(4, len(handles)),
            handlelength=1.2,
        )
    return figure


def _stacks(axes: Axes, result: Ranking, scale: float) -> list[float]:
    """Contributions stacked from the base score (0 additive, 50 PROMETHEE); the right ends.

    One ``barh`` per criterion (all options at once): positive parts stack rightwards
    from the base, negative parts (PROMETHEE) leftwards, paler.
    """
    study = result.study
    rows = result.rows
    parts = [[scale * row.contributions[key] * 100 for key in study.criteria] for row in rows]
    starts = [row.score * 100 - sum(points) for row, points in zip(rows, parts, strict=True)]
    right, left = list(starts), list(starts)
    for k, key in enumerate(study.criteria):
        colour, hatch = base.criterion_colour(study, key)
        widths = [points[k] for points in parts]
        positive = [(y, w) for y, w in enumerate(widths) if w > 0]
        negative = [(y, w) for y, w in enumerate(widths) if w < 0]
        for segment, sign in ((positive, 1), (negative, -1)):
            if not segment:
                continue
            ys = [y for y, _ in segment]
            if sign > 0:
                lefts = [right[y] for y in ys]
                for y, w in segment:
                    right[y] += w
            else:
                for y, w in segment:
                    left[y] += w
                lefts = [left[y] for y in ys]
            axes.barh(
                ys,
                [abs(w) for _, w in segment],
                left=lefts,
                color=colour,
                hatch=hatch,
                edgecolor="white",
                linewidth=0.4,
                height=0.66,
                alpha=1.0 if sign > 0 else 0.55,
            )
    for y, start in enumerate(starts):
        if abs(start) > 1e-9:  # PROMETHEE: the base of 50, where phi = 0
            axes.plot([start] * 2, [y - 0.5, y + 0.5], color=base.MUTED, linewidth=0.8)
    return right
