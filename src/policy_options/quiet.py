"""Keep a third-party library's own printing off our standard output and error.

Some compiled solvers write to the process's descriptors 1 and 2 directly (HiGHS, behind
``scipy.optimize.milp``, prints debug lines from C++ whatever its options say), which
Python's ``sys.stdout`` never sees: a JSON document on stdout would not parse. Around
such a call, :func:`quiet_descriptors` points descriptors 1 and 2 at ``/dev/null`` with
``os.dup2``, flushes the C library's buffers before putting them back (a line printed
into C's buffer would otherwise be written later, into our output), and restores them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator


def _flush_c_streams() -> None:
    """``fflush(NULL)``: write out what C's stdio holds for every stream."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def quiet_descriptors(fds: tuple[int, ...] = (1, 2)) -> Iterator[None]:
    """Whatever is written to ``fds`` inside the block goes to ``/dev/null``."""
    for stream in (sys.stdout, sys.stderr):  # what Python holds belongs before the block
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    _flush_c_streams()
    saved: list[tuple[int, int]] = []
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover - no /dev/null: run as is
        yield
        return
    try:
        for fd in fds:
            try:
                saved.append((fd, os.dup(fd)))
            except OSError:  # that descriptor is closed: nothing to protect
                continue
            os.dup2(null, fd)
        yield
    finally:
        _flush_c_streams()
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)
