"""Read one YAML file into plain Python data that remembers where each value came from.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys and forgets
line numbers. We compose the node graph (with the C parser when present) and
construct the data ourselves, so that duplicate keys are errors, aliases cannot
blow up memory, and every value keeps its line and column for error messages.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Hashable
from dataclasses import dataclass, field
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


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, and the 1-based (line, column) of each value and key."""

    data: Any
    path: str
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, where: KeyPath = (), *, key: bool = False) -> Location:
        """The location of the value at ``where`` (or of its key), else of its nearest parent."""
        if key and where in self.keys:
            line, column = self.keys[where]
            return Location(self.path, line, column)
        while where not in self.values and where:
            where = where[:-1]
        if where in self.values:
            line, column = self.values[where]
            return Location(self.path, line, column)
        return Location(self.path)


def _error(
    path: str, message: str, line: int | None = None, column: int | None = None
) -> StudyError:
    return StudyError([Problem(message, Location(path, line, column))])


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Builds Python data from a composed node graph, counting every value it makes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.doc = YamlDocument(None, path)
        self.count = 0
        self.scalars = SafeConstructor()

    def fail(self, node: yaml.Node, message: str) -> StudyError:
        return _error(self.path, message, *_mark(node))

    def build(self, node: yaml.Node, where: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node, f"file expands to more than {MAX_NODES:,} values (an alias bomb?); refused"
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels; refused")
        self.doc.values.setdefault(where, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, where, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*where, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        constructor = SafeConstructor.yaml_constructors.get(node.tag)
        if constructor is None or not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"unsupported YAML tag '{node.tag}'")
        try:
            return constructor(self.scalars, node)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.fail(node, f"invalid value {node.value!r}: {exc}") from None

    def mapping(self, node: yaml.MappingNode, where: KeyPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise self.fail(key_node, "YAML merge keys ('<<') are not supported")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a mapping key must be a plain value")
            key = self.scalar(key_node)
            if not isinstance(key, Hashable):
                raise self.fail(key_node, "a mapping key must be a plain value")
            line = key_node.start_mark.line + 1
            if key in first_seen:
                raise self.fail(
                    key_node, f"duplicate key '{key}' (first given on line {first_seen[key]})"
                )
            first_seen[key] = line
            child = (*where, key)
            self.doc.keys[child] = _mark(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result


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


def _read_regular(file: Path, path: str) -> bytes:
    """The bytes of ``file``, refused at once unless it is a regular file of sane size.

    A FIFO named like a study file would block ``open`` until a writer comes (for ever),
    a device could be endless: the type is checked before opening, and the file is
    opened non-blocking and checked again (it may have been swapped in between).
    """
    too_large = f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB; refused"
    try:
        kind = _kind(os.stat(file).st_mode)
        if kind is None:
            fd = os.open(file, os.O_RDONLY | _NONBLOCK)
            with os.fdopen(fd, "rb") as handle:
                found = os.fstat(fd)
                kind = _kind(found.st_mode)
                if kind is None and found.st_size > MAX_FILE_BYTES:
                    raise _error(path, too_large)
                raw = handle.read(MAX_FILE_BYTES + 1) if kind is None else b""
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


def read_yaml(file: Path, display: str | None = None) -> YamlDocument:
    """Parse ``file``; raise :class:`StudyError` with a located problem when it is not usable."""
    path = display or str(file)
    raw = _read_regular(file, path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(path, "not valid UTF-8 text", line, column) from None
    text = text.removeprefix("\ufeff")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise _error(path, f"invalid YAML: {reason}") from None
        raise _error(path, f"invalid YAML: {reason}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise _error(path, f"invalid YAML: {exc}") from None
    if node is None:
        raise _error(path, "file is empty")
    builder = _Builder(path)
    builder.doc.data = builder.build(node, (), 0)
    return builder.doc
