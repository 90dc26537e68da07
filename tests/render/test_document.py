"""The Document: text and spans, typed columns, media, tables that keep their shape."""

from __future__ import annotations

import pytest

from policy_options.render.document import (
    DATA,
    DISPLAY,
    EVERY,
    INTEGER,
    PAGE,
    PERCENT,
    POINTS,
    TERMINAL,
    Bar,
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
    terminal,
)


def test_text_of_joins_strings_spans_and_texts_dropping_empty_ones() -> None:
    text = Text.of("a ", code("b"), "", Text.of(" c"))
    assert [s.text for s in text.spans] == ["a ", "b", " c"]
    assert text.plain("page") == text.plain("terminal") == "a b c"
    assert not Text.of("", "")
    assert Text.of("x") + code("y") == Text.of("x", code("y"))


def test_style_is_added_and_media_narrowed_span_by_span() -> None:
    text = Text.of("a", Span("b", "muted"), style="strong", media=DISPLAY)
    assert [(s.style, s.media) for s in text.spans] == [
        ("strong", DISPLAY),
        ("muted strong", DISPLAY),
    ]
    mixed = Text.of("7 points", terminal("\n"), page(" "), "(5–8)")
    assert mixed.plain("terminal") == "7 points\n(5–8)"
    assert mixed.plain("page") == "7 points (5–8)"
    assert mixed.plain("data") == "7 points(5–8)"
    assert Text.of(terminal("x"), media=PAGE) == Text()  # nothing left for any medium


def test_a_column_is_on_display_and_in_csv_only_with_a_key() -> None:
    assert [Column("Name").shown_in(m) for m in ("terminal", "page", "data")] == [
        True,
        True,
        False,
    ]
    assert [Column("Name", "name").shown_in(m) for m in ("terminal", "page", "data")] == [
        True,
        True,
        True,
    ]
    only = Column(key="title", media=DATA)
    assert [only.shown_in(m) for m in ("terminal", "page", "data")] == [False, False, True]
    assert not Column("#", "rank", media=TERMINAL).shown_in("data")
    with pytest.raises(ValueError, match="no key"):
        Column("Score", media=EVERY)


def test_numbers_are_right_aligned_unless_told() -> None:
    assert Column("Score", kind=POINTS).justify == "right"
    assert Column("Name").justify == "left"
    assert Column(kind=Bar()).justify == "left"
    assert Column("Tau", align="right").justify == "right"


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        (POINTS, 0.6321, "63.2"),
        (POINTS, -0.0, "0.0"),
        (PERCENT, 0.25, "25.0%"),
        (PERCENT, 1 / 3, "33.3%"),
        (INTEGER, 7, "7"),
        (INTEGER, 20_000, "20000"),
        (Number(".2f"), 0.7, "0.70"),
        (Number("+.4f"), -0.0125, "-0.0125"),
        (Number("+.4f"), -0.0, "+0.0000"),
        (Number(".1f", suffix=" pp"), 2.25, "2.2 pp"),
    ],
)
def test_number_columns_show_their_format(kind: Number, value: float, shown: str) -> None:
    assert kind.show(value) == shown


def test_a_row_must_fill_every_column() -> None:
    with pytest.raises(ValueError, match="a row of 1 cells in a table of 2"):
        table([Column("A"), Column("B")], [["only one"]])


def test_tables_list_the_columns_each_medium_shows() -> None:
    block = table(
        [
            Column("#", kind=INTEGER, media=TERMINAL),
            Column("Rank", "rank", INTEGER, media=PAGE | DATA),
            Column("Score", "score", POINTS),
            Column(kind=Bar(), media=TERMINAL),
        ],
        [cells(1, 1, 0.5, 0.5)],
    )
    assert block.shown("terminal") == [0, 2, 3]
    assert block.shown("page") == [1, 2]
    assert block.shown("data") == [1, 2]


def test_documents_give_each_medium_its_blocks() -> None:
    document = Document(
        Text.of("Title"),
        (
            Paragraph(Text.of("both")),
            Note(Text.of("terminal"), TERMINAL),
            Note(Text.of("page"), PAGE),
            table([Column("A", "a")], [["x"]]),
        ),
    )
    assert len(document.blocks_for("terminal")) == 3
    assert len(document.blocks_for("page")) == 3
    assert [type(b).__name__ for b in document.blocks_for("data")] == ["Table"]
