"""`policy rank --watch` in a real subprocess: a file saved, the redraw read back, a clean exit.

No fixed sleeps: the test reads the child's stdout line by line (through a thread)
until the draw it waits for appears, with a timeout that only a failure reaches.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, TINY_OPTIONS, run_cli

TIMEOUT = 15.0  # seconds; reached only when something is wrong
END_OF_DRAW = "Ctrl-C to stop"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")


class Watch:
    """A running `policy rank --watch`, its stdout read line by line."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "COLUMNS": "120", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
        env.pop("FORCE_COLOR", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "policy_options", "rank", "--watch", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_draw(self) -> list[str]:
        """The lines of the next complete draw (a table or an error), up to its status line."""
        draw: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                pytest.fail(f"no complete draw within {TIMEOUT}s; got {draw}")
            if line is None:
                pytest.fail(f"watch ended early: {draw} {self.stop()}")
            if line or draw:  # in a pipe, a blank line separates draws
                draw.append(line)
            if END_OF_DRAW in line:
                return draw

    def stop(self) -> tuple[int, str]:
        """Ctrl-C (SIGINT), then the exit code and everything written to stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.wait()

    def wait(self) -> tuple[int, str]:
        try:
            code = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert self.process.stderr is not None
        return code, self.process.stderr.read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def watch() -> Iterator[list[Watch]]:
    started: list[Watch] = []
    yield started
    for running in started:
        running.close()


def row_of(draw: list[str], option: str) -> str:
    return next(line for line in draw if f" {option} " in line)


def save(path: Path, text: str) -> None:
    """Save as editors do: a whole new file renamed over the old, so no half-written state."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_watch_redraws_with_moves_and_survives_a_broken_file(
    tiny: Path, watch: list[Watch]
) -> None:
    running = Watch("--study", str(tiny))
    watch.append(running)
    first = running.next_draw()
    # even weights: beta 70.0, alpha 65.0, gamma 10.0; no moves on the first draw
    assert [row_of(first, o).split("|")[1].strip() for o in ("beta", "alpha", "gamma")] == [
        "1",
        "2",
        "3",
    ]
    assert "↑" not in "\n".join(first)
    assert "↓" not in "\n".join(first)

    # gamma to the top: gain 10 (1.0), delay 0 (1.0) -> 100.0
    gamma = tiny / "gamma.yaml"
    save(
        gamma,
        "title: Gamma\nscores:\n  gain: {value: 10, rationale: a}\n  delay: {value: 0, rationale: b}\n",
    )
    second = running.next_draw()  # a save this early may beat the watcher: the status then
    # cannot name the file (the watcher's own check of file times finds the change)
    cells = [c.strip() for c in row_of(second, "gamma").split("|")]
    assert cells[1:3] == ["1", "↑2"]
    assert cells[5:7] == ["100.0", "+90.0"]
    assert [c.strip() for c in row_of(second, "beta").split("|")][1:3] == ["2", "↓1"]

    # a broken file: the located error instead of the table
    save(gamma, "title: Gamma\nscores: {gain: [\n")
    broken = running.next_draw()
    assert broken[0].startswith(f"error: {gamma}:")
    assert f"after a change to {gamma} · watching {tiny} · Ctrl-C to stop" in broken[-1]
    assert not any(" beta " in line for line in broken)

    # fixed again: moves count from the last good ranking (gamma first), not the broken draw
    save(gamma, TINY_OPTIONS["gamma"])
    fixed = running.next_draw()
    assert [c.strip() for c in row_of(fixed, "gamma").split("|")][1:3] == ["3", "↓2"]
    assert [c.strip() for c in row_of(fixed, "beta").split("|")][1:3] == ["1", "↑1"]

    # a new option: marked new
    save(tiny / "delta.yaml", TINY_OPTIONS["alpha"].replace("Alpha", "Delta"))
    added = running.next_draw()
    assert [c.strip() for c in row_of(added, "delta").split("|")][1:3] == ["2", "new"]

    code, stderr = running.stop()
    assert code == 0
    assert stderr == "stopped watching\n"


def test_watch_a_weights_file_outside_the_study(
    tiny: Path, tmp_path: Path, watch: list[Watch]
) -> None:
    mine = tmp_path / "mine.yaml"
    save(mine, "weights: {gain: 1, delay: 1}\n")
    running = Watch("--study", str(tiny), "--weights", str(mine), "--top", "1")
    watch.append(running)
    first = running.next_draw()
    assert f"watching {tiny} and {mine}" in first[-1]
    assert [c.strip() for c in row_of(first, "beta").split("|")][1:3] == ["1", ""]
    save(mine, "weights: {gain: 1, delay: 0}\n")  # alpha (gain .8) above beta (.4)
    second = running.next_draw()
    assert [c.strip() for c in row_of(second, "alpha").split("|")][1:3] == ["1", "↑1"]
    assert "No longer in the table: beta (now #2, ↓1)" in second
    assert not any("| beta " in line for line in second)
    assert running.stop()[0] == 0


def test_plain_rank_does_not_import_watchfiles() -> None:
    code = (
        "import sys\n"
        "from policy_options.cli.app import main\n"
        "sys.argv = ['policy', 'rank', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('@@', 'watchfiles' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.rsplit("@@", 1)[1].strip() == "False"


def test_watch_stops_when_the_folder_disappears(tiny: Path, watch: list[Watch]) -> None:
    running = Watch("--study", str(tiny))
    watch.append(running)
    running.next_draw()
    shutil.rmtree(tiny)
    code, stderr = running.wait()
    assert code == 2, stderr
    assert stderr == f"error: {tiny}: the study folder has disappeared; stopped watching\n"


def test_watch_needs_the_table_format(tiny: Path) -> None:
    for extra in (["--format", "json"], ["--output", str(tiny / "out.txt")]):
        result = run_cli("rank", "--watch", "--study", str(tiny), *extra)
        assert result.exit_code == 2
        assert result.stderr.startswith("error: --watch draws the table on the terminal")


def test_watch_on_a_missing_folder(tmp_path: Path) -> None:
    result = run_cli("rank", "--watch", "--study", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nowhere'}: no such folder\n"


def test_watch_in_a_scenario_redraws_when_the_scenario_is_saved(
    tiny: Path, watch: list[Watch]
) -> None:
    (tiny / "scenarios").mkdir()
    storm = tiny / "scenarios" / "storm.yaml"
    save(storm, "name: Storm\nscores:\n  alpha: {delay: 0}\n")  # alpha: .9, above beta's .7
    running = Watch("--study", str(tiny), "--scenario", "storm", "--top", "1")
    watch.append(running)
    first = running.next_draw()
    assert any("scenario storm: Storm" in line for line in first)
    assert [c.strip() for c in row_of(first, "alpha").split("|")][1] == "1"
    save(storm, "name: Storm\n")  # no override: the base order, beta first
    second = running.next_draw()
    assert [c.strip() for c in row_of(second, "beta").split("|")][1:3] == ["1", "↑1"]
    assert running.stop()[0] == 0
