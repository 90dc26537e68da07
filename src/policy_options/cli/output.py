"""Standard output guarded, in one place, for every command and format.

The console entry point (:func:`policy_options.cli.app.main`) puts a :class:`GuardedStream`
in ``sys.stdout``: a write or flush that fails (a full disk, ``/dev/full``, a reader gone
away: EPIPE, an I/O error) raises :class:`OutputError`, a :class:`PolicyError`, so the
command stops with one ``error:`` line and exit code 2 like any other mistake, instead of
a traceback, a silent exit or a lost output. A closed standard output (``>&-``: Python
then has no ``sys.stdout``) is an error on the first write, not an output lost with exit 0;
a command that writes nothing there (``report -o FILE``) still runs.

After such an error the descriptor is pointed at ``/dev/null`` (what Python's documentation
advises for EPIPE), so the interpreter's own flush at exit neither fails nor writes
"Exception ignored" to stderr.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Any

from policy_options.errors import PolicyError


class OutputError(PolicyError):
    """Standard output cannot be written: full, closed, or its reader has gone."""


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


class GuardedStream(io.TextIOBase):
    """A text stream over ``stream`` (None: closed) whose failures are :class:`OutputError`."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self._stream = stream
        self._failed: str | None = None

    @property
    def wrapped(self) -> Any:
        return self._stream

    def _fail(self, reason: str) -> OutputError:
        if self._failed is None:
            self._failed = reason
            _detach_descriptor(self._stream)
        return OutputError(f"cannot write to standard output: {self._failed}")

    def write(self, text: str) -> int:
        if self._stream is None:
            raise self._fail("it is closed")
        if self._failed is not None:  # once failed, every later write fails as well
            raise self._fail(self._failed)
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise self._fail(_reason(exc)) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        if self._failed is not None:
            raise self._fail(self._failed)
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._fail(_reason(exc)) from None

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(self._stream is not None and self._stream.isatty())

    def fileno(self) -> int:
        if self._stream is None:
            raise io.UnsupportedOperation("standard output is closed")
        return int(self._stream.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", "strict")


def _detach_descriptor(stream: Any) -> None:
    """Point the stream's descriptor at /dev/null, so nothing more fails at exit."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def install() -> GuardedStream:
    """Guard ``sys.stdout`` (once) and return the guard."""
    current = sys.stdout
    if isinstance(current, GuardedStream):
        return current
    guard = GuardedStream(current)
    sys.stdout = guard
    return guard


def finish(guard: GuardedStream) -> OutputError | None:
    """Flush what is left at the end of the run; the error, if that fails (or failed).

    ``sys.stdout`` is the plain stream again afterwards (its descriptor on /dev/null
    after a failure), so the interpreter's own flush at exit has nothing to report.
    """
    try:
        guard.flush()
    except OutputError as exc:
        return exc
    finally:
        if sys.stdout is guard:
            sys.stdout = guard.wrapped
    return None
