"""Where a study lives: its folder (``--study DIR``; else the nearest folder, this one
or above, that holds a ``study.yaml``, as git finds ``.git``; else ./options; else the
bundled one), the names of its files, and paths shown short in messages."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from policy_options.errors import Location, Problem, StudyError

STUDY_FILE = "study.yaml"
INTERACTIONS_FILE = "interactions.yaml"
NOT_OPTIONS = frozenset(
    {STUDY_FILE, "study.yml", INTERACTIONS_FILE, "interactions.yml"}
)  # beside the options
WEIGHTS_DIR = "weights"
SCENARIOS_DIR = "scenarios"


def bundled_study() -> Path:
    """The study shipped inside the package (or, in a source checkout, the repo's options/)."""
    package = Path(__file__).resolve().parents[3]  # policy_options/
    packaged = package / "study"
    if (packaged / STUDY_FILE).is_file():
        return packaged
    return package.parent.parent / "options"


def find_study(study: Path | None = None) -> Path:
    """``--study DIR`` if given; else the nearest folder (this one or a parent) holding a
    ``study.yaml``; else ``./options`` when it holds a study; else the bundled one."""
    return locate_study(study)[0]


def locate_study(study: Path | None = None) -> tuple[Path, bool]:
    """:func:`find_study`, and whether it fell back to the bundled example (nothing given,
    nothing found here: the caller should say so)."""
    if study is not None:
        if not study.is_dir():
            reason = (
                "not a folder (give the study's folder)" if study.exists() else "no such folder"
            )
            raise StudyError([Problem(reason, Location(display_path(study)))])
        if not os.path.isfile(study / STUDY_FILE):  # False, not an error, if unreadable
            raise StudyError(
                [
                    Problem(
                        f"no {STUDY_FILE} here: not a study folder", Location(display_path(study))
                    )
                ]
            )
        return study, False
    here = Path.cwd()
    for depth, folder in enumerate((here, *here.parents)):
        if (folder / STUDY_FILE).is_file():
            return (Path(*([".."] * depth)) if depth else Path(".")), False
    local = Path("options")
    if (local / STUDY_FILE).is_file():
        return local, False
    return bundled_study(), True


def studies_of(files: Iterable[Path]) -> list[Path]:
    """The study folders that ``files`` belong to, each once, in order of first mention.

    A file belongs to the nearest folder, itself or above, that holds a ``study.yaml``
    (``weights/x.yaml`` to the folder above ``weights/``); other files to none.
    """
    found: dict[Path, None] = {}
    for file in files:
        start = file if file.is_dir() else file.parent
        for folder in (start, *start.parents):
            if (folder / STUDY_FILE).is_file():
                found.setdefault(folder, None)
                break
    return list(found)


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it, for short messages."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def yaml_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The ``*.yaml`` files of ``folder``, then its ``*.yml`` files, each list sorted; and
    the problems of the listing, located: a folder that is not one (a plain file, a FIFO)
    or cannot be read, and a ``x.yml`` beside ``x.yaml`` (which one is meant? both are
    refused, neither silently wins). A folder that does not exist holds no files."""
    shown = display_path(folder)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return [], []
    except NotADirectoryError:
        return [], [Problem("not a folder (expected a folder of YAML files)", Location(shown))]
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        return [], [Problem(f"cannot read this folder: {reason}", Location(shown))]
    unprintable = sorted(
        name for name in names if name.endswith((".yaml", ".yml")) and not name.isprintable()
    )
    names = [name for name in names if name not in unprintable]
    yaml_names = sorted(name for name in names if name.endswith(".yaml"))
    yml_names = sorted(name for name in names if name.endswith(".yml"))
    stems = {name[: -len(".yaml")] for name in yaml_names}
    problems = [
        Problem(
            "a file name with a control character (a newline, ESC ...): rename the file;"
            " its name would become an id printed as is",
            Location(os.path.join(shown, name)),
        )
        for name in unprintable
    ] + [
        Problem(
            f"both {name[: -len('.yml')]}.yaml and {name} are here: keep one (else which"
            " one counts?)",
            Location(os.path.join(shown, name)),
        )
        for name in yml_names
        if name[: -len(".yml")] in stems
    ]
    clashing = {name[: -len(".yml")] for name in yml_names} & stems
    return [
        folder / name
        for name in yaml_names + yml_names
        if name.removesuffix(".yaml").removesuffix(".yml") not in clashing
    ], problems
