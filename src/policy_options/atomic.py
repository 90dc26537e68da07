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
- A file of the study (``policy new option``, an imported option, a profile, a schema) is
  written with ``through_links=False``: a symbolic link there (dangling or not) is
  refused, never written through to wherever it points.
- The temporary file never outlives the run: removed on any error, on SIGTERM and SIGHUP
  (:func:`install_signal_cleanup`, called by the ``policy`` entry point); SIGKILL cannot
  be caught, so a temporary is named ``.NAME.PID.XXXXXXXX.policy-tmp`` and the next write
  beside it removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from pathlib import Path
from types import FrameType

from policy_options.errors import PolicyError

STDOUT = "-"
_SPECIAL_ROOTS = ("/dev/", "/proc/")


TMP_SUFFIX = ".policy-tmp"
_LIVE: set[str] = set()
"""The temporary files being written now: removed if a signal ends the run."""


def write_atomic(path: Path, text: str | bytes, *, through_links: bool = True) -> None:
    """Write ``text`` (str as UTF-8, or bytes) to ``path``: atomically when it is a regular
    file or new, directly when it is a FIFO, a device or ``-``; see the module docstring.
    ``through_links=False`` refuses a symbolic link at ``path`` (a file of the study)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    shown = str(path)
    if not through_links and os.path.islink(path):
        raise PolicyError(
            f"cannot write {shown}: it is a symbolic link; a study's file is never written"
            " through one (remove the link first)"
        )
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
    _remove_stale(target)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=TMP_SUFFIX
        )
    except OSError as exc:
        raise PolicyError(f"cannot write {shown}: {exc.strerror}") from None
    _LIVE.add(tmp)
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
    finally:
        _LIVE.discard(tmp)


def _remove_stale(target: Path) -> None:
    """Remove our own temporaries of ``target`` whose process is gone (a SIGKILL)."""
    start = f".{target.name}."
    try:
        names = [n for n in os.listdir(target.parent) if n.startswith(start)]
    except OSError:
        return
    for name in names:
        if not name.endswith(TMP_SUFFIX):
            continue
        pid = name[len(start) :].partition(".")[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(target.parent / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: someone else's process, alive
        return True
    return True


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Remove the temporaries being written, then die of the signal as before."""
    for tmp in list(_LIVE):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def install_signal_cleanup() -> None:
    """On SIGTERM and SIGHUP, remove the temporary being written before the process ends
    (their default action, kept: the exit status still says which signal it was)."""
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _on_signal)
