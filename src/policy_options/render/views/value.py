"""``policy sensitivity value``: what each uncertain input is worth finding out.

A terminal shows the inputs worth most and a sentence for each; a page and CSV list
every input (CSV: values 0..1, exact, and each switch point).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    TERMINAL,
    Block,
    Column,
    Document,
    Items,
    Note,
    Number,
    Paragraph,
    Text,
    cells,
    code,
    page,
    table,
)
from policy_options.render.value_text import (
    input_label,
    input_sentence,
    switch_text,
    value_method_note,
    value_verdict,
)
from policy_options.render.views.common import fancy, profile_line, weights_note

if TYPE_CHECKING:
    from policy_options.core.uncertainty.value import InputValue, ValueOfInformation

SHOWN = 15
"""Rows (and sentences) a terminal shows: the inputs worth most."""
VALUE = Number(".2f", 100)
"""A value of information as points out of 100, two decimals."""


def value(result: ValueOfInformation) -> Document:
    ranking = result.ranking
    study = ranking.study
    rows = result.inputs

    def worth(item: InputValue) -> Text:
        if item.above_noise:
            return Text.of(VALUE.show(item.evppi))
        floor = f"< {VALUE.show(max(item.noise, 0.0001))}"  # never '< 0.00'
        return Text.of(fancy(floor, "muted"), page(floor))

    def changes(item: InputValue) -> str:
        """Switch points on display only above the noise (under it they may be noise)."""
        return switch_text(item, result.packages) if item.above_noise else ""

    def label(item: InputValue) -> Text:
        return Text.of(fancy(input_label(item), "" if item.kind == "score" else "emphasis"))

    on_terminal = table(
        [
            Column("Input", grow=1),
            Column("Worth (points)", align="right"),
            Column("Choice changes at", grow=1),
        ],
        (cells(label(item), worth(item), changes(item)) for item in rows[:SHOWN]),
        media=TERMINAL,
    )
    listed = table(
        [
            Column("Input", media=PAGE),
            Column("Worth (points)", media=PAGE, align="right"),
            Column("Choice changes at", media=PAGE),
            Column(key="kind", media=DATA),
            Column(key="option", media=DATA),
            Column(key="criterion", media=DATA),
            Column(key="inputs", kind=Number(), media=DATA),
            Column(key="evppi", kind=VALUE, media=DATA),
            Column(key="noise", kind=VALUE, media=DATA),
            Column(key="above_noise", media=DATA),
            Column(key="switch_at", media=DATA),
            Column(key="best_below", media=DATA),
            Column(key="best_above", media=DATA),
        ],
        (
            cells(
                Text.of(code(input_label(item), PAGE)),
                worth(item),
                changes(item),
                item.kind,
                item.option or "",
                item.criterion or "",
                item.inputs,
                float(item.evppi),
                float(item.noise),
                str(item.above_noise).lower(),
                " ".join(repr(fmt.exact(s.at)) for s in item.switches),
                " ".join(s.below for s in item.switches),
                " ".join(s.above for s in item.switches),
            )
            for item in rows
        ),
        media=PAGE | DATA,
    )
    worth_finding = [item for item in rows if item.above_noise]
    sentences = Items(
        tuple(
            Text.of(fancy(input_sentence(item, result.packages), media=DISPLAY))
            for item in worth_finding[:SHOWN]
        ),
        media=DISPLAY,
    )
    more = len(rows) - SHOWN
    legend = (
        f"The {SHOWN} inputs worth most of {len(rows)}; all of them in --format markdown,"
        " csv or json. "
        if more > 0
        else ""
    )
    reading = (
        "Worth: the expected value of partial perfect information (EVPPI), in points of"
        " expected score out of 100: how much better, on average, the choice would be if the"
        " input were known before choosing; '<' marks an input worth less than the Monte"
        " Carlo error. Choice changes at: where, along the input's range, the best option"
        " (fitted) changes. " + value_method_note(result)
    )
    on_page = Text.of(reading, " ", weights_note(study, ranking.weights, ranking.method))
    blocks: list[Block] = [
        Paragraph(Text.of(fancy(value_verdict(result), media=DISPLAY)), "strong")
    ]
    if worth_finding:
        blocks.append(sentences)
    if rows:
        blocks += [on_terminal, Note(Text.of(fancy(legend + reading)), TERMINAL), listed]
    blocks.append(Note(on_page, PAGE))
    return Document(
        Text.of(page("What is worth finding out: "), study.title),
        tuple(blocks),
        Text.of(fancy(f"value of information · {profile_line(ranking)}")),
    )
