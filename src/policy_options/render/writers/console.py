"""Documents on a terminal with Rich: the one module of ours that imports rich (the
progress bar and the console modules of the families not yet ported aside).

On a terminal: colour and box drawing; in a pipe or a file: plain ASCII-boxed text
without trailing spaces.
"""

from __future__ import annotations

import io
import os
import sys

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table as RichTable
from rich.text import Text as RichText

from policy_options.render.document import (
    Bar,
    Bars,
    Block,
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

__all__ = ["PLAIN", "Terminal", "bar", "detect", "new_table", "render_to_text", "write"]

BAR_WIDTH = 12
PLAIN_OPEN = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)
"""An ASCII box without vertical lines: a wide table (a column per rank) stays narrow."""
_EIGHTHS = " ▏▎▍▌▋▊▉█"
STYLES = {
    "strong": "bold",
    "muted": "dim",
    "emphasis": "italic",
    "code": "",
    "warning": "bold yellow",
    "error": "bold red",
    "good": "bold green",
    "accent": "cyan",
    "contrast": "magenta",
    "fill": "",
    "heat-1": "on grey35",
    "heat-2": "black on gold3",
    "heat-3": "black on dark_orange",
    "heat-4": "bold white on red3",
}
"""Style words -> Rich styles: signal colours are bold."""


PIPED_WIDTH = 100
"""Output width when stdout is no terminal and nothing says how wide the reader's is."""


def detect(stderr: bool = False) -> Terminal:
    """Inspect stdout (or stderr): Rich's rules, so NO_COLOR and pipes give plain output.

    Width: ``--width N``; else a terminal's own width; else, when the output is piped,
    ``COLUMNS`` if set, else the width of the terminal the user is typing in (stderr or
    stdin, as in ``policy rank | less``), else 100.
    """
    from policy_options.render import writers

    console = Console(stderr=stderr)
    if console.is_terminal:
        return Terminal(True, console.color_system, writers.WIDTH_OVERRIDE or console.width)
    return Terminal(False, None, writers.WIDTH_OVERRIDE or piped_width())


def piped_width() -> int:
    """The width for output that goes to a pipe or a file (see :func:`detect`)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    return PIPED_WIDTH


def render_to_text(terminal: Terminal, *items: RenderableType, soft_wrap: bool = False) -> str:
    """Print ``items`` to a string as ``terminal`` would show them (plain: no trailing spaces).

    ``soft_wrap`` keeps long lines whole (for lines a script may grep, like problems).
    """
    return _printed(terminal, [(item, soft_wrap) for item in items])


def _printed(terminal: Terminal, items: list[tuple[RenderableType, bool]]) -> str:
    console = Console(
        file=io.StringIO(),
        force_terminal=terminal.is_terminal,
        color_system=terminal.color_system,  # type: ignore[arg-type]
        width=terminal.width,
        legacy_windows=False,
        emoji=False,
        highlight=False,
    )
    for item, soft_wrap in items:
        console.print(item, soft_wrap=soft_wrap)
    text = str(console.file.getvalue())  # type: ignore[attr-defined]
    if terminal.is_terminal:
        return text
    return "\n".join(line.rstrip() for line in text.split("\n"))


def new_table(terminal: Terminal, **kwargs: object) -> RichTable:
    return RichTable(
        box=box.SIMPLE_HEAD if terminal.is_terminal else box.ASCII,
        header_style="bold" if terminal.is_terminal else "",
        **kwargs,  # type: ignore[arg-type]
    )


def bar(share: float, terminal: Terminal, width: int = BAR_WIDTH) -> RichText:
    """A horizontal bar for a 0..1 share: block eighths on a terminal, '#' in plain text."""
    share = min(1.0, max(0.0, share))
    if not terminal.is_terminal:
        return RichText("#" * round(share * width))
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    return RichText("█" * full + (_EIGHTHS[part] if part else ""), style=STYLES["accent"])


def style_of(words: str) -> str:
    """The Rich style of a span's style words; a word not in STYLES is a view's typo."""
    try:
        return " ".join(STYLES[word] for word in words.split() if STYLES[word])
    except KeyError as exc:
        raise ValueError(f"unknown style word {exc}") from None


def rich_text(text: Text, style: str = "", plain: bool = False) -> RichText:
    """The terminal's spans of ``text`` as Rich text (never read as Rich markup);
    ``plain``: as plain output shows them (each span's plain text, if it has one)."""
    out = RichText(style=style_of(style))
    for span in text.for_medium("terminal"):
        out.append(span.shown(plain), style=style_of(span.style) or None)
    return out


def write(document: Document, terminal: Terminal = PLAIN) -> str:
    """The document as ``terminal`` shows it."""
    blocks = document.blocks_for("terminal")
    if not terminal.is_terminal and not document.title and _unwrapped(blocks):
        lines = _plain_lines(blocks)
        if all(line.isprintable() for line in lines):
            # what Rich prints of these lines on a pipe, without it: 10,000 warnings take
            # a third of a second to lay out, for no wrapping and no colour
            return "".join(f"{line.rstrip()}\n" for line in lines)
    items: list[tuple[RenderableType, bool]] = []
    plain = not terminal.is_terminal
    if document.title:
        header = rich_text(document.title, "strong", plain)
        if document.subtitle:
            header.append_text(rich_text(Text.of("\n", document.subtitle), "muted", plain))
        items.append((header, False))
    for block in blocks:
        item = _renderable(block, terminal)
        if item is not None:
            items.append((item, not getattr(block, "wrap", True)))
    return _printed(terminal, items)


def _unwrapped(blocks: list[Block]) -> bool:
    return all(isinstance(b, Paragraph | Items) and not b.wrap for b in blocks)


def _plain_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text.plain("terminal", ascii_=True))
        elif isinstance(block, Items):
            lines += [item.plain("terminal", ascii_=True) for item in block.items]
    return lines


