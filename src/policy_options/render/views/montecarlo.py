"""``policy sensitivity montecarlo``: rank acceptability (SMAA-2).

A terminal shows a heat map of the ranks, first places with their central weights and
the pairwise shares, as many columns as its width holds; a page has every column; CSV
every figure of the JSON, one row per option.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from policy_options.core.likelihood import likelihood
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    INTEGER,
    PAGE,
    TERMINAL,
    Block,
    Cell,
    Column,
    Document,
    Note,
    Number,
    Paragraph,
    Span,
    Text,
    cells,
    code,
    page,
    table,
)
from policy_options.render.sensitivity import (
    confidence_text,
    montecarlo_note,
    pairwise_rows,
    pairwise_text,
    score_model_text,
    standard_error_text,
    weight_model_text,
)
from policy_options.render.views.common import fancy, profile_line, weights_note
from policy_options.render.views.heatmap import heat, matrix, matrix_fit, name, pct1

if TYPE_CHECKING:
    from policy_options.core.uncertainty.montecarlo import MonteCarlo

PLAIN_WIDTH = 120
"""A pipe's width: the console writer's (writers.PLAIN_WIDTH), which a view cannot import."""


def montecarlo(result: MonteCarlo, width: int = PLAIN_WIDTH) -> Document:
    """``width``: the terminal's, which decides how many columns its tables show."""
    ranking = result.ranking
    study = ranking.study
    note = montecarlo_note(result)
    settings = (
        f"{result.samples:,} samples, seed {result.seed}.\n"
        f"Weights: {weight_model_text(result)}.\n"
        f"Scores: {score_model_text(result)}." + ("" if note is None else f"\n{note}")
    )
    settings += f"\n{leader_sentence(result)}"
    blocks: list[Block] = [Paragraph(Text.of(fancy(settings)), media=TERMINAL)]
    blocks += _terminal(result, width)
    blocks += _page(result)
    blocks.append(_data(result))
    subtitle = f"Monte Carlo rank acceptability (SMAA-2) · {profile_line(ranking)}"
    return Document(
        Text.of(page("Monte Carlo rank acceptability (SMAA-2): "), study.title),
        tuple(blocks),
        Text.of(fancy(subtitle)),
    )


def leader_sentence(result: MonteCarlo) -> str:
    """'status-quo, first as the weights stand, stays first in 72.0% of the samples:
    likely.' (the ICD 203 word of :mod:`policy_options.core.likelihood`)."""
    leader = min(result.options, key=lambda row: row.base_rank)
    return (
        f"{leader.option}, first as the weights stand, stays first in"
        f" {fmt.percent(leader.first)} of the samples: {likelihood(leader.first)}."
    )


# --- terminal ---------------------------------------------------------------------------


