"""``policy sources``: each source, its file, and whether the quotes citing it are in it;
with ``--source ID``, every quote citing that source and where it is."""

from __future__ import annotations

from policy_options.core.study.loading.folder import display_path
from policy_options.core.study.sources.coverage import Coverage, CoverageRow
from policy_options.core.study.sources.provenance import (
    REFUSED,
    CheckedQuote,
    Provenance,
    SourceStatus,
)
from policy_options.core.study.sources.quote_match import Match, where
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    INTEGER,
    PAGE,
    PERCENT,
    TERMINAL,
    Bar,
    Block,
    Cell,
    Column,
    Document,
    Note,
    Paragraph,
    Span,
    Text,
    cells,
    code,
    table,
)

WHERE_NOTE = (
    "Where: the paragraph (¶, blocks between blank lines) or PDF page (p.) of the quote in the"
    " source's extracted text, and the character offset there; quotes are matched after"
    " normalising both sides (Unicode NFKC, quotes, dashes, hyphenation, whitespace)."
)


def reference(status: SourceStatus) -> str:
    """'Joe Haberman, Paul Cormarie, “Title”, Publisher, 2024-03-14, https://…'."""
    source = status.source
    bits = [
        ", ".join(source.authors),
        f"“{source.title}”",
        source.publisher,
        str(source.date or ""),
        source.url or "",
    ]
    return ", ".join(b for b in bits if b)


def found_at(status: SourceStatus) -> str:
    return "" if status.path is None else display_path(status.path)


def file_text(status: SourceStatus) -> str:
    if status.declared_file is None:
        return "none"
    if status.path is None and not _refused(status):
        return f"{status.declared_file} (not found)"
    if status.problem is not None:
        return f"{status.declared_file} ({status.problem})"
    return f"{status.declared_file} (found: {found_at(status)})"


def _refused(status: SourceStatus) -> bool:
    return (status.problem or "").startswith(REFUSED)


def found_text(status: SourceStatus) -> str:
    """'all 45 found', '43 of 45 found', 'not checked', 'no quotes'."""
    total = len(status.quotes)
    if not total:
        return "no quotes"
    if status.all_found is None:
        return "not checked"
    if status.all_found:
        return f"all {total} found" if total > 1 else "found"
    return f"{status.found} of {total} found"


def subtitle(result: Provenance) -> str:
    total = sum(len(s.quotes) for s in result.sources)
    text = f"{fmt.plural(len(result.sources), 'source')} · {fmt.plural(total, 'quote')}"
    if result.search:
        text += " · also looked in " + ", ".join(result.search)
    return text


def closest_text(match: Match) -> str:
    place = f"p. {match.page}" if match.page is not None else f"¶ {match.paragraph}"
    return f"NOT FOUND (closest, {match.similarity:.0f}% alike, {place}, offset {match.offset})"


def _longest_file(result: Provenance) -> int:
    names = (len((s.declared_file or "").rpartition("/")[2]) for s in result.sources)
    return min(30, max(names, default=4))


def sources(result: Provenance, source: str | None = None) -> Document:
    """Every source (CSV: one row per source), or one source's quotes (one row per quote)."""
    if source is not None:
        return _one_source(result.status(source))
    columns = [
        Column("Source", "source"),
        Column("Reference", media=DISPLAY, grow=3, fold=True),
        Column(key="title", media=DATA),
        # a file's name is never split mid-word while the table fits (up to 30 characters)
        Column("File", media=TERMINAL, grow=2, fold=True, min_width=_longest_file(result)),
        Column("File", media=PAGE),
        Column(key="file", media=DATA),
        Column(key="found_at", media=DATA),
        Column("Quotes", "quotes", INTEGER),
        Column("Found", media=DISPLAY, grow=1),
        Column(key="found", media=DATA),
        Column(key="all_found", media=DATA),
    ]
    rows = []
    for status in result.sources:
        found = {False: "error", None: "warning"}.get(status.all_found, "")
        rows.append(
            cells(
                Text.of(code(status.id)),
                reference(status),
                status.source.title,
                _file_cell(status),
                file_text(status),
                status.declared_file or "",
                found_at(status),
                len(status.quotes),
                Text.of(found_text(status), style=found),
                "" if status.all_found is None else status.found,
                "" if status.all_found is None else status.all_found,
            )
        )
    blocks: list[Block] = [Paragraph(Text.of(subtitle(result) + "."), media=PAGE)]
    blocks.append(table(columns, rows))
    if result.orphans:
        orphans = fmt.plural(len(result.orphans), "quote")
        blocks.append(
            Paragraph(
                Text.of(f"{orphans} cite no declared source: run `policy validate`"),
                style="error",
                media=TERMINAL,
            )
        )
    return Document(
        Text.of(f"Sources of {result.study.title}"), tuple(blocks), Text.of(subtitle(result))
    )


