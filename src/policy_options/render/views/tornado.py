"""``policy sensitivity scores``: the tornado of uncertain scores.

A terminal draws the largest swings as bars around the leader's margin; a page and CSV
list every uncertain score (CSV: margins 0..1, exact).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    POINTS,
    TERMINAL,
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
from policy_options.render.sensitivity import tornado_leader_text, tornado_verdict
from policy_options.render.views.common import fancy, glyph, profile_line, weights_note

if TYPE_CHECKING:
    from policy_options.core.uncertainty.tornado import Tornado, TornadoBar

TORNADO_BAR = 32
TORNADO_TOP = 15


class SignedPoints(Number):
    """A 0..1 difference as signed points ('+2.1', '−0.4', '±0.0'), as fmt.signed_points."""

    def show(self, value: float) -> str:
        return fmt.signed_points(value)


SIGNED_POINTS = SignedPoints()


def tornado(result: Tornado) -> Document:
    ranking = result.ranking
    study = ranking.study
    shown = result.bars[:TORNADO_TOP]
    axis = _axis(shown, result.margin)
    left, right = (fancy(fmt.signed_points(x)) for x in axis)
    axis_label = Text.of(_justified(left, TORNADO_BAR - 6, "<"), _justified(right, 6, ">"))

    def score(bar: TornadoBar) -> str:
        value = fmt.with_unit(bar.value, study.all_criteria[bar.criterion])
        return f"{value} ({fmt.raw(bar.low)}–{fmt.raw(bar.high)})"

    def margin(x: float) -> Text:
        return Text.of(fancy(fmt.signed_points(x), "error fill" if x < 0 else ""))

    on_terminal = table(
        [
            Column(Text.of("Option", fancy(" · "), "criterion"), grow=1),
            Column("Score (range)", wrap=False),
            Column("At low", align="right"),
            Column("At high", align="right"),
            Column(axis_label, width=TORNADO_BAR, wrap=False),
        ],
        (
            cells(
                Text.of(bar.option, fancy(f" · {bar.criterion}", "muted")),
                Text.of(fancy(score(bar))),
                margin(bar.margin_at_low),
                margin(bar.margin_at_high),
                tornado_bar(bar, result.margin, axis),
            )
            for bar in shown
        ),
        media=TERMINAL,
    )
    legend = Text.of(
        f"Margin of {result.leader} over the best other option, in points out of 100, with one"
        " score at the low (",
        glyph("magenta", "'-'"),
        ") or high (",
        glyph("cyan", "'+'"),
        ") end of its range and everything else as given; ",
        glyph("│", "'|'"),
        " marks 0 (left of it the leader loses first place), ",
        glyph("┆", "':'"),
        fancy(
            f" the margin as given ({fmt.signed_points(result.margin)})."
            f" The {len(shown)} largest swings of {len(result.bars)} uncertain scores;"
            " all of them in --format markdown, csv or json."
        ),
    )
    listed = table(
        [
            Column("Option", "option", media=PAGE | DATA),
            Column("Criterion", "criterion", media=PAGE | DATA),
            Column("Score (range)", media=PAGE),
            *(Column(key=key, kind=Number(), media=DATA) for key in ("value", "low", "high")),
            Column("Margin at low", "margin_at_low", SIGNED_POINTS, PAGE | DATA),
            Column("Margin at high", "margin_at_high", SIGNED_POINTS, PAGE | DATA),
            Column("Swing", "swing", POINTS, PAGE | DATA),
            Column("On top at low / high", media=PAGE),
            Column(key="top_at_low", media=DATA),
            Column(key="top_at_high", media=DATA),
            Column(key="changes_leader", media=DATA),
        ],
        (
            cells(
                Text.of(code(bar.option, PAGE), Span(bar.option, media=DATA)),
                Text.of(code(bar.criterion, PAGE), Span(bar.criterion, media=DATA)),
                score(bar),
                *(float(x) for x in (bar.value, bar.low, bar.high)),
                *(float(x) for x in (bar.margin_at_low, bar.margin_at_high, bar.swing)),
                f"{bar.top_at_low} / {bar.top_at_high}",
                bar.top_at_low,
                bar.top_at_high,
                str(bar.changes_leader).lower(),
            )
            for bar in result.bars
        ),
        media=PAGE | DATA,
    )
    reading = Text.of(
        f"Margin: {fmt.possessive(result.leader)} score minus the best other option's, in"
        " points out of 100,"
        " with one score moved to the low or high end of its range and everything else as"
        " given; negative: the leader loses first place. Swing: the difference between the"
        " two. ",
        weights_note(study, ranking.weights, ranking.method),
    )
    verdict = f"{tornado_leader_text(result)} {tornado_verdict(result)}"
    return Document(
        Text.of(page("Score tornado: "), study.title),
        (
            Paragraph(Text.of(fancy(verdict, media=DISPLAY)), "strong"),
            on_terminal,
            Note(legend, TERMINAL),
            listed,
            Note(reading, PAGE),
        ),
        Text.of(fancy(f"score tornado · {profile_line(ranking)}")),
    )


def _justified(span: Span, width: int, align: str) -> Span:
    """``span`` padded to ``width``, its text and its plain text alike."""
    plain = span.shown(plain=True)
    return Span(f"{span.text:{align}{width}}", span.style, span.media, f"{plain:{align}{width}}")


def _axis(bars: tuple[TornadoBar, ...], margin: float) -> tuple[float, float]:
    points = [0.0, margin]
    for bar in bars:
        points += [bar.margin_at_low, bar.margin_at_high]
    lo, hi = min(points), max(points)
    return (lo, hi) if hi > lo else (lo - 0.01, hi + 0.01)


def tornado_bar(
    bar: TornadoBar, margin: float, axis: tuple[float, float], width: int = TORNADO_BAR
) -> Text:
    """The margin over [axis]: the part reached with the score at its low, and at its high."""
    lo, hi = axis

    def column(x: float) -> int:
        return min(width - 1, max(0, round((x - lo) / (hi - lo) * (width - 1))))

    base, zero = column(margin), column(0.0)
    at_low, at_high = column(bar.margin_at_low), column(bar.margin_at_high)
    spans: list[Span] = []
    for i in range(width):
        if min(base, at_low) <= i <= max(base, at_low) and at_low != base:
            spans.append(glyph("█", "-", "contrast"))
        elif min(base, at_high) <= i <= max(base, at_high) and at_high != base:
            spans.append(glyph("█", "+", "accent"))
        elif i == zero:
            spans.append(glyph("│", "|", "muted"))
        elif i == base:
            spans.append(glyph("┆", ":", "muted"))
        else:
            spans.append(Span(" ", media=TERMINAL))
    return Text(tuple(spans))
