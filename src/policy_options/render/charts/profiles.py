"""``profiles``: a bump chart, each option's rank under every weight profile.

One grey line per option, the robust choice (best worst rank, as ``policy profiles``)
in black; option labels at both ends, tied options sharing one label.
"""

from __future__ import annotations

from collections import defaultdict

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from policy_options.core.ranking.profiles import ProfilesComparison, ranks_of
from policy_options.render import fmt
from policy_options.render.charts import base


def draw(result: ProfilesComparison, width: float, height: float | None) -> Figure:
    ranks = [ranks_of(ranking) for ranking in result.rankings]
    n = len(ranks[0])
    columns = len(ranks)
    figure = base.figure(width, base.fitted_height(height, n, 0.34, 1.6))
    axes = figure.add_subplot()
    robust = result.robust.option
    xs = list(range(columns))
    for standing in reversed(result.standings):  # the robust choice drawn last, on top
        option = standing.option
        ys = [r[option] for r in ranks]
        highlight = option == robust
        axes.plot(
            xs,
            ys,
            color=base.INK if highlight else base.RULE,
            linewidth=2.4 if highlight else 1.2,
            marker="o",
            markersize=4 if highlight else 3,
            zorder=3 if highlight else 2,
        )
    titles = {key: base.wrap(option.title, 34) for key, option in result.study.options.items()}
    _labels(axes, ranks[0], -0.08, "right", robust, titles)
    _labels(axes, ranks[-1], columns - 1 + 0.08, "left", robust, titles)
    axes.set_xticks(xs, [base.wrap(r.weights.name, 11) for r in result.rankings])
    axes.xaxis.set_ticks_position("top")
    axes.tick_params(length=0)
    axes.set_xlim(-0.9 if columns > 1 else -1.5, columns - 1 + (0.9 if columns > 1 else 1.5))
    axes.set_ylim(n + 0.5, 0.5)
    axes.set_yticks([])
    for side in ("left", "bottom", "top", "right"):
        axes.spines[side].set_visible(False)
    method = str(result.rankings[0].method)
    what = (
        f"rank under each of {fmt.plural(columns, 'weight profile')}; black:"
        f" {result.study.options[robust].title},"
        f" the robust choice (worst rank {result.robust.worst})"
    )
    base.title(figure, axes, result.study, what, f"method: {method}")
    return figure


def _labels(
    axes: Axes, ranks: dict[str, int], x: float, ha: str, robust: str, titles: dict[str, str]
) -> None:
    """Option names beside their rank; tied options share one label."""
    at: dict[int, list[str]] = defaultdict(list)
    for option, rank in sorted(ranks.items()):
        at[rank].append(option)
    for rank, options in sorted(at.items()):
        names = "; ".join(titles.get(key, key) for key in options)
        axes.text(
            x,
            rank,
            f"{names}  {rank}" if ha == "right" else f"{rank}  {names}",
            ha=ha,
            va="center",
            fontsize=base.BASE_FONT - 2,
            linespacing=0.95,
            fontweight="bold" if robust in options else "normal",
            color=base.INK,
        )