def _file_cell(status: SourceStatus) -> Text:
    if status.declared_file is None:
        return Text.of(Span("none", "muted"))
    shown = _breakable(status.declared_file)
    if status.path is None and not _refused(status):
        return Text.of(shown, Span("\nnot found", "warning"))
    if status.problem is not None:
        return Text.of(shown, Span(f"\n{status.problem}", "error"))
    return Text.of(shown, Span(f"\nfound: {found_at(status)}", "muted"))


def _breakable(path: str) -> str:
    """``sources/commentary.txt`` as ``sources/`` and the name on lines of their own
    when the column is narrow: a terminal wraps at spaces, and a file name split
    mid-word reads as two names."""
    folder, slash, name = path.rpartition("/")
    return f"{folder}/\n{name}" if slash else path


def _where(checked: CheckedQuote) -> Text:
    match = checked.match
    if match is not None and not match.found:
        return Text.of(closest_text(match), style="error")
    return Text.of(where(match))


def _one_source(status: SourceStatus) -> Document:
    columns = [
        Column("#", kind=INTEGER, media=DISPLAY),
        Column("Cited by", media=DISPLAY, max_width=28, fold=True),
        Column(key="option", media=DATA),
        Column(key="criterion", media=DATA),
        Column("Where", media=DISPLAY, grow=2),
        *(Column(key=key, media=DATA) for key in MATCH_KEYS),
        Column("Quote", media=DISPLAY, grow=5, fold=True),
        Column(key="quote", media=DATA),
        Column("Written at", media=PAGE),
        Column(key="at", media=DATA),
    ]
    rows = []
    for i, checked in enumerate(status.quotes, 1):
        item, match = checked.item, checked.match
        at = str(item.location)
        quote = Text.of(f"“{item.quote}”", Span(f"\n{at}", "muted", TERMINAL), style="emphasis")
        rows.append(
            cells(
                i,
                Text.of(code(item.cited_by)),
                item.option or "",
                item.criterion or "",
                _where(checked),
                *_match_cells(match),
                quote,
                item.quote,
                Text.of(code(at)),
                at,
            )
        )
    title = Text.of(code(status.id), f": {reference(status)}")
    return Document(
        title,
        (
            Paragraph(Text.of(f"File: {file_text(status)}; {found_text(status)}."), media=PAGE),
            table(columns, rows),
            Note(Text.of(WHERE_NOTE)),
        ),
        Text.of(f"file: {file_text(status)} · {found_text(status)}"),
    )


MATCH_KEYS = ("found", "paragraph", "page", "offset", "similarity")


def _match_cells(match: Match | None) -> list[Cell]:
    if match is None:
        return [""] * len(MATCH_KEYS)
    page = "" if match.page is None else match.page
    return [match.found, match.paragraph, page, match.offset, match.similarity]


COVERAGE_NOTE = (
    "Quoted: scores that carry a verbatim quote of their source (`policy validate --sources`"
    " checks it is there). Basis: text (the source says it), inference (the analyst's"
    " reading), outside (another source, named by the score's ref), unstated (no basis given)."
)


def _coverage_label(row: CoverageRow) -> Text:
    if row.group == "overall":
        return Text.of(row.label, style="strong")
    if row.group == "basis":
        return Text.of("basis: ", code(row.key))
    return Text.of(code(row.key))


def coverage(result: Coverage) -> Document:
    """The share of scores with a quote: overall, by basis, by option (CSV: every row)."""
    columns = [
        Column("Scores", media=DISPLAY),
        Column(key="group", media=DATA),
        Column(key="key", media=DATA),
        Column(key="label", media=DATA),
        Column("Count", "scores", INTEGER),
        Column("Quoted", "quoted", INTEGER),
        Column("Share", "share", PERCENT),
        Column(kind=Bar(), media=TERMINAL),
    ]
    rows = [
        cells(
            _coverage_label(row),
            row.group,
            row.key,
            row.label,
            row.scores,
            row.quoted,
            row.share,
            row.share,
        )
        for row in result.rows
    ]
    overall = result.overall
    share = "no scores" if overall.share is None else f"{overall.share:.1%} quoted"
    summary = f"{overall.quoted} of {fmt.plural(overall.scores, 'score')} carry a quote ({share})"
    sections = {0, len(result.by_basis)} if result.by_basis else {0}
    return Document(
        Text.of(f"Quote coverage of {result.study_title}"),
        (
            Paragraph(Text.of(summary + "."), media=PAGE),
            table(columns, rows, sections=sections),
            Note(Text.of(COVERAGE_NOTE)),
        ),
        Text.of(summary),
    )
