"""Read one YAML file into plain Python data that remembers where each value came from.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys and forgets
line numbers. We read the parser's events (the C parser when present) and construct
the data ourselves, so that duplicate keys are errors, aliases cannot blow up memory,
and every value keeps its line and column for error messages.
"""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from policy_options.errors import Location, Problem, StudyError

try:  # the C parser is an order of magnitude faster; fall back when it is not built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024  # a study file is a page of text; refuse megabytes early
MAX_NODES = 100_000  # constructed values per file; an alias bomb reaches this at once
MAX_DEPTH = 64

_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

KeyPath = tuple[Any, ...]
_MERGE_TAG = "tag:yaml.org,2002:merge"


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
                text = _decoded(_read_regular(Path(self._file), self.path), self.path)
            except StudyError:  # gone since it was read: no locations, the file's name only
                text = None
        located = None
        if text is not None:
            try:
                located = _located_document(text, self.path)
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


def _error(
    path: str, message: str, line: int | None = None, column: int | None = None
) -> StudyError:
    return StudyError([Problem(message, Location(path, line, column))])


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_KEYS = frozenset({str, int, float, bool})
_COLLECTION_TAGS: dict[type, str] = {
    yaml.MappingStartEvent: "tag:yaml.org,2002:map",
    yaml.SequenceStartEvent: "tag:yaml.org,2002:seq",
}
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_CACHE: dict[str, tuple[str, Any]] = {}  # plain scalar -> (tag, immutable value)
_PLAIN_CACHE_SIZE = 65_536


