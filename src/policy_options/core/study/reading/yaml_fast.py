"""The fast reader of a plain YAML document: its data, its locations left for later.

Most files of a study are plain mappings, sequences and untagged scalars, and most are
never asked where anything is: this reader builds their data without recording a
location; anything unusual goes to the locating builder of :mod:`yaml_document`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

from policy_options.core.study.reading.yaml_document import MAX_DEPTH, MAX_NODES, YamlDocument
from policy_options.core.study.reading.yaml_scalars import (
    MERGE_TAG,
    PLAIN_CACHE,
    PLAIN_KEYS,
    Unusual,
    parser,
    plain_scalar,
)

_FAST_DEPTH = MAX_DEPTH // 2
_NO_KEY: Any = object()


def _fast_data(next_event: Any) -> tuple[Any, tuple[int, int]]:
    """The data of a plain document (mappings, sequences, untagged scalars), and where its
    root starts, from the parser's events without recording any other location.

    Anything else (a scalar or empty document, tags, anchors and aliases, merge keys,
    duplicate or complex keys, deep nesting, a very large file) raises :class:`Unusual`,
    and the locating builder reads the file instead: it gives the same data, or the
    located error. So the two readers accept and construct exactly the same files.
    """
    scalar_event, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
    sequence_start, ends = yaml.SequenceStartEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    if type(next_event()) is not yaml.StreamStartEvent:
        raise Unusual
    if type(next_event()) is not yaml.DocumentStartEvent:
        raise Unusual
    event = next_event()
    kind = type(event)
    if (kind is not mapping_start and kind is not sequence_start) or event.tag or event.anchor:
        raise Unusual
    mark = event.start_mark
    root: Any = {} if kind is mapping_start else []
    stack: list[Any] = []
    current, key, count = root, _NO_KEY, 1
    cached, merge, listed = PLAIN_CACHE.get, MERGE_TAG, list
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise Unusual
            value = event.value
            if event.implicit[0]:
                found = cached(value) or plain_scalar(value)
                if found[0] == merge:
                    raise Unusual
                value = found[1]
            count += 1
            if type(current) is listed:
                current.append(value)
            elif key is _NO_KEY:
                if value in current or (
                    type(value) not in PLAIN_KEYS and not isinstance(value, Hashable)
                ):
                    raise Unusual
                key = value
            else:
                current[key] = value
                key = _NO_KEY
        elif kind is mapping_start or kind is sequence_start:
            if event.tag is not None or event.anchor is not None or len(stack) >= _FAST_DEPTH:
                raise Unusual
            child: Any = {} if kind is mapping_start else []
            if type(current) is listed:
                current.append(child)
            elif key is _NO_KEY:  # a collection as a mapping key
                raise Unusual
            else:
                current[key] = child
            count += 1
            stack.append(current)
            current, key = child, _NO_KEY
        elif kind in ends:
            if not stack:
                break
            current, key = stack.pop(), _NO_KEY
        else:  # an alias
            raise Unusual
    if count > MAX_NODES:
        raise Unusual
    if type(next_event()) is not yaml.DocumentEndEvent:
        raise Unusual
    if type(next_event()) is not yaml.StreamEndEvent:
        raise Unusual
    return root, (mark.line + 1, mark.column + 1)


def fast_document(text: str, path: str, file: str | None = None) -> YamlDocument | None:
    """The document read by :func:`_fast_data`, its locations left for later; None when
    the file needs the locating builder."""
    loader = parser(text)
    try:
        data, root = _fast_data(loader.get_event)
    except (Unusual, yaml.YAMLError):
        return None
    finally:
        loader.dispose()
    return YamlDocument(data, path, text=text, root=root, file=file)
