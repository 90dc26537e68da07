"""Markdown and CSV for ``policy sources`` (pure: a Provenance -> text); its JSON is in
jsonout, where a quote is in its source in quotes."""

from __future__ import annotations

from policy_options.core.load import display_path
from policy_options.core.provenance import CheckedQuote, Match, Provenance, SourceStatus, where
from policy_options.render import fmt
from policy_options.render.fmt import exact
from policy_options.render.markdown import cell, table
from policy_options.render.workflow import csv_table

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
    if status.path is None:
        return f"{status.declared_file} (not found)"
    if status.problem is not None:
        return f"{status.declared_file} ({status.problem})"
    return f"{status.declared_file} (found: {found_at(status)})"


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


def _where(checked: CheckedQuote) -> str:
    match = checked.match
    if match is not None and not match.found:
        return closest_text(match)
    return where(match)


# --- Markdown -------------------------------------------------------------------------------


def markdown(result: Provenance, source: str | None = None) -> str:
    if source is not None:
        status = result.status(source)
        lines = [
            f"### `{status.id}`: {cell(reference(status))}",
            "",
            f"File: {cell(file_text(status))}; {found_text(status)}.",
            "",
        ]
        lines += table(
            ["#", "Cited by", "Where", "Quote", "Written at"],
            "rllll",
            (
                [i, f"`{c.item.cited_by}`", _where(c), f"“{c.item.quote}”", f"`{c.item.location}`"]
                for i, c in enumerate(status.quotes, 1)
            ),
        )
        return "\n".join([*lines, "", WHERE_NOTE, ""])
    lines = [f"### Sources of {cell(result.study.title)}", "", subtitle(result) + ".", ""]
    lines += table(
        ["Source", "Reference", "File", "Quotes", "Found"],
        "lllrl",
        (
            [f"`{s.id}`", reference(s), file_text(s), len(s.quotes), found_text(s)]
            for s in result.sources
        ),
    )
    return "\n".join([*lines, ""])


# --- CSV --------------------------------------------------------------------------------------


def csv(result: Provenance, source: str | None = None) -> str:
    """Per source (``source,title,file,found_at,quotes,found,all_found``) or, with a
    source, per quote (``option,criterion,found,paragraph,page,offset,similarity,quote,at``)."""
    if source is not None:
        status = result.status(source)
        return csv_table(
            [
                "option",
                "criterion",
                "found",
                "paragraph",
                "page",
                "offset",
                "similarity",
                "quote",
                "at",
            ],
            (
                [
                    c.item.option or "",
                    c.item.criterion or "",
                    "" if c.match is None else c.match.found,
                    "" if c.match is None else c.match.paragraph,
                    "" if c.match is None or c.match.page is None else c.match.page,
                    "" if c.match is None else c.match.offset,
                    "" if c.match is None else exact(c.match.similarity),
                    c.item.quote,
                    str(c.item.location),
                ]
                for c in status.quotes
            ),
        )
    return csv_table(
        ["source", "title", "file", "found_at", "quotes", "found", "all_found"],
        (
            [
                s.id,
                s.source.title,
                s.declared_file or "",
                found_at(s),
                len(s.quotes),
                "" if s.all_found is None else s.found,
                "" if s.all_found is None else s.all_found,
            ]
            for s in result.sources
        ),
    )
