"""Where a quote is in its source, for every output: a phrase for people
(:func:`quote_place`) and a JSON object for scripts (:func:`quote_location`).

A leaf: views and :mod:`~policy_options.render.jsonout` both import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policy_options.render.fmt import exact

if TYPE_CHECKING:  # core.provenance is read only when quotes were checked
    from policy_options.core.study.sources.provenance import Provenance
    from policy_options.core.study.sources.quote_match import Match


def quote_place(result: Provenance | None, option: str, criterion: str | None = None) -> str | None:
    """Where an option's quote (or one score's) is in its source; None when not checked."""
    if result is None:
        return None
    checked = result.quote(option, criterion)
    if checked is None or checked.match is None:
        return None
    if not checked.match.found:
        return "NOT FOUND in the source"
    from policy_options.core.study.sources.quote_match import where

    return where(checked.match)


def quote_location(
    result: Provenance | None, option: str, criterion: str | None = None
) -> dict[str, Any] | None:
    """The JSON form of :func:`quote_place`."""
    if result is None:
        return None
    checked = result.quote(option, criterion)
    return None if checked is None else match_json(checked.match)


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
