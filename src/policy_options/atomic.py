"""Write an output file without ever destroying what it writes over.

- A regular file (or a new one) is written atomically: a temporary file in the same
  folder, then a rename over the target, so readers see the old file or the new one,
  never half. A symbolic link is followed: its target is replaced, the link stays.
  A replaced file keeps its mode; a new one gets the usual mode (0666 less the umask).
- Anything else (a FIFO, a character device such as ``/dev/stdout``, a socket) and
  ``-`` (standard output) is written directly: renaming over them would replace the
  device node or pipe with a regular file. So is a path that resolves into ``/dev`` or
  ``/proc`` (``/dev/stdout`` redirected to a file must append to the shell's file, not
  swap it for another).
- Every failure (no such folder, a folder, ENOSPC, EPIPE ...) is a :class:`PolicyError`:
  one error line, exit code 2.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from policy_options.errors import PolicyError

STDOUT = "-"
_SPECIAL_ROOTS = ("/dev/", "/proc/")


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (str as UTF-8, or bytes) to ``path``: atomically when it is a regular
    file or new, directly when it is a FIFO, a device or ``-``; see the module docstring."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    shown = str(path)
    if shown == STDOUT:
        _write_stdout(data)
        return
    inherited = _inherited_descriptor(shown)
    if inherited is not None:  # /dev/stdout: the shell's own file, its offset and append mode
        try:
            _write_all(inherited, data)
        except OSError as exc:
            raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
        return
    try:
        found: os.stat_result | None = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise PolicyError(f"cannot write {shown}: it is a folder")
    resolved = Path(os.path.realpath(path))  # the file a symbolic link points to
    special = str(resolved).startswith(_SPECIAL_ROOTS) or str(path).startswith(_SPECIAL_ROOTS)
    if found is not None and (not stat.S_ISREG(found.st_mode) or special):
        _write_directly(path, data, shown)
        return
    folder = resolved.parent
    if not folder.is_dir():
        raise PolicyError(f"cannot write {shown}: folder '{folder}' does not exist")
    _replace(resolved, data, shown, found)


def _inherited_descriptor(shown: str) -> int | None:
    """The descriptor that ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` or
    ``/proc/self/fd/N`` names, when it is open: written as is, not reopened (reopening
    would start at offset 0 and overwrite the start of a file opened with ``>>``)."""
    named = {"/dev/stdout": 1, "/dev/stderr": 2}.get(shown)
    if named is None:
        for prefix in ("/dev/fd/", "/proc/self/fd/"):
            if shown.startswith(prefix) and shown[len(prefix) :].isdigit():
                named = int(shown[len(prefix) :])
    if named is None:
        return None
    try:
        os.fstat(named)
    except OSError:
        return None
    return named


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until everything is written (a pipe may take it in pieces)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_stdout(data: bytes) -> None:
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # no file descriptor (a test's captured stream)
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    try:
        sys.stdout.flush()
        _write_all(fd, data)
    except OSError as exc:
        raise PolicyError(f"cannot write to standard output: {exc.strerror}") from None


def _write_directly(path: Path, data: bytes, shown: str) -> None:
    """A FIFO or device: open it for writing (a FIFO waits for its reader) and write."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
    try:
        _write_all(fd, data)
    except OSError as exc:
        raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    """0666 less the process's umask (read without changing it where Linux allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - not Linux: read it by setting it back
    os.umask(mask)  # pragma: no cover
    return 0o666 & ~mask  # pragma: no cover


def _replace(target: Path, data: bytes, shown: str, old: os.stat_result | None) -> None:
    """A temporary file beside ``target`` with ``data`` and the right mode, renamed over it."""
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
    try:
        try:
            if old is None:
                os.fchmod(fd, _new_file_mode())
            else:
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    # not ours to give away: then the new file stays the writer's
                    with contextlib.suppress(OSError):
                        os.fchown(fd, old.st_uid, old.st_gid)
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
