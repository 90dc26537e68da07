"""A study as it was at a git revision: ``git archive`` of its folder into a temporary one.

Plain ``git`` through :mod:`subprocess` (no library): the folder's path inside the
repository comes from ``git rev-parse --show-prefix``, the revision is checked with
``git rev-parse --verify``, and only the study's folder is extracted. Every mistake
(not a repository, an unknown revision, no study there at that revision) is a
:class:`PolicyError`; problems in the old files are located as ``REV:path:line:col``.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.folder import STUDY_FILE, display_path
from policy_options.core.study.loading.load import inspect_study
from policy_options.errors import Location, PolicyError, Problem, StudyError

WORKING_TREE = "working tree"


@dataclasses.dataclass(frozen=True)
class Revision:
    """A resolved revision of a study folder."""

    rev: str  # as the user gave it, e.g. HEAD~1
    commit: str  # full hash
    top: Path  # the repository's top folder
    prefix: str  # the study folder inside the repository, "" or ending in "/"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise PolicyError("--rev needs git, and git is not installed")
    return subprocess.run(
        [git, *args], cwd=folder, capture_output=True, check=False, stdin=subprocess.DEVNULL
    )


def resolve(folder: Path, rev: str) -> Revision:
    """Check that ``folder`` is in a git repository and ``rev`` names a commit there."""
    shown = display_path(folder)
    top = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
    if top.returncode != 0:
        raise PolicyError(
            f"{shown} is not in a git repository: --rev reads the study from git history",
            hint="run it inside a clone, or drop --rev",
        )
    top_dir, prefix = [*top.stdout.decode().split("\n"), "", ""][:2]
    if not rev or rev.startswith("-"):
        raise PolicyError(f"unknown revision '{rev}'")
    found = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise PolicyError(
            f"unknown revision '{rev}' in {top_dir}",
            hint="give a commit, branch or tag, e.g. HEAD~1 or main (see `git log --oneline`)",
        )
    return Revision(rev, found.stdout.decode().strip(), Path(top_dir), prefix)


@contextmanager
def checkout(folder: Path, rev: str) -> Iterator[tuple[Path, Revision]]:
    """The study folder ``folder`` as it was at ``rev``, extracted into a temporary folder."""
    revision = resolve(folder, rev)
    listed = _git(
        revision.top,
        "ls-tree",
        "--full-tree",
        "--name-only",
        revision.commit,
        "--",
        f"{revision.prefix}{STUDY_FILE}",
    )
    if listed.returncode != 0 or not listed.stdout.strip():
        where = revision.prefix.rstrip("/") or "the repository's top folder"
        raise PolicyError(
            f"no study at revision '{rev}': {where}/{STUDY_FILE} did not exist then",
            hint="pick a later revision (`git log --oneline -- " + f"{where}` lists them)",
        )
    archive = _git(
        revision.top,
        "archive",
        "--format=tar",
        revision.commit,
        "--",
        revision.prefix or ".",
    )
    if archive.returncode != 0:  # pragma: no cover - ls-tree just found the folder
        raise PolicyError(f"git archive failed: {archive.stderr.decode().strip()}")
    with tempfile.TemporaryDirectory(prefix="policy-rev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:  # pragma: no cover - Python < 3.11.4; git archive paths are relative
                tar.extractall(tmp)
        yield Path(tmp) / revision.prefix, revision


def _relabel(location: Location | None, tmp: str, label: str) -> Location | None:
    if location is None or not location.path.startswith(tmp):
        return location
    return dataclasses.replace(location, path=label + location.path[len(tmp) :])


def load_study_at(folder: Path, rev: str) -> Study:
    """The study in ``folder`` as it was at git revision ``rev``; StudyError if it was invalid.

    File names in the result and in error messages read ``REV:path/in/repo.yaml``.
    """
    with checkout(folder, rev) as (tmp_folder, revision):
        inspection = inspect_study(tmp_folder)
        tmp = display_path(tmp_folder).rstrip("/") + "/"
        label = f"{rev}:{revision.prefix}"
        if inspection.errors or inspection.study is None:
            raise StudyError(
                [
                    Problem(p.message, _relabel(p.location, tmp, label), p.severity)
                    for p in inspection.errors
                ]
            )
        study = inspection.study

        def rename(path: str) -> str:
            return label + path[len(tmp) :] if path.startswith(tmp) else path

        return dataclasses.replace(
            study,
            path=Path(f"{rev}:{revision.prefix.rstrip('/') or '.'}"),
            options={
                k: dataclasses.replace(o, file=rename(o.file)) for k, o in study.options.items()
            },
            profiles={
                k: dataclasses.replace(p, file=rename(p.file)) for k, p in study.profiles.items()
            },
            scenarios={
                k: dataclasses.replace(s, file=rename(s.file)) for k, s in study.scenarios.items()
            },
            interactions_file=None
            if study.interactions_file is None
            else rename(study.interactions_file),
        )
