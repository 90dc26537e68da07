"""The console writer: ASCII boxes in a pipe, colour and block bars on a terminal."""

from __future__ import annotations

import pytest

from policy_options.render.document import (
    STYLE_WORDS,
    Column,
    Document,
    Items,
    Paragraph,
    Span,
    Text,
    table,
)
from policy_options.render.writers import PLAIN, Terminal
from policy_options.render.writers.console import (
    STYLES,
    _printed,
    _renderable,
    bar,
    rich_text,
    write,
)

COLOUR = Terminal(True, "truecolor", 80)


def test_the_document_in_a_pipe(document: Document) -> None:
    assert write(document, Terminal(width=60)) == (
        "Study | one\n"
        "2 options\n"
        "Alpha leads.\n"
        "+-----------------------------------------------+\n"
        "| # | Option        | Score | Weight |          |\n"
        "|---+---------------+-------+--------+----------|\n"
        "| 1 | alpha · a | b |  66.7 |  25.0% | #####    |\n"
        "| 2 | beta          |  10.0 |  75.0% | #        |\n"
        "|   | fails         |       |        |          |\n"
        "+-----------------------------------------------+\n"
        "stance: recommended\n"
        "no label\n"
        "\n"
        "“a quote” (src)\n"
        "first\n"
        "second id\n"
        "Scores out of 100. Bars: share.\n"
    )


def test_on_a_terminal_styles_become_colour_and_bars_block_characters(
    document: Document,
) -> None:
    text = write(document, COLOUR)
    assert "\x1b[1m" in text  # bold: the title, the strong paragraph
    assert "\x1b[36m█████▍" in text  # 2/3 of 8 cells, to the eighth, in cyan
    assert "\x1b[1;33mfails" in text  # strong warning: bold yellow
    assert "+---" not in text  # box drawing, not ASCII


def test_bars_round_to_the_nearest_cell_in_plain_text_and_eighths_on_a_terminal() -> None:
    assert bar(0.5, PLAIN, 12).plain == "######"
    assert bar(1.7, PLAIN, 4).plain == "####"  # clipped to 0..1
    assert bar(0.5 + 1 / 96, COLOUR, 12).plain == "██████▏"


def test_cells_are_never_read_as_rich_markup() -> None:
    block = table([Column("Name")], [["[bold]x[/bold]"], [Text.of("[red]y")]])
    text = write(Document(Text.of("[i]T[/i]"), (block,)), PLAIN)
    assert "[bold]x[/bold]" in text
    assert "[red]y" in text
    assert text.startswith("[i]T[/i]\n")


def test_style_words_map_to_rich_styles() -> None:
    text = rich_text(Text.of(Span("a", "strong warning"), Span("b", "muted"), Span("c", "code")))
    assert [(str(s.style)) for s in text.spans] == ["bold bold yellow", "dim"]


def test_every_style_word_has_a_terminal_style_and_typos_are_refused() -> None:
    assert set(STYLES) == STYLE_WORDS
    with pytest.raises(ValueError, match="blink"):
        write(Document(Text.of(Span("x", "strong blink"))), PLAIN)


def _problems(n: int, odd: str = "") -> Document:
    lines = tuple(
        Text.of(Span("warning: ", "warning"), f"study/x{i}.yaml:{i}:1: a long line {'-' * 150}")
        for i in range(n)
    )
    return Document(
        Text(),
        (
            Items(lines + ((Text.of(odd),) if odd else ()), wrap=False),
            Paragraph(Text.of("study: valid"), style="good", wrap=False),
        ),
    )


@pytest.mark.parametrize("odd", ["", "tab\there"])
def test_unwrapped_lines_in_a_pipe_are_what_rich_prints_without_it(odd: str) -> None:
    """On a pipe, lines a script greps skip Rich's layout (10,000 take a third of a
    second), to the same text; a line Rich would clean up still goes through it."""
    document = _problems(30, odd)
    through_rich = _printed(PLAIN, [(_renderable(b, PLAIN), True) for b in document.blocks])
    assert write(document, PLAIN) == through_rich
    assert all(len(line) > 150 for line in through_rich.splitlines()[:30])  # never wrapped
