"""The shared progress helper: a bar only when stderr is a terminal."""

from __future__ import annotations

import pytest

from policy_options.cli import progress as progress_module
from policy_options.cli.progress import progress
from policy_options.render.console_progress import ProgressBar
from policy_options.render.writers import console


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


def test_the_long_commands_report_their_progress() -> None:
    """Stability intervals call back per criterion, the tornado per batch, to the end."""
    from policy_options.core.study.loading.load import load_study
    from policy_options.core.study.weights import resolve_weights
    from policy_options.core.uncertainty.stability import weight_stability
    from policy_options.core.uncertainty.tornado import score_tornado
    from tests.conftest import SHIPPED

    study = load_study(SHIPPED)
    weights = resolve_weights(study)
    calls: list[tuple[int, int]] = []
    for method in ("additive", "topsis"):
        calls.clear()
        tracked = weight_stability(
            study, weights, method, on_chunk=lambda d, t: calls.append((d, t))
        )
        assert tracked == weight_stability(study, weights, method)
        assert calls == [(k, len(study.criteria)) for k in range(1, len(study.criteria) + 1)]
    calls.clear()
    assert score_tornado(
        study, weights, on_chunk=lambda d, t: calls.append((d, t))
    ) == score_tornado(study, weights)
    assert calls
    assert calls[-1][0] == calls[-1][1]


def test_every_sampling_command_caps_samples_at_1e9() -> None:
    """MAX_SAMPLES is the one cap: Monte Carlo, portfolio robustness, scenario discovery."""
    from typer.testing import CliRunner

    from policy_options.cli.app import app
    from tests.conftest import ROOT

    runner = CliRunner()
    for argv in (
        ["sensitivity", "montecarlo", "--samples", "1000000001"],
        ["portfolio", "--samples", "1000000001"],
        ["scenarios", "discover", "--samples", "1000000001"],
    ):
        result = runner.invoke(app, [*argv, "--study", str(ROOT / "options")])
        assert result.exit_code == 2, argv
        assert "must be at most 1,000,000,000" in result.stderr, argv
