"""Text from a study made safe to print: control characters shown, never obeyed.

A title, an id or a file name may hold characters a terminal obeys rather than shows:
ESC (the start of colour, cursor and window-title sequences: an unterminated
``ESC ]0;`` swallows what follows in xterm-like terminals), a carriage return that
overwrites the line, a newline that starts a forged ``error:`` line, C1 controls, the
bidirectional overrides that reorder what is read (U+202E). :func:`escape_controls` shows
each as a visible escape (``\\x1b``, ``\\u202e``); :func:`safe_document` applies it to every
piece of text of a document, once, before any writer sees it (render/writers/__init__.py),
so every format is covered in one place; the ``error:`` line is escaped entirely, newlines
included (cli/app.py), so it stays one line.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_OTHERS = "\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"  # DEL, C1, separators, bidi
_ALL = re.compile("[\\x00-\\x1f" + _OTHERS + "]")
_BUT_LINES = re.compile("[\\x00-\\x08\\x0b-\\x1f" + _OTHERS + "]")  # keeps tab and newline


def _shown(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every control character escaped; ``keep_lines`` keeps newlines and
    tabs (a document's own line breaks), not carriage returns."""
    pattern = _BUT_LINES if keep_lines else _ALL
    if pattern.search(text) is None:  # nearly always: no copy
        return text
    return pattern.sub(_shown, text)


T = TypeVar("T")


def safe_document(document: T) -> T:
    """``document`` (any tree of frozen dataclasses and tuples) with every string escaped
    by :func:`escape_controls` (newlines kept); the same objects where nothing changes."""
    return _clean(document)  # type: ignore[no-any-return]


_FIELDS: dict[type, tuple[str, ...]] = {}
"""The field names of each dataclass met, looked up once per type."""
_LEAVES = (float, int, bool, type(None), frozenset)


def _clean(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return escape_controls(value, keep_lines=True)
    if kind in _LEAVES:
        return value
    if kind is tuple:
        items = tuple(_clean(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    names = _FIELDS.get(kind)
    if names is None:
        is_record = dataclasses.is_dataclass(value) and not isinstance(value, type)
        names = tuple(f.name for f in dataclasses.fields(value)) if is_record else ()
        _FIELDS[kind] = names
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = _clean(old)
        if new is not old:
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value
