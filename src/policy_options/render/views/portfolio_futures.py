"""``policy portfolio --scenarios``: the packages the decision rules and the futures pick,
each valued in every future, with its maximum regret, worst and expected value.

A terminal and a page show one table (a row per package, a column per future); CSV has a
row per (package, future) with its value and regret.
"""

from __future__ import annotations

from policy_options.core.portfolio.futures import PackageAcross, PortfolioFutures
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    POINTS,
    TERMINAL,
    Block,
    Cell,
    Column,
    Document,
    Heading,
    Note,
    Paragraph,
    Text,
    cells,
    table,
    terminal,
)


def rules_of(result: PortfolioFutures, package: PackageAcross) -> list[str]:
    """What picks ``package``: the rules first, then the futures it is best in."""
    found = []
    if package.options == result.minimax_regret.options:
        found.append("minimax regret")
    if package.options == result.maximin.options:
        found.append("maximin")
    if result.expected is not None and package.options == result.expected.options:
        found.append("expected value")
    found += [f"best in {sid}" for sid, best in result.best_in.items() if best is package]
    found += [
        f"best in {sid}"
        for sid, best in result.best_in.items()
        if best is not package and best.options == package.options
    ]
    return found


def empty_words(result: PortfolioFutures) -> str:
    if result.reference is not None:
        return f"(none: {result.reference}, doing nothing new)"
    return "(none)"


def notes(result: PortfolioFutures) -> list[str]:
    weights = sorted({f.weights for f in result.futures})
    lines = [
        f"exact: {result.feasible_count:,} feasible packages (constraints of the base study)"
        f" valued in {fmt.plural(len(result.futures), 'future')}; weights: {', '.join(weights)}",
        "regret in a future = the best package's value there − this package's;"
        " the empty package "
        + (
            f"(the reference {result.reference} alone: doing nothing new)"
            if result.reference is not None
            else "(no option taken)"
        )
        + " is a candidate in every future",
    ]
    if result.expected is None:
        lines.append("no expected value: not every scenario states a probability")
    return lines


def portfolio_futures(result: PortfolioFutures) -> Document:
    study = result.study
    candidates = result.candidates
    labels = [f"#{n}" for n in range(1, len(candidates) + 1)]
    packages = table(
        [Column("#"), Column("Picked by", grow=1), Column("Options", grow=3)],
        (
            cells(
                label, "; ".join(rules_of(result, p)), ", ".join(p.options) or empty_words(result)
            )
            for label, p in zip(labels, candidates, strict=True)
        ),
        terminal("Candidate packages"),
        DISPLAY,
    )
    columns = [Column("Future", grow=1), *(Column(label, kind=POINTS) for label in labels)]
    rows: list[list[Cell]] = [
        [
            f.name + ("" if f.probability is None else f" (p = {f.probability:g})"),
            *(p.values[f.id] for p in candidates),
        ]
        for f in result.futures
    ]
    rows.append(["Maximum regret", *(p.max_regret for p in candidates)])
    rows.append(["Worst value", *(p.worst for p in candidates)])
    if result.expected is not None:
        rows.append(["Expected value", *(p.expected or 0.0 for p in candidates)])
    values = table(
        columns,
        rows,
        terminal("Value in each future (points of the weights)"),
        DISPLAY,
        sections=(len(result.futures) - 1,),
    )
    lines = notes(result)
    title = f"Packages across futures: {study.title}"
    blocks: list[Block] = [
        Heading(Text.of(title), 1),
        Paragraph(Text.of(lines[0] + "."), media=PAGE),
        packages,
        values,
        *(Note(Text.of(line + ".")) for line in lines[1:]),
        _data(result),
    ]
    return Document(Text.of(title, media=TERMINAL), tuple(blocks), Text.of(lines[0]))


def _data(result: PortfolioFutures) -> Block:
    columns = [
        Column(key="package"),
        Column(key="picked_by"),
        Column(key="scenario"),
        Column(key="value", kind=POINTS),
        Column(key="regret", kind=POINTS),
    ]
    rows: list[list[Cell]] = [
        [" ".join(p.options), "; ".join(rules_of(result, p)), f.id, p.values[f.id], p.regrets[f.id]]
        for p in result.candidates
        for f in result.futures
    ]
    return table(columns, rows, media=DATA)