def _terminal(result: MonteCarlo, width: int) -> list[Block]:
    ranking = result.ranking
    n = len(result.options)
    ids = [row.option for row in result.options]
    name_width, shown_ranks = matrix_fit(width, ids, extra=6)
    ranks = matrix(
        "Rank acceptability: % of samples at each rank",
        name_width,
        list(range(1, shown_ranks + 1)),
        [Column("Mean", align="right", width=6, wrap=False)],
        (
            (
                str(i),
                name(row.option, name_width),
                *(heat(p) for p in row.acceptability[:shown_ranks]),
                f"{row.expected_rank:.2f}",
            )
            for i, row in enumerate(result.options, 1)
        ),
    )

    firsts = [(i, row) for i, row in enumerate(result.options, 1) if row.central_weights]
    label_width = max(len(key) for key in (*ranking.weights.normalised, "confidence")) + 2
    room = max(1, (width - 2 - label_width - 9) // 8)
    shown, hidden = firsts[:room], firsts[room:]
    rows: list[tuple[Cell, ...]] = [
        cells("first", "", *(pct1(row.first) for _, row in shown)),
        cells(
            "confidence",
            "",
            *("" if row.confidence is None else pct1(row.confidence) for _, row in shown),
        ),
    ]
    for key, w in ranking.weights.normalised.items():
        rows.append(
            cells(
                key,
                fmt.percent(w),
                *(fmt.percent(row.central_weights[key]) for _, row in shown if row.central_weights),
            )
        )
    central = table(
        [
            Column(wrap=False),
            Column("Profile", align="right", wrap=False),
            *(Column(f"#{i}", align="right", wrap=False) for i, _ in shown),
        ],
        rows,
        "First place: share of samples, confidence factor, central weights",
        TERMINAL,
        sections=[1],
        style="open",
    )

    covered = pairwise_rows(result)
    name_width, shown_columns = matrix_fit(width, [row.option for _, row in covered], extra=0)
    pairwise = matrix(
        "Pairwise: % of samples in which the row option ranks above the column option",
        name_width,
        [i for i, _ in covered][:shown_columns],
        [],
        (
            (
                str(i),
                name(row.option, name_width),
                *(
                    Text.of(Span("-", "muted fill"))
                    if other.option == row.option
                    else heat(result.pairwise[row.option][other.option])
                    for _, other in covered[:shown_columns]
                ),
            )
            for i, row in covered
        ),
    )

    notes = [
        "Options are numbered (#) in base-ranking order. '.' means never, '<1' under 0.5%.",
        standard_error_text(result),
        confidence_text(result),
        "Central weights: mean weights of the samples in which the option comes first.",
    ]
    if (scope := pairwise_text(result)) is not None:
        notes.append(scope)
    if shown_ranks < n or shown_columns < len(covered):
        notes.append(
            f"Too narrow for all {n} columns: the tables stop at column"
            f" {shown_columns if covered else shown_ranks};"
            " see a wider terminal or --format markdown, csv or json."
        )
    if hidden:
        notes.append(
            f"{len(hidden)} more options come first in some samples"
            f" ({', '.join(f'#{i}' for i, _ in hidden)}): see --format json or csv."
        )
    return [
        ranks,
        central,
        *([pairwise] if covered else []),
        Note(Text.of(fancy(" ".join(notes))), TERMINAL),
    ]


# --- page and data ----------------------------------------------------------------------


def _page(result: MonteCarlo) -> list[Block]:
    ranking = result.ranking
    n = len(result.options)
    note = montecarlo_note(result)
    right: Literal["right"] = "right"
    blocks: list[Block] = [
        Paragraph(
            Text.of(
                f"{result.samples:,} samples, seed {result.seed}."
                f" Weights: {weight_model_text(result)}. Scores: {score_model_text(result)}."
                + ("" if note is None else f" {note}")
                + f" {leader_sentence(result)}"
            ),
            media=PAGE,
        ),
        table(
            [
                Column("#", kind=INTEGER),
                Column("Option"),
                *(Column(label, align=right) for label in ("First", "Expected rank")),
                Column("Confidence", align=right),
                *(Column(str(r), align=right) for r in range(1, n + 1)),
            ],
            (
                cells(
                    i,
                    Text.of(code(row.option)),
                    _pct(row.first),
                    f"{row.expected_rank:.2f}",
                    "—" if row.confidence is None else _pct(row.confidence),
                    *(_pct(p) for p in row.acceptability),
                )
                for i, row in enumerate(result.options, 1)
            ),
            media=PAGE,
        ),
        Note(
            Text.of(
                "Rank acceptability: % of samples placing the option at each rank (columns 1 to"
                f" {n}); options in base-ranking order (#). {standard_error_text(result)}"
                f" {confidence_text(result)}"
            ),
            PAGE,
        ),
        Note(
            Text.of(
                "Central weights: mean weights of the samples in which the option comes first."
            ),
            PAGE,
        ),
    ]
    firsts = [row for row in result.options if row.central_weights is not None]
    blocks.append(
        table(
            [
                Column("Criterion"),
                Column("Profile", align=right),
                *(Column(Text.of(code(row.option)), align=right) for row in firsts),
            ],
            (
                cells(
                    Text.of(code(key)),
                    fmt.percent(w),
                    *(
                        fmt.percent(row.central_weights[key])
                        for row in firsts
                        if row.central_weights
                    ),
                )
                for key, w in ranking.weights.normalised.items()
            ),
            media=PAGE,
        )
    )
    covered = pairwise_rows(result)
    scope = pairwise_text(result)
    if covered:
        blocks.append(
            Note(
                Text.of(
                    "Pairwise: % of samples in which the row option ranks above the column option."
                    + ("" if scope is None else f" {scope}")
                ),
                PAGE,
            )
        )
        blocks.append(
            table(
                [
                    Column("#", kind=INTEGER),
                    Column("Option"),
                    *(Column(str(i), align=right) for i, _ in covered),
                ],
                (
                    cells(
                        i,
                        Text.of(code(row.option)),
                        *(
                            "—"
                            if other.option == row.option
                            else _pct(result.pairwise[row.option][other.option])
                            for _, other in covered
                        ),
                    )
                    for i, row in covered
                ),
                media=PAGE,
            )
        )
    elif scope is not None:
        blocks.append(Note(Text.of(scope), PAGE))
    blocks.append(Note(weights_note(ranking.study, ranking.weights, ranking.method), PAGE))
    return blocks


def _pct(p: float) -> str:
    """A share as a percentage with one decimal, no sign: 0.2772 -> '27.7'.

    Exactly 0 reads '0'; a share that would round to 0.0 or 100.0 without being it
    reads '<0.1' or '>99.9', so 'never' and 'always' are never claimed by rounding.
    """
    if p == 0:
        return "0"
    if p < 0.0005:
        return "<0.1"
    if 0.9995 <= p < 1:
        return ">99.9"
    return f"{p * 100 + 0.0:.1f}"


def _data(result: MonteCarlo) -> Block:
    """One row per option in base-ranking order: every figure of the JSON, flattened."""
    n = len(result.options)
    criteria = list(result.ranking.study.criteria)
    ids = [row.option for row in result.options]
    others = [other for other in ids if other in result.pairwise]
    number = Number()
    keys = [
        "base_rank",
        "first",
        "expected_rank",
        "confidence",
        *(f"rank_{r}" for r in range(1, n + 1)),
        *(f"se_rank_{r}" for r in range(1, n + 1)),
        *(f"central_{key}" for key in criteria),
        *(f"above_{other}" for other in others),
    ]
    rows = []
    for row in result.options:
        central = row.central_weights
        pairs = result.pairwise.get(row.option)
        rows.append(
            cells(
                row.option,
                int(row.base_rank),
                float(row.first),
                float(row.expected_rank),
                None if row.confidence is None else float(row.confidence),
                *(float(p) for p in row.acceptability),
                *(float(se) for se in row.acceptability_se),
                *(None if central is None else float(central[key]) for key in criteria),
                *(
                    None if other == row.option or pairs is None else float(pairs[other])
                    for other in others
                ),
            )
        )
    return table(
        [Column(key="option"), *(Column(key=key, kind=number) for key in keys)],
        rows,
        media=DATA,
    )
