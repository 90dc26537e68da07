"""``policy rank``: the ranked table.

A terminal shows ids, a bar and the stance under each title; a page (Markdown) shows
criterion names and a Stance column; CSV has each criterion's contribution, exact. With
a reference option (doing nothing new) it is a line without a rank, and a column gives
every option's gain over it; with modifiers a column gives each option's factor; red
lines are marked on the row and named in a note under the table.
"""

from __future__ import annotations

from policy_options.core.ranking.rank import RankedOption, Ranking
from policy_options.core.ranking.verdict import VerdictCheck
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    INTEGER,
    PAGE,
    POINTS,
    TERMINAL,
    Bar,
    Block,
    Column,
    Document,
    Note,
    Number,
    Paragraph,
    Span,
    Text,
    cells,
    code,
    table,
)
from policy_options.render.views.common import (
    criterion_keys,
    criterion_names,
    method_line,
    ranking_subtitle,
    titled,
    weights_line,
    weights_note,
)

WORSE = "worse than doing nothing"
GAIN = Number("+.1f", 100)
"""A 0..1 score difference as signed points: 0.021 -> +2.1."""


def ranking(result: Ranking, check: VerdictCheck | None = None) -> Document:
    """The ranked table; ``check`` (the verdict check, when run) adds a closing line."""
    study = result.study
    reference = result.reference
    factors = any(row.factor != 1 for row in result.rows)
    keys, names = criterion_keys(study), criterion_names(study)
    # what each criterion's points reward, as the page reads them: "low Russian backlash risk"
    reads = {key: fmt.contribution_name(c) for key, c in study.criteria.items()}
    highlight = fmt.HIGHLIGHT_HEADERS[result.method]
    columns = [
        Column("#", kind=INTEGER, media=TERMINAL),
        Column("Rank", "rank", INTEGER, media=PAGE | DATA),
        Column("Option", media=TERMINAL, grow=3),
        Column("Option", media=PAGE),
        Column(key="option", media=DATA),
        Column(key="title", media=DATA),
        Column("Stance", media=PAGE),
        Column("Score", "score", POINTS),
        Column(kind=Bar(), media=TERMINAL),
        *([Column("Factor", media=DISPLAY, align="right")] if factors else []),
        *([Column(key="factor", kind=Number(), media=DATA)] if factors else []),
        *([Column("vs reference", kind=GAIN, media=DISPLAY)] if reference is not None else []),
        *([Column(key="gain_over_reference", kind=Number(), media=DATA)] if reference else []),
        Column(
            highlight + (" (points)" if result.method == "additive" else ""),
            media=TERMINAL,
            grow=2,
        ),
        Column(highlight, media=PAGE),
        *(Column(key=key, kind=Number(), media=DATA) for key in keys),
    ]
    rows = []
    for row in result.rows:
        is_reference = row is reference
        stance = (row.stance or "").replace("_", " ")
        worse = result.worse_than_reference(row)
        on_terminal = Text.of(
            Span("— reference: ", "strong") if is_reference else "",
            row.title,
            Span(f"\n{row.option}", "muted"),
            Span(f" · {stance}" if stance else "", "muted"),
            Span("\n" + fmt.failing(row, keys), "strong warning") if row.fails else "",
            Span("\n" + WORSE, "warning") if worse else "",
        )
        on_page = titled(row.title, row.option)
        if is_reference:
            on_page = Text.of(Span("— reference: ", "strong"), on_page)
        if row.fails:
            on_page += Text.of(" ", Span(fmt.failing(row, names), "strong warning"))
        if worse:
            on_page += Text.of(" ", Span(WORSE, "warning"))
        gain = result.gain(row)
        rows.append(
            cells(
                None if is_reference else row.rank,
                None if is_reference else row.rank,
                on_terminal,
                on_page,
                row.option,
                row.title,
                stance,
                row.score,
                row.score,
                *([f"×{row.factor:.2f}"] if factors else []),
                *([row.factor] if factors else []),
                *([("reference" if is_reference else gain), gain] if reference is not None else []),
                fmt.highlight(result.method, row, keys),
                fmt.highlight(result.method, row, reads),
                *(row.contributions[key] for key in keys),
            )
        )
    excluded: list[str | Span] = []
    if result.excluded:
        excluded.append(" Excluded because they fail a threshold: ")
        for i, key in enumerate(result.excluded):
            excluded += [", " if i else "", code(key)]
        excluded.append(".")
    blocks: list[Block] = [
        table(columns, rows),
        Note(Text.of(weights_line(result.weights), "\n", method_line(result.method)), TERMINAL),
        Note(
            Text.of(
                "Scores out of 100.",
                *excluded,
                " ",
                weights_note(study, result.weights, result.method),
            ),
            PAGE,
        ),
        *(Note(Text.of(line)) for line in result.notes),
        *_reading(result, factors),
    ]
    if check is not None and check.warnings:
        from policy_options.render.views.verdict import rank_line

        blocks.append(Paragraph(Text.of(Span(rank_line(check), "warning")), wrap=False))
    return Document(Text.of(study.title), tuple(blocks), Text.of(ranking_subtitle(result)))


