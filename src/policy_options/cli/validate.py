"""``policy validate``: every problem of a study at once, each located."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy_options.cli.common import SourcesOpt, StudyOpt, study_folder
from policy_options.core.study.loading.folder import display_path
from policy_options.core.study.loading.load import inspect_study

StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Count warnings as errors (exit 1 when there is any).")
]


def validate_command(
    study: StudyOpt = None, sources: SourcesOpt = None, strict: StrictOpt = False
) -> None:
    """Check the study and report every error and warning, each with file:line:column.

    Errors: anything loading rejects (unknown keys or criteria, scores outside
    their scale, duplicate keys, all-zero profiles ...) and every quote not found
    in the text of the source it cites (with the closest passage). Warnings: a score
    without rationale, an option without a source quote, a criterion no profile
    weighs, a source whose file is missing (its quotes are not checked), an option
    without costs in a study with resources (free in every package), a placeholder left
    from `policy init` or `policy new` (`TODO: ...`). Exit code 1 when there is an error
    (or, with --strict, a warning), 0 otherwise.
    """
    from policy_options.core.study.sources.provenance import check
    from policy_options.render.views.validate import inspection
    from policy_options.render.writers import console

    folder = study_folder(study)
    result = inspect_study(folder)
    if result.study is not None:
        result.problems.extend(check(result.study, sources or ()).problems)
    document = inspection(result, display_path(folder))
    typer.echo(console.write(document, console.detect()), nl=False)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


def validate_files_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILES...",
            help="Changed files (as pre-commit passes them).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate each study that FILES belong to, once (the pre-commit hook `policy-validate`).

    A file belongs to the study in its nearest folder (itself or above) that holds a
    study.yaml; files outside any study are ignored. Prints every error and warning;
    exit code 1 when a study has an error.
    """
    from policy_options.core.study.loading.folder import studies_of
    from policy_options.core.study.sources.provenance import check
    from policy_options.render.views.validate import inspection
    from policy_options.render.writers import console

    failed = False
    terminal = console.detect()
    for folder in studies_of(files or []):
        result = inspect_study(folder)
        if result.study is not None:  # the same checks as `policy validate`, same counts
            result.problems.extend(check(result.study, ()).problems)
        typer.echo(console.write(inspection(result, display_path(folder)), terminal), nl=False)
        failed = failed or bool(result.errors)
    if failed:
        raise typer.Exit(1)
