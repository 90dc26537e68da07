"""render/escape.py: control characters shown as escapes, in every writer and on a colour
terminal too (where Rich's own sequences must survive and the study's must not)."""

from __future__ import annotations

import pytest

from policy_options.render import writers
from policy_options.render.document import Column, Document, Span, Table, Text
from policy_options.render.escape import escape_controls, safe_document

HOSTILE = "A\x1b]0;pwned\x07B\rC\u202eD\x9bE\x7fF"


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        ("plain text, é, 中文, ≤ 0.1", False, "plain text, é, 中文, ≤ 0.1"),
        (HOSTILE, False, "A\\x1b]0;pwned\\x07B\\x0dC\\u202eD\\x9bE\\x7fF"),
        ("a\nb\tc", False, "a\\x0ab\\x09c"),
        ("a\nb\tc\rd", True, "a\nb\tc\\x0dd"),
    ],
)
def test_escape_controls(text: str, lines: bool, expected: str) -> None:
    assert escape_controls(text, keep_lines=lines) == expected


def _document(text: str) -> Document:
    table = Table(
        columns=(Column("Option", key="option"), Column("Note", key="note")),
        rows=((text, Text.of(Span(text, "strong"))),),
    )
    return Document(Text.of(text), (table,))


def test_a_clean_document_is_the_same_object() -> None:
    document = _document("nothing to escape\nhere")
    assert safe_document(document) is document


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
@pytest.mark.parametrize("color", [None, "truecolor"])
def test_every_writer_escapes(fmt: str, color: str | None) -> None:
    terminal = writers.Terminal(is_terminal=color is not None, color_system=color, width=100)
    out = writers.write(_document(HOSTILE), fmt, terminal)
    for char in ("\x07", "\r", "\u202e", "\x9b", "\x7f", "\x1b]"):
        assert char not in out, (fmt, color, out)
    assert "\\x1b]0;pwned" in out
    if fmt == "table" and color is not None:
        assert "\x1b[" in out  # Rich's own colour sequences are kept
