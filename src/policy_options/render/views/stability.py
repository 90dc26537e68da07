"""``policy sensitivity weights``: the weight stability intervals (weakest link: what
dropping a criterion does to the top option).

A terminal draws each interval as a bar from 0% to 100%; a page lists the top option
as each weight runs; CSV has every end and breakpoint, exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    PERCENT,
    TERMINAL,
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
    page,
    table,
)
from policy_options.render.sensitivity import (
    method_note,
    stability_notes,
    stability_summary,
    top_path,
)
from policy_options.render.views.common import fancy, glyph, profile_line, weights_note

if TYPE_CHECKING:
    from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability

STABILITY_BAR = 20
BY_MOVE = (
    " Criteria by how little their weight must move, relative to its value, to change"
    " the top option."
)


def stability(result: WeightStability) -> Document:
    ranking = result.ranking
    study = ranking.study
    blocks: list[Block] = [
        Paragraph(Text.of(fancy(stability_summary(result), media=DISPLAY)), "strong")
    ]
    note = weights_note(study, ranking.weights, ranking.method)
    if result.criteria:
        blocks += _intervals(result, note)
    else:
        blocks += _toggles(result, note)
    subtitle = f"weight stability · {profile_line(ranking)} · top option: {result.top}"
    return Document(
        Text.of(page("Weight stability: "), study.title),
        tuple(blocks),
        Text.of(fancy(subtitle)),
    )


def _intervals(result: WeightStability, note: Text) -> list[Block]:
    def interval(ends: tuple[float, float]) -> str:
        return f"{fmt.percent(ends[0])}–{fmt.percent(ends[1])}"

    criteria = result.criteria
    right: Literal["right"] = "right"
    number = Number()
    rows = table(
        [
            *_criterion_and_weight(),
            Column("Top stays\non top", align=right, wrap=False, media=TERMINAL),
            Column(
                "0%" + " " * (STABILITY_BAR - 6) + "100%",
                width=STABILITY_BAR,
                wrap=False,
                media=TERMINAL,
            ),
            Column("Ranking\nunchanged", align=right, wrap=False, media=TERMINAL),
            Column("On top just below / above", grow=1, media=TERMINAL),
            Column("Top option stays on top", media=PAGE),
            Column("Just below / above", media=PAGE),
            Column("Whole ranking unchanged", media=PAGE),
            Column("Top option as the weight runs from 0% to 100%", media=PAGE),
            *(Column(key=key, kind=number, media=DATA) for key in ("top_low", "top_high")),
            Column(key="below", media=DATA),
            Column(key="above", media=DATA),
            *(
                Column(key=key, kind=number, media=DATA)
                for key in ("ranking_low", "ranking_high", "change", "relative_change")
            ),
            Column(key="top_at_zero", media=DATA),
            Column(key="breakpoints", media=DATA),
        ],
        (
            cells(
                c.criterion,
                Text.of(code(c.criterion)),
                float(c.weight),
                Text.of(fancy(interval(c.top_interval))),
                stability_bar(c),
                Text.of(fancy(interval(c.ranking_interval))),
                Text.of(fancy(f"{c.below or '–'} / {c.above or '–'}")),
                interval(c.top_interval),
                f"{c.below or '—'} / {c.above or '—'}",
                interval(c.ranking_interval),
                top_path(c),
                float(c.top_interval[0]),
                float(c.top_interval[1]),
                c.below or "",
                c.above or "",
                float(c.ranking_interval[0]),
                float(c.ranking_interval[1]),
                None if c.change is None else float(c.change),
                None if c.relative_change is None else float(c.relative_change),
                c.top_at_zero,
                ";".join(f"{fmt.exact(p.weight)}:{p.top}" for p in c.breakpoints),
            )
            for c in criteria
        ),
    )
    paths = Text.of(
        "Top option as each weight runs from 0% to 100%:",
        *(Text.of(f"\n  {c.criterion}: ", fancy(top_path(c))) for c in criteria),
    )
    legend = Text.of(
        "Bar: 0% to 100% of the criterion's weight; ",
        glyph("cyan", "'='"),
        f" where {result.top} stays on top, ",
        glyph("green", "'#'"),
        " where the whole ranking stays as it is, ",
        glyph("┃", "'|'"),
        " the current weight. ",
        fancy(" ".join(stability_notes(result)) + BY_MOVE),
    )
    return [
        rows,
        Paragraph(paths, "strong", TERMINAL),
        Note(legend, TERMINAL),
        Note(Text.of(" ".join(stability_notes(result)), BY_MOVE, " ", note), PAGE),
    ]


def _criterion_and_weight() -> list[Column]:
    """By id on a terminal and in CSV, in code on a page; the weight as a percentage."""
    return [
        Column("Criterion", "criterion", media=TERMINAL | DATA),
        Column("Criterion", media=PAGE),
        Column("Weight", "weight", PERCENT),
    ]


def _toggles(result: WeightStability, note: Text) -> list[Block]:
    """Weakest link: no intervals; the option on top once each criterion is dropped."""
    rows = table(
        [
            *_criterion_and_weight(),
            Column("Change", media=TERMINAL),
            Column("Change", media=PAGE),
            Column(key="change", media=DATA),
            Column("Then on top", grow=1, media=TERMINAL),
            Column("Then on top", media=PAGE),
            Column(key="top", media=DATA),
            Column(key="changes_top", media=DATA),
        ],
        (
            cells(
                t.criterion,
                Text.of(code(t.criterion)),
                float(t.weight),
                "drop it (weight 0)" if t.weight > 0 else "give it weight",
                "drop it (weight 0)" if t.weight > 0 else "weight it",
                "drop" if t.weight > 0 else "add",
                Text.of(Span(t.top, "strong fill"), Span("", "strong fill", plain=" *"))
                if t.changes_top
                else t.top,
                Text.of(Span(t.top, "strong" if t.changes_top else "")),
                t.top,
                str(t.changes_top).lower(),
            )
            for t in result.toggles
        ),
    )
    legend = Text.of(
        fancy(method_note(result) or ""),
        Span("", plain=" '*': another option comes first."),
    )
    return [rows, Note(legend, TERMINAL), Note(Text.of(f"{method_note(result)} ", note), PAGE)]


def stability_bar(criterion: CriterionStability, width: int = STABILITY_BAR) -> Text:
    """0-100% in ``width`` cells: where the top stays on top, the whole ranking stays, and now."""
    # ends to 9 decimals: a crossing at exactly a cell's edge (50%) must not flip the cell
    # with rounding noise (0.49999999999999994)
    top_lo, top_hi = (round(x, 9) for x in criterion.top_interval)
    order_lo, order_hi = (round(x, 9) for x in criterion.ranking_interval)
    marker = min(width - 1, int(round(criterion.weight, 9) * width))
    spans = []
    for i in range(width):
        a, b = i / width, (i + 1) / width
        if i == marker:
            spans.append(glyph("┃", "|", "warning"))
        elif b >= order_lo and a <= order_hi:
            spans.append(glyph("█", "#", "good"))
        elif b >= top_lo and a <= top_hi:
            spans.append(glyph("█", "=", "accent"))
        else:
            spans.append(glyph("·", ".", "muted"))
    return Text(tuple(spans))
