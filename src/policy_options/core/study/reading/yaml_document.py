"""A parsed YAML file that remembers where each value came from, and the locating builder
that reads it so.

The builder constructs the data from the parser's events itself, so that duplicate keys
are errors, aliases cannot blow up memory, and every value keeps its line and column for
error messages.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from policy_options.core.study.reading.textfile import file_error, read_text
from policy_options.core.study.reading.yaml_scalars import (
    MERGE_TAG,
    PLAIN_CACHE,
    PLAIN_KEYS,
    STR_TAG,
    Unusual,
    parser,
    plain_scalar,
    resolve_plain,
)
from policy_options.errors import Location, StudyError

MAX_NODES = 100_000  # constructed values per file; an alias bomb reaches this at once
MAX_DEPTH = 64

KeyPath = tuple[Any, ...]


class YamlDocument:
    """A parsed YAML file: its data, and the 1-based (line, column) of each value and key.

    The locations are found when first asked for: a file read by :func:`read_yaml` keeps
    its text, and the first :meth:`locate` parses it again with the locating builder
    (most files of a large study are never asked where anything is).
    """

    def __init__(
        self,
        data: Any,
        path: str,
        values: dict[KeyPath, tuple[int, int]] | None = None,
        keys: dict[KeyPath, tuple[int, int]] | None = None,
        *,
        text: str | None = None,
        root: tuple[int, int] | None = None,
        file: str | None = None,
    ) -> None:
        self.data = data
        self.path = path
        self._values = values
        self._keys = keys
        self._text = text
        self._root = root
        self._file = file  # read again for the locations when the text is not kept

    def __getstate__(self) -> dict[str, Any]:
        """Sent to another process without its text: the locations come from the file."""
        state = dict(self.__dict__)
        if state["_file"] is not None:
            state["_text"] = None
        return state

    @property
    def values(self) -> dict[KeyPath, tuple[int, int]]:
        """Where each value starts, by its key path."""
        self._find_locations()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[KeyPath, tuple[int, int]]:
        """Where each mapping key starts, by the key path of its value."""
        self._find_locations()
        assert self._keys is not None
        return self._keys

    def _find_locations(self) -> None:
        if self._values is not None and self._keys is not None:
            return
        text = self._text
        if text is None and self._values is None and self._file is not None:
            try:
                text = read_text(Path(self._file), self.path)
            except StudyError:  # gone since it was read: no locations, the file's name only
                text = None
        located = None
        if text is not None:
            try:
                located = located_document(text, self.path)
            except StudyError:  # changed since it was read
                located = None
        if located is None:
            self._values, self._keys = self._values or {}, self._keys or {}
        else:
            self._values, self._keys = located.values, located.keys
        self._text = None

    def locate(self, where: KeyPath = (), *, key: bool = False) -> Location:
        """The location of the value at ``where`` (or of its key), else of its nearest parent."""
        if not where and not key and self._root is not None:
            return Location(self.path, *self._root)
        if key and where in self.keys:
            line, column = self.keys[where]
            return Location(self.path, line, column)
        values = self.values
        while where not in values and where:
            where = where[:-1]
        if where in values:
            line, column = values[where]
            return Location(self.path, line, column)
        return Location(self.path)


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


_COLLECTION_TAGS: dict[type, str] = {
    yaml.MappingStartEvent: "tag:yaml.org,2002:map",
    yaml.SequenceStartEvent: "tag:yaml.org,2002:seq",
}


class _Builder:
    """Builds Python data straight from the parser's events, counting every value it makes.

    No node graph is composed (that, and its two marks per node, was most of the cost of
    loading a large study): each event becomes its value at once, plain scalars resolved
    and constructed as PyYAML's safe loader does them (and cached: a study repeats the
    same few numbers), with the line and column of every value and key kept.
    """

    def __init__(self, path: str, loader: Any) -> None:
        self.path = path
        self.doc = YamlDocument(None, path, {}, {})
        self.count = 0
        self.next_event = loader.get_event
        self.scalars = SafeConstructor()
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, values inside)

    def fail(self, event: Any, message: str) -> StudyError:
        return file_error(self.path, message, *_mark(event))

    def build(self, event: Any, where: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                event, f"file expands to more than {MAX_NODES:,} values (an alias bomb?); refused"
            )
        if depth > MAX_DEPTH:
            raise self.fail(event, f"nesting deeper than {MAX_DEPTH} levels; refused")
        self.doc.values.setdefault(where, _mark(event))
        kind = type(event)
        if kind is yaml.AliasEvent:
            return self.alias(event)
        before = self.count
        if kind is yaml.ScalarEvent:
            result = self.scalar(event)
        else:
            tag = event.tag
            if tag not in (None, "!", _COLLECTION_TAGS.get(kind)):
                raise self.fail(event, f"unsupported YAML tag '{tag}'")
            if kind is yaml.MappingStartEvent:
                result = self.mapping(where, depth)
            else:
                result = self.sequence(where, depth)
        if event.anchor is not None:
            self.anchors[event.anchor] = (result, self.count - before + 1)
        return result

    def alias(self, event: Any) -> Any:
        """A copy of the anchored value; it counts as many values as it holds."""
        if event.anchor not in self.anchors:
            raise self.fail(event, f"invalid YAML: found undefined alias '{event.anchor}'")
        value, size = self.anchors[event.anchor]
        self.count += size - 1
        if self.count > MAX_NODES:
            raise self.fail(
                event, f"file expands to more than {MAX_NODES:,} values (an alias bomb?); refused"
            )
        return value if isinstance(value, Hashable) else copy.deepcopy(value)

    def tagged(self, event: Any) -> tuple[str, Any]:
        """(tag, value) of a scalar, as the safe loader resolves and constructs it."""
        value, tag = event.value, event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted, or a block scalar: text
                return STR_TAG, value
            try:
                return plain_scalar(value)
            except Unusual:  # not constructible as resolved: the located error
                tag = resolve_plain(value)
                return tag, self.construct(event, tag)
        if tag == STR_TAG:
            return tag, value
        return tag, self.construct(event, tag)

    def construct(self, event: Any, tag: str) -> Any:
        constructor = SafeConstructor.yaml_constructors.get(tag)
        if constructor is None:
            raise self.fail(event, f"unsupported YAML tag '{tag}'")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(self.scalars, node)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.fail(event, f"invalid value {event.value!r}: {exc}") from None

    def scalar(self, event: Any) -> Any:
        tag, value = self.tagged(event)
        if tag == MERGE_TAG:
            raise self.fail(event, f"unsupported YAML tag '{tag}'")
        return value

    def sequence(self, where: KeyPath, depth: int) -> list[Any]:
        result: list[Any] = []
        while True:
            event = self.next_event()
            if type(event) is yaml.SequenceEndEvent:
                return result
            result.append(self.build(event, (*where, len(result)), depth + 1))

    def mapping(self, where: KeyPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        keys, values = self.doc.keys, self.doc.values
        next_event = self.next_event
        scalar_event: Any = yaml.ScalarEvent
        while True:
            key_event: Any = next_event()
            if type(key_event) is not scalar_event:
                if type(key_event) is yaml.MappingEndEvent:
                    return result
                raise self.fail(key_event, "a mapping key must be a plain value")
            cached = (
                PLAIN_CACHE.get(key_event.value)
                if key_event.tag is None and key_event.implicit[0]
                else None
            )
            tag, key = cached if cached is not None else self.tagged(key_event)
            if tag == MERGE_TAG:
                raise self.fail(key_event, "YAML merge keys ('<<') are not supported")
            if type(key) not in PLAIN_KEYS and not isinstance(key, Hashable):
                raise self.fail(key_event, "a mapping key must be a plain value")
            mark = key_event.start_mark
            child = (*where, key)
            if key in result:
                raise self.fail(
                    key_event, f"duplicate key '{key}' (first given on line {keys[child][0]})"
                )
            keys[child] = (mark.line + 1, mark.column + 1)
            event: Any = next_event()
            if (
                type(event) is scalar_event  # the common case, inline: what build() does
                and event.anchor is None
                and self.count < MAX_NODES
                and depth < MAX_DEPTH
            ):
                self.count += 1
                mark = event.start_mark
                values.setdefault(child, (mark.line + 1, mark.column + 1))
                found = (
                    PLAIN_CACHE.get(event.value)
                    if event.tag is None and event.implicit[0]
                    else None
                )
                if found is None or found[0] == MERGE_TAG:
                    result[key] = self.scalar(event)
                else:
                    result[key] = found[1]
            else:
                result[key] = self.build(event, child, depth + 1)

    def document(self) -> YamlDocument | None:
        """The one document of the stream (None when there is none)."""
        self.next_event()  # stream start
        event = self.next_event()
        if type(event) is yaml.StreamEndEvent:
            return None
        self.doc.data = self.build(self.next_event(), (), 0)
        self.next_event()  # document end
        event = self.next_event()
        if type(event) is not yaml.StreamEndEvent:
            raise self.fail(event, "invalid YAML: expected a single document, found another")
        return self.doc


def _tab_at(text: str, line: int, column: int) -> bool:
    """Is the problem a tab: at the mark, or in the indentation of the mark's line?"""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    found = lines[line]
    indent = found[: len(found) - len(found.lstrip(" \t"))]
    return "\t" in indent or found[column : column + 1] == "\t"


def located_document(text: str, path: str) -> YamlDocument | None:
    """Parse ``text`` with every location kept; None when it holds no document."""
    loader = parser(text)
    try:
        return _Builder(path, loader).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if mark is not None and _tab_at(text, mark.line, mark.column):
            reason = "YAML does not allow tabs for indentation: indent with spaces"
        if mark is None:
            raise file_error(path, f"invalid YAML: {reason}") from None
        raise file_error(path, f"invalid YAML: {reason}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise file_error(path, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
