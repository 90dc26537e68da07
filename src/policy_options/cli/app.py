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
    "export": ("interchange", "export_app", False),  # xlsx from spreadsheet, xmcda, dmsy
    "import": ("spreadsheet", "import_command", False),
    "judgements": ("judgements", "judgements_command", False),
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
    command = group.commands[name]
    _plain_flags(command)
    return command


def _plain_flags(command: Any) -> None:
    """A flag takes no value: its help shows no `<bool>` type (which reads as if
    `--watch true` were the way to give it, and that fails). ``--help`` is made afresh
    by ``get_params``, so the flags are marked there."""
    found = command.get_params

    def get_params(ctx: Any) -> Any:
        return _unmarked(found(ctx))

    command.get_params = get_params
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


def _unmarked(params: Any) -> Any:
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class PolicyGroup(TyperGroup):
    """Turns a PolicyError, or a usage error, from any command into one line and exit code 2.

    Its commands are the ones of ``COMMANDS``, each built when it is first looked up.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_params(self, ctx: Any) -> Any:
        return _unmarked(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """`policy` alone prints its help and exits 0: asking for help is not an error."""
        try:
            return super().parse_args(ctx, args)
        except typer.TyperException as exc:
            if type(exc).__name__ != "NoArgsIsHelpError":
                raise
            typer.echo(exc.format_message())
            raise typer.Exit(0) from None

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(build_command(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command gets one line with the closest name (`policy rnak`)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from policy_options.core.study.suggest import did_you_mean

            raise PolicyError(
                f"no command '{name}'{did_you_mean(name, list(COMMANDS))}",
                hint="see `policy --help` for the commands",
            )
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        argv = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        try:
            return super().invoke(ctx)
        except PolicyError as exc:
            if isinstance(ctx.obj, dict) and ctx.obj.get("debug"):
                raise
            report_error(exc, argv)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except typer.TyperException as exc:  # a usage error of a command: one line as well
            if type(exc).__name__ == "NoArgsIsHelpError":  # `policy sensitivity`: help, exit 0
                typer.echo(exc.format_message())
                raise typer.Exit(0) from None
            if exc.exit_code != EXIT_BAD_INPUT:
                raise
            report_error(PolicyError(exc.format_message()))
            where = getattr(exc, "ctx", None)
            if where is not None:
                typer.echo(f"hint: see `{where.command_path} --help`", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None


def report_error(exc: PolicyError, argv: list[str] | None = None) -> None:
    """The one ``error:`` line (and at most one ``hint:`` line) of a PolicyError on stderr:
    control characters escaped, newlines included, so a file name or an id cannot forge a
    line or send the terminal a sequence. ``argv``: the command's, for the hint's --study."""
    from policy_options.render.escape import escape_controls

    typer.echo(f"error: {escape_controls(str(exc))}", err=True)
    if exc.hint:
        hint = exc.hint if argv is None else with_study(exc.hint, argv)
        typer.echo(f"hint: {escape_controls(hint)}", err=True)


def with_study(hint: str, argv: list[str]) -> str:
    """A hint's `policy CMD` carries the --study the user gave, so it runs as written."""
    study = next(
        (
            arg.split("=", 1)[1] if "=" in arg else argv[i + 1]
            for i, arg in enumerate(argv)
            if (arg == "--study" and i + 1 < len(argv)) or arg.startswith("--study=")
        ),
        None,
    )
    if study is None:
        return hint
    import re
    import shlex

    return re.sub(r"`policy ([a-z-]+)`", rf"`policy \1 --study {shlex.quote(study)}`", hint)


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
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            metavar="N",
            min=40,
            max=1000,
            help="Width of the output in columns (default: the terminal's; piped: COLUMNS,"
            " else the terminal you type in, else 100).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """policy: decision support for policy analysts."""
    ctx.obj = {"debug": debug}
    from policy_options.render import writers

    writers.WIDTH_OVERRIDE = width


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
