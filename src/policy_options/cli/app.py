"""The Typer app: commands registered here, and the one place a PolicyError is caught."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from policy_options import __version__
from policy_options.cli.chart import chart_command
from policy_options.cli.compare import compare_command
from policy_options.cli.explain import explain_command
from policy_options.cli.info import info_command
from policy_options.cli.init import init_command, new_app
from policy_options.cli.portfolio import portfolio_command
from policy_options.cli.profiles import diff_command, profiles_command
from policy_options.cli.rank import rank_command
from policy_options.cli.report import report_command
from policy_options.cli.scenarios import scenarios_app
from policy_options.cli.schema import schema_command
from policy_options.cli.sensitivity import sensitivity_app
from policy_options.cli.sources import sources_command
from policy_options.cli.spreadsheet import export_app, import_command
from policy_options.cli.validate import validate_command, validate_files_command
from policy_options.cli.weights import weights_app
from policy_options.cli.why import why_command
from policy_options.errors import PolicyError

EXIT_BAD_INPUT = 2


class PolicyGroup(TyperGroup):
    """Turns a PolicyError, or a usage error, from any command into one line and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyError as exc:
            if isinstance(ctx.obj, dict) and ctx.obj.get("debug"):
                raise
            typer.echo(f"error: {exc}", err=True)
            if exc.hint:
                typer.echo(f"hint: {exc.hint}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except typer.TyperException as exc:  # a usage error of a command: one line as well
            if exc.exit_code != EXIT_BAD_INPUT or type(exc).__name__ == "NoArgsIsHelpError":
                raise
            typer.echo(f"error: {exc.format_message()}", err=True)
            where = getattr(exc, "ctx", None)
            if where is not None:
                typer.echo(f"hint: see `{where.command_path} --help`", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None


app = typer.Typer(
    cls=PolicyGroup,
    name="policy",
    help="Rank policy options against weighted criteria, explain the ranking, check the study.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policy-options {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """policy: decision support for policy analysts."""
    ctx.obj = {"debug": debug}


app.command("rank")(rank_command)
app.command("portfolio")(portfolio_command)
app.command("explain")(explain_command)
app.command("validate")(validate_command)
app.command("validate-files", hidden=True)(validate_files_command)
app.command("info")(info_command)
app.command("compare")(compare_command)
app.add_typer(sensitivity_app, name="sensitivity")
app.command("profiles")(profiles_command)
app.command("diff")(diff_command)
app.add_typer(weights_app, name="weights")
app.add_typer(scenarios_app, name="scenarios")
app.command("init")(init_command)
app.add_typer(new_app, name="new")
app.command("why")(why_command)
app.command("sources")(sources_command)
app.command("chart")(chart_command)
app.command("report")(report_command)
app.command("schema")(schema_command)
app.add_typer(export_app, name="export")
app.command("import")(import_command)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="policy")