def _reading(result: Ranking, factors: bool) -> list[Block]:
    """Notes on the reference, the factors and the red lines, when the ranking has them."""
    notes: list[Block] = []
    reference = result.reference
    if reference is not None:
        notes.append(
            Note(
                Text.of(
                    f"Reference: {reference.title} ({reference.option}), doing nothing new,"
                    f" scores {fmt.points(reference.score)}; it is not a competitor (no rank"
                    " number: the others keep the ranks they have with it counted). vs"
                    " reference: an option's score minus the reference's, in points."
                )
            )
        )
    if factors:
        notes.append(
            Note(
                Text.of(
                    "Factor: the product of the option's modifiers (its chance of success,"
                    " 0..1), which multiplies its gain over the reference (a failed measure"
                    " leaves the status quo)."
                    if reference is not None
                    else "Factor: the product of the option's modifiers (its chance of"
                    " success, 0..1), which multiplies its weighted sum."
                )
            )
        )
    failing: list[RankedOption] = [row for row in result.rows if row.fails]
    if failing:
        lines = [
            f"{row.option} {fmt.red_line(result.study, row.option, key)}"
            for row in failing
            for key in row.fails
        ]
        notes.append(Note(Text.of("Red lines: " + "; ".join(lines) + ".")))
    return notes


def compact_ranking(result: Ranking, check: VerdictCheck | None = None) -> Document:
    """One line per option, for a short terminal (``policy rank --compact``): rank, title,
    score, gain over the reference, and a mark for a red line or a score below the
    reference ("worse than doing nothing"); the weights and the verdict line below."""
    reference = result.reference
    columns = [
        Column("#", kind=INTEGER, wrap=False, width=3),
        Column("Option", grow=1),
        Column("Score", kind=POINTS, wrap=False, width=5),
        *([Column("vs ref", kind=GAIN, wrap=False, width=9)] if reference is not None else []),
        Column("", wrap=False, width=2),
    ]
    rows = []
    for row in result.rows:
        is_reference = row is reference
        marks = [
            *(["✗"] if row.fails else []),
            *(["↓"] if result.worse_than_reference(row) else []),
        ]
        rows.append(
            cells(
                None if is_reference else row.rank,
                Text.of(Span("— reference: ", "strong"), row.title) if is_reference else row.title,
                row.score,
                *([("reference" if is_reference else result.gain(row))] if reference else []),
                Text.of(Span("".join(marks), "warning")) if marks else "",
            )
        )
    marked = any(row.fails or result.worse_than_reference(row) for row in result.rows)
    legend = "✗ fails a red line · ↓ worse than doing nothing (below the reference). "
    legend = legend if marked else ""
    blocks: list[Block] = [
        table(columns, rows),
        Paragraph(Text.of(legend, weights_line(result.weights))),
    ]
    if check is not None and check.warnings:
        from policy_options.render.views.verdict import rank_line

        blocks.append(Paragraph(Text.of(Span(rank_line(check), "warning")), wrap=False))
    return Document(Text.of(result.study.title), tuple(blocks), Text.of(ranking_subtitle(result)))
