"""``policy init DIR`` (a new study folder) and ``policy new option ID`` (a new option file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import StudyOpt
from policy_options.cli.schema import write_schemas
from policy_options.core.study.loading.folder import bundled_study, display_path, find_study
from policy_options.errors import UsageError


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


new_app = typer.Typer(help="Add a file to a study: `policy new option ID`.", no_args_is_help=True)


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
