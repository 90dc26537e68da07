"""Writers: a :class:`~policy_options.render.document.Document` -> text, one module per
output format, and the one registry of formats.

A new output format is one module here with ``write(document, terminal) -> str`` and
one line in :data:`WRITERS` (and its member in :class:`Format`, unless it is one of
:data:`REPORT_ONLY`, as HTML is). Writers are imported
when used, so that Markdown and CSV never load Rich. JSON is no writer: it is the
result's own data (:mod:`policy_options.render.jsonout`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policy_options.render.document import Document


class Format(StrEnum):
    """The ``--format`` choices: every writer's name, and json."""

    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


WRITERS: dict[str, str] = {
    Format.table: "console",
    Format.markdown: "markdown",
    Format.csv: "csv",
    "html": "html",
}
"""Format name -> its writer's module in this package."""

REPORT_ONLY = frozenset({"html"})
"""Writers the report uses that are no ``--format`` choice: an HTML fragment is a part
of the report's page, not a document a command prints."""

PLAIN_WIDTH = 120


@dataclass(frozen=True)
class Terminal:
    """What the output goes to: a terminal (colour, its width) or a pipe/file (plain)."""

    is_terminal: bool = False
    color_system: str | None = None
    width: int = PLAIN_WIDTH


PLAIN = Terminal()

WIDTH_OVERRIDE: int | None = None
"""``policy --width N``: the width of every table, whatever the terminal (set by the CLI)."""


def write(document: Document, format_: str, terminal: Terminal = PLAIN) -> str:
    """``document`` in ``format_`` (a key of :data:`WRITERS`); ``terminal`` is where the
    console writer's output goes (the other writers ignore it).

    The one way to a writer: every control character in the document's text (ESC, CR,
    a bidi override ...) is escaped here (render/escape.py), for every format. The
    writers' own output holds none but newlines and tabs, so it is escaped in one pass
    over the text; only a colour terminal's (Rich's own sequences in it) has its
    document escaped before it is written.
    """
    from policy_options.render.escape import escape_controls, safe_document

    module = importlib.import_module(f"{__name__}.{WRITERS[format_]}")
    if format_ == Format.table and terminal.color_system is not None:
        return str(module.write(safe_document(document), terminal))
    return escape_controls(str(module.write(document, terminal)), keep_lines=True)