def _renderable(block: object, terminal: Terminal) -> RenderableType | None:
    plain = not terminal.is_terminal
    if isinstance(block, Table):
        return _table(block, terminal)
    if isinstance(block, Paragraph):
        return rich_text(block.text, block.style, plain)
    if isinstance(block, Heading):
        return rich_text(block.text, "strong", plain)
    if isinstance(block, Bars):
        chart = RichText()
        for name, share, shown in block.items:
            chart.append(f"{name:>{block.label_width}} ")
            chart.append_text(bar(max(0.0, share), terminal, block.width))
            chart.append(f" {shown}\n")
        return chart  # its last newline leaves a blank line after the chart
    if isinstance(block, Note):
        return rich_text(block.text, "muted", plain)
    if isinstance(block, Quote):
        return rich_text(block.text, "emphasis", plain)
    if isinstance(block, Facts):
        facts = RichText()
        for label, value in block.items:
            if label:
                facts.append(f"{label}: ", style=STYLES["strong"])
            facts.append_text(rich_text(value, plain=plain))
            facts.append("\n")
        return facts  # its last newline leaves a blank line after the facts
    if isinstance(block, Items):
        if not block.items:
            return None
        lines = RichText(style=style_of(block.style))
        for i, item in enumerate(block.items):
            lines.append("\n" if i else "")
            lines.append_text(rich_text(item, plain=plain))
        return lines
    raise TypeError(f"no terminal layout for {type(block).__name__}")


def _table(table: Table, terminal: Terminal) -> RichTable:
    out = _rich_table(table, terminal)
    if table.narrow is not None and _natural_width(out) > terminal.width:
        return _table(table.narrow, terminal)
    return out


def _natural_width(table: RichTable) -> int:
    """How wide ``table`` is when nothing constrains it."""
    return Console(file=io.StringIO(), width=100_000, legacy_windows=False).measure(table).maximum


def _rich_table(table: Table, terminal: Terminal) -> RichTable:
    plain = not terminal.is_terminal
    title = table.title.plain("terminal", plain)
    options: dict[str, object] = {"title": title, "title_justify": "left"} if title else {}
    if "compact" in table.style.split():
        options["padding"] = (0, 0)
    out = new_table(terminal, **options)
    if plain and "open" in table.style.split():
        out.box = PLAIN_OPEN
    shown = table.shown("terminal")
    for i in shown:
        column = table.columns[i]
        width = column.width
        if isinstance(column.kind, Bar) and column.kind.fixed and width is None:
            width = column.kind.width
        label = column.label
        out.add_column(
            rich_text(label, plain=plain) if isinstance(label, Text) else RichText(label),
            justify=column.justify,
            ratio=column.grow,
            width=width,
            max_width=column.max_width,
            min_width=column.min_width,
            no_wrap=not column.wrap or isinstance(column.kind, Bar),
            overflow="fold" if column.fold else "ellipsis",
        )
    for n, row in enumerate(table.rows):
        out.add_row(
            *(_cell(row[i], table.columns[i].kind, terminal) for i in shown),
            end_section=n in table.sections,
        )
    return out


def _cell(value: Cell, kind: Number | Bar | None, terminal: Terminal) -> RenderableType:
    if isinstance(value, Text):
        styles = {span.style for span in value.spans}
        if len(styles) == 1 and "fill" in (style := styles.pop()).split():
            return RichText(value.plain("terminal", not terminal.is_terminal), style_of(style))
        return rich_text(value, plain=not terminal.is_terminal)
    if value is None:
        return ""
    if isinstance(kind, Bar) and isinstance(value, int | float):
        return bar(value, terminal, kind.width)
    if isinstance(kind, Number) and isinstance(value, int | float):
        return kind.show(value)
    return RichText(str(value))
