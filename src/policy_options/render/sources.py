"""Markdown, CSV and JSON for ``policy sources`` (pure: a Provenance -> text)."""

from __future__ import annotations

from typing import Any

from policy_options.core.study.folder import display_path
from policy_options.core.study.provenance import CheckedQuote, Provenance, SourceStatus
from policy_options.core.study.quote_match import Match, where
from policy_options.render import fmt, jsonout
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


def quote_place(result: Provenance | None, option: str, criterion: str | None = None) -> str | None:
    """Where an option's quote (or one score's) is in its source; None when not checked."""
    if result is None:
        return None
    checked = result.quote(option, criterion)
    if checked is None or checked.match is None:
        return None
    if not checked.match.found:
        return "NOT FOUND in the source"
    return where(checked.match)


def quote_location(
    result: Provenance | None, option: str, criterion: str | None = None
) -> dict[str, Any] | None:
    """The JSON form of :func:`quote_place`."""
    if result is None:
        return None
    checked = result.quote(option, criterion)
    return None if checked is None else match_json(checked.match)


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


# --- JSON -------------------------------------------------------------------------------------


def match_json(match: Match | None) -> dict[str, Any] | None:
    """Where a quote is in its source (or what comes closest); None when not checked."""
    if match is None:
        return None
    return {
        "found": match.found,
        "paragraph": match.paragraph,
        "page": match.page,
        "offset": match.offset,
        "similarity": exact(match.similarity),
        "passage": None if match.found else match.passage,
    }


def _citation(checked: CheckedQuote) -> dict[str, Any]:
    item = checked.item
    return {
        "option": item.option,
        "criterion": item.criterion,
        "kind": item.kind,
        "quote": item.quote,
        "at": str(item.location),
        "location": match_json(checked.match),
    }


def json(result: Provenance, source: str | None = None) -> str:
    chosen = result.sources if source is None else (result.status(source),)
    document: dict[str, Any] = {
        "study": result.study.title,
        "search": list(result.search),
        "sources": [
            {
                "source": s.id,
                "title": s.source.title,
                "authors": s.source.authors,
                "publisher": s.source.publisher,
                "date": None if s.source.date is None else str(s.source.date),
                "url": s.source.url,
                "file": s.declared_file,
                "found_at": found_at(s) or None,
                "problem": s.problem,
                "quotes": len(s.quotes),
                "found": None if s.all_found is None else s.found,
                "all_found": s.all_found,
                **({"citations": [_citation(c) for c in s.quotes]} if source is not None else {}),
            }
            for s in chosen
        ],
    }
    return jsonout.dumps(document)
