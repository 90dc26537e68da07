"""``policy export xlsx`` (the study as a workbook) and ``policy import FILE`` (scores back)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy_options.cli.common import MethodOpt, StudyOpt, WeightsOpt, load_for
from policy_options.core.study.loading.folder import bundled_study, display_path, find_study
from policy_options.core.study.loading.load import load_study
from policy_options.errors import UsageError

export_app = typer.Typer(
    help="Write the study in another format: `policy export xlsx --output study.xlsx`.",
    no_args_is_help=True,
)


@export_app.command("xlsx")
def export_xlsx_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The workbook to write (atomically), e.g. study.xlsx.",
            show_default=False,
            dir_okay=False,
        ),
    ],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    method: MethodOpt = None,
) -> None:
    """The study as an Excel workbook, for colleagues who live in spreadsheets.

    Sheets: scores (options x criteria, raw scores; each score's range in hidden
    '<criterion> low' / '<criterion> high' columns; its rationale as the cell's
    comment), criteria, ranking (under --weights and --method), and one
    'weights <profile>' sheet per weight profile. `policy import` reads the scores
    sheet back.
    """
    from policy_options.atomic import write_atomic
    from policy_options.core.interchange.spreadsheet import export_workbook
    from policy_options.core.ranking.rank import rank
    from policy_options.core.study.weights import resolve_weights

    loaded = load_for(study)
    ranking = rank(loaded, resolve_weights(loaded, weights), method)
    profiles = [resolve_weights(loaded, name) for name in loaded.profiles]
    write_atomic(output, export_workbook(loaded, ranking, profiles))
    typer.echo(
        f"wrote {output}: scores of {len(loaded.options)} options on"
        f" {len(loaded.criteria)} criteria, criteria, ranking,"
        f" {len(profiles)} weight profile sheet{'s' if len(profiles) != 1 else ''}",
        err=True,
    )


def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.xlsx|FILE.csv|FILE.xml",
            help="A workbook with a 'scores' sheet (as `policy export xlsx` writes), or a CSV"
            " file with the columns option, title, <criterion>... (and optionally"
            " '<criterion> low', '<criterion> high'); or an XMCDA 3 document (.xml), which"
            " becomes a new study in the --study folder.",
            show_default=False,
        ),
    ],
    study: StudyOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; write nothing.")
    ] = False,
) -> None:
    """Create or update option files from a sheet of scores.

    Each row is an option (a new id creates <id>.yaml); each criterion column its
    raw score. Checks every cell first and writes nothing when one is wrong (an
    unknown criterion column, a score off its scale, a duplicate option row...):
    the error names the sheet and cell, exit code 2. Files are edited in place:
    key order, comments and the rationales and quotes of scores the sheet does not
    change stay as they were. A blank score cell keeps the file's score; a cell
    comment replaces the rationale.

    An XMCDA file (FILE.xml) becomes a new study folder, --study NEW-DIR (see
    docs/xmcda.md).
    """
    if file.suffix.lower() == ".xml":
        from policy_options.cli.import_xmcda import import_xmcda

        import_xmcda(file, study, dry_run)
        return
    from policy_options.atomic import write_atomic
    from policy_options.core.interchange.importer import plan_import
    from policy_options.core.interchange.spreadsheet import read_table

    folder = find_study(study)
    if study is None and folder.resolve() == bundled_study().resolve():
        raise UsageError(
            "no study folder here to import into (the bundled study is read-only)",
            hint="give --study DIR",
        )
    loaded = load_study(folder)
    table = read_table(file, display_path(file))
    plans = plan_import(table, loaded)
    for plan in plans:
        shown = display_path(plan.path)
        if plan.created:
            typer.echo(f"{'would create' if dry_run else 'created'} {shown}", err=True)
        else:
            verb = "would update" if dry_run else "updated"
            typer.echo(f"{verb} {shown}: {'; '.join(plan.changes)}", err=True)
    if not dry_run:
        for plan in plans:
            write_atomic(plan.path, plan.text)
    untouched = len(loaded.options) - sum(not p.created for p in plans)
    typer.echo(
        f"{len(plans)} file{'s' if len(plans) != 1 else ''}"
        f" {'to change' if dry_run else 'changed'}, {untouched} option"
        f"{'s' if untouched != 1 else ''} unchanged",
        err=True,
    )
