"""The decision brief: one self-contained HTML file, or Markdown with its charts as SVG files.

Sections come from ``SECTIONS``, in order; each is one template block per format
(``templates/html/<id>.j2``, ``templates/md/<id>.j2``) and applies when its test says
so, so a new section (portfolio, scenarios) is one entry and two small templates. The
results all come computed in a :class:`~policy_options.core.brief.Brief`; the charts are
drawn from them by :mod:`policy_options.render.charts`. Jinja2 escapes everything the
study supplies: HTML autoescaping, and in Markdown the characters that would open a
tag or break a table.

Tables a command shows too (the ranking, an option's criteria) are the commands' own
views (:mod:`policy_options.render.views`), written by the HTML writer in the HTML brief
and by the Markdown writer in the Markdown one: the templates lay them out among the
brief's prose, :func:`tables` writes them.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_options.core.brief import Brief
from policy_options.errors import PolicyError
from policy_options.render import fmt
from policy_options.render.document import Document, Span, Table, Text
from policy_options.render.report import text

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    charts: tuple[str, ...] = ()  # chart kinds drawn in this section, in order
    applies: Callable[[Brief], bool] = field(default=lambda brief: True)


SECTIONS: tuple[Section, ...] = (
    Section("overview", "The question and the analysis in brief"),
    Section(
        "verdict",
        "The model against the source",
        applies=lambda brief: brief.verdict is not None and bool(brief.verdict.findings),
    ),
    Section("ranking", "The ranking", ("ranking",)),
    Section("top", "The top options explained"),
    Section(
        "robustness",
        "How far the ranking can be trusted",
        ("acceptability", "stability", "tornado", "profiles"),
    ),
    Section(
        "value",
        "What is worth finding out",
        ("value",),
        applies=lambda brief: brief.value is not None,
    ),
    Section(
        "portfolio",
        "Within the budget: the best package",
        ("frontier",),
        applies=lambda brief: brief.portfolio is not None,
    ),
    Section(
        "scenarios",
        "In other futures: the scenarios",
        ("scenarios",),
        applies=lambda brief: brief.scenarios is not None,
    ),
    Section("appendix", "Appendix: every score with its rationale and quote"),
    Section("sources", "Sources"),
)


@dataclass(frozen=True)
class Chart:
    """One chart of the brief: its SVG (or why there is none) and how to read it."""

    kind: str
    title: str
    svg: bytes | None
    note: str | None  # why the chart is not drawn
    guide: str  # the reading guide, two lines


def sections(brief: Brief) -> list[Section]:
    return [section for section in SECTIONS if section.applies(brief)]


def charts(
    brief: Brief,
    kinds: tuple[str, ...] | None = None,
    size: tuple[float, float] | None = None,
) -> dict[str, Chart]:
    """Every chart the applicable sections draw (or only ``kinds``), as SVG, each from the
    brief's result; ``size``: (width, height) in inches instead of the charts' own."""
    from policy_options.render.charts import chart_bytes

    results = brief.results()
    drawn: dict[str, Chart] = {}
    wanted = [k for section in sections(brief) for k in section.charts]
    for kind in wanted if kinds is None else kinds:
        title, guide = text.GUIDES[kind]
        result = results.get(kind)
        if result is None:
            drawn[kind] = Chart(kind, title, None, text.missing(kind, brief), guide)
            continue
        try:
            width, height = size if size is not None else (None, None)
            svg = chart_bytes(kind, result, "svg", width=width, height=height)
        except PolicyError as exc:  # a result this chart cannot draw (weakest-link)
            drawn[kind] = Chart(kind, title, None, str(exc), guide)
            continue
        drawn[kind] = Chart(kind, title, svg, None, guide)
    return drawn


def _environment(markdown: bool) -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if markdown:
        environment.finalize = text.markdown_escape
        environment.filters["cell"] = text.markdown_cell
    environment.filters.update(
        points=fmt.points,
        signed_points=fmt.signed_points,
        percent=fmt.percent,
        raw=fmt.raw,
    )
    return environment


_LITERAL = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;"}
)


def _literal(text: Text) -> Text:
    """Text from the study that opens no tag, emphasis, code or link in Markdown: the
    characters as entities (backslashes would be doubled by the writer's cells)."""
    return Text(
        tuple(
            span
            if "code" in span.style.split()
            else Span(span.text.translate(_LITERAL), span.style, span.media)
            for span in text.spans
        )
    )


def _literal_table(table: Table) -> Table:
    rows = tuple(
        tuple(
            _literal(cell)
            if isinstance(cell, Text)
            else cell.translate(_LITERAL)
            if isinstance(cell, str)
            else cell
            for cell in row
        )
        for row in table.rows
    )
    return Table(table.columns, rows, _literal(table.title), table.media)


def tables(document: Document, format_: str) -> Any:
    """The tables a page shows of ``document`` (a view's), written by the ``html`` or the
    ``markdown`` writer, as Markup for a template; the view's prose is left out."""
    from markupsafe import Markup

    from policy_options.render.writers import write

    blocks = [block for block in document.blocks_for("page") if isinstance(block, Table)]
    if format_ == "markdown":
        blocks = [_literal_table(block) for block in blocks]
    return Markup(write(Document(Text(), tuple(blocks)), format_).strip())


def _context(brief: Brief, drawn: Mapping[str, Chart], format_: str) -> dict[str, Any]:
    from policy_options.render.report.bottom_line import words
    from policy_options.render.report.revision import revision
    from policy_options.render.views import explain, rank, verdict

    stamp = revision(brief.study.path)
    footer = f"{brief.study.title} · {stamp}"
    return {
        "bl": words(brief),
        "revision": stamp,
        "footer": footer,
        "footer_css": css_string(footer),
        "firsts": {row.option: row.first for row in brief.acceptability.options},
        "one_page": False,
        "one_chart": one_page_chart(brief),
        "model_script": None,
        "tables": lambda document: tables(document, format_),
        "views": {"ranking": rank.ranking, "explanation": explain.explanation},
        "brief": brief,
        "study": brief.study,
        "sections": sections(brief),
        "charts": drawn,
        "summary": text.summary(brief),
        "t": text,
        "verdict": verdict,
        "names": {key: c.name for key, c in brief.study.criteria.items()},
    }


def one_page_chart(brief: Brief) -> str:
    """The one chart of the one-page brief: what more budget buys when the recommendation
    is a package, else the options' scores and what makes them."""
    return "frontier" if brief.portfolio is not None else "ranking"


def css_string(text: str) -> Any:
    """``text`` inside a CSS string in a <style> block: every character that could end
    the string or the block as a CSS escape (Markup: HTML escaping would show as '&#39;')."""
    from markupsafe import Markup

    return Markup(
        "".join(f"\\{ord(ch):x} " if ch in "\\\"<>&'" or ord(ch) < 32 else ch for ch in text)
    )


def report_html(brief: Brief, *, one_page: bool = False, interactive: bool = True) -> str:
    """The report as one HTML document: inline SVG and CSS, nothing fetched. ``one_page``:
    the brief (bottom line, recommendation, one chart, what would change it, the source).
    ``interactive``: with the weight sliders' small inline script (additive studies)."""
    # the one page's chart drawn small, so that its words print large enough
    drawn = charts(brief, (one_page_chart(brief),), (6.4, 3.4)) if one_page else charts(brief)
    inline = {kind: inline_svg(chart.svg, kind) for kind, chart in drawn.items() if chart.svg}
    from markupsafe import Markup

    context = _context(brief, drawn, "html")
    context["inline"] = {kind: Markup(svg) for kind, svg in inline.items()}
    context["one_page"] = one_page
    if interactive and not one_page:
        from policy_options.render.report.sliders import sliders

        script = sliders(brief)
        context["model_script"] = None if script is None else Markup(script)
    return (
        str(_environment(markdown=False).get_template("report.html.j2").render(context)).strip()
        + "\n"
    )


def report_markdown(brief: Brief, folder: str) -> tuple[str, dict[str, bytes]]:
    """The brief as Markdown, and its charts: ``{file name: SVG}`` for the folder ``folder``.

    The Markdown links each chart as ``folder/<kind>.svg``, relative to the document.
    """
    from markupsafe import Markup

    drawn = charts(brief)
    files = {f"{kind}.svg": chart.svg for kind, chart in drawn.items() if chart.svg}
    context = _context(brief, drawn, "markdown")
    context["links"] = {
        kind: Markup(f"{urllib.parse.quote(folder)}/{kind}.svg")
        for kind, chart in drawn.items()
        if chart.svg
    }
    text = _environment(markdown=True).get_template("report.md.j2").render(context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", files


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(:xlink)?="[^"]*"')
_SIZE = re.compile(r'\s+(width|height)="[^"]*"')
_IDS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def inline_svg(svg: bytes, prefix: str) -> str:
    """A matplotlib SVG fit to sit inside HTML: no XML prologue, metadata or namespace URLs,
    sized by CSS through its viewBox, its ids prefixed so several charts never clash."""
    source = _PROLOGUE.sub("", svg.decode("utf-8"), count=1)
    source = _METADATA.sub("", source, count=1)
    head, rest = source.split(">", 1)
    head = _SIZE.sub("", _NAMESPACES.sub("", head))
    source = f'{head} role="img">{rest}'
    source = source.replace("xlink:href=", "href=")
    return _IDS.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", source).strip()
