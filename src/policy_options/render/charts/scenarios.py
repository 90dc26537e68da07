"""``scenarios``: every option's score in the base study and in each scenario.

One row per option (base-ranking order, as ``policy scenarios``): a grey line from its
worst to its best score across the futures, a black dot for the base study and an open
marker of its own shape for each scenario (shapes, not colours: the colours belong to
the criteria). The minimax-regret choice is in bold.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from policy_options.core.futures.regret import RegretAnalysis
from policy_options.core.study.files.scenario_file import BASE_SCENARIO
from policy_options.render.charts import base

MARKERS = ("s", "^", "D", "v", "P", "X", "<", ">", "h", "*")


def draw(result: RegretAnalysis, width: float, height: float | None) -> Figure:
    rows = result.options
    columns = result.scenarios
    figure = base.figure(width, base.fitted_height(height, len(rows), 0.3, 1.9))
    axes = figure.add_subplot()
    for y, row in enumerate(rows):
        scores = [row.scores[c.id] * 100 for c in columns]
        axes.plot([min(scores), max(scores)], [y, y], color=base.RULE, linewidth=2.0, zorder=1)
    handles = []
    for i, column in enumerate(columns):
        xs = [row.scores[column.id] * 100 for row in rows]
        if column.id == BASE_SCENARIO:
            style = {"marker": "o", "color": base.INK, "markersize": 5.5, "zorder": 4}
        else:
            marker = MARKERS[(i - 1) % len(MARKERS)]
            style = {
                "marker": marker,
                "color": base.MUTED,
                "markerfacecolor": "white",
                "markersize": 5.0,
                "zorder": 3,
            }
        axes.plot(xs, range(len(rows)), linestyle="none", **style)  # type: ignore[arg-type]
        label = "base study" if column.id == BASE_SCENARIO else base.wrap(column.name, 30)
        handles.append(Line2D([], [], linestyle="none", label=label, **style))  # type: ignore[arg-type]
    axes.set_yticks(range(len(rows)), [base.option_label(result.study, row.option) for row in rows])
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.option in result.minimax_regret:
            tick.set_fontweight("bold")
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("score (0–100) in each future")
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    axes.grid(axis="x", color="#EEEEEE", linewidth=0.8)
    axes.set_axisbelow(True)
    choice = "; ".join(result.study.options[key].title for key in result.minimax_regret)
    what = (
        f"scores in the base study and {len(columns) - 1} scenarios; bold: {choice},"
        " the minimax-regret choice"
    )
    detail = f"profile: {result.weights.label} · method: {result.method}"
    base.title(figure, axes, result.study, what, detail)
    figure.legend(handles=handles, loc="outside lower center", ncols=min(3, len(handles)))
    return figure
