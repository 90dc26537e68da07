"""``policy rank``: the ranked table.

A terminal shows ids, a bar and the stance under each title; a page (Markdown) shows
criterion names and a Stance column; CSV has each criterion's contribution, exact.
"""

from __future__ import annotations

from policy_options.core.ranking.rank import Ranking
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    INTEGER,
    PAGE,
    POINTS,
    TERMINAL,
    Bar,
    Column,
    Document,
    Note,
    Number,
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


def ranking(result: Ranking) -> Document:
    study = result.study
    keys, names = criterion_keys(study), criterion_names(study)
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
        stance = (row.stance or "").replace("_", " ")
        on_terminal = Text.of(
            row.title,
            Span(f"\n{row.option}", "muted"),
            Span(f" · {stance}" if stance else "", "muted"),
            Span("\n" + fmt.failing(row, keys), "strong warning") if row.fails else "",
        )
        on_page = titled(row.title, row.option)
        if row.fails:
            on_page += Text.of(" ", Span(fmt.failing(row, names), "strong warning"))
        rows.append(
            cells(
                row.rank,
                row.rank,
                on_terminal,
                on_page,
                row.option,
                row.title,
                stance,
                row.score,
                row.score,
                fmt.highlight(result.method, row, keys),
                fmt.highlight(result.method, row, names),
                *(row.contributions[key] for key in keys),
            )
        )
    excluded: list[str | Span] = []
    if result.excluded:
        excluded.append(" Excluded because they fail a threshold: ")
        for i, key in enumerate(result.excluded):
            excluded += [", " if i else "", code(key)]
        excluded.append(".")
    return Document(
        Text.of(study.title),
        (
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
        ),
        Text.of(ranking_subtitle(result)),
    )
