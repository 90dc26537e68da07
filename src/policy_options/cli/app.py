"""The Typer app: commands registered here, and the one place a PolicyError is caught.

Commands are built lazily: ``policy rank`` imports and converts only the rank command's
module, not the other two dozen (Typer turns every registered function into a click
command on each run, reading its signature and type hints; with every command that cost
tens of milliseconds of start-up). ``policy --help`` builds them all, to list them.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from policy_options import __version__
from policy_options.errors import PolicyError

EXIT_BAD_INPUT = 2

COMMANDS: dict[str, tuple[str, str, bool]] = {
    # name: (module in policy_options.cli, attribute, hidden); a *_app attribute is a group
    "rank": ("rank", "rank_command", False),
    "portfolio": ("portfolio", "portfolio_command", False),
    "explain": ("explain", "explain_command", False),
    "validate": ("validate", "validate_command", False),
    "validate-files": ("validate", "validate_files_command", True),
    "info": ("info", "info_command", False),
    "compare": ("compare", "compare_command", False),
    "sensitivity": ("sensitivity", "sensitivity_app", False),
    "profiles": ("profiles", "profiles_command", False),
    "diff": ("profiles", "diff_command", False),
    "weights": ("weights", "weights_app", False),
    "scenarios": ("scenarios", "scenarios_app", False),
    "init": ("init", "init_command", False),
    "new": ("init", "new_app", False),
    "why": ("why", "why_command", False),
    "sources": ("sources", "sources_command", False),
    "chart": ("chart", "chart_command", False),
    "report": ("report", "report_command", False),
    "schema": ("schema", "schema_command", False),
    "export": ("spreadsheet", "export_app", False),
    "import": ("spreadsheet", "import_command", False),
}


def build_command(name: str) -> Any:
    """The click command (or group) of ``name``, built from its module on first use."""
    module, attribute, hidden = COMMANDS[name]
    found = getattr(importlib.import_module(f"policy_options.cli.{module}"), attribute)
    holder = typer.Typer(add_completion=False)  # completion options stay off, as on the root
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
    else:
        holder.command(name, hidden=hidden)(found)
    holder.command("-")(lambda: None)  # two entries: Typer then builds a group of them
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    return group.commands[name]


class PolicyGroup(TyperGroup):
    """Turns a PolicyError, or a usage error, from any command into one line and exit code 2.

    Its commands are the ones of ``COMMANDS``, each built when it is first looked up.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(build_command(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyError as exc:
            if isinstance(ctx.obj, dict) and ctx.obj.get("debug"):
                raise
            report_error(exc)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except typer.TyperException as exc:  # a usage error of a command: one line as well
            if exc.exit_code != EXIT_BAD_INPUT or type(exc).__name__ == "NoArgsIsHelpError":
                raise
            report_error(PolicyError(exc.format_message()))
            where = getattr(exc, "ctx", None)
            if where is not None:
                typer.echo(f"hint: see `{where.command_path} --help`", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None


def report_error(exc: PolicyError) -> None:
    """The one ``error:`` line (and at most one ``hint:`` line) of a PolicyError on stderr:
    control characters escaped, newlines included, so a file name or an id cannot forge a
    line or send the terminal a sequence."""
    from policy_options.render.escape import escape_controls

    typer.echo(f"error: {escape_controls(str(exc))}", err=True)
    if exc.hint:
        typer.echo(f"hint: {escape_controls(exc.hint)}", err=True)


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


def main() -> None:
    """Console-script entry point: standard output guarded (cli/output.py), so a failed
    write there is one error line and exit 2 whichever command or format wrote it."""
    from policy_options.atomic import install_signal_cleanup
    from policy_options.cli import common, output

    common.FREEZE_LOADED = True
    install_signal_cleanup()
    guard = output.install()
    code: int | str | None = 0
    try:
        app(prog_name="policy")
    except SystemExit as exc:
        code = exc.code
    except output.OutputError as exc:  # outside a command: --help, --version
        report_error(exc)
        code = EXIT_BAD_INPUT
    failed = output.finish(guard)
    if failed is not None and code in (0, None):
        report_error(failed)
        code = EXIT_BAD_INPUT
    raise SystemExit(code)
