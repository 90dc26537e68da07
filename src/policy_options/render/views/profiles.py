"""The weights workflow: ``policy profiles`` (every profile's ranking side by side),
``policy diff`` of two rankings, and the weights ``policy weights rank|swing|ahp``
derived."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from policy_options.core.elicitation.derived_weights import DerivedWeights
from policy_options.core.methods import SUMMARIES
from policy_options.core.ranking.profiles import ProfilesComparison, RankingDiff
from policy_options.core.study.files.model import StudyFile
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    INTEGER,
    PAGE,
    PERCENT,
    TERMINAL,
    Bar,
    Block,
    Cell,
    Column,
    Document,
    Note,
    Number,
    Paragraph,
    Span,
    Table,
    Text,
    code,
    page,
    table,
    terminal,
)
from policy_options.render.views.common import header_lines, id_width, titled
from policy_options.render.workflow import (
    ORDER_NOTE,
    move_text,
    ratio_text,
    robust_sentence,
    tau_text,
)

RIGHT: Literal["right"] = "right"
CELL_WIDTH = 9
"""A terminal's rank cell, '12 (100.0)' but for the rare tenth place at 100 points."""


def move_style(move: int | None) -> str:
    """Up is good, down an error, none muted; new (None) stands out."""
    if move is None:
        return "accent strong"
    if move > 0:
        return "good"
    if move < 0:
        return "error"
    return "muted"


def _method(method: str) -> str:
    summary = SUMMARIES.get(method)
    return f"{method} ({summary})" if summary else method


def _head_width(header: str) -> int:
    return max(len(line) for line in header.split("\n"))


# --- policy profiles -----------------------------------------------------------------


def _ranks(result: ProfilesComparison, cell_width: int | None, gap: str) -> Table:
    """The ranks table, its terminal cells '12{gap}(100.0)' at least ``cell_width`` wide
    and ids never cut short; None: as narrow as need be, long ids folded."""
    study = result.study
    labels = [r.weights.label for r in result.rankings]
    whole = cell_width is not None
    columns = [
        Column(
            "Option",
            media=TERMINAL,
            wrap=not whole,
            fold=not whole,
            min_width=id_width(study.options) if whole else None,
        ),
        Column("Option", media=PAGE),
        Column(key="option", media=DATA),
        Column(key="title", media=DATA),
    ]
    for name in labels:
        header = header_lines(name)
        columns += [
            Column(
                header,
                media=TERMINAL,
                align=RIGHT,
                fold=True,
                min_width=None if cell_width is None else max(cell_width, _head_width(header)),
            ),
            Column(f"`{name}`", media=PAGE, align=RIGHT),
            Column(key=f"{name}:rank", media=DATA),
            Column(key=f"{name}:score", media=DATA),
        ]
    columns += [
        Column("Worst", "worst_rank", INTEGER),
        Column(key="best_rank", media=DATA),
        Column("Mean", "mean_rank", Number(".2f")),
    ]
    rows = []
    for position, s in enumerate(result.standings):
        cells: list[Cell] = [
            Text.of(s.option, style="good" if position == 0 else ""),
            titled(study.options[s.option].title, s.option),
            s.option,
            study.options[s.option].title,
        ]
        for ranking in result.rankings:
            row = ranking.row(s.option)
            on_terminal = f"{row.rank}{gap}({fmt.points(row.score)})"
            cells += [
                Text.of(on_terminal, style="strong" if row.rank == 1 else ""),
                f"{row.rank} ({fmt.points(row.score)})",
                row.rank,
                row.score,
            ]
        rows.append([*cells, s.worst, s.best, s.mean])
    return table(columns, rows)


