"""--output never destroys: symlinks followed, FIFOs written directly, modes kept, errors clean."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_options import atomic
from policy_options.atomic import write_atomic
from policy_options.cli.app import app
from policy_options.errors import PolicyError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_umask_mode(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "out.md"
    write_atomic(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert mode(target) == 0o640  # 0666 & ~0027, not mkstemp's 0600


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old\n")
    target.chmod(0o604)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert mode(target) == 0o604
    assert not [p for p in tmp_path.iterdir() if p.name != "out.md"]  # no temporary left


def test_symlink_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "table.md"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    chain = tmp_path / "chain.md"
    chain.symlink_to(link)
    write_atomic(chain, "new\n")
    assert chain.is_symlink()
    assert link.is_symlink()
    assert target.read_text() == "new\n"
    assert mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.md", "link.md", "real"]


def test_dangling_symlink_creates_its_target(tmp_path: Path, umask_027: None) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "made.md")
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert (tmp_path / "made.md").read_text() == "new\n"
    assert mode(tmp_path / "made.md") == 0o640


def read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(fifo, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)
    text = "x" * 200_000 + "\n"  # more than a pipe buffer: written in pieces
    write_atomic(fifo, text)
    thread.join(10)
    assert got == [text.encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a regular file


def test_symlink_to_a_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)
    write_atomic(link, "through the link\n")
    thread.join(10)
    assert got == [b"through the link\n"]
    assert link.is_symlink()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dash_is_standard_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic(Path("-"), "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EPIPE])
def test_write_error_is_a_policy_error_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "out.md"
    target.write_text("old\n")

    def failing(fd: int, data: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "write", failing)
    with pytest.raises(PolicyError, match=f"cannot write .*out.md: {os.strerror(code)}"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # temporary file removed


def test_write_error_on_a_fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(PolicyError, match="No space left on device"):
        write_atomic(fifo, "data\n")
    thread.join(10)
    assert got == [b""]


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="it is a folder"):
        write_atomic(tmp_path, "x")
    with pytest.raises(PolicyError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "out.md", "x")


def test_cli_write_error_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", full)
    monkeypatch.chdir(ROOT)
    out = tmp_path / "rank.md"
    result = CliRunner().invoke(app, ["rank", "--format", "markdown", "--output", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {out}: No space left on device\n"
    assert not out.exists()


def test_cli_output_dash_and_fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    plain = runner.invoke(app, ["rank", "--format", "csv"])
    dash = runner.invoke(app, ["rank", "--format", "csv", "--output", "-"])
    assert dash.exit_code == 0
    assert dash.stdout == plain.stdout
    assert "wrote" not in dash.stderr
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)
    piped = runner.invoke(app, ["rank", "--format", "csv", "--output", str(fifo)])
    thread.join(10)
    assert piped.exit_code == 0, piped.stderr
    assert got == [plain.stdout.encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dev_fd_is_the_inherited_descriptor_not_a_reopened_file(tmp_path: Path) -> None:
    """`--output /dev/fd/N` of a file opened for appending appends: nothing is overwritten."""
    log = tmp_path / "log.txt"
    log.write_text("kept\n")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        write_atomic(Path(f"/dev/fd/{fd}"), "appended\n")
    finally:
        os.close(fd)
    assert log.read_text() == "kept\nappended\n"
    assert stat.S_ISREG(os.stat(log).st_mode)


def test_a_study_file_is_never_written_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    link = tmp_path / "study.yaml"
    link.symlink_to(outside)  # dangling
    with pytest.raises(PolicyError, match="it is a symbolic link"):
        write_atomic(link, "x", through_links=False)
    assert not outside.exists()
    assert link.is_symlink()


def _stale_name(target: Path, pid: int) -> Path:
    return target.with_name(f".{target.name}.{pid}.abcd1234{atomic.TMP_SUFFIX}")


def test_stale_temporaries_of_a_dead_process_are_removed(tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    target = tmp_path / "brief.html"
    stale = _stale_name(target, int(dead.stdout))
    stale.write_text("half", encoding="utf-8")
    alive = _stale_name(target, os.getppid())  # a live process's: left alone
    alive.write_text("half", encoding="utf-8")
    other = tmp_path / ".brief.html.1.abcd1234.tmp"  # not ours: left alone
    other.write_text("x", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert not stale.exists()
    assert alive.exists()
    assert other.exists()


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_write_leaves_no_temporary(tmp_path: Path, signame: str) -> None:
    """A child process writes a large file in pieces; the signal arrives mid-write."""
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    target = tmp_path / "brief.html"
    target.write_text("old", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from policy_options import atomic
        atomic.install_signal_cleanup()
        real = atomic._write_all
        def slow(fd, data):
            for k in range(0, len(data), 1000):
                real(fd, data[k:k + 1000])
                if k == 2000:
                    print("writing", flush=True)
                time.sleep(0.01)
        atomic._write_all = slow
        atomic.write_atomic(Path({str(target)!r}), "x" * 200_000)
        """
    )
    src = Path(atomic.__file__).resolve().parents[1]
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(atomic.TMP_SUFFIX)]
    child.send_signal(getattr(signal, signame))
    assert child.wait(timeout=60) == -getattr(signal, signame)  # still dies of the signal
    child.stdout.close()
    time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]
    assert target.read_text(encoding="utf-8") == "old"
