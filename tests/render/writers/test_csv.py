"""The CSV writer: the tables' CSV columns, exact numbers, the prose left out."""

from __future__ import annotations

import csv
import io

from policy_options.render.document import (
    DATA,
    DISPLAY,
    Column,
    Document,
    Note,
    Text,
    code,
    table,
)
from policy_options.render.writers.csv import write


def test_the_document_keeps_exact_numbers_and_csv_keys(document: Document) -> None:
    text = write(document)
    assert text == (
        "rank,option,score,weight,note\n"
        '1,alpha · a | b,0.666666666667,0.25,"x, y"\n'
        '2,"beta\nfails",0.1,0.75,"line\nbreak"\n'
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2] == ["2", "beta\nfails", "0.1", "0.75", "line\nbreak"]


def test_floats_are_rounded_to_12_decimals_and_never_negative_zero() -> None:
    block = table([Column("x", "x")], [[0.1 + 0.2], [-0.0], [3], [True], [None]])
    # a row of one empty field is quoted, so that it is not an empty line
    assert write(Document(Text(), (block,))) == 'x\n0.3\n0.0\n3\nTrue\n""\n'


def test_display_tables_and_prose_are_not_written() -> None:
    shown = table([Column("Shown only")], [["x"]], media=DISPLAY)
    data = table([Column(key="id", media=DATA)], [[Text.of(code("a"))]])
    document = Document(Text.of("T"), (shown, Note(Text.of("note")), data))
    assert write(document) == "id\na\n"


def test_several_tables_are_apart_by_a_blank_line() -> None:
    one = table([Column("A", "a")], [[1]])
    two = table([Column("B", "b")], [[2]])
    assert write(Document(Text(), (one, two))) == "a\n1\n\nb\n2\n"