def profiles(result: ProfilesComparison) -> Document:
    """Rank (score) of every option under each profile, tops, tau-b matrix, robust choice."""
    study = result.study
    labels = [r.weights.label for r in result.rankings]
    # "12 (100.0)" on one line when everything fits, else the score under the rank; on a
    # terminal too narrow even for that, long ids fold rather than columns go missing
    two_lines = replace(_ranks(result, 6, "\n"), narrow=_ranks(result, None, "\n"))
    ranks = replace(_ranks(result, CELL_WIDTH, " "), narrow=two_lines)
    tops = Text.of(
        terminal(Span("Top option: ", "strong")),
        terminal(" · ".join(f"{name} {', '.join(result.top(i))}" for i, name in enumerate(labels))),
        page(Span("Top option", "strong"), " under each profile: "),
    )
    for i, name in enumerate(labels):
        tops += page("; " if i else "", code(name), ": ")
        for j, option in enumerate(result.top(i)):
            tops += page(", " if j else "", code(option))
    tops += page(".")
    tau = table(
        [
            Column(""),
            *(
                Column(header_lines(name), media=TERMINAL, align=RIGHT, fold=True)
                for name in labels
            ),
            *(Column(f"`{name}`", media=PAGE, align=RIGHT) for name in labels),
        ],
        (
            [Text.of(code(name)), *[tau_text(t) for t in row] * 2]
            for name, row in zip(labels, result.tau, strict=True)
        ),
        media=DISPLAY,
    )
    count = len(labels)
    subtitle = (
        f"{count} weight profile{'s' * (count != 1)} · method: {result.rankings[0].method}"
        " · cells: rank (score out of 100) · sorted by worst rank"
    )
    return Document(
        Text.of(study.title, page(f": rankings under {count} weight profiles")),
        (
            ranks,
            Paragraph(tops),
            Paragraph(
                Text.of(
                    Span("Kendall's tau-b between the rankings ", "strong", TERMINAL),
                    page("Kendall's tau-b between the rankings "),
                    "(1 = same order, −1 = reversed)",
                    page(":"),
                )
            ),
            tau,
            Paragraph(
                Text.of(Span("Robust choice:", "strong"), " ", robust_sentence(result), page("."))
            ),
            Note(
                Text.of(
                    page("Cells: rank (score out of 100). "),
                    ORDER_NOTE,
                    page(f" Method: {_method(result.rankings[0].method)}."),
                )
            ),
        ),
        Text.of(subtitle),
    )


# --- policy diff -----------------------------------------------------------------------


def ranking_diff(result: RankingDiff) -> Document:
    """Ranking B, each option's rank and score under A and its move; the weights that differ."""
    a, b = result.a.weights.label, result.b.weights.label
    study = result.a.study
    columns = [
        Column("#", media=TERMINAL, align=RIGHT),
        Column("Rank", media=PAGE, align=RIGHT),
        Column("Option", media=TERMINAL, wrap=False, min_width=id_width(study.options)),
        Column("Option", media=PAGE),
        Column(key="option", media=DATA),
        Column(key="title", media=DATA),
        Column(f"Was\n({header_lines(a)})", media=TERMINAL, align=RIGHT, fold=True),
        Column(f"Was (`{a}`)", media=PAGE, align=RIGHT),
        Column(key="rank_a", media=DATA),
        Column(key="rank_b", media=DATA),
        Column("Move", media=DISPLAY),
        Column(key="move", media=DATA),
        Column(f"Score\n{header_lines(a)}", media=TERMINAL, align=RIGHT, fold=True),
        Column(f"Score `{a}`", media=PAGE, align=RIGHT),
        Column(f"Score\n{header_lines(b)}", media=TERMINAL, align=RIGHT, fold=True),
        Column(f"Score `{b}`", media=PAGE, align=RIGHT),
        Column(key="score_a", media=DATA),
        Column(key="score_b", media=DATA),
        Column("Change", align=RIGHT, media=DISPLAY),
    ]
    rows: list[list[Cell]] = [
        [
            *[str(row.rank_b)] * 2,
            row.option,
            titled(row.title, row.option),
            row.option,
            row.title,
            *[str(row.rank_a)] * 2,
            row.rank_a,
            row.rank_b,
            Text.of(move_text(row.move), style=move_style(row.move)),
            row.move,
            *[fmt.points(row.score_a)] * 2,
            *[fmt.points(row.score_b)] * 2,
            row.score_a,
            row.score_b,
            fmt.signed_points(row.score_b - row.score_a),
        ]
        for row in result.rows
    ]
    blocks: list[Block] = [table(columns, rows)]
    if result.weight_changes:
        blocks.append(
            table(
                [
                    Column("Criterion", media=TERMINAL),
                    Column("Criterion", media=PAGE),
                    Column(a, media=TERMINAL, align=RIGHT),
                    Column(f"`{a}`", media=PAGE, align=RIGHT),
                    Column(b, media=TERMINAL, align=RIGHT),
                    Column(f"`{b}`", media=PAGE, align=RIGHT),
                    Column("Change (points)", align=RIGHT),
                ],
                (
                    [
                        c.criterion,
                        titled(study.criteria[c.criterion].name, c.criterion),
                        *[fmt.percent(c.a)] * 2,
                        *[fmt.percent(c.b)] * 2,
                        fmt.signed_points(c.b - c.a),
                    ]
                    for c in result.weight_changes
                ),
                title=Text.of("Criteria weights that differ", page(":")),
                media=DISPLAY,
            )
        )
    else:
        blocks.append(
            Paragraph(Text.of("The two profiles give every criterion the same normalised weight."))
        )
    tau = tau_text(result.tau)
    blocks += [
        Paragraph(
            Text.of(Span("Kendall's tau-b: ", "strong"), f"{tau} (1 = same order, −1 = reversed)"),
            media=TERMINAL,
        ),
        Note(Text.of(f"Move: places gained from {a} to {b}."), TERMINAL),
        Paragraph(
            Text.of(
                f"Kendall's tau-b between the two rankings: {tau}"
                " (1 = same order, −1 = reversed). Scores out of 100; Move: places gained from ",
                code(a),
                " to ",
                code(b),
                f". Method: {_method(result.b.method)}.",
            ),
            media=PAGE,
        ),
    ]
    subtitle = f"{a} → {b} · method: {result.b.method} · scores out of 100"
    return Document(
        Text.of(study.title, page(": ", code(a), " → ", code(b))), tuple(blocks), Text.of(subtitle)
    )


