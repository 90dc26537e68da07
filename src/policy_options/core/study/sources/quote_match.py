"""A quote found in a source's text: exactly after normalisation, else the closest
passage (rapidfuzz's partial-ratio alignment, imported only then), and how a match is
told (where it is, what the closest passage was).
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_options.core.study.sources.citations import QuoteItem
from policy_options.core.study.sources.normalisation import normalise
from policy_options.core.study.sources.paragraphs import BODY
from policy_options.core.study.sources.source_text import SourceText


@dataclass(frozen=True)
class Match:
    """Where a quote was found (``found``) or what comes closest (``found`` False)."""

    found: bool
    offset: int  # character offset of the passage in the extracted text
    end: int
    paragraph: int
    page: int | None
    passage: str  # the passage of the original text (whitespace collapsed)
    similarity: float  # 100 when found
    kind: str = "body"  # the kind of paragraph it is in: body, caption, byline … (.paragraphs)


def find_quote(text: SourceText, quote: str) -> Match:
    """Find ``quote`` in the source (exact after normalisation), else the closest passage.

    A quote found more than once is placed in the first occurrence in the body of the
    text, rather than in a caption, pull quote or byline that repeats it.
    """
    needle = normalise(quote).text
    hay = text.normalised
    index = hay.text.find(needle) if needle else -1
    outside_body: Match | None = None  # the first occurrence, when none is in the body
    while index >= 0:
        start, end = hay.span(index, index + len(needle))
        found = _match(text, True, start, end, 100.0)
        if found.kind == BODY:
            return found
        outside_body = outside_body or found
        index = hay.text.find(needle, index + 1)
    if outside_body is not None:
        return outside_body
    from rapidfuzz import fuzz  # only when a quote is not found

    if not hay.text or not needle:
        return Match(False, 0, 0, 1, text.page(0), "", 0.0)
    aligned = fuzz.partial_ratio_alignment(needle, hay.text)
    if aligned is None or aligned.dest_end <= aligned.dest_start:
        return Match(False, 0, 0, 1, text.page(0), "", 0.0)
    first, last, similarity = closest_span(needle, hay.text, aligned.dest_start, aligned.dest_end)
    start, end = hay.span(first, last)
    return _match(text, False, start, end, similarity)


def closest_span(needle: str, hay: str, start: int, end: int) -> tuple[int, int, float]:
    """Refine a partial-ratio window to the whole-word passage most like ``needle``.

    The window rapidfuzz aligns is as long as the quote; a quote that lost or gained
    words is best compared with a passage a little shorter or longer. Every span
    starting and ending at word boundaries within a quarter of the quote's length of
    the window is scored with ``fuzz.ratio`` and the best is kept, with its similarity.
    """
    from rapidfuzz import fuzz

    reach = max(12, len(needle) // 4)
    low, high = max(0, start - reach), min(len(hay), end + reach)
    word_start, word_end = start, end
    while word_start > 0 and hay[word_start - 1] != " ":
        word_start -= 1
    while word_end < len(hay) and hay[word_end] != " ":
        word_end += 1
    starts = {i for i in range(low, min(end, start + reach) + 1) if i == 0 or hay[i - 1] == " "}
    ends = {i for i in range(max(start, end - reach), high + 1) if i == len(hay) or hay[i] == " "}
    best = (-1.0, word_start, word_end)
    for s in sorted(starts | {word_start}):
        for e in sorted(ends | {word_end}):
            if e > s:
                score = fuzz.ratio(needle, hay[s:e], score_cutoff=best[0])
                if score > best[0]:
                    best = (score, s, e)
    score, first, last = best
    return first, last, float(score)


def _match(text: SourceText, found: bool, start: int, end: int, similarity: float) -> Match:
    passage = " ".join(text.text[start:end].split())
    paragraph, kind = text.paragraph(start), text.paragraph_kind(start)
    return Match(found, start, end, paragraph, text.page(start), passage, similarity, kind)


def _excerpt(passage: str, limit: int = 160) -> str:
    if len(passage) <= limit:
        return passage
    half = (limit - 1) // 2
    return passage[:half].rstrip() + "…" + passage[-half:].lstrip()


def not_found_message(item: QuoteItem, match: Match, source_text: SourceText) -> str:
    """'quote not found in rand-2024 (closest, 93% alike: "…passage…")'."""
    if not match.passage:
        return f"quote not found in {item.ref} (its text is empty)"
    lead = "…" if match.offset > 0 else ""
    tail = "…" if match.end < len(source_text.text.rstrip()) else ""
    return (
        f"quote not found in {item.ref} (closest, {match.similarity:.0f}% alike:"
        f' "{lead}{_excerpt(match.passage)}{tail}")'
    )


def where(match: Match | None) -> str:
    """'¶ 12, offset 3456', 'p. 3, offset 120', 'not found', 'not checked'."""
    if match is None:
        return "not checked"
    if not match.found:
        return "not found"
    place = f"p. {match.page}" if match.page is not None else f"¶ {match.paragraph}"
    return f"{place}, offset {match.offset}"
