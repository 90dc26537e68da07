"""A small document with every kind of block and column, for each writer's tests."""

from __future__ import annotations

import pytest

from policy_options.render.document import (
    DATA,
    INTEGER,
    PAGE,
    PERCENT,
    POINTS,
    TERMINAL,
    Bar,
    Column,
    Document,
    Facts,
    Items,
    Note,
    Paragraph,
    Quote,
    Span,
    Text,
    cells,
    code,
    table,
    terminal,
)


@pytest.fixture
def document() -> Document:
    """Two options ranked: a terminal shows ids and a bar, a page names and a stance."""
    ranked = table(
        [
            Column("#", kind=INTEGER, media=TERMINAL),
            Column("Rank", "rank", INTEGER, media=PAGE | DATA),
            Column("Option", "option", grow=1),
            Column("Stance", media=PAGE),
            Column("Score", "score", POINTS),
            Column("Weight", "weight", PERCENT),
            Column(kind=Bar(8), media=TERMINAL),
            Column(key="note", media=DATA),
        ],
        [
            cells(1, 1, Text.of(code("alpha"), Span(" · a | b", "muted")), "in place", 2 / 3, 0.25,
                  2 / 3, "x, y"),
            cells(2, 2, Text.of(code("beta"), Span("\nfails", "strong warning")), None, 0.1,
                  0.75, 0.1, "line\nbreak"),
        ],
    )  # fmt: skip
    return Document(
        Text.of("Study | one"),
        (
            Paragraph(Text.of("Alpha leads."), style="strong"),
            ranked,
            Facts((("stance", Text.of("recommended")), ("", Text.of("no label")))),
            Quote(Text.of("“a quote” (src)")),
            Items((Text.of("first"), Text.of("second ", code("id")))),
            Note(Text.of("Scores out of 100.", terminal(" Bars: share."))),
        ),
        Text.of("2 options"),
    )
