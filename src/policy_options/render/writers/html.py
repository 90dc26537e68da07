"""Documents as an HTML fragment, for the report: what a page shows (the spans and
columns Markdown shows), in semantic elements, everything escaped.

A title is an ``<h3>``; a table is a ``<table>`` with its title as ``<caption>``, a
``<thead>`` and a ``<tbody>``, number columns (and any column aligned right) marked
``class="num"``; prose is ``<p>``, a note ``<p class="note">``, a quote
``<blockquote>``, facts a ``<dl class="facts">``, items a ``<ul>``. Style words become
``<code>``, ``<strong>`` and ``<em>``, the others a class on a ``<span>`` (``warning``,
``muted``...) for the page's style sheet. No style sheet, no script, no attribute from
the document: text is escaped with :func:`html.escape`, quotes included.
"""

from __future__ import annotations

from html import escape

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

ELEMENTS = {"code": "code", "strong": "strong", "emphasis": "em"}
"""Style words written as an element; the others are classes of a ``<span>``."""


def inline(text: Text) -> str:
    """A page's spans of ``text`` as escaped HTML; a newline is a ``<br>``."""
    parts = []
    for span in text.for_medium("page"):
        words = span.style.split()
        body = "<br>".join(escape(line) for line in span.text.split("\n"))
        classes = [word for word in words if word not in ELEMENTS]
        for word in words:
            if word in ELEMENTS:
                body = f"<{ELEMENTS[word]}>{body}</{ELEMENTS[word]}>"
        if classes:
            body = f'<span class="{escape(" ".join(classes))}">{body}</span>'
        parts.append(body)
    return "".join(parts)


def write(document: Document, terminal: Terminal = PLAIN) -> str:
    """The document as an HTML fragment, one element a line (``terminal`` is ignored)."""
    parts = []
    if document.title.plain("page"):
        parts.append(f"<h3>{inline(document.title)}</h3>")
    for block in document.blocks_for("page"):
        text = _block(block)
        if text:
            parts.append(text)
    return "\n".join(parts) + "\n"


def _block(block: object) -> str:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph):
        return f"<p>{inline(block.text)}</p>"
    if isinstance(block, Note):
        return f'<p class="note">{inline(block.text)}</p>'
    if isinstance(block, Quote):
        return f"<blockquote>{inline(block.text)}</blockquote>"
    if isinstance(block, Facts):
        items = "".join(
            f"<dt>{escape(label)}</dt><dd>{inline(value)}</dd>" for label, value in block.items
        )
        return f'<dl class="facts">{items}</dl>'
    if isinstance(block, Items):
        if not block.items:
            return ""
        return "<ul>" + "".join(f"<li>{inline(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Heading):
        level = min(6, max(1, block.level))
        return f"<h{level}>{inline(block.text)}</h{level}>"
    if isinstance(block, Bars):
        return ""  # a chart of characters is for terminals: a page draws a real one
    raise TypeError(f"no HTML for {type(block).__name__}")


def _label(label: str | Text) -> str:
    return inline(label) if isinstance(label, Text) else escape(label)


def _table(block: Table) -> str:
    shown = block.shown("page")
    numeric = {i: block.columns[i].justify == "right" for i in shown}
    lines = ["<table>"]
    if block.title.plain("page"):
        lines.append(f"<caption>{inline(block.title)}</caption>")
    header = "".join(f"<th{_num(numeric[i])}>{_label(block.columns[i].label)}</th>" for i in shown)
    lines += [f"<thead><tr>{header}</tr></thead>", "<tbody>"]
    for row in block.rows:
        cells = "".join(
            f"<td{_num(numeric[i])}>{_cell(row[i], block.columns[i].kind)}</td>" for i in shown
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _cell(value: Cell, kind: Number | Bar | None) -> str:
    """The cell's HTML: as :mod:`markdown` shows it, escaped."""
    if isinstance(value, Text):
        return inline(value)
    if value is None:
        return ""
    if isinstance(kind, Bar) and isinstance(value, int | float):
        return "#" * round(min(1.0, max(0.0, value)) * kind.width)
    if isinstance(kind, Number) and isinstance(value, int | float):
        return escape(kind.show(value))
    return escape(str(value))
