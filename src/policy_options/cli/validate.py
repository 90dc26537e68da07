"""``policy validate``: every problem of a study at once, each located."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy_options.cli.common import SourcesOpt, StudyOpt, study_folder
from policy_options.core.study.loading.folder import display_path
from policy_options.core.study.loading.load import Inspection, inspect_study

StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Count warnings as errors (exit 1 when there is any).")
]


def validate_command(
    study: StudyOpt = None,
    sources: SourcesOpt = None,
    strict: StrictOpt = False,
    package: Annotated[
        bool,
        typer.Option(
            "--package",
            help="The verdict check also looks at the best package within the budget (a"
            " rejected or insufficient option in it is a warning): runs the portfolio"
            " engine, slower.",
        ),
    ] = False,
) -> None:
    """Check the study and report every error and warning, each with file:line:column.

    Errors: anything loading rejects (unknown keys or criteria, scores outside
    their scale, duplicate keys, all-zero profiles ...) and every quote not found
    in the text of the source it cites (with the closest passage). Warnings: a score
    without rationale, an option without a source quote, a criterion no profile
    weighs, a source whose file is missing (its quotes are not checked), an option
    without costs in a study with resources (free in every package), a placeholder left
    from `policy init` or `policy new` (`TODO: ...`), a score that fails a red line (a
    criterion's threshold), and the verdict check: the model's verdict against each
    option's stance (a rejected or insufficient option on top, or a decision rule's
    choice across the scenarios, or with --package in the best package; a recommended
    option below the reference or last), a note instead when the option says why it
    departs. Exit code 1 when there is an error (or, with --strict, a warning), 0
    otherwise.
    """
    from policy_options.core.study.sources.provenance import check
    from policy_options.render import writers
    from policy_options.render.views.validate import inspection
    from policy_options.render.writers import console

    folder = study_folder(study)
    result = inspect_study(folder)
    if result.study is not None:
        result.problems.extend(check(result.study, sources or ()).problems)
        _model_checks(result, package)
    document = inspection(result, display_path(folder))
    typer.echo(writers.write(document, writers.Format.table, console.detect()), nl=False)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


def _model_checks(result: Inspection, package: bool) -> None:
    """Add the red lines and the verdict check to a valid study's problems."""
    if result.study is None or result.errors:
        return
    from policy_options.core.ranking.verdict import study_verdict
    from policy_options.render.views.verdict import problems, red_lines

    result.problems.extend(red_lines(result.study))
    result.problems.extend(problems(study_verdict(result.study, package=package)))


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
    from policy_options.render import writers
    from policy_options.render.views.validate import inspection
    from policy_options.render.writers import console

    failed = False
    terminal = console.detect()
    for folder in studies_of(files or []):
        result = inspect_study(folder)
        if result.study is not None:  # the same checks as `policy validate`, same counts
            result.problems.extend(check(result.study, ()).problems)
            _model_checks(result, package=False)
        document = inspection(result, display_path(folder))
        typer.echo(writers.write(document, writers.Format.table, terminal), nl=False)
        failed = failed or bool(result.errors)
    if failed:
        raise typer.Exit(1)
