"""A format-neutral document: what a result says, before any writer lays it out.

A *view* (render/views/) turns a result into a :class:`Document`; a *writer*
(render/writers/) turns the document into text for one medium:

- ``terminal``: the console writer (Rich tables on a terminal, ASCII in a pipe);
- ``page``: the Markdown writer (memos), later HTML;
- ``data``: the CSV writer, which writes the document's tables only.

Anything may be meant for some media only (a span, a column, a block): the
terminal's ``#`` column and the page's ``Rank``, an exact number for CSV beside
the rounded one on display. A writer skips what is not for its medium.

Text is a run of :class:`Span` s, each with a few *style words* the writers
interpret: ``strong``, ``muted``, ``emphasis``, ``code`` (an identifier),
``warning``, ``error``, ``good``, ``accent`` and ``contrast`` (a second accent), and
``heat-1`` (faint) to ``heat-4`` (hot) for the cells of a heat map; ``fill`` on every span
of a table cell spreads the cell's style over its whole width (a heat map's colour).

A span may name its ``plain`` text: what plain output (a pipe, a file) shows instead,
ASCII for the marks of a terminal (``→`` as ``->``, a bar's blocks as ``#``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

Medium = Literal["terminal", "page", "data"]
Media: TypeAlias = frozenset[Medium]

TERMINAL: Media = frozenset({"terminal"})
PAGE: Media = frozenset({"page"})
DATA: Media = frozenset({"data"})
DISPLAY: Media = TERMINAL | PAGE
EVERY: Media = DISPLAY | DATA

STYLE_WORDS = frozenset(
    {"strong", "muted", "emphasis", "code", "warning", "error", "good", "accent", "contrast"}
    | {"heat-1", "heat-2", "heat-3", "heat-4", "fill"}
)


@dataclass(frozen=True)
class Span:
    """A run of text in one style (space-separated words of :data:`STYLE_WORDS`), for
    some media; ``plain`` (when not None) is what plain terminal output shows instead."""

    text: str
    style: str = ""
    media: Media = EVERY
    plain: str | None = None

    def shown(self, plain: bool = False) -> str:
        """The span's text, or in plain output its ``plain`` text if it has one."""
        return self.plain if plain and self.plain is not None else self.text


@dataclass(frozen=True)
class Text:
    """Styled text: spans in order. ``Text.of("a", code("b"))`` builds one."""

    spans: tuple[Span, ...] = ()

    @staticmethod
    def of(*parts: str | Span | Text, style: str = "", media: Media = EVERY) -> Text:
        """Text from strings, spans and texts; ``style`` is added to every span and
        ``media`` narrows every span."""
        spans: list[Span] = []
        for part in parts:
            if isinstance(part, str):
                if part:
                    spans.append(Span(part))
            elif isinstance(part, Span):
                if (part.text or part.plain) and part.media:
                    spans.append(part)
            else:
                spans.extend(part.spans)
        if style or media is not EVERY:
            spans = [
                Span(s.text, f"{s.style} {style}".strip(), s.media & media, s.plain)
                for s in spans
                if s.media & media
            ]
        return Text(tuple(spans))

    def for_medium(self, medium: Medium) -> tuple[Span, ...]:
        return tuple(span for span in self.spans if medium in span.media)

    def plain(self, medium: Medium, ascii_: bool = False) -> str:
        """The words a medium shows, without styles (``ascii_``: as plain output shows them)."""
        return "".join(span.shown(ascii_) for span in self.for_medium(medium))

    def __add__(self, other: Text | Span | str) -> Text:
        return Text.of(self, other)

    def __bool__(self) -> bool:
        return bool(self.spans)


def code(text: str, media: Media = EVERY) -> Span:
    """An identifier (an option or criterion id): in backticks on a page."""
    return Span(text, "code", media)


def terminal(*parts: str | Span | Text, style: str = "") -> Text:
    """Text shown on a terminal only."""
    return Text.of(*parts, style=style, media=TERMINAL)


def page(*parts: str | Span | Text, style: str = "") -> Text:
    """Text shown on a page (Markdown) only."""
    return Text.of(*parts, style=style, media=PAGE)


