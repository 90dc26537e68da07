"""Standard output that cannot be written (cli/output.py): a full device, a reader gone
(EPIPE), a closed descriptor. Every command and format: one `error:` line, exit 2, no
traceback. Run as real processes, since the failure is at the file-descriptor level."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "COLUMNS": "100"}

COMMANDS = [
    ["rank"],
    ["rank", "--format", "json"],
    ["rank", "--format", "csv"],
    ["rank", "--format", "markdown"],
    ["rank", "-o", "-"],
    ["validate"],
    ["info"],
    ["explain", "status-quo"],
    ["why", "status-quo", "pivot-west"],
    ["sources"],
    ["compare", "--format", "json"],
    ["profiles"],
    ["schema", "study"],
    ["--help"],
    ["--version"],
]


def _run(args: list[str], stdout: int | None, close_stdout: bool = False) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "policy_options", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=120,
        check=False,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )
    return done.returncode, done.stderr


def _assert_one_error(code: int, stderr: str, reason: str) -> None:
    assert code == 2, stderr
    assert stderr.splitlines() == [f"error: cannot write to standard output: {reason}"], stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_device_is_one_error_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        code, stderr = _run(args, full.fileno())
    _assert_one_error(code, stderr, "no space left on device")


@pytest.mark.parametrize("args", [*COMMANDS[:6], ["--help"]], ids=" ".join)
def test_a_reader_gone_is_one_error_line(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # every write now fails with EPIPE
    try:
        code, stderr = _run(args, write)
    finally:
        os.close(write)
    _assert_one_error(code, stderr, "broken pipe")


@pytest.mark.parametrize("args", COMMANDS[:6], ids=" ".join)
def test_a_closed_stdout_is_an_error_not_a_lost_output(args: list[str]) -> None:
    code, stderr = _run(args, None, close_stdout=True)
    _assert_one_error(code, stderr, "it is closed")


def test_a_command_that_writes_no_data_runs_with_stdout_closed(tmp_path: Path) -> None:
    target = tmp_path / "ranking.json"
    code, stderr = _run(["rank", "--format", "json", "-o", str(target)], None, close_stdout=True)
    assert code == 0, stderr
    assert target.read_text(encoding="utf-8").startswith("{")


def test_a_failed_markdown_report_leaves_no_charts_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when the brief itself is written: the charts written before it and the
    folder made for them are removed (an empty brief_files/ was left behind)."""
    import policy_options.cli.report as report_cli
    from policy_options.atomic import write_atomic
    from policy_options.errors import PolicyError
    from tests.conftest import run_cli, write_study

    study = write_study(tmp_path / "study")
    target = tmp_path / "brief.md"

    def full(path: Path, data: object, **kwargs: object) -> None:
        if path == target:
            raise PolicyError(f"cannot write {path}: No space left on device")
        write_atomic(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report_cli, "write_atomic", full)
    result = run_cli("report", "--study", str(study), "-o", str(target), "-n", "50")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write {target}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study"]
