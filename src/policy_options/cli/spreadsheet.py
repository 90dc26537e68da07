"""``policy export xlsx`` (the study as a workbook) and ``policy import FILE`` (scores back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policy_options.cli.common import MethodOpt, StudyOpt, WeightsOpt, load_for
from policy_options.core.study.loading.folder import bundled_study, display_path, find_study
from policy_options.core.study.loading.load import load_study
from policy_options.errors import UsageError

if TYPE_CHECKING:
    from policy_options.core.study.files.model import Study

ForOpt = Annotated[
    str | None,
    typer.Option(
        "--for",
        metavar="ANALYST",
        help="An analyst's scoring sheet (judgements/ANALYST/): IDEA's value, lowest, highest"
        " and confidence per cell.",
        show_default=False,
    ),
]

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
    for_: ForOpt = None,
) -> None:
    """The study as an Excel workbook, for colleagues who live in spreadsheets.

    Sheets: scores (options x criteria, raw scores; each score's range in hidden
    '<criterion> low' / '<criterion> high' columns; its rationale as the cell's
    comment), criteria, ranking (under --weights and --method), and one
    'weights <profile>' sheet per weight profile. `policy import` reads the scores
    sheet back. With --for ANALYST: that analyst's scoring sheet instead (one row per
    cell: value, lowest, highest, confidence, rationale; filled with what they gave).
    """
    from policy_options.atomic import write_atomic

    if for_ is not None:
        _export_for(output, study, for_)
        return
    from policy_options.core.interchange.spreadsheet import export_workbook
    from policy_options.core.ranking.rank import rank
    from policy_options.core.study.weights import resolve_weights

    loaded = load_for(study)
    ranking = rank(loaded, resolve_weights(loaded, weights), method)
    profiles = [resolve_weights(loaded, name) for name in loaded.profiles]
    write_atomic(output, export_workbook(loaded, ranking, profiles))
    typer.echo(
        f"wrote {output}: scores of {len(loaded.options)} options on"
        f" {len(loaded.all_criteria)} criteria, criteria, ranking,"
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
    for_: ForOpt = None,
) -> None:
    """Create or update option files from a sheet of scores.

    Each row is an option (a new id creates <id>.yaml); each criterion column its
    raw score. Checks every cell first and writes nothing when one is wrong (an
    unknown criterion column, a score off its scale, a duplicate option row...):
    the error names the sheet and cell, exit code 2. Files are edited in place:
    key order, comments and the rationales and quotes of scores the sheet does not
    change stay as they were. A blank score cell keeps the file's score; a cell
    comment replaces the rationale. With --for ANALYST: a filled analyst's sheet
    (`policy export xlsx --for ANALYST`) into judgements/ANALYST/.

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
    if for_ is not None:
        _import_for(table, loaded, for_, dry_run)
        return
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
            write_atomic(plan.path, plan.text, through_links=False)
    untouched = len(loaded.options) - sum(not p.created for p in plans)
    typer.echo(
        f"{len(plans)} file{'s' if len(plans) != 1 else ''}"
        f" {'to change' if dry_run else 'changed'}, {untouched} option"
        f"{'s' if untouched != 1 else ''} unchanged",
        err=True,
    )


def _export_for(output: Path, study: Path | None, analyst: str) -> None:
    """``export xlsx --for ANALYST``: the analyst's scoring sheet."""
    from policy_options.atomic import write_atomic
    from policy_options.core.study.judgements.sheet import export_sheet
    from policy_options.core.study.scaffold import check_id

    loaded = load_for(study, judgements="none")
    write_atomic(output, export_sheet(loaded, check_id(analyst, "analyst")))
    cells = len(loaded.options) * len(loaded.all_criteria)
    typer.echo(f"wrote {output}: {analyst}'s sheet, {cells} cells", err=True)


def _import_for(table: object, loaded: Study, analyst: str, dry_run: bool) -> None:
    """``import FILE --for ANALYST``: the filled sheet into judgements/ANALYST/."""
    from policy_options.atomic import write_atomic
    from policy_options.core.study.judgements.sheet import plan_analyst_import

    plans = [p for p in plan_analyst_import(table, loaded, analyst) if p.changed]
    for plan in plans:
        verb = "would write" if dry_run else "wrote"
        typer.echo(f"{verb} {display_path(plan.path)}", err=True)
        if not dry_run:
            plan.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(plan.path, plan.text)
    typer.echo(
        f"{len(plans)} file{'s' if len(plans) != 1 else ''} of {analyst}"
        f" {'to change' if dry_run else 'changed'}",
        err=True,
    )
