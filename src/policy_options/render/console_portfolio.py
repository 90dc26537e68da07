"""``policy portfolio`` on the terminal (Rich): the best package, what binds, the
runners-up, the frontier as a table and a text chart, and the robustness table."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from policy_options.core.portfolio.model import Portfolio
from policy_options.render import fmt
from policy_options.render.portfolio import (
    FRONTIER_SKIPPED,
    _more,
    amount,
    changes,
    constraints_line,
    difference,
    empty_line,
    engine_line,
    robustness_line,
)
from policy_options.render.writers.console import PLAIN, Terminal, bar, new_table, render_to_text

CHART_WIDTH = 40


def _header(result: Portfolio) -> Text:
    text = Text(f"Best package: {result.study.title}", style="bold")
    weights = result.weights
    text.append(
        f"\nprofile: {weights.label} · method: additive · values in points of the weights"
        f"\n{constraints_line(result)}\n{engine_line(result)}",
        style="dim",
    )
    return text


def _members(result: Portfolio, terminal: Terminal) -> RenderableType:
    study, best = result.study, result.best
    if not best.options:
        return Text(f"Value {fmt.points(best.value)}. {empty_line(result)}", style="bold")
    table = new_table(terminal, title=f"Value {fmt.points(best.value)}", title_justify="left")
    table.add_column("Option", ratio=3)
    table.add_column("Points alone", justify="right")
    resources = list(result.budget)
    for key in resources:
        table.add_column(study.spec.resources[key].name, justify="right")
    rob = result.robustness
    if rob is not None:
        table.add_column("Core index", justify="right")
    for key in best.options:
        option = study.options[key]
        label = Text(option.title)
        label.append(f"\n{key}", style="dim")
        row: list[RenderableType] = [label, fmt.points(result.option_values[key])]
        row += [amount(option.spec.costs.get(r, 0.0)) for r in resources]
        if rob is not None:
            row.append(fmt.percent(rob.core_index[key]))
        table.add_row(*row)
    return table


def _values(result: Portfolio, terminal: Terminal) -> RenderableType:
    study, best = result.study, result.best
    table = new_table(terminal, title="Value by criterion", title_justify="left")
    table.add_column("Criterion")
    table.add_column("Points", justify="right")
    for key, v in best.values.items():
        table.add_row(study.criteria[key].name, fmt.points(v))
    return table


def _costs(result: Portfolio, terminal: Terminal) -> RenderableType | None:
    if not result.budget:
        return None
    study, best = result.study, result.best
    table = new_table(terminal, title="Costs against limits", title_justify="left")
    for name, justify in [("Resource", "left"), ("Cost", "right"), ("Limit", "right")]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("At its limit")
    table.add_column("More would raise the value")
    for key, limit in result.budget.items():
        resource = study.spec.resources[key]
        table.add_row(
            f"{resource.name} ({resource.unit})" if resource.unit else resource.name,
            amount(best.costs[key]),
            amount(limit),
            "yes (binds)" if key in result.binding else "no",
            _more(result, key),
        )
    return table


def _notes(result: Portfolio) -> Text:
    study, best = result.study, result.best
    lines = []
    if result.size_binding:
        lines.append(f"The size limit ({result.size_max}) binds.")
    if best.interactions:
        lines.append("Active interactions:")
        lines += [
            f"  {i.options[0]} + {i.options[1]}: {study.criteria[i.criterion].name} {i.value:+g}"
            for i in best.interactions
        ]
    else:
        lines.append("No interaction is active.")
    if result.ties:
        lines.append(
            f"Tied with {fmt.plural(len(result.ties), 'other package')} (listed among the"
            " runners-up)."
        )
    return Text("\n".join(lines))


def _runners(result: Portfolio, terminal: Terminal) -> RenderableType | None:
    if not result.runners_up:
        return None
    best = result.best
    table = new_table(terminal, title="Runners-up", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Value", justify="right")
    table.add_column("Gap", justify="right")
    table.add_column("Differs from the best by", ratio=1)
    for n, package in enumerate(result.runners_up, start=2):
        table.add_row(
            str(n),
            fmt.points(package.value),
            fmt.points(best.value - package.value),
            difference(package, best),
        )
    return table


def _frontier(result: Portfolio, terminal: Terminal) -> list[RenderableType]:
    if result.frontier_skipped:
        return [Text(FRONTIER_SKIPPED, style="dim")]
    if not result.frontier or result.frontier_resource is None:
        return []
    resource = result.study.spec.resources[result.frontier_resource]
    unit = f" ({resource.unit})" if resource.unit else ""
    table = new_table(
        terminal, title=f"Efficient frontier: {resource.name}{unit}", title_justify="left"
    )
    table.add_column("Budget", justify="right")
    table.add_column("Value", justify="right")
    table.add_column("Change from the previous level", ratio=1)
    previous: tuple[str, ...] = ()
    top = max(point.package.value for point in result.frontier)
    chart = Text()
    for point in result.frontier:
        options = point.package.options
        table.add_row(
            amount(point.budget),
            fmt.points(point.package.value),
            " ".join(changes(options, previous)) or "(empty package)",
        )
        previous = options
        share = point.package.value / top if top > 0 else 0.0
        chart.append(f"{amount(point.budget):>8} ")
        chart.append_text(bar(max(0.0, share), terminal, CHART_WIDTH))
        chart.append(f" {fmt.points(point.package.value)}\n")
    return [table, Text(f"Value against {resource.name}{unit}:", style="bold"), chart]


def _robustness(result: Portfolio, terminal: Terminal) -> list[RenderableType]:
    rob = result.robustness
    if rob is None:
        return []
    table = new_table(terminal, title="Robustness: core index", title_justify="left")
    table.add_column("Option", ratio=3)
    table.add_column("Core index", justify="right")
    table.add_column("", width=12, no_wrap=True)
    table.add_column("Class")
    titles = {key: o.title for key, o in result.study.options.items()}
    for key, share in sorted(rob.core_index.items(), key=lambda kv: (-kv[1], kv[0])):
        label = Text(titles[key])
        label.append(f" · {key}", style="dim")
        table.add_row(label, fmt.percent(share), bar(share, terminal), result.core_class(key))
    note = Text(robustness_line(result) + ".", style="dim")
    return [table, note]


def portfolio(result: Portfolio, terminal: Terminal = PLAIN) -> str:
    items: list[RenderableType | None] = [
        _header(result),
        _members(result, terminal),
        _values(result, terminal),
        _costs(result, terminal),
        _notes(result),
        _runners(result, terminal),
        *_frontier(result, terminal),
        *_robustness(result, terminal),
    ]
    return render_to_text(terminal, *[item for item in items if item is not None])
