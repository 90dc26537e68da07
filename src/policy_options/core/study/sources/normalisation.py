"""Text normalised for matching quotes, remembering where each character came from.

Both the quote and the source text are normalised the same way before matching
(:func:`normalise`): Unicode NFKC, curly and straight quotes and apostrophes alike,
dashes alike, soft hyphens and zero-width characters removed, a hyphen at a line break
between two letters removed with the break, whitespace collapsed; case is kept. The
normalised text remembers, for every character, where it came from, so a match is
reported at its offset in the original text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_QUOTES = dict.fromkeys("‘’‚‛′`", "'") | dict.fromkeys("“”„‟«»", '"')
_DASHES = dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-")
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_LINE_BREAKS = frozenset("\n\r\v\f\u2028\u2029\x85")


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, per character, the span of the original it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised ``text[start:end]`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]


def _units(text: str) -> Iterable[tuple[str, int, int]]:
    """(NFKC form, start, end) of each base character with its combining marks."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield unicodedata.normalize("NFKC", text[i:j]), i, j
        i = j


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for matching (see the module docstring), keeping original offsets."""
    chars: list[tuple[str, int, int]] = []
    for form, start, end in _units(text):
        for ch in form:
            if ch in _DROPPED:
                continue
            chars.append((_QUOTES.get(ch) or _DASHES.get(ch) or ch, start, end))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        ch, start, end = chars[i]
        if ch == "-" and out and out[-1].isalpha():
            j, broke = i + 1, False
            while j < n and chars[j][0].isspace():
                broke = broke or chars[j][0] in _LINE_BREAKS
                j += 1
            if broke and j < n and chars[j][0].isalpha() and chars[j][0].islower():
                i = j  # "secu-\nrity" -> "security"
                continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                starts.append(start)
                ends.append(end)
            i += 1
            continue
        out.append(ch)
        starts.append(start)
        ends.append(end)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Normalised("".join(out), tuple(starts), tuple(ends))
