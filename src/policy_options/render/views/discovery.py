"""``policy scenarios discover``: how often the option loses first place, and each box
that holds its losses told in words; CSV has one row per box edge, exact."""

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
    Note,
    Paragraph,
    Span,
    Text,
    table,
)
from policy_options.render.scenarios import box_sentence, discovery_summary, settings_text

if TYPE_CHECKING:  # discovery imports numpy: only its types are needed here
    from policy_options.core.futures.discovery import Discovery


def discovery(result: Discovery) -> Document:
    blocks: list[Block] = [Paragraph(Text.of(Span(discovery_summary(result), "strong")))]
    if result.boxes:
        columns = [
            Column("Box", align="right"),
            Column("Coverage", align="right"),
            Column("Density", align="right"),
            Column("Where it loses", media=TERMINAL, grow=1),
            Column("Where", media=PAGE),
        ]
        rows = []
        for i, box in enumerate(result.boxes):
            sentence = box_sentence(box, result, i)  # the same words on either medium
            shares = [fmt.percent(box.coverage), fmt.percent(box.density)]
            rows.append([str(i + 1), *shares, sentence, sentence])
        blocks.append(table(columns, rows, media=DISPLAY))
    blocks += [Note(Text.of(settings_text(result))), _data(result)]
    return Document(
        Text.of(f"Scenario discovery: {result.study.title}"),
        tuple(blocks),
        Text.of(
            f"option: {result.option} · method: {result.method} · {result.samples:,} samples"
            f" · seed {result.seed}"
        ),
    )


def _data(result: Discovery) -> Block:
    """One row per box edge: box, coverage, density, dimension, low, high, values."""
    keys = ["box", "coverage", "density", "dimension", "low", "high", "values"]
    return table(
        [Column(key=key) for key in keys],
        (
            [
                i + 1,
                box.coverage,
                box.density,
                limit.dimension,
                limit.low,
                limit.high,
                " ".join(limit.values),
            ]
            for i, box in enumerate(result.boxes)
            for limit in box.limits
        ),
        media=DATA,
    )
