"""Shared fixtures: a tiny study written to a temporary folder, file by file; how the suite
runs: in parallel by default, Hypothesis without deadlines (and derandomised in CI)."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# No deadline and no too-slow health check: a loaded machine makes timings noisy, and a slow
# example is not a bug. In CI (`CI` set, or `--hypothesis-profile=ci` as .ci/run passes)
# Hypothesis's own "ci" profile: the same as well as derandomised (every run draws the same
# examples) with no database, so a failure there is reproducible and never a fluke.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """``python -m pytest`` runs on every core (pytest-xdist's ``-n auto``) unless ``-n`` is
    given: ``-n 0`` (or ``-p no:xdist``, or ``--pdb``) runs in this one process, to debug.

    Set here rather than in ``addopts`` so that ``-p no:xdist`` still works (with ``-n`` in
    ``addopts`` it is an unknown option). Runs before xdist's own hook, which reads it.
    Tests go to whichever worker is free (``--dist load``): a module-scoped fixture may be
    computed on both workers, a second or two in all. ``--dist loadgroup`` would keep such a
    module on one worker, but with pytest 9.2 it silently stops grouping (pytest-xdist#1386).
    """
    if (
        config.pluginmanager.hasplugin("xdist")
        and config.getoption("numprocesses", None) is None
        and not hasattr(config, "workerinput")  # an xdist worker runs its tests itself
        and not config.getoption("collectonly")
    ):
        config.option.numprocesses = "auto"


ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "options"
SOURCE_TEXT = ROOT.parent / "shared" / "sources" / "armenia-commentary-2024.txt"

TINY_STUDY = """\
schema: 1
title: Tiny study
question: Which is best?
sources:
  src:
    title: A source
criteria:
  gain:
    name: Gain
    direction: higher_is_better
    scale: {min: 0, max: 10}
    unit: points
  delay:
    name: Delay
    direction: lower_is_better
    scale: {min: 0, max: 20}
    unit: months
    value_function: [[0, 1.0], [10, 0.5], [20, 0.0]]
defaults:
  weights: even
"""

TINY_OPTIONS = {
    "alpha": """\
title: Alpha
stance: recommended
source: {ref: src, quote: "alpha quote"}
scores:
  gain: {value: 8, range: [6, 9], rationale: "big gain"}
  delay: {value: 10, rationale: "slow"}
""",
    "beta": """\
title: Beta
stance: rejected
source: {ref: src, quote: "beta quote"}
scores:
  gain: {value: 4, rationale: "small gain"}
  delay: {value: 0, range: [0, 5], rationale: "at once"}
""",
    "gamma": """\
title: Gamma
stance: in_place
source: {ref: src, quote: "gamma quote"}
scores:
  gain: {value: 2, rationale: "little"}
  delay: {value: 20, rationale: "never"}
""",
}

TINY_PROFILES = {
    "even": "name: Even\ndescription: Equal weights.\nweights: {gain: 1, delay: 1}\n",
    "gain-first": "name: Gain first\ndescription: Gain matters most.\nweights: {gain: 3, delay: 1}\n",
}

StudyFactory = Callable[..., Path]


def write_study(
    folder: Path,
    study: str = TINY_STUDY,
    options: dict[str, str] | None = None,
    profiles: dict[str, str] | None = None,
) -> Path:
    """Write a study folder; ``options``/``profiles`` map ids to YAML text."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "study.yaml").write_text(textwrap.dedent(study), encoding="utf-8")
    for key, text in (TINY_OPTIONS if options is None else options).items():
        (folder / f"{key}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    weights = folder / "weights"
    weights.mkdir(exist_ok=True)
    for key, text in (TINY_PROFILES if profiles is None else profiles).items():
        (weights / f"{key}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """The tiny study: alpha, beta, gamma on gain (0..10) and delay (0..20 months)."""
    return write_study(tmp_path / "tiny")


@pytest.fixture
def make_study(tmp_path: Path) -> StudyFactory:
    """Write a variant of the tiny study: ``make_study(options={...}, study=...)``."""
    counter = iter(range(1000))

    def factory(**kwargs: object) -> Path:
        return write_study(tmp_path / f"study{next(counter)}", **kwargs)  # type: ignore[arg-type]

    return factory


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """``golden(name, text)``: compare ``text`` with tests/golden/<name>.

    ``UPDATE_GOLDEN=1 pytest`` rewrites the files instead; review their diff like code.
    """

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it"
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return check


CLI_ENV = {"COLUMNS": "120", "FORCE_COLOR": None, "NO_COLOR": None, "TTY_COMPATIBLE": None}


def run_cli(*args: str) -> Any:
    """Run ``policy ARGS`` in-process; a Python exception other than an exit is a bug."""
    from typer.testing import CliRunner

    from policy_options.cli.app import app

    result = CliRunner(env=CLI_ENV).invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so the shipped study is ./options and paths are short."""
    monkeypatch.chdir(ROOT)
    return ROOT


def shipped_scores(profile: str = "balanced", overrides: dict[str, float] | None = None) -> dict:
    """The shipped study's additive scores (0-1) computed straight from its YAML, without the
    package: each criterion normalised on its scale (flipped when lower is better), weighted
    by ``profile``; the modifiers' value functions interpolated and multiplied into m_i; then
    s_ref + m_i (s_i - s_ref) over the reference. ``overrides`` sets raw weights (what
    ``--set criterion=weight`` does). An independent check on `rank`."""
    import numpy as np
    import yaml

    study = yaml.safe_load((SHIPPED / "study.yaml").read_text(encoding="utf-8"))
    criteria = study["criteria"]
    weights = yaml.safe_load((SHIPPED / "weights" / f"{profile}.yaml").read_text())["weights"]
    weights = {**weights, **(overrides or {})}
    skip = {"study", "interactions"}
    options = {p.stem: yaml.safe_load(p.read_text()) for p in SHIPPED.glob("*.yaml")}
    raw: dict[str, tuple[float, float]] = {}
    for key, option in options.items():
        if key in skip:
            continue
        value = {c: s["value"] for c, s in option["scores"].items()}
        total, factor = 0.0, 1.0
        for c, spec in criteria.items():
            if spec.get("role") == "modifier":
                xs, ys = zip(*spec["value_function"], strict=True)
                factor *= float(np.interp(value[c], xs, ys))
                continue
            low, high = spec["scale"]["min"], spec["scale"]["max"]
            norm = (value[c] - low) / (high - low)
            if spec["direction"] == "lower_is_better":
                norm = 1 - norm
            total += weights[c] * norm
        raw[key] = (total / sum(weights.values()), factor)
    ref = raw[study["reference"]][0]
    return {key: ref + m * (s - ref) for key, (s, m) in raw.items()}