def _resolve_plain(value: str) -> str:
    """The tag PyYAML's safe loader gives a plain (unquoted) scalar: int, float, null ..."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


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
        return _error(self.path, message, *_mark(event))

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
                return _STR_TAG, value
            try:
                return _plain(value)
            except _Unusual:  # not constructible as resolved: the located error
                tag = _resolve_plain(value)
                return tag, self.construct(event, tag)
        if tag == _STR_TAG:
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
        if tag == _MERGE_TAG:
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
                _PLAIN_CACHE.get(key_event.value)
                if key_event.tag is None and key_event.implicit[0]
                else None
            )
            tag, key = cached if cached is not None else self.tagged(key_event)
            if tag == _MERGE_TAG:
                raise self.fail(key_event, "YAML merge keys ('<<') are not supported")
            if type(key) not in _PLAIN_KEYS and not isinstance(key, Hashable):
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
                    _PLAIN_CACHE.get(event.value)
                    if event.tag is None and event.implicit[0]
                    else None
                )
                if found is None or found[0] == _MERGE_TAG:
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


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"  # pragma: no cover - doors, whiteouts ...


def _read_all(fd: int, size: int) -> bytes:
    """Up to ``MAX_FILE_BYTES + 1`` bytes of an open file (one read when its size is right)."""
    parts = []
    left = MAX_FILE_BYTES + 1
    while left > 0:
        chunk = os.read(fd, min(left, max(size + 1, 65_536)))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _read_regular(file: Path, path: str) -> bytes:
    """The bytes of ``file``, refused at once unless it is a regular file of sane size.

    A FIFO named like a study file would block ``open`` until a writer comes (for ever),
    a device could be endless: the type is checked before opening, and the file is
    opened non-blocking and checked again (it may have been swapped in between).
    """
    too_large = f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB; refused"
    try:
        kind = _kind(os.stat(file).st_mode)
        raw = b""
        if kind is None:
            fd = os.open(file, os.O_RDONLY | _NONBLOCK)
            try:
                found = os.fstat(fd)
                kind = _kind(found.st_mode)
                if kind is None and found.st_size > MAX_FILE_BYTES:
                    raise _error(path, too_large)
                if kind is None:
                    raw = _read_all(fd, found.st_size)
            finally:
                os.close(fd)
    except FileNotFoundError:
        raise _error(path, "file not found") from None
    except OSError as exc:
        raise _error(path, f"cannot read: {exc.strerror}") from None
    if kind == "a folder":
        raise _error(path, "is a folder, not a file")
    if kind is not None:
        raise _error(path, f"is {kind}, not a regular file; refused")
    if len(raw) > MAX_FILE_BYTES:
        raise _error(path, too_large)
    return raw


class _Unusual(Exception):
    """The fast reader met something only the locating builder handles (or reports)."""


_FAST_DEPTH = MAX_DEPTH // 2
_NO_KEY: Any = object()
_CONSTRUCTOR = SafeConstructor()


def _plain(value: str) -> tuple[str, Any]:
    """(tag, value) of a plain scalar, as :meth:`_Builder.tagged` makes it (cached)."""
    found = _PLAIN_CACHE.get(value)
    if found is not None:
        return found
    tag = _resolve_plain(value)
    if tag in (_STR_TAG, _MERGE_TAG):
        found = (tag, value)
    else:
        constructor = SafeConstructor.yaml_constructors.get(tag)
        if constructor is None:
            raise _Unusual
        try:
            found = (tag, constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, value)))
        except (yaml.YAMLError, ValueError):
            raise _Unusual from None
    if len(_PLAIN_CACHE) >= _PLAIN_CACHE_SIZE:
        _PLAIN_CACHE.clear()
    _PLAIN_CACHE[value] = found
    return found


def _fast_data(next_event: Any) -> tuple[Any, tuple[int, int]]:
    """The data of a plain document (mappings, sequences, untagged scalars), and where its
    root starts, from the parser's events without recording any other location.

    Anything else (a scalar or empty document, tags, anchors and aliases, merge keys,
    duplicate or complex keys, deep nesting, a very large file) raises :class:`_Unusual`,
    and the locating builder reads the file instead: it gives the same data, or the
    located error. So the two readers accept and construct exactly the same files.
    """
    scalar_event, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
    sequence_start, ends = yaml.SequenceStartEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    if type(next_event()) is not yaml.StreamStartEvent:
        raise _Unusual
    if type(next_event()) is not yaml.DocumentStartEvent:
        raise _Unusual
    event = next_event()
    kind = type(event)
    if (kind is not mapping_start and kind is not sequence_start) or event.tag or event.anchor:
        raise _Unusual
    mark = event.start_mark
    root: Any = {} if kind is mapping_start else []
    stack: list[Any] = []
    current, key, count = root, _NO_KEY, 1
    cached, merge, listed = _PLAIN_CACHE.get, _MERGE_TAG, list
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = event.value
            if event.implicit[0]:
                found = cached(value) or _plain(value)
                if found[0] == merge:
                    raise _Unusual
                value = found[1]
            count += 1
            if type(current) is listed:
                current.append(value)
            elif key is _NO_KEY:
                if value in current or (
                    type(value) not in _PLAIN_KEYS and not isinstance(value, Hashable)
                ):
                    raise _Unusual
                key = value
            else:
                current[key] = value
                key = _NO_KEY
        elif kind is mapping_start or kind is sequence_start:
            if event.tag is not None or event.anchor is not None or len(stack) >= _FAST_DEPTH:
                raise _Unusual
            child: Any = {} if kind is mapping_start else []
            if type(current) is listed:
                current.append(child)
            elif key is _NO_KEY:  # a collection as a mapping key
                raise _Unusual
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
            raise _Unusual
    if count > MAX_NODES:
        raise _Unusual
    if type(next_event()) is not yaml.DocumentEndEvent:
        raise _Unusual
    if type(next_event()) is not yaml.StreamEndEvent:
        raise _Unusual
    return root, (mark.line + 1, mark.column + 1)


def _located_document(text: str, path: str) -> YamlDocument | None:
    """Parse ``text`` with every location kept; None when it holds no document."""
    loader = _Loader(text)
    try:
        return _Builder(path, loader).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise _error(path, f"invalid YAML: {reason}") from None
        raise _error(path, f"invalid YAML: {reason}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise _error(path, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _fast_document(text: str, path: str, file: str | None = None) -> YamlDocument | None:
    """The document read by :func:`_fast_data`, its locations left for later; None when
    the file needs the locating builder."""
    loader = _Loader(text)
    try:
        data, root = _fast_data(loader.get_event)
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        loader.dispose()
    return YamlDocument(data, path, text=text, root=root, file=file)


def read_yaml(file: Path, display: str | None = None) -> YamlDocument:
    """Parse ``file``; raise :class:`StudyError` with a located problem when it is not usable."""
    path = display or str(file)
    text = _decoded(_read_regular(file, path), path)
    doc = _fast_document(text, path, str(file)) or _located_document(text, path)
    if doc is None:
        raise _error(path, "file is empty")
    return doc


def _decoded(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(path, "not valid UTF-8 text", line, column) from None
    return text.removeprefix("\ufeff")
