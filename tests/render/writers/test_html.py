"""The HTML writer: semantic tables with numbers on the right, what a page shows (as
Markdown does), every character of the document escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from policy_options.render.document import (
    PAGE,
    TERMINAL,
    Column,
    Document,
    Facts,
    Number,
    Paragraph,
    Quote,
    Span,
    Text,
    code,
    table,
)
from policy_options.render.writers import markdown
from policy_options.render.writers.html import inline, write


class Cells(HTMLParser):
    """Each table's rows as lists of (tag, class, text) cells; text through the parser's
    own unescaping."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str, str]]] = []
        self.cell: tuple[str, str] | None = None
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = (tag, dict(attrs).get("class") or "")
            self.text = []
        elif tag == "br" and self.cell:
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell:
            self.rows[-1].append((*self.cell, "".join(self.text)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell:
            self.text.append(data)


def parsed(html: str) -> list[list[tuple[str, str, str]]]:
    parser = Cells()
    parser.feed(html)
    parser.close()
    return parser.rows


def test_the_document(document: Document) -> None:
    assert write(document) == (
        "<h3>Study | one</h3>\n"
        "<p>Alpha leads.</p>\n"
        "<table>\n"
        '<thead><tr><th class="num">Rank</th><th>Option</th><th>Stance</th>'
        '<th class="num">Score</th><th class="num">Weight</th></tr></thead>\n'
        "<tbody>\n"
        '<tr><td class="num">1</td><td><code>alpha</code><span class="muted"> · a | b</span>'
        '</td><td>in place</td><td class="num">66.7</td><td class="num">25.0%</td></tr>\n'
        '<tr><td class="num">2</td><td><code>beta</code><span class="warning"><strong><br>'
        'fails</strong></span></td><td></td><td class="num">10.0</td>'
        '<td class="num">75.0%</td></tr>\n'
        "</tbody>\n"
        "</table>\n"
        '<dl class="facts"><dt>stance</dt><dd>recommended</dd><dt></dt><dd>no label</dd></dl>\n'
        "<blockquote>“a quote” (src)</blockquote>\n"
        "<ul><li>first</li><li>second <code>id</code></li></ul>\n"
        '<p class="note">Scores out of 100.</p>\n'
    )


def test_a_table_round_trips_through_a_parser(document: Document) -> None:
    """The cells a parser reads back are the Markdown writer's cells, before its escaping:
    the same columns, numbers formatted alike."""
    rows = parsed(write(document))
    assert [cell[2] for cell in rows[0]] == ["Rank", "Option", "Stance", "Score", "Weight"]
    assert rows[1] == [
        ("td", "num", "1"),
        ("td", "", "alpha · a | b"),
        ("td", "", "in place"),
        ("td", "num", "66.7"),
        ("td", "num", "25.0%"),
    ]
    assert rows[2][1] == ("td", "", "beta\nfails")
    lines = markdown.write(document).splitlines()
    table = [line for line in lines if line.startswith("| ")]
    assert [c.strip() for c in table[1].strip("|").split(" | ")] == [
        "1", "`alpha` · a \\| b", "in place", "66.7", "25.0%",
    ]  # fmt: skip


def test_numbers_read_as_in_markdown() -> None:
    columns = [Column("x", kind=Number("+.2f")), Column("n", kind=Number(".1f", 100, " pts"))]
    document = Document(Text(), (table(columns, [[-0.0, 0.5], ["never", None]]),))
    rows = parsed(write(document))
    assert [c[2] for c in rows[1]] == ["+0.00", "50.0 pts"]
    assert [c[2] for c in rows[2]] == ["never", ""]
    assert "| +0.00 | 50.0 pts |" in markdown.write(document)
    assert all(c[1] == "num" for row in rows for c in row)


def test_everything_is_escaped() -> None:
    hostile = "<script>alert('x')</script> & \"q\""
    document = Document(
        Text.of(hostile),
        (
            table([Column(hostile)], [[hostile], [Text.of(code(hostile))]], title=hostile),
            Paragraph(Text.of(hostile)),
            Quote(Text.of(hostile)),
            Facts(((hostile, Text.of(hostile)),)),
        ),
    )
    out = write(document)
    assert "<script" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;" in out
    assert out.count("&lt;script&gt;") == 9  # title, caption, header, 2 cells, 4 blocks
    rows = parsed(out)
    assert rows[0][0][2] == rows[1][0][2] == rows[2][0][2] == hostile


def test_a_page_shows_page_spans_and_columns_only() -> None:
    text = Text.of("x", Span(" (terminal)", media=TERMINAL), Span(" page", "emphasis", PAGE))
    assert inline(text) == "x<em> page</em>"
    columns = [Column("#", media=TERMINAL), Column("Rank", media=PAGE)]
    rows = parsed(write(Document(Text(), (table(columns, [["1", "2"]]),))))
    assert rows == [[("th", "", "Rank")], [("td", "", "2")]]


def test_headings_bars_and_styled_headers() -> None:
    """A heading is an <hN>; a character bar chart is for terminals only; a styled
    column header is escaped like any text."""
    from policy_options.render.document import Bars, Column, Heading, Table, Text

    document = Document(
        Text.of("T"),
        blocks=(
            Heading(Text.of("Part <1>"), 2),
            Bars((("a", 0.5, "50%"),)),
            Table((Column(Text.of("<b>"), key="b"),), (("x",),)),
        ),
    )
    out = write(document)
    assert "<h2>Part &lt;1&gt;</h2>" in out
    assert "50%" not in out
    assert "<th>&lt;b&gt;</th>" in out
