"""Write a file atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from policy_options.errors import PolicyError


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (str or bytes) to ``path``: readers see the old or new file, never half."""
    folder = path.parent
    if not folder.is_dir():
        raise PolicyError(f"cannot write {path}: folder '{folder}' does not exist")
    if path.is_dir():
        raise PolicyError(f"cannot write {path}: it is a folder")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PolicyError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