# --- policy weights rank|swing|ahp -----------------------------------------------------


def derived_weights(study: StudyFile, derived: DerivedWeights) -> Document:
    """The weights a method derived, largest first, with what they came from."""
    weights = derived.normalised
    swing = derived.method == "swing"
    columns = [
        Column("Criterion", "criterion"),
        Column("Name", "name"),
        Column("Weight", "weight", PERCENT),
        Column(kind=Bar(fixed=False), media=DISPLAY),
        *([Column("Points", "points", align=RIGHT)] if swing else []),
    ]
    criteria = study.value_criteria  # a modifier takes no weight
    order = sorted(criteria, key=lambda key: -weights[key])
    rows: list[list[Cell]] = [
        [
            key,
            criteria[key].name,
            weights[key],
            weights[key],
            *([fmt.raw(derived.raw[key])] if swing else []),
        ]
        for key in order
    ]
    blocks: list[Block] = [table(columns, rows)]
    ahp = derived.ahp
    if ahp is not None:
        verdict = "acceptable" if ahp.consistent else "above 0.10: revisit the judgements"
        line = Text.of(
            Span("Consistency: ", "strong"),
            f"CR {ahp.consistency_ratio:.3f} ({verdict}); λmax {ahp.lambda_max:.3f},"
            f" CI {ahp.consistency_index:.3f}, Saaty's random index {ahp.random_index:.2f}"
            f" for n = {len(ahp.criteria)}",
        )
        worst = ahp.most_inconsistent
        if worst is not None:
            line += (
                f"\nMost inconsistent judgement: {worst.row} vs {worst.column} ="
                f" {ratio_text(worst.given)}, where the weights imply {ratio_text(worst.implied)}"
            )
        blocks.append(Paragraph(line))
    if derived.left_out:
        blocks.append(
            Paragraph(
                Text.of("Weight 0 (not judged): " + ", ".join(derived.left_out)), style="warning"
            )
        )
    blocks.append(Note(Text.of(derived.description)))
    return Document(
        Text.of(f"{derived.label} for {study.title}"),
        tuple(blocks),
        Text.of(f"method: {derived.method} · {len(study.value_criteria)} criteria"),
    )