# --- columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A number column's display: ``f"{value * scale:{spec}}{suffix}"`` (never "-0.0").

    CSV writes the value itself, rounded to 12 decimals (see ``fmt.exact``). A cell
    may also hold a string ("never", "n/a"), written as it is everywhere.
    """

    spec: str = ""
    scale: float = 1.0
    suffix: str = ""

    def show(self, value: float) -> str:
        if isinstance(value, int) and self.scale == 1:
            return f"{value:{self.spec}}{self.suffix}"
        return f"{value * self.scale + 0.0:{self.spec}}{self.suffix}"


POINTS = Number(".1f", 100)
"""A 0..1 score as points out of 100 with one decimal: 0.6321 -> 63.2."""
PERCENT = Number(".1f", 100, "%")
"""A 0..1 share as a percentage with one decimal: 0.25 -> 25.0%."""
INTEGER = Number()
"""A count or a rank, as it is."""


@dataclass(frozen=True)
class Bar:
    """A 0..1 share drawn as a bar ``width`` characters long (CSV: the share). The column
    is ``width`` wide, or (``fixed`` False) as wide as its longest bar."""

    width: int = 12
    fixed: bool = True


Kind: TypeAlias = Number | Bar | None
"""What a column holds: numbers, bars, or (None) text."""


@dataclass(frozen=True)
class Column:
    """A table column: its header on display (``label``, text or styled text) and in CSV
    (``key``), its kind.

    ``media`` None means: on display, and in CSV when it has a key. Layout hints are
    for the terminal: ``grow`` (share of spare width), ``width``/``max_width`` (in
    characters), ``min_width`` (never narrower while the table fits), ``wrap`` (False
    keeps a cell on one line) and ``fold`` (break a word too long for the column, a URL,
    rather than cut it short with an ellipsis).
    """

    label: str | Text = ""
    key: str = ""
    kind: Kind = None
    media: Media | None = None
    align: Literal["left", "right"] | None = None
    grow: int | None = None
    width: int | None = None
    max_width: int | None = None
    min_width: int | None = None
    wrap: bool = True
    fold: bool = False

    def __post_init__(self) -> None:
        if self.media is not None and "data" in self.media and not self.key:
            raise ValueError(f"column {self.label!r} is in CSV but has no key")

    def shown_in(self, medium: Medium) -> bool:
        if self.media is not None:
            return medium in self.media
        return bool(self.key) if medium == "data" else True

    @property
    def justify(self) -> Literal["left", "right"]:
        if self.align is not None:
            return self.align
        return "right" if isinstance(self.kind, Number) else "left"


Cell: TypeAlias = Text | str | int | float | bool | None
"""A table cell: text, or a value its column's kind shows (None: empty)."""


# --- blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """Rows of cells, one cell per column (whatever media the column is for).

    ``narrow``: the table laid out for a terminal too narrow for this one (cells on two
    lines, say); other media ignore it.
    For the terminal: ``sections`` are the indices of the rows a rule follows, and
    ``style`` words: ``open`` (no vertical lines in plain output, for wide tables) and
    ``compact`` (no padding in the cells).
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: Text = field(default_factory=Text)
    media: Media = EVERY
    narrow: Table | None = None
    sections: frozenset[int] = frozenset()
    style: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row of {len(row)} cells in a table of {len(self.columns)}")

    def shown(self, medium: Medium) -> list[int]:
        """The indices of the columns ``medium`` shows."""
        return [i for i, column in enumerate(self.columns) if column.shown_in(medium)]


@dataclass(frozen=True)
class Paragraph:
    """Prose. ``style`` sets the whole paragraph off on a terminal (a bold lead sentence);
    ``wrap`` False keeps each line whole there (lines a script may grep)."""

    text: Text
    style: str = ""
    media: Media = DISPLAY
    wrap: bool = True


@dataclass(frozen=True)
class Note:
    """Small print: how to read what comes before (dim on a terminal)."""

    text: Text
    media: Media = DISPLAY


@dataclass(frozen=True)
class Quote:
    """A quotation from a source, with its citation in the text."""

    text: Text
    media: Media = DISPLAY


@dataclass(frozen=True)
class Facts:
    """Labelled values, one a line ('stance: recommended'); an empty label shows the
    value alone. A blank line follows them on a terminal."""

    items: tuple[tuple[str, Text], ...]
    media: Media = DISPLAY


@dataclass(frozen=True)
class Items:
    """Short entries, one a line: a bulleted list on a page, plain lines on a terminal."""

    items: tuple[Text, ...]
    style: str = ""
    media: Media = DISPLAY
    wrap: bool = True


@dataclass(frozen=True)
class Heading:
    """A section's heading: ``level`` hashes on a page (``#`` for a page's own title),
    bold on a terminal."""

    text: Text
    level: int = 2
    media: Media = PAGE


@dataclass(frozen=True)
class Bars:
    """A text bar chart on a terminal, a line per bar: its label right-aligned in
    ``label_width``, the bar (a 0..1 share, ``width`` characters when full), its value."""

    items: tuple[tuple[str, float, str], ...]
    width: int = 40
    label_width: int = 8
    media: Media = TERMINAL


Block: TypeAlias = Table | Paragraph | Note | Quote | Facts | Items | Heading | Bars


@dataclass(frozen=True)
class Document:
    """A title, a subtitle (a terminal's line under the title: a page's prose says it),
    then blocks in order."""

    title: Text
    blocks: tuple[Block, ...] = ()
    subtitle: Text = field(default_factory=Text)

    def blocks_for(self, medium: Medium) -> list[Block]:
        return [block for block in self.blocks if medium in block.media]


def cells(*values: Cell) -> tuple[Cell, ...]:
    """A table row (typed: each value must be a :data:`Cell`)."""
    return values


def table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    title: Text | str = "",
    media: Media = EVERY,
    sections: Iterable[int] = (),
    style: str = "",
) -> Table:
    """A :class:`Table` from lists."""
    heading = Text.of(title) if isinstance(title, str) else title
    return Table(
        tuple(columns),
        tuple(tuple(row) for row in rows),
        heading,
        media,
        sections=frozenset(sections),
        style=style,
    )
