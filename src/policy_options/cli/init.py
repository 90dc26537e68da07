"""``policy init DIR`` (a new study folder) and ``policy new option|profile|scenario ID``
(a new file in a study, commented, with its schema line)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import StudyOpt
from policy_options.cli.schema import write_schemas
from policy_options.core.study.loading.folder import bundled_study, display_path, find_study
from policy_options.core.study.scaffold import check_id
from policy_options.errors import UsageError

if TYPE_CHECKING:
    from policy_options.core.study.files.model import StudyFile


def init_command(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="The new study folder: created, or empty.", show_default=False
        ),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The study's title.", show_default=False),
    ] = None,
) -> None:
    """Start a study: a commented study.yaml (two criteria), one example option, one profile.

    Each file's first line points the YAML language server at the JSON Schemas
    written into .schema/, so VS Code and Neovim check and complete as you type.

    The folder must not exist yet, or be empty. The result passes `policy
    validate` and `policy rank --study DIR` ranks it; edit the files from there,
    and add options with `policy new option ID --study DIR`.
    """
    from policy_options.core.study.scaffold import study_files

    shown = display_path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{shown} exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(
            f"{shown} is not empty: policy init only writes into a new or empty folder",
            hint="give a new folder name",
        )
    files = study_files(title)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for relative in files:
            (directory / relative).parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {shown}: {exc.strerror}") from None
    for relative, text in files.items():
        write_atomic(directory / relative, text, through_links=False)
    schemas = write_schemas(directory)
    typer.echo(f"created {shown}: " + ", ".join([*files, *schemas]), err=True)
    typer.echo(
        f"next: edit {Path(shown) / 'study.yaml'}, then `policy validate --study {shown}`"
        f" and `policy rank --study {shown}`",
        err=True,
    )


new_app = typer.Typer(
    help="Add a file to a study: `policy new option|profile|scenario ID`.", no_args_is_help=True
)


@new_app.command("option")
def new_option_command(
    option_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The option's id, its file name without .yaml (letters, digits, '-', '_').",
            show_default=False,
        ),
    ],
    study: StudyOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write <study>/ID.yaml listing every criterion to score.

    Each score is a placeholder at the middle of its criterion's scale with an
    empty rationale: `policy validate` warns about every one until it is filled.
    """
    from policy_options.core.study.scaffold import check_id, option_text, read_study_file

    check_id(option_id, "option id")
    folder = find_study(study)
    if study is None and folder.resolve() == bundled_study().resolve():
        raise UsageError(
            "no study folder here to write into (the bundled study is read-only)",
            hint="give --study DIR",
        )
    spec = read_study_file(folder)
    target = folder / f"{option_id}.yaml"
    if os.path.lexists(target) and not force:  # a dangling link too
        raise UsageError(
            f"{display_path(target)} exists: not overwritten", hint="give --force to replace it"
        )
    write_atomic(target, option_text(option_id, spec), through_links=False)
    schemas = write_schemas(folder)
    typer.echo(f"wrote {display_path(target)}", err=True)
    typer.echo(f"wrote {', '.join(schemas)} in {display_path(folder)} (for editors)", err=True)
    typer.echo(
        "next: score every criterion and give each a rationale; `policy validate` lists"
        " what is left",
        err=True,
    )


IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The id, its file name without .yaml (letters, digits, '-', '_').",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


@new_app.command("profile")
def new_profile_command(profile_id: IdArg, study: StudyOpt = None, force: ForceOpt = False) -> None:
    """Write <study>/weights/ID.yaml: equal weights on every criterion, each named."""
    from policy_options.core.study.scaffold import profile_text

    folder, spec = _writable_study(study)
    target = folder / "weights" / f"{check_id(profile_id, 'profile id')}.yaml"
    _write_new(target, profile_text(profile_id, spec), force, folder)
    typer.echo(
        f"next: set the weights, then `policy rank --study {display_path(folder)} --weights"
        f" {profile_id}`",
        err=True,
    )


