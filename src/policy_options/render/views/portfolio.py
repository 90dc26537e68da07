"""``policy portfolio``: the best package, what binds, the runners-up, the frontier and
the robustness table.

A terminal shows each member with its points and costs, the frontier's words.changes and a
bar chart; a page lists the members, each frontier level's package, and the weights;
CSV has one row per option (in the best package?, its value alone, costs, its share of
samples in the best package, kept as ``core_index``, and RPM's core index when asked for).
"""

from __future__ import annotations

from collections.abc import Callable

from policy_options.core.portfolio.model import Portfolio
from policy_options.render import fmt
from policy_options.render import portfolio as words
from policy_options.render.document import (
    DATA,
    DISPLAY,
    INTEGER,
    PAGE,
    POINTS,
    TERMINAL,
    Bar,
    Bars,
    Block,
    Cell,
    Column,
    Document,
    Heading,
    Items,
    Note,
    Number,
    Paragraph,
    Span,
    Text,
    cells,
    code,
    table,
    terminal,
)
from policy_options.render.views.common import weights_note

CHART_WIDTH = 40


def portfolio(result: Portfolio) -> Document:
    study = result.study
    blocks: list[Block] = [
        Heading(Text.of(f"Best package: {study.title}"), 1),
        Paragraph(
            Text.of(
                f"Constraints: {words.constraints_line(result)}. Method: additive, value in points"
                f" of the weights ({result.weights.label}); {words.engine_line(result)};"
                f" {words.baseline_line(result)}."
            ),
            media=PAGE,
        ),
        *_members(result),
        *_costs(result),
        *_notes(result),
        *_runners(result),
        *_frontier(result),
        *_robustness(result),
        *_rpm(result),
        Paragraph(weights_note(study, result.weights, result.method), media=PAGE),
        _data(result),
    ]
    return Document(
        Text.of(f"Best package: {study.title}", media=TERMINAL),
        tuple(blocks),
        Text.of(
            f"profile: {result.weights.label} · method: additive · values in points of the"
            f" weights\n{words.constraints_line(result)}\n{words.engine_line(result)}"
            f"\n{words.baseline_line(result)}"
        ),
    )


def _members(result: Portfolio) -> list[Block]:
    study, best = result.study, result.best
    value = f"Value {fmt.points(best.value)}"
    blocks: list[Block] = []
    if not best.options:
        blocks += [
            Paragraph(Text.of(f"{value}. {words.empty_line(result)}"), "strong", TERMINAL),
            Paragraph(Text.of(Span(words.empty_line(result), "strong")), media=PAGE),
        ]
    blocks.append(
        Paragraph(
            Text.of(Span(value, "strong"), f" with {fmt.plural(len(best.options), 'option')}:"),
            media=PAGE,
        )
    )
    blocks.append(
        table(
            [Column("Option"), Column("Id")],
            ([study.options[key].title, Text.of(code(key))] for key in best.options),
            media=PAGE,
        )
    )
    if best.options:
        resources = list(result.budget)
        rob = result.robustness
        columns = [
            Column("Option", grow=3),
            Column("Points alone", align="right"),
            *(Column(study.spec.resources[r].name, align="right") for r in resources),
            *([Column("Factor", align="right")] if result.factors else []),
            *([Column("In best (samples)", align="right")] if rob is not None else []),
        ]
        rows: list[list[Cell]] = []
        for key in best.options:
            option = study.options[key]
            core = [fmt.percent(rob.core_index[key])] if rob is not None else []
            factor = [f"{result.factors[key]:.2f}"] if result.factors else []
            rows.append(
                [
                    Text.of(option.title, Span(f"\n{key}", "muted")),
                    fmt.points(result.option_values[key]),
                    *(fmt.amount(option.spec.cost_values.get(r, 0.0)) for r in resources),
                    *factor,
                    *core,
                ]
            )
        blocks.append(table(columns, rows, value, TERMINAL))
    blocks.append(
        table(
            [Column("Criterion"), Column("Points", align="right")],
            ([study.criteria[key].name, fmt.points(v)] for key, v in best.values.items()),
            terminal("Value by criterion"),
            DISPLAY,
        )
    )
    return blocks


def _costs(result: Portfolio) -> list[Block]:
    if not result.budget:
        return []
    study, best = result.study, result.best
    columns = [
        Column("Resource"),
        Column("Cost", align="right"),
        Column("Limit", align="right"),
        Column("At its limit"),
        Column("More would raise the value"),
    ]
    rows = [
        cells(
            words.named(study.spec.resources[key]),
            fmt.amount(best.costs[key]),
            fmt.amount(limit),
            Text.of("yes", terminal(" (binds)")) if key in result.binding else "no",
            words.more_line(result, key),
        )
        for key, limit in result.budget.items()
    ]
    return [table(columns, rows, terminal("Costs against limits"), DISPLAY)]


def _notes(result: Portfolio) -> list[Block]:
    study, best = result.study, result.best
    size = f"The size limit ({result.size_max}) binds."
    blocks: list[Block] = []
    lines = words.red_line_lines(result)
    blocks += [Paragraph(Text.of(line), media=PAGE) for line in lines]
    if result.size_binding:
        lines.append(size)
        blocks.append(Paragraph(Text.of(size), media=PAGE))
    items, shown = [], []
    for i in best.interactions:
        tail = f": {study.criteria[i.criterion].name} {i.value:+g}"
        shown.append(f"  {i.options[0]} + {i.options[1]}{tail}")
        items.append(Text.of(code(i.options[0]), " + ", code(i.options[1]), tail))
    if items:
        lines += ["Active interactions:", *shown]
        blocks += [
            Paragraph(Text.of("Active interactions:"), media=PAGE),
            Items(tuple(items), media=PAGE),
        ]
    else:
        lines.append("No interaction is active.")
    if result.ties:
        lines.append(
            f"Tied with {fmt.plural(len(result.ties), 'other package')} (listed among the"
            " runners-up)."
        )
    return [Paragraph(Text.of("\n".join(lines)), media=TERMINAL), *blocks]


