"""``policy diff --rev``: the ranking after an edit of the study, each option's rank and
score before, and the edits that moved it.

CSV is one row per option and edit that moved it (an option with none: one row, no edit).
"""

from __future__ import annotations

from typing import Literal

from policy_options.core.ranking.revision_diff import StudyDiff
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    TERMINAL,
    Block,
    Cell,
    Column,
    Document,
    Note,
    Paragraph,
    Table,
    Text,
    code,
    page,
    table,
)
from policy_options.render.revdiff import (
    attribution_note,
    change_text,
    edit_text,
    plain,
    profiles_label,
    rank_text,
    row_move,
    score_text,
    title_line,
)
from policy_options.render.views.common import titled
from policy_options.render.workflow import tau_text

RIGHT: Literal["right"] = "right"


def move_style(move: str) -> str:
    """A move's style word: up (or new) is good, down (or removed) an error, none muted."""
    if move.startswith("↑") or move == "new":
        return "good"
    if move.startswith("↓") or move == "removed":
        return "error"
    return "muted"


def revision_diff(result: StudyDiff) -> Document:
    a, b = result.label_a, result.label_b
    ranks = table(
        [
            Column("#", media=TERMINAL, align=RIGHT),
            Column("Rank", media=PAGE, align=RIGHT),
            Column("Option", media=TERMINAL, wrap=False),
            Column("Option", media=PAGE),
            Column("Was", media=TERMINAL, align=RIGHT),
            Column(f"Was (`{a}`)", media=PAGE, align=RIGHT),
            Column("Move"),
            Column("Before", media=TERMINAL, align=RIGHT),
            Column(f"Score `{a}`", media=PAGE, align=RIGHT),
            Column("After", media=TERMINAL, align=RIGHT),
            Column(f"Score `{b}`", media=PAGE, align=RIGHT),
            Column("Change", align=RIGHT),
        ],
        (
            [
                *[rank_text(row.rank_b)] * 2,
                row.option,
                titled(row.title, row.option),
                *[rank_text(row.rank_a)] * 2,
                Text.of(row_move(row), style=move_style(row_move(row))),
                *[score_text(row.score_a)] * 2,
                *[score_text(row.score_b)] * 2,
                change_text(row),
            ]
            for row in result.rows
        ),
        media=DISPLAY,
    )
    blocks: list[Block] = [ranks]
    moved = [row for row in result.rows if row.effects]
    if moved:
        blocks.append(
            table(
                [
                    Column("Option", media=TERMINAL, wrap=False),
                    Column("Option", media=PAGE),
                    Column("Edit"),
                    Column("Points", align=RIGHT),
                ],
                (
                    [
                        row.option if i == 0 else "",
                        Text.of(code(row.option)) if i == 0 else "",
                        edit_text(effect.edit, row.option),
                        fmt.signed_points(effect.points),
                    ]
                    for row in moved
                    for i, effect in enumerate(row.effects)
                ),
                title=Text.of("What moved each option", page(":")),
                media=DISPLAY,
            )
        )
    elif not result.edits:
        blocks.append(Paragraph(Text.of("No edit between the two versions changes a score.")))
    tau = tau_text(result.tau)
    blocks.append(
        Paragraph(Text.of(f"Kendall's tau-b over the options in both: {tau}"), media=TERMINAL)
    )
    blocks.append(
        Note(
            Text.of(
                attribution_note(result),
                page(
                    " Weights: ",
                    code(profiles_label(result)),
                    f". Kendall's tau-b over the options in both: {tau}.",
                ),
            )
        )
    )
    blocks.append(_edits(result))
    subtitle = f"method: {result.b.method} · weights: {profiles_label(result)} · scores out of 100"
    return Document(Text.of(title_line(result)), tuple(blocks), Text.of(subtitle))


def _edits(result: StudyDiff) -> Table:
    rows: list[list[Cell]] = []
    for row in result.rows:
        head: list[Cell] = [
            row.option,
            "" if row.rank_a is None else row.rank_a,
            "" if row.rank_b is None else row.rank_b,
            "" if row.score_a is None else row.score_a,
            "" if row.score_b is None else row.score_b,
        ]
        if not row.effects:
            rows.append([*head, "", "", "", "", "", ""])
        for effect in row.effects:
            e = effect.edit
            rows.append(
                [
                    *head,
                    e.kind,
                    e.criterion or "",
                    e.option or "",
                    "" if e.old is None else plain(e.old),
                    "" if e.new is None else plain(e.new),
                    effect.points,
                ]
            )
    keys = "option rank_a rank_b score_a score_b edit criterion edited_option old new points"
    return table([Column(key=key, media=DATA) for key in keys.split()], rows, media=DATA)
