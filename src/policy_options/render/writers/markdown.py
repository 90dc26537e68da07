"""Documents as GitHub-flavoured Markdown, for memos: a title line, then each block,
a blank line between; ``|`` and newlines inside cells are escaped, and a ``<`` that
would open raw HTML (before a letter, ``/``, ``!`` or ``?``: CommonMark's tags, comments
and declarations) as ``&lt;``: a title from a study can open no HTML tag (``<script>``,
``<img onerror=...>``) in a page that renders the memo, and ``<0.1`` stays as it is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from policy_options.render.document import (
    Bar,
    Bars,
    Cell,
    Document,
    Facts,
    Heading,
    Items,
    Note,
    Number,
    Paragraph,
    Quote,
    Table,
    Text,
)
from policy_options.render.writers import PLAIN, Terminal

MARKS = {"code": "`", "strong": "**"}
"""The style words a page shows, and how; the others are for terminals."""


def cell(text: object) -> str:
    """Escape a table cell: pipes and backslashes escaped, newlines as <br>."""
    value = str(text).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in value.strip().splitlines()) or " "


def table(header: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> list[str]:
    """A GFM table; ``align`` has one letter per column: l(eft) or r(ight)."""
    marks = {"l": "---", "r": "---:"}
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join(marks[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


_OPENS_HTML = re.compile(r"<(?=[A-Za-z/!?])")


def no_html(text: str) -> str:
    """``text`` that can open no raw HTML: a ``<`` that would start a tag as ``&lt;``."""
    return _OPENS_HTML.sub("&lt;", text) if "<" in text else text


def markup(text: Text) -> str:
    """A page's spans of ``text`` as Markdown: `code`, **strong**; HTML escaped."""
    parts = []
    for shown in text.for_medium("page"):
        span = replace(shown, text=no_html(shown.text))
        marks = "".join(MARKS.get(word, "") for word in span.style.split())
        words = span.text.strip()
        if not marks or not words:
            parts.append(span.text)
            continue
        # whitespace outside the marks: Markdown does not read '** x**' as strong
        start = span.text.index(words[0])
        end = start + len(words)
        parts.append(f"{span.text[:start]}{marks}{words}{marks[::-1]}{span.text[end:]}")
    return "".join(parts)


def inline(text: Text) -> str:
    """``text`` as escaped Markdown on one line, as in a cell."""
    return cell(markup(text)).strip()


def write(document: Document, terminal: Terminal = PLAIN) -> str:
    """The document as Markdown (``terminal`` is ignored: pages are not terminals)."""
    parts = []
    if document.title.plain("page"):
        parts.append(f"### {inline(document.title)}")
    for block in document.blocks_for("page"):
        text = _block(block)
        if text:
            parts.append(text)
    return "\n\n".join(parts) + "\n"


def _block(block: object) -> str:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph | Note):
        return inline(block.text)
    if isinstance(block, Quote):
        return f"> {inline(block.text)}"
    if isinstance(block, Facts):
        return "\n".join(
            f"**{label}:** {inline(value)}  " if label else f"{inline(value)}  "
            for label, value in block.items
        )
    if isinstance(block, Items):
        return "\n".join(f"- {inline(item)}" for item in block.items)
    if isinstance(block, Heading):
        return f"{'#' * block.level} {inline(block.text)}"
    if isinstance(block, Bars):
        return ""  # a chart of characters is for terminals: a page draws a real one
    raise TypeError(f"no Markdown for {type(block).__name__}")


def _table(block: Table) -> str:
    shown = block.shown("page")
    lines = table(
        [_label(block.columns[i].label) for i in shown],
        "".join("r" if block.columns[i].justify == "right" else "l" for i in shown),
        ([_cell(row[i], block.columns[i].kind) for i in shown] for row in block.rows),
    )
    title = inline(block.title) if block.title.plain("page") else ""
    return "\n".join([title, "", *lines] if title else lines)


def _label(label: str | Text) -> str:
    return markup(label) if isinstance(label, Text) else no_html(label)


def _cell(value: Cell, kind: Number | Bar | None) -> str:
    """The cell's Markdown, before :func:`table` escapes it."""
    if isinstance(value, Text):
        return markup(value)
    if value is None:
        return ""
    if isinstance(kind, Bar) and isinstance(value, int | float):
        return "#" * round(min(1.0, max(0.0, value)) * kind.width)
    if isinstance(kind, Number) and isinstance(value, int | float):
        return kind.show(value)
    return no_html(str(value))
