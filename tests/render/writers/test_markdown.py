"""The Markdown writer: GFM tables with escaped cells, code and strong spans, blocks apart."""

from __future__ import annotations

from policy_options.render.document import (
    PAGE,
    TERMINAL,
    Column,
    Document,
    Note,
    Number,
    Span,
    Text,
    code,
    page,
    table,
)
from policy_options.render.writers.markdown import cell, inline, write


def test_cells_escape_pipes_backslashes_and_newlines() -> None:
    assert cell("a | b") == "a \\| b"
    assert cell("C:\\path") == "C:\\\\path"
    assert cell("one\n  two \n") == "one<br>two"
    assert cell("") == " "


def test_inline_text_marks_code_and_strong_and_drops_terminal_styles() -> None:
    text = Text.of("see ", code("a|b"), " ", Span("now", "strong"), Span(" quietly", "muted"))
    assert inline(text) == "see `a\\|b` **now** quietly"
    assert inline(Text.of("x", Span(" (terminal)", media=TERMINAL))) == "x"


def test_the_document(document: Document) -> None:
    assert write(document) == (
        "### Study \\| one\n"
        "\n"
        "Alpha leads.\n"
        "\n"
        "| Rank | Option | Stance | Score | Weight |\n"
        "|---:|---|---|---:|---:|\n"
        "| 1 | `alpha` · a \\| b | in place | 66.7 | 25.0% |\n"
        "| 2 | `beta`<br>**fails** |   | 10.0 | 75.0% |\n"
        "\n"
        "**stance:** recommended  \n"
        "no label  \n"
        "\n"
        "> “a quote” (src)\n"
        "\n"
        "- first\n"
        "- second `id`\n"
        "\n"
        "Scores out of 100.\n"
    )


def test_a_table_title_on_a_page_is_a_line_above_it() -> None:
    tau = table(
        [Column(""), Column("a", align="right")],
        [["a", "+1.000"]],
        title=Text.of("Kendall's tau-b", page(":")),
    )
    assert write(Document(Text(), (tau,))) == (
        "Kendall's tau-b:\n\n|   | a |\n|---|---:|\n| a | +1.000 |\n"
    )


def test_terminal_only_titles_and_blocks_are_left_out() -> None:
    document = Document(
        Text.of("T"),
        (
            table([Column("A")], [["x"]], title=Text.of(Span("Criteria", media=TERMINAL))),
            Note(Text.of("for terminals"), TERMINAL),
            Note(Text.of("for pages"), PAGE),
        ),
        subtitle=Text.of("a terminal's subtitle"),
    )
    assert write(document) == "### T\n\n| A |\n|---|\n| x |\n\nfor pages\n"


def test_numbers_are_formatted_as_their_column_says() -> None:
    block = table([Column("x", kind=Number(".3f", suffix=" s"))], [[1 / 3], ["n/a"], [None]])
    assert write(Document(Text(), (block,))).splitlines()[2:] == [
        "| 0.333 s |",
        "| n/a |",
        "|   |",
    ]