@new_app.command("scenario")
def new_scenario_command(
    scenario_id: IdArg, study: StudyOpt = None, force: ForceOpt = False
) -> None:
    """Write <study>/scenarios/ID.yaml: a future to describe and its score overrides."""
    from policy_options.core.study.loading.folder import NOT_OPTIONS, yaml_files
    from policy_options.core.study.scaffold import scenario_text

    folder, spec = _writable_study(study)
    if scenario_id == "base":
        raise UsageError("'base' is the implicit scenario (the option files as they are)")
    options = [p.stem for p in yaml_files(folder)[0] if p.name not in NOT_OPTIONS]
    target = folder / "scenarios" / f"{check_id(scenario_id, 'scenario id')}.yaml"
    _write_new(target, scenario_text(scenario_id, spec, options), force, folder)
    typer.echo(
        f"next: describe the future and its overrides, then `policy scenarios --study"
        f" {display_path(folder)}`",
        err=True,
    )


@new_app.command("analyst")
def new_analyst_command(name: IdArg, study: StudyOpt = None, force: ForceOpt = False) -> None:
    """Write <study>/judgements/NAME/README.md: where and how that analyst scores."""
    from policy_options.core.study.judgements.files import JUDGEMENTS_DIR, POOLED
    from policy_options.core.study.judgements.sheet import analyst_readme
    from policy_options.core.study.loading.load import load_study

    folder, _ = _writable_study(study)
    if name in (POOLED, "none"):
        raise UsageError(f"'{name}' is a --judgements choice: give the analyst another name")
    (folder / JUDGEMENTS_DIR).mkdir(exist_ok=True)
    target = folder / JUDGEMENTS_DIR / check_id(name, "analyst") / "README.md"
    _write_new(target, analyst_readme(name, load_study(folder)), force, folder)
    typer.echo(
        f"next: send the analyst `policy export xlsx --for {name}`, or let them write"
        f" {display_path(target.parent)}/<option>.yaml",
        err=True,
    )


def _writable_study(study: Path | None) -> tuple[Path, StudyFile]:
    """The study folder to write into and its study.yaml; never the bundled example."""
    from policy_options.core.study.scaffold import read_study_file

    folder = find_study(study)
    if study is None and folder.resolve() == bundled_study().resolve():
        raise UsageError(
            "no study folder here to write into (the bundled study is read-only)",
            hint="give --study DIR",
        )
    return folder, read_study_file(folder)


def _write_new(target: Path, text: str, force: bool, folder: Path) -> None:
    """Write a new study file (its folder made if need be), never over one unless --force."""
    if os.path.lexists(target) and not force:  # a dangling link too
        raise UsageError(
            f"{display_path(target)} exists: not overwritten", hint="give --force to replace it"
        )
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text, through_links=False)
    schemas = write_schemas(folder)
    typer.echo(f"wrote {display_path(target)}", err=True)
    typer.echo(f"wrote {', '.join(schemas)} in {display_path(folder)} (for editors)", err=True)


@new_app.command("criterion")
def new_criterion_command(
    criterion_id: IdArg,
    study: StudyOpt = None,
    scale: Annotated[
        str, typer.Option("--scale", metavar="MIN..MAX", help="The criterion's scale.")
    ] = "0..10",
    lower_is_better: Annotated[
        bool, typer.Option("--lower-is-better", help="A cost or a risk: lower scores are better.")
    ] = False,
    unit: Annotated[str, typer.Option("--unit", metavar="TEXT", help="Unit of the scores.")] = (
        "points"
    ),
) -> None:
    """Add a criterion to study.yaml, a placeholder score to every option and a weight of 0
    to every profile (the ranking is unchanged until you weigh it).

    Every score is the middle of the scale with an empty rationale: `policy validate`
    warns about each until it is filled. Keys, quotes and comments of the files stay.
    """
    from policy_options.core.study.add_criterion import NewCriterion, criterion_files, parse_scale
    from policy_options.core.study.loading.load import inspect_study

    folder, _ = _writable_study(study)
    check_id(criterion_id, "criterion id")
    if inspect_study(folder).errors:
        raise UsageError(
            "the study has errors: fix them first",
            hint=f"`policy validate --study {display_path(folder)}`",
        )
    low, high = parse_scale(scale)
    files = criterion_files(
        folder, NewCriterion(criterion_id, not lower_is_better, low, high, unit)
    )
    for path, text in files.items():
        write_atomic(path, text, through_links=False)
    schemas = write_schemas(folder)
    typer.echo(f"wrote {len(files)} files: study.yaml, every option and profile", err=True)
    typer.echo(f"wrote {', '.join(schemas)} in {display_path(folder)} (for editors)", err=True)
    typer.echo(
        f"next: describe it, score it in every option, then weigh it; `policy validate --study"
        f" {display_path(folder)}` lists what is left",
        err=True,
    )
