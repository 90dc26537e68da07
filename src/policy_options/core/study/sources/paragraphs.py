"""What each paragraph of a source is: the authors' text, or a caption, byline, heading or
page furniture (a "Share on Twitter" button) that a quote should not come from.

A source's paragraphs are its blocks between blank lines (``SourceText.paragraph``). The
kind of one is read from its shape, the way a reader tells a caption from the text:

- ``caption``: starts with "Photo", "Image", "Credit" or "Caption", names a photographer
  ("photo by", "/Reuters", "Getty Images"), or is a sentence-length line (9 words or more)
  with no full stop that carries a date (a year) — "X and Y during talks in Berlin,
  February 28, 2024";
- ``byline``: starts with "By ", "Source:", "This commentary originally appeared …", or is
  a short paragraph (30 words at most) saying who the authors are ("… are policy analysts
  at RAND.");
- ``furniture``: "Share on Twitter", "Tweet", "Print" and the like (5 words at most);
- ``heading``: any other paragraph of 8 words or fewer with no final full stop (a section
  title, a dateline), or a longer one with no full stop and no year (the title);
- ``body``: everything else; a body paragraph followed by furniture is a ``pull quote``
  (a sentence of the text repeated in large type), which :class:`SourceText` tells.

Heuristics, not a parser: they are tuned on commentaries, op-eds and reports as they come
out of a web page or PDF, and a quote is only warned about, never refused, on their word.
"""

from __future__ import annotations

import re

BODY = "body"
CAPTION = "caption"
BYLINE = "byline"
FURNITURE = "furniture"
HEADING = "heading"
PULL_QUOTE = "pull quote"  # a body paragraph repeated in large type (told by its context)

NOT_TEXT = frozenset({CAPTION, BYLINE, FURNITURE})
"""Kinds a quote should not come from (``validate --sources`` warns)."""

_CAPTION_START = re.compile(r"(photo|photograph|image|picture|credit|caption)\b", re.IGNORECASE)
_PHOTOGRAPHER = re.compile(
    r"\b(photo|photograph|image|picture)s? (by|credit|courtesy)\b"
    r"|/(reuters|ap|afp|getty images|epa|anadolu)\b"
    r"|\bgetty images\b|\bshutterstock\b",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(
    r"(by\s+[A-Z]|source:|this (commentary|article|op-ed|piece|essay|post|analysis)"
    r" (was )?(originally |first )?(appeared|published|ran))",
    re.IGNORECASE,
)
_BIO = re.compile(
    r"\b(is|are) (an? |the )?([\w-]+ ){0,4}(analysts?|fellows?|professors?|researchers?"
    r"|directors?|editors?|correspondents?|writers?|scientists?|scholars?|lecturers?"
    r"|officers?|contributors?|journalists?)\b",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"(share (on|this|via)\b|tweet\b|print\b|email\b|follow (us|on)\b|read more\b|subscribe\b)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_CLOSERS = "\"'”’)]»"


def paragraph_kind(paragraph: str) -> str:
    """``body``, ``caption``, ``byline``, ``furniture`` or ``heading`` (module docstring)."""
    text = " ".join(paragraph.split())
    if not text:
        return BODY
    words = len(text.split())
    if _CAPTION_START.match(text) or _PHOTOGRAPHER.search(text):
        return CAPTION
    if words <= 5 and _FURNITURE.match(text):
        return FURNITURE
    if _BYLINE_START.match(text) or (words <= 30 and _BIO.search(text)):
        return BYLINE
    if text.rstrip(_CLOSERS)[-1:] in ".!?…":
        return BODY
    if words >= 9 and _YEAR.search(text):
        return CAPTION
    return HEADING


def describe(kind: str) -> str:
    """'a photo caption', 'a byline', … for a warning."""
    return {
        CAPTION: "a photo caption",
        BYLINE: "a byline or note about the publication",
        FURNITURE: "page furniture (a share button or the like)",
        HEADING: "a heading",
        PULL_QUOTE: "a pull quote",
    }.get(kind, "the text")
