"""``frontier``: the value of the best package at each budget of one resource.

A step line through the efficient frontier of ``policy portfolio`` (each point: the
budget from which a package is the best one, and its value in points of the weights),
the budget of study.yaml as a dashed line and the best package within it labelled (the
report's table says what each step adds and drops).
"""

from __future__ import annotations

from matplotlib.figure import Figure

from policy_options.core.portfolio.model import Portfolio
from policy_options.render.charts import base


def draw(result: Portfolio, width: float, height: float | None) -> Figure:
    points = result.frontier
    resource = result.frontier_resource or ""
    spec = result.study.spec.resources[resource]
    figure = base.figure(width, height if height is not None else 4.6)
    axes = figure.add_subplot()
    limit = result.budget[resource]
    right = max(limit, points[-1].budget) * 1.08 or 1.0
    xs = [p.budget for p in points] + [right]
    ys = [p.package.value * 100 for p in points]
    axes.step(xs, [*ys, ys[-1]], where="post", color=base.INK, linewidth=1.6)
    axes.plot(xs[:-1], ys, linestyle="none", marker="o", color=base.INK, markersize=4)
    at_limit = [p for p in points if p.budget <= limit + 1e-9]
    if at_limit:
        best = at_limit[-1]
        axes.annotate(
            f"best within the budget: {len(best.package.options)} options,"
            f" {best.package.value * 100:.1f} points",
            (best.budget, best.package.value * 100),
            xytext=(0, 14),
            textcoords="offset points",
            ha="center",
            fontsize=base.BASE_FONT - 1,
            arrowprops={"arrowstyle": "-", "color": base.MUTED, "linewidth": 0.8},
        )
    axes.axvline(limit, color=base.FAIL, linewidth=1.0, linestyle=(0, (4, 3)))
    axes.text(
        limit,
        0.02,
        f" budget {limit:g}",
        transform=axes.get_xaxis_transform(),
        color=base.FAIL,
        fontsize=base.BASE_FONT - 1,
    )
    axes.set_xlim(0, right)
    axes.set_ylim(0, max(ys) * 1.2 + 1)
    unit = f" ({spec.unit})" if spec.unit else ""
    axes.set_xlabel(f"{spec.name}{unit}")
    axes.set_ylabel("value of the best package (points)")
    what = (
        f"efficient frontier against {spec.name}: the best package at each budget,"
        " the other budgets as in study.yaml"
    )
    detail = f"profile: {result.weights.label} · method: {result.method}"
    base.title(figure, axes, result.study, what, detail)
    return figure