def _runners(result: Portfolio) -> list[Block]:
    if not result.runners_up:
        return []
    best = result.best
    columns = [
        Column("#", kind=INTEGER),
        Column("Value", kind=POINTS),
        Column("Gap", kind=POINTS),
        Column("Differs from the best by", media=TERMINAL, grow=1),
        Column("Differs by", media=PAGE),
    ]
    rows = [
        cells(
            n,
            package.value,
            best.value - package.value,
            words.difference(package, best),
            words.difference(package, best),
        )
        for n, package in enumerate(result.runners_up, start=2)
    ]
    return [
        Heading(Text.of("Runners-up")),
        table(columns, rows, terminal("Runners-up"), DISPLAY),
    ]


def _frontier(result: Portfolio) -> list[Block]:
    skipped: list[Block] = (
        [Note(Text.of(words.FRONTIER_SKIPPED))] if result.frontier_skipped else []
    )
    if not result.frontier or result.frontier_resource is None:
        return skipped
    resource = words.named(result.study.spec.resources[result.frontier_resource])
    columns = [
        Column("Budget", align="right"),
        Column("Value", kind=POINTS),
        Column("Change from the previous level", media=TERMINAL, grow=1),
        Column("Best package", media=PAGE),
    ]
    top = max(point.package.value for point in result.frontier)
    rows, bars = [], []
    previous: tuple[str, ...] = ()
    for point in result.frontier:
        options, value, budget = point.package.options, point.package.value, point.budget
        changed = " ".join(words.changes(options, previous)) or "(empty package)"
        rows.append(cells(fmt.amount(budget), value, changed, ", ".join(options) or "(none)"))
        bars.append((fmt.amount(budget), value / top if top > 0 else 0.0, fmt.points(value)))
        previous = options
    title = f"Efficient frontier: {resource}"
    frontier: list[Block] = [
        Heading(Text.of(title)),
        # on a terminal, the note on a skipped frontier stands for it
        table(columns, rows, terminal(title), PAGE if skipped else DISPLAY),
    ]
    if skipped:
        return [*frontier, *skipped]
    return [
        *frontier,
        Paragraph(Text.of(f"Value against {resource}:"), "strong", TERMINAL),
        Bars(tuple(bars), CHART_WIDTH),
    ]


def _robustness(result: Portfolio) -> list[Block]:
    rob = result.robustness
    if rob is None:
        return []
    titles = {key: o.title for key, o in result.study.options.items()}
    line = f"{words.robustness_line(result)}."
    title = "Robustness: share of samples in the best package"
    return [
        Heading(Text.of("Robustness")),
        Paragraph(Text.of(line), media=PAGE),
        _shares(titles, rob.core_index, result.core_class, "In best package", title),
        Note(Text.of(line), TERMINAL),
    ]


def _shares(
    titles: dict[str, str],
    shares: dict[str, float],
    classify: Callable[[str], str],
    heading: str,
    title: str,
) -> Block:
    """Options by decreasing share, with a bar and their class."""
    columns = [
        Column("Option", grow=3),
        Column(heading, align="right"),
        Column(kind=Bar(), media=TERMINAL),
        Column("Class"),
    ]
    rows = [
        cells(
            Text.of(titles[key], terminal(Span(f" · {key}", "muted"))),
            fmt.percent(share),
            share,
            classify(key),
        )
        for key, share in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return table(columns, rows, terminal(title), DISPLAY)


def _rpm(result: Portfolio) -> list[Block]:
    rpm = result.rpm
    if rpm is None:
        return []
    titles = {key: o.title for key, o in result.study.options.items()}
    line = f"{words.rpm_line(result)}."
    title = f"Robust Portfolio Modeling: core index ({rpm.weight_info})"
    return [
        Heading(Text.of(title)),
        Paragraph(Text.of(line), media=PAGE),
        _shares(titles, rpm.core_index, rpm.core_class, "RPM core index", title),
        Note(Text.of(line), TERMINAL),
    ]


def _data(result: Portfolio) -> Block:
    """One row per option: in the best package?, its value alone, costs, core index."""
    resources = list(result.budget)
    rob = result.robustness
    columns = [
        Column(key="option"),
        Column(key="title"),
        Column(key="in_best", kind=INTEGER),
        Column(key="points_alone", kind=Number()),
        *(Column(key=f"cost_{r}", kind=Number()) for r in resources),
    ]
    if rob is not None:
        columns += [Column(key="core_index", kind=Number()), Column(key="class")]
    if result.rpm is not None:
        columns += [Column(key="rpm_core_index", kind=Number()), Column(key="rpm_class")]
    rows: list[list[Cell]] = []
    for key, option in result.study.options.items():
        costs = [float(option.spec.cost_values.get(r, 0.0)) for r in resources]
        rows.append([key, option.title, int(key in result.best.options)])
        rows[-1] += [result.option_values[key] * 100, *costs]
        if rob is not None:
            rows[-1] += [rob.core_index[key], result.core_class(key)]
        if result.rpm is not None:
            rows[-1] += [result.rpm.core_index[key], result.rpm.core_class(key)]
    return table(columns, rows, media=DATA)
