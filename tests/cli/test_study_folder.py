"""Which study a command uses without --study: the nearest study.yaml (this folder or a
parent), then ./options, then the bundled example with a one-line notice on stderr; and
the small things a new user meets first (a mistyped command, flags in help, a group alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli, write_study

SHIPPED = ROOT / "options"

# every command that reads a study and takes --study, with the arguments it needs
READERS = [
    ["rank"],
    ["info"],
    ["validate"],
    ["explain", "alpha"],
    ["compare"],
    ["profiles"],
    ["sources"],
    ["why", "alpha", "beta"],
    ["sensitivity", "weights"],
    ["sensitivity", "scores"],
    ["sensitivity", "montecarlo", "--samples", "200"],
    ["schema", "option"],
]
NOTICE = "note: using the bundled example study"


@pytest.mark.parametrize("argv", READERS, ids=lambda a: " ".join(a[:2]))
def test_inside_a_study_folder_that_study_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    study = write_study(tmp_path / "mystudy")
    (study / "notes" / "deep").mkdir(parents=True)
    for where in (study, study / "notes" / "deep"):
        monkeypatch.chdir(where)
        result = run_cli(*argv)
        assert result.exit_code == 0, result.stderr
        assert NOTICE not in result.stderr
        if argv[0] in ("rank", "validate", "info"):
            assert "Tiny study" in result.stdout or "3 options" in result.stdout, result.stdout


@pytest.mark.parametrize(
    "argv", [a for a in READERS if a[0] not in ("explain", "why")], ids=lambda a: " ".join(a[:2])
)
def test_from_an_empty_folder_the_bundled_study_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(*argv)
    assert result.exit_code == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.startswith(NOTICE)]
    assert len(notices) == 1, result.stderr
    assert "pass --study DIR or run inside a study folder" in notices[0]


def test_an_options_folder_is_used_without_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_study(tmp_path / "options")
    monkeypatch.chdir(tmp_path)
    result = run_cli("rank")
    assert result.exit_code == 0
    assert "Tiny study" in result.stdout
    assert NOTICE not in result.stderr


def test_a_given_study_never_gets_the_notice(tiny: Path) -> None:
    result = run_cli("rank", "--study", str(tiny))
    assert result.exit_code == 0
    assert NOTICE not in result.stderr


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = run_cli("rnak")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: no command 'rnak' (did you mean 'rank'?)"


def test_flags_show_no_bool_type_in_help() -> None:
    for argv in (["rank", "--help"], ["sensitivity", "--help"], ["--help"]):
        result = run_cli(*argv)
        assert result.exit_code == 0
        assert "<bool>" not in result.stdout, argv


def test_a_command_group_alone_prints_its_help_and_exits_0() -> None:
    result = run_cli("sensitivity")
    assert result.exit_code == 0
    assert "montecarlo" in result.stdout


def test_a_hint_carries_the_study_given(tmp_path: Path) -> None:
    from tests.conftest import TINY_OPTIONS

    broken = {**TINY_OPTIONS, "alpha": "title: [\n", "beta": "title: [\n"}
    folder = write_study(tmp_path / "my study", options=broken)
    for argv in (["--study", str(folder)], [f"--study={folder}"]):
        result = run_cli("rank", *argv)
        assert result.exit_code == 2
        hint = result.stderr.splitlines()[-1]
        assert hint == f"hint: 1 more problem: run `policy validate --study '{folder}'` to see all"


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_piped_output_width() -> None:
    """Piped: COLUMNS when set, else 100; `--width N` always wins (the shipped study's
    table fills any width)."""
    from typer.testing import CliRunner

    from policy_options.cli.app import app

    def run(env: dict[str, str | None], *argv: str) -> str:
        result = CliRunner(env=env).invoke(app, [*argv, "rank", "--study", str(SHIPPED)])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    plain = {"FORCE_COLOR": None, "NO_COLOR": None, "TTY_COMPATIBLE": None}
    assert widest(run({**plain, "COLUMNS": None})) == 100
    assert widest(run({**plain, "COLUMNS": "90"})) == 90
    assert widest(run({**plain, "COLUMNS": "90"}, "--width", "72")) == 72


def test_piped_output_takes_the_width_of_the_terminal_typed_in() -> None:
    """`policy rank | less` in an 80-column terminal: stdout is a pipe, stderr the terminal."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "policy_options", "rank", "--study", str(SHIPPED)],
            stdout=subprocess.PIPE,
            stderr=follower,
            stdin=subprocess.DEVNULL,
            env=env,
            check=True,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert widest(result.stdout.decode()) == 80


def test_compact_is_one_line_per_option() -> None:
    full = run_cli("rank", "--study", str(SHIPPED))
    compact = run_cli("rank", "--study", str(SHIPPED), "--compact")
    assert compact.exit_code == 0
    options = len(
        [p for p in SHIPPED.glob("*.yaml") if p.name not in ("study.yaml", "interactions.yaml")]
    )
    body = [line for line in compact.stdout.splitlines() if line.startswith("| ")]
    assert len(body) == 1 + options  # the header, then one line per option
    assert len(compact.stdout.splitlines()) < len(full.stdout.splitlines()) / 2
    assert "| reference |" in compact.stdout


def test_a_short_terminal_gets_the_compact_layout() -> None:
    """On a terminal of 30 rows `policy rank` is compact; `--full` asks for the table."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    def run(*extra: str) -> str:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        try:
            subprocess.run(
                [sys.executable, "-m", "policy_options", "rank", "--study", str(SHIPPED), *extra],
                stdout=follower,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                env={**env, "NO_COLOR": "1"},
                check=True,
                timeout=60,
            )
            os.close(follower)
            chunks = []
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(leader)
        return b"".join(chunks).decode()

    short = run()
    assert "vs ref" in short
    assert "Factor" not in short  # the full table's column
    assert "Factor" in run("--full")
