"""``policy judgements``: the analysts and what they scored; with ``--disagreement``, the
cells they disagree on (sorted by how much of the pool changes the leader), their
rankings side by side and a consensus."""

from __future__ import annotations

from policy_options.core.study.judgements.disagreement import CellDisagreement, Disagreement
from policy_options.render import fmt
from policy_options.render.document import (
    DISPLAY,
    Cell,
    Column,
    Document,
    Note,
    Number,
    Paragraph,
    Text,
    table,
)

SHARE = Number(".0%")
RAW = Number("g")


def coverage(title: str, rows: list[tuple[str, int, int, bool]], cells: int) -> Document:
    """One row per analyst: cells scored (of the study's), options touched, own weights."""
    columns = [
        Column("Analyst", key="analyst", wrap=False),
        Column("Cells scored", key="cells", kind=Number("d")),
        Column("Share of cells", key="share", kind=SHARE),
        Column("Options", key="options", kind=Number("d")),
        Column("Own weights", key="weights"),
    ]
    body = [
        [name, n, n / cells if cells else 0.0, options, "yes" if weights else "no"]
        for name, n, options, weights in rows
    ]
    return Document(
        Text.of(title),
        (
            table(columns, body),
            Note(
                Text.of(
                    "Run with --judgements pooled (or an analyst's name) on any command;"
                    " `policy judgements --disagreement` shows which disagreements matter."
                )
            ),
        ),
        subtitle=Text.of(f"{fmt.plural(len(rows), 'analyst')} · {cells} cells in the study"),
    )


def disagreement(result: Disagreement) -> Document:
    analysts = list(result.analysts)
    with_rev = result.rev is not None
    columns = [
        Column("Option", key="option", wrap=False),
        Column("Criterion", key="criterion", wrap=False),
        *(Column(a, key=f"value_{a}", kind=RAW) for a in analysts),
        Column("Spread", key="spread", kind=RAW),
        Column("Pooled", key="pooled", kind=RAW),
        Column("Leader changes", key="flip_share", kind=SHARE),
        Column("Worth (points)", key="evppi", kind=Number(".2f", 100)),
    ]
    if with_rev:
        columns.append(Column(f"Spread at {result.rev}", key="spread_before", kind=RAW))
    rows = [_row(c, analysts, with_rev) for c in result.cells]
    names = [name for name, _ in result.rankings]
    order_columns = [
        Column("#", key="position", kind=Number("d")),
        *(Column(n, key=f"ranking_{n}", wrap=False) for n in names),
        Column("Consensus", key="consensus", wrap=False),
    ]
    depth = len(result.consensus.order)
    orders: list[list[Cell]] = [
        [
            i + 1,
            *(order[i] if i < len(order) else "" for _, order in result.rankings),
            result.consensus.order[i],
        ]
        for i in range(depth)
    ]
    mattering = [c for c in result.cells if c.flip_share > 0]
    lead = f"Leader with the pooled judgements: {result.leader}." + (
        f" {fmt.plural(len(mattering), 'judged cell')} can change it within the pool;"
        " the rest cannot."
        if mattering
        else " No judged cell changes it anywhere in its pool."
    )
    method = (
        f"Kemeny-Young (exact over every order; {result.consensus.disagreements} pairwise"
        " preferences of the analysts go against it)"
        if result.consensus.method == "kemeny-young"
        else "Borda's count (too many options for an exact Kemeny-Young order)"
    )
    return Document(
        Text.of(f"Where the team disagrees · {result.title}"),
        (
            Paragraph(Text.of(lead)),
            table(columns, rows),
            Note(
                Text.of(
                    "Spread: the highest best estimate minus the lowest. Leader changes: the"
                    " share of the cell's pooled distribution (the analysts' linear opinion"
                    " pool) over which another option leads, every other score at its pooled"
                    " value. Worth: the expected value of perfect information of the cell"
                    " (EVPPI, in points of expected score; `policy sensitivity value`), every"
                    " other uncertain score still uncertain; '<' when below the Monte Carlo"
                    " error. Sorted by worth, then by that share, then by the spread."
                )
            ),
            table(order_columns, orders, title="Rankings side by side", media=DISPLAY),
            Note(Text.of(f"Consensus of the analysts' rankings: {method}.")),
        ),
        subtitle=Text.of(f"profile: {result.weights} · method: {result.method}"),
    )


def _row(c: CellDisagreement, analysts: list[str], with_rev: bool) -> list[Cell]:
    by = dict(c.values)
    row: list[Cell] = [c.option, c.criterion, *(by.get(a) for a in analysts)]
    row += [c.spread, c.pooled, c.flip_share, _worth(c)]
    if with_rev:
        row.append(c.spread_before)
    return row


def _worth(cell: CellDisagreement) -> Cell:
    """The cell's EVPPI, or a note that it is below the Monte Carlo error."""
    if cell.evppi is None:
        return None
    return cell.evppi if cell.above_noise else "<"
