"""A study as it was at a git revision: its files read from the commit's tree into a
temporary folder (``git ls-tree`` and ``git cat-file``; not ``git archive``, whose export
attributes would leave files out).

Plain ``git`` through :mod:`subprocess` (no library): the folder's path inside the
repository comes from ``git rev-parse --show-prefix``, the revision is checked with
``git rev-parse --verify``, and only the study's folder is extracted. Every mistake
(not a repository, an unknown revision, no study there at that revision) is a
:class:`PolicyError`; problems in the old files are located as ``REV:path:line:col``.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.folder import (
    SCENARIOS_DIR,
    STUDY_FILE,
    WEIGHTS_DIR,
    display_path,
)
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
    files = _study_files(revision)
    contents = _blobs(revision.top, [oid for _, oid in files])
    with tempfile.TemporaryDirectory(prefix="policy-rev-") as tmp:
        for (relative, _), data in zip(files, contents, strict=True):
            target = Path(tmp, revision.prefix, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        Path(tmp, revision.prefix).mkdir(parents=True, exist_ok=True)
        yield Path(tmp) / revision.prefix, revision


def _is_study_file(relative: str) -> bool:
    """A file the loader reads: YAML at the top of the study, in weights/ or scenarios/."""
    folder, _, name = relative.rpartition("/")
    return folder in ("", WEIGHTS_DIR, SCENARIOS_DIR) and name.endswith((".yaml", ".yml"))


def _study_files(revision: Revision) -> list[tuple[str, str]]:
    """(path inside the study folder, blob id) of every study file at the revision.

    Read from the commit's tree (``git ls-tree``), not through ``git archive``, whose
    ``export-ignore`` and ``export-subst`` attributes would drop or rewrite files. A
    symbolic link among them is refused (it could point anywhere); a submodule is not a
    file and is left out.
    """
    pathspec = ["--", revision.prefix] if revision.prefix else []
    listed = _git(revision.top, "ls-tree", "-r", "-z", "--full-tree", revision.commit, *pathspec)
    if listed.returncode != 0:  # pragma: no cover - ls-tree just found the study file
        raise PolicyError(f"git ls-tree failed: {listed.stderr.decode(errors='replace').strip()}")
    files = []
    for entry in listed.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        path = raw_path.decode("utf-8", errors="surrogateescape")
        relative = path[len(revision.prefix) :]
        if kind != "blob" or not _is_study_file(relative):
            continue
        if mode == "120000":
            raise PolicyError(
                f"{revision.rev}:{path} is a symbolic link: --rev reads a study's files only"
                " as regular files (a link could point anywhere); refused"
            )
        files.append((relative, oid))
    return files


def _blobs(top: Path, oids: list[str]) -> list[bytes]:
    """The contents of the blobs ``oids``, in one ``git cat-file --batch``."""
    if not oids:
        return []
    git = shutil.which("git")
    assert git is not None  # resolve() ran git already
    done = subprocess.run(
        [git, "cat-file", "--batch"],
        cwd=top,
        input="".join(f"{oid}\n" for oid in oids).encode(),
        capture_output=True,
        check=False,
    )
    out, at, contents = done.stdout, 0, []
    for oid in oids:
        newline = out.find(b"\n", at)
        header = out[at:newline].decode(errors="replace").split(" ")
        if done.returncode != 0 or len(header) != 3 or header[0] != oid:
            raise PolicyError(f"git cat-file failed on {oid}")  # pragma: no cover
        size = int(header[2])
        contents.append(out[newline + 1 : newline + 1 + size])
        at = newline + 1 + size + 1
    return contents


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
