"""The study's revision for the report's footer: the git commit of its folder (marked
"edited" when the folder has changes not committed), else a digest of its files."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


def revision(folder: Path) -> str:
    """'rev 9583032', 'rev 9583032 + edits', or 'files 1a2b3c4d' outside git."""
    try:
        head = _git(folder, "log", "-1", "--format=%h", "--", ".")
        if head:
            dirty = _git(folder, "status", "--porcelain", "--", ".")
            return f"rev {head}" + (" + edits" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.y*ml")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return f"files {digest.hexdigest()[:8]}"


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""
