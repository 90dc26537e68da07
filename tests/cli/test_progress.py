"""The shared progress helper: a bar only when stderr is a terminal."""

from __future__ import annotations

import pytest

from policy_options.cli import progress as progress_module
from policy_options.cli.progress import progress
from policy_options.render import console
from policy_options.render.console_progress import ProgressBar


def test_no_bar_outside_a_terminal() -> None:
    with progress("Monte Carlo") as on_chunk:
        assert on_chunk is None  # pytest captures stderr: not a terminal


def test_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "detect", lambda stderr=False: console.Terminal(True, None, 80))
    with progress("Monte Carlo") as on_chunk:
        assert isinstance(on_chunk, ProgressBar)
        assert on_chunk.label == "Monte Carlo"
        on_chunk(1, 10)  # hidden for its first moments: nothing drawn yet
        assert on_chunk.progress is None
    assert progress_module.ProgressCallback is not None
