"""A study file's text, read with care: a regular file of sane size, in UTF-8, or a
located :class:`StudyError` saying why not."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from policy_options.errors import Location, Problem, StudyError

MAX_FILE_BYTES = 1024 * 1024  # a study file is a page of text; refuse megabytes early

_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def file_error(
    path: str, message: str, line: int | None = None, column: int | None = None
) -> StudyError:
    """One problem with the file shown as ``path``, at a line and column when known."""
    return StudyError([Problem(message, Location(path, line, column))])


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
                    raise file_error(path, too_large)
                if kind is None:
                    raw = _read_all(fd, found.st_size)
            finally:
                os.close(fd)
    except FileNotFoundError:
        raise file_error(path, "file not found") from None
    except OSError as exc:
        raise file_error(path, f"cannot read: {exc.strerror}") from None
    if kind == "a folder":
        raise file_error(path, "is a folder, not a file")
    if kind is not None:
        raise file_error(path, f"is {kind}, not a regular file; refused")
    if len(raw) > MAX_FILE_BYTES:
        raise file_error(path, too_large)
    return raw


# What YAML allows in a file (YAML 1.1 §5.1, PyYAML's reader), less a byte-order mark
# anywhere but at the start: anything else is refused here with its line and column
# (PyYAML's own message is two lines with a character position).
_NOT_ALLOWED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _character_problem(text: str, path: str) -> StudyError | None:
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return None
    at = found.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    char = found.group()
    if char == "\ufeff":
        what = "a byte-order mark (U+FEFF) inside the text; only the first character may be one"
    elif char == "\x00":
        what = "a NUL character: is the file UTF-16? save it as UTF-8"
    else:
        what = f"character U+{ord(char):04X} is not allowed in YAML text (a control character)"
    return file_error(path, what, line, column)


def _decoded(raw: bytes, path: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise file_error(path, "UTF-16 text: save the file as UTF-8", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise file_error(path, "not valid UTF-8 text", line, column) from None
    text = text.removeprefix("\ufeff")
    problem = _character_problem(text, path)
    if problem is not None:
        raise problem
    return text


def read_text(file: Path, path: str) -> str:
    """The text of ``file`` (``path``: its name in messages), BOM removed; a located
    :class:`StudyError` when it is not a regular file of sane size in UTF-8."""
    return _decoded(_read_regular(file, path), path)
