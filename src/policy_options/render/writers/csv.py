"""Documents as CSV: each table with CSV columns, a header line of their keys, then its
rows; numbers exact (rounded to 12 decimals, as ``fmt.exact``), never formatted. Prose
is left out.

A text cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return: CSV injection, OWASP) is written with a ``'``
before it, as OWASP advises, so that it opens as the text it is; numbers are written as
numbers, a negative one too."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from policy_options.render.document import Cell, Document, Table, Text
from policy_options.render.writers import PLAIN, Terminal


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """One CSV table: the header line, then the rows (values written as they are)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(document: Document, terminal: Terminal = PLAIN) -> str:
    """The document's tables with CSV columns, a blank line between two (``terminal``
    is ignored)."""
    tables = [
        block
        for block in document.blocks_for("data")
        if isinstance(block, Table) and block.shown("data")
    ]
    return "\n".join(_table(block) for block in tables)


def _table(block: Table) -> str:
    shown = block.shown("data")
    return table(
        [block.columns[i].key for i in shown],
        ([_value(row[i]) for i in shown] for row in block.rows),
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a text cell as a formula (OWASP, CSV injection)."""


def as_text(text: str) -> str:
    """A text cell that no spreadsheet reads as a formula: ``'`` before a risky start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _value(value: Cell) -> object:
    if isinstance(value, float):  # most cells: test it first
        return round(value, 12) + 0.0  # fmt.exact, inline
    if isinstance(value, Text):
        return as_text(value.plain("data"))
    if isinstance(value, str):
        return as_text(value)
    return value
