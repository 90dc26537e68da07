"""``policy schema [KIND]``: the JSON Schema of a study file, for editors (YAML language server)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import OutputOpt, StudyOpt, emit, study_folder
from policy_options.core.study.loading.folder import display_path


class FileKind(StrEnum):
    study = "study"
    option = "option"
    weights = "weights"
    scenario = "scenario"
    interactions = "interactions"


def write_schemas(folder: Path, kinds: list[str] | None = None) -> list[str]:
    """Write ``.schema/<kind>.schema.json`` (every kind, or ``kinds``) into the study ``folder``."""
    from policy_options.core.study.files.model import StudyFile
    from policy_options.core.study.loading.folder import STUDY_FILE
    from policy_options.core.study.loading.parse import parse_file
    from policy_options.core.study.schema import SCHEMA_DIR, schema_files, study_ids

    spec, _, _ = parse_file(folder / STUDY_FILE, StudyFile, STUDY_FILE)
    files = schema_files(study_ids(folder, spec), kinds)
    try:
        (folder / SCHEMA_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        from policy_options.errors import PolicyError

        shown = display_path(folder / SCHEMA_DIR)
        raise PolicyError(f"cannot create {shown}: {exc.strerror}") from None
    for relative, text in files.items():
        write_atomic(folder / relative, text, through_links=False)
    return list(files)


def schema_command(
    kind: Annotated[
        FileKind | None,
        typer.Argument(
            help="The kind of file: study (study.yaml), option (<id>.yaml), weights"
            " (weights/<name>.yaml), scenario (scenarios/<name>.yaml) or interactions"
            " (interactions.yaml). Without it, --write writes every kind.",
            show_default=False,
        ),
    ] = None,
    study: StudyOpt = None,
    output: OutputOpt = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Write the schemas into the study's .schema/ folder, where the"
            " `# yaml-language-server: $schema=...` first line of its files points.",
        ),
    ] = False,
) -> None:
    """JSON Schema (draft 2020-12) of a study file, generated from the file format's models.

    The study's criterion, source and profile ids are enums where a file refers to
    them, and each score's bounds are its criterion's scale, so an editor with the
    YAML language server (VS Code, Neovim) completes and checks as you type.
    Rules across numbers (min below max, a range holding its value) stay with
    `policy validate`.
    """
    from policy_options.core.study.scaffold import read_study_file
    from policy_options.core.study.schema import schema_text, study_ids
    from policy_options.errors import UsageError

    folder = study_folder(study)
    if write:
        if output is not None:
            raise UsageError("give --write or --output, not both")
        written = write_schemas(folder, None if kind is None else [kind.value])
        typer.echo(
            f"wrote {', '.join(str(Path(display_path(folder)) / p) for p in written)}", err=True
        )
        return
    if kind is None:
        raise UsageError(
            "which file's schema? give study, option, weights, scenario or interactions",
            hint="or --write to write them all into the study's .schema/ folder",
        )
    spec = read_study_file(folder) if kind is not FileKind.study else None
    ids = study_ids(folder, spec)
    emit(schema_text(kind.value, ids), output)
