"""Bad input: one located `error:` line on stderr (at most one hint after it), exit 2,
no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import (
    TINY_OPTIONS,
    TINY_PROFILES,
    TINY_STUDY,
    StudyFactory,
    run_cli,
    write_study,
)

BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)


def option(text: str) -> Callable[[StudyFactory], tuple[Path, list[str]]]:
    """A study whose option 'alpha' has ``text`` as its file content."""

    def build(make_study: StudyFactory) -> tuple[Path, list[str]]:
        return make_study(options={**TINY_OPTIONS, "alpha": text}), []

    return build


def profile(text: str) -> Callable[[StudyFactory], tuple[Path, list[str]]]:
    def build(make_study: StudyFactory) -> tuple[Path, list[str]]:
        return make_study(profiles={**TINY_PROFILES, "even": text}), []

    return build


def args(*extra: str) -> Callable[[StudyFactory], tuple[Path, list[str]]]:
    def build(make_study: StudyFactory) -> tuple[Path, list[str]]:
        return make_study(), list(extra)

    return build


def scenario(**files: str) -> Callable[[StudyFactory], tuple[Path, list[str]]]:
    """A study with these ``scenarios/<name>.yaml`` files, run in the first of them."""

    def build(make_study: StudyFactory) -> tuple[Path, list[str]]:
        folder = make_study()
        (folder / "scenarios").mkdir()
        for name, text in files.items():
            (folder / "scenarios" / f"{name}.yaml").write_text(text, encoding="utf-8")
        return folder, ["--scenario", next(iter(files))]

    return build


def study(text: str) -> Callable[[StudyFactory], tuple[Path, list[str]]]:
    """The tiny study with ``text`` as its study.yaml."""

    def build(make_study: StudyFactory) -> tuple[Path, list[str]]:
        return make_study(study=text), []

    return build


MODIFIER = TINY_STUDY.replace(
    "defaults:",
    "  odds:\n    name: Odds\n    direction: higher_is_better\n    scale: {min: 0, max: 10}\n"
    "    role: modifier\ndefaults:",
)
ALPHA = TINY_OPTIONS["alpha"]
CASES = {
    "unknown reference": (
        study(TINY_STUDY.replace("defaults:", "reference: alpah\ndefaults:")),
        "study.yaml:19:12: unknown reference option 'alpah' (did you mean 'alpha'?)",
    ),
    "modifier without value function": (
        study(MODIFIER),
        "study.yaml:20:5: a modifier needs a value_function mapping its scale onto a factor",
    ),
    "requires_any unknown id": (
        option(ALPHA + "requires_any: [[beta, gamm]]\n"),
        "alpha.yaml:7:23: unknown option 'gamm' (did you mean 'gamma'?)",
    ),
    "score ref unknown": (
        option(ALPHA.replace('rationale: "slow"', 'rationale: "slow", ref: scr')),
        "alpha.yaml:6:46: unknown source 'scr' (did you mean 'src'?)",
    ),
    "unknown stance": (
        option(ALPHA.replace("stance: recommended", "stance: doubtful")),
        "alpha.yaml:2:9: 'stance': 'doubtful' is not one of",
    ),
    "duplicate key": (option(ALPHA + "title: Again\n"), "alpha.yaml:7:1: duplicate key 'title'"),
    "duplicate weight": (
        profile("weights: {gain: 1, delay: 1, gain: 2}\n"),
        "even.yaml:1:30: duplicate key 'gain'",
    ),
    "unknown criterion": (
        option(ALPHA.replace("  gain:", "  gian:")),
        "alpha.yaml:5:3: unknown criterion 'gian' (did you mean 'gain'?)",
    ),
    "unknown option": (args("alpah"), "unknown option 'alpah' (did you mean 'alpha'?)"),
    "unknown profile": (
        args("--weights", "evn"),
        "unknown weight profile 'evn' (did you mean 'even'?)",
    ),
    "score outside scale": (
        option(ALPHA.replace("value: 8, range: [6, 9],", "value: 11,")),
        "alpha.yaml:5:17: score 11 for 'gain' lies outside its scale 0..10 points",
    ),
    "range without value": (
        option(ALPHA.replace("[6, 9]", "[1, 2]")),
        "alpha.yaml:5:9: range [1, 2] does not hold the value 8",
    ),
    "negative weight": (
        profile("weights: {gain: -1, delay: 1}\n"),
        "even.yaml:1:17: 'gain': must be >= 0",
    ),
    "all-zero weights": (
        profile("weights: {gain: 0, delay: 0}\n"),
        "even.yaml:1:1: all weights are zero",
    ),
    "missing weight": (profile("weights: {gain: 1}\n"), "even.yaml:1:1: no weight for 'delay'"),
    "non-numeric weight": (
        profile("weights: {gain: x, delay: 1}\n"),
        "even.yaml:1:17: 'gain': expected a number, got 'x'",
    ),
    "NaN weight": (
        profile("weights: {gain: .nan, delay: 1}\n"),
        "'gain': must be a finite number, got nan",
    ),
    "infinite weight": (
        profile("weights: {gain: .inf, delay: 1}\n"),
        "'gain': must be a finite number, got inf",
    ),
    "--set unknown criterion": (
        args("--set", "gian=2"),
        "--set 'gian=2': unknown criterion 'gian' (did you mean 'gain'?)",
    ),
    "--set bad number": (args("--set", "gain=lots"), "--set 'gain=lots': 'lots' is not a number"),
    "--set NaN": (args("--set", "gain=nan"), "a weight must be a finite number >= 0"),
    "--set negative": (args("--set", "gain=-2"), "a weight must be a finite number >= 0"),
    "--set all zero": (args("--set", "gain=0", "--set", "delay=0"), "all weights are zero"),
    "--set without =": (args("--set", "gain"), "expected CRITERION=WEIGHT"),
    "empty file": (option(""), "alpha.yaml: file is empty"),
    "top level not a mapping": (
        option("just text\n"),
        "alpha.yaml:1:1: expected a mapping of keys at the top level, got str",
    ),
    "alias bomb": (option(BOMB), "alias bomb"),
    "unknown scenario": (
        args("--scenario", "storm"),
        "unknown scenario 'storm'",
    ),
    "scenario overrides an unknown option": (
        scenario(storm="name: Storm\nscores:\n  alpah: {gain: 5}\n"),
        "storm.yaml:3:3: unknown option 'alpah' (did you mean 'alpha'?)",
    ),
    "scenario score outside scale": (
        scenario(storm="name: Storm\nscores:\n  alpha: {gain: 12}\n"),
        "storm.yaml:3:17: score 12 for 'gain' lies outside its scale 0..10 points",
    ),
    "scenario probabilities above 1": (
        scenario(a="name: A\nprobability: 0.7\n", b="name: B\nprobability: 0.4\n"),
        "b.yaml:2:14: the scenarios' probabilities sum to 1.1 by this file, above 1",
    ),
    "unknown key": (
        option(ALPHA.replace("stance:", "stnce:")),
        "alpha.yaml:2:1: unknown key 'stnce' (did you mean 'stance'?)",
    ),
}


@pytest.mark.parametrize(
    ("command", "case"),
    [("explain", case) for case in CASES]
    + [("rank", case) for case in CASES if case != "unknown option"],  # ids are for explain
)
def test_bad_input(make_study: StudyFactory, tmp_path: Path, case: str, command: str) -> None:
    build, expected = CASES[case]
    folder, extra = build(make_study)
    target = tmp_path / "out.md"
    subject = [] if command == "rank" or case == "unknown option" else ["alpha"]
    argv = [command, *subject, "--study", str(folder), "--output", str(target), *extra]
    result = run_cli(*argv)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not target.exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_invalid_utf8(make_study: StudyFactory) -> None:
    folder = make_study()
    (folder / "alpha.yaml").write_bytes(b"title: caf\xe9\nscores: {}\n")
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].endswith("alpha.yaml:1:11: not valid UTF-8 text")


def test_weights_file_with_bad_weight(tiny: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("weights: {gain: 1, delay: -3}\n", encoding="utf-8")
    result = run_cli("rank", "--study", str(tiny), "--weights", str(mine))
    assert result.exit_code == 2
    assert result.stderr == f"error: {mine}:1:27: 'delay': must be >= 0, got -3\n"


def test_folder_without_study_yaml(tmp_path: Path) -> None:
    result = run_cli("rank", "--study", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: no study.yaml here: not a study folder\n"


def test_output_folder_must_exist(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.md"
    result = run_cli("rank", "--study", str(tiny), "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write {target}: folder")
    assert not target.parent.exists()


def test_several_problems_give_a_hint(make_study: StudyFactory) -> None:
    options = {
        **TINY_OPTIONS,
        "alpha": "title: A\nscores: {gain: 99, delay: 1}\n",
        "beta": "title: B\nscores: {gain: 99, delay: 1}\n",
    }
    folder = make_study(options=options)
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[1] == f"hint: 1 more problem: run `policy validate --study {folder}` to see all"


def test_debug_shows_the_traceback(tiny: Path) -> None:
    from policy_options.errors import UsageError

    result = run_cli_raw("--debug", "rank", "--study", str(tiny), "--set", "nope=1")
    assert isinstance(result.exception, UsageError)


def run_cli_raw(*argv: str) -> object:
    from typer.testing import CliRunner

    from policy_options.cli.app import app

    return CliRunner().invoke(app, list(argv))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["rank", "--top", "0"], "Invalid value for '--top'"),
        (["rank", "--format", "yaml"], "Invalid value for '--format'"),
        (["rank", "--bogus"], "No such option: --bogus"),
        (["rnak"], "no command 'rnak' (did you mean 'rank'?)"),
        (["explain"], "Missing argument"),
        (["sensitivity", "montecarlo", "--seed", "abc"], "Invalid value for '--seed'"),
        (
            ["sensitivity", "montecarlo", "--weight-model", "flat"],
            "Invalid value for '--weight-model'",
        ),
    ],
)
def test_usage_errors_are_one_line_too(in_repo: Path, argv: list[str], expected: str) -> None:
    result = run_cli(*argv)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) == 2
    assert lines[1].startswith("hint: see `policy ")
    assert result.stdout == ""


def test_a_fifo_in_the_study_folder_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO named like an option file used to hang `policy rank` for ever."""
    folder = write_study(tmp_path / "study")
    os.mkfifo(folder / "x.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "policy_options", "rank", "--study", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "error: study/x.yaml: is a FIFO (named pipe), not a regular file; refused"
    )
