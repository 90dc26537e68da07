"""JSON text: sorted keys, floats as ``repr`` writes them, two-space indents; the
fast writer behind every ``--format json`` (:mod:`policy_options.render.jsonout`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

SCHEMA = 1


_SHOWN_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""DEL, C1 controls, line separators, bidi overrides: JSON may hold them raw, a terminal
would obey them; written as \\uXXXX escapes (only strings can hold them: the same data)."""


def _escaped(text: str) -> str:
    if _SHOWN_ESCAPED.search(text) is None:
        return text
    return _SHOWN_ESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def dumps(document: dict[str, Any]) -> str:
    """Serialise with sorted keys and a trailing newline; see :data:`_SHOWN_ESCAPED`."""
    return _escaped(indented({"schema": SCHEMA, **document}) + "\n")


class Lazy:
    """A JSON array whose items are made only while it is written (``items()`` is called
    once per writing): a large document need not hold all its rows at once."""

    __slots__ = ("items",)

    def __init__(self, items: Callable[[], Iterable[Any]]) -> None:
        self.items = items


_SETTLE_PIECES = 1 << 14  # pieces held before :func:`stream` hands them on


def stream(document: dict[str, Any], write: Callable[[str], Any]) -> None:
    """Write the text of :func:`dumps` to ``write`` in pieces of some hundred kilobytes,
    as it is made: neither the text nor the millions of small strings it is joined from
    are held at once, and :class:`Lazy` arrays are made item by item. The text is the
    same, byte for byte (values :func:`indented` leaves to the standard library are
    written by it in place, indented where they stand)."""
    pieces = _Pieces(write)
    _write({"schema": SCHEMA, **document}, "\n", pieces)
    pieces.append("\n")
    write(_escaped("".join(pieces)))


class _Pieces(list):  # type: ignore[type-arg]
    """The pieces of :func:`_write` for :func:`stream`: :meth:`settle` hands on every
    piece but the last (which :func:`_write` may still amend)."""

    def __init__(self, write: Callable[[str], Any]) -> None:
        super().__init__()
        self.write = write

    def settle(self) -> None:
        self.write(_escaped("".join(self[:-1])))
        del self[:-1]


def indented(value: Any) -> str:
    """``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)``, the same text.

    The standard library writes indented JSON with its pure-Python encoder, a generator
    per nesting level: a ranking of 10,000 options took a second. This writes the same
    text in one pass over the plain data our documents hold (str keys; dicts, lists,
    str, int, float, bool, None), and leaves anything else to the standard library.
    """
    pieces: list[str] = []
    try:
        _write(value, "\n", pieces)
    except _Unplain:
        return _standard(value)
    return "".join(pieces)


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=_made)


def _made(value: Any) -> Any:
    """What ``json.dumps`` writes for a :class:`Lazy` array: its items."""
    if type(value) is Lazy:
        return list(value.items())
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _Unplain(Exception):
    """A value :func:`indented` leaves to ``json.dumps``."""


_encode_str = json.encoder.encode_basestring
_SPECIAL = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
_CONSTANTS: dict[Any, str] = {None: "null", True: "true", False: "false"}


def _scalar(value: Any) -> str | None:
    """The JSON of a str, float, int, bool or None; None for anything else."""
    kind = type(value)
    if kind is str:
        return str(_encode_str(value))
    if kind is float:
        text = float.__repr__(value)
        return _SPECIAL.get(text, text)
    if value is None or kind is bool:
        return _CONSTANTS[value]
    if kind is int:
        return int.__repr__(value)
    return None


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append the JSON of ``value`` at the indentation ``newline`` holds (floats and
    strings, most of a document, are written inline)."""
    text = _scalar(value)
    if text is not None:
        out.append(text)
        return
    kind = type(value)
    encode, special, real, word = _encode_str, _SPECIAL, float, str
    streamed = type(out) is _Pieces
    if kind is dict:
        if not value:
            out.append("{}")
            return
        if streamed and any(type(key) is not word for key in value):
            out.append(_standard(value).replace("\n", newline))
            return
        inner = newline + "  "
        out.append("{")
        for key in sorted(value):  # mixed key types raise TypeError here, as in json
            if type(key) is not word:
                raise _Unplain
            item = value[key]
            kind = type(item)
            if kind is real:
                text = real.__repr__(item)
                out.append(f"{inner}{encode(key)}: {special.get(text, text)},")
            elif kind is word:
                out.append(f"{inner}{encode(key)}: {encode(item)},")
            else:
                out.append(f"{inner}{encode(key)}: ")
                _write(item, inner, out)
                out.append(",")
                if streamed and len(out) > _SETTLE_PIECES:
                    out.settle()  # type: ignore[attr-defined]
        out[-1] = out[-1][:-1] + newline + "}"
    elif kind is list or kind is tuple or kind is Lazy:
        if kind is Lazy:
            value = value.items()
        elif not value:
            out.append("[]")
            return
        inner = newline + "  "
        out.append("[")
        for item in value:
            kind = type(item)
            if kind is real:
                text = real.__repr__(item)
                out.append(f"{inner}{special.get(text, text)},")
            elif kind is word:
                out.append(f"{inner}{encode(item)},")
            else:
                out.append(inner)
                _write(item, inner, out)
                out.append(",")
                if streamed and len(out) > _SETTLE_PIECES:
                    out.settle()  # type: ignore[attr-defined]
        if out[-1] == "[":  # a Lazy array with no items
            out[-1] = "[]"
        else:
            out[-1] = out[-1][:-1] + newline + "]"
    elif streamed:  # written already: the standard library's text, in place
        out.append(_standard(value).replace("\n", newline))
    else:  # subclasses (enums ...) and anything else: as the standard library does them
        raise _Unplain
