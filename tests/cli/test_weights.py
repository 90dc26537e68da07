"""`policy weights rank|swing|ahp`: the profile written, where, its numbers, and bad input."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.study.loading.load import load_profile_file, load_study
from tests.conftest import SHIPPED, run_cli, write_study
from tests.core.elicitation.judgements import DRINK_WEIGHTS, DRINKS, drinks_yaml

JUDGEMENTS = """\
comparisons:
  deterrence: {stability: 2, russian_backlash: 3, entrapment: 5}
  stability: {russian_backlash: 2, entrapment: 3}
  russian_backlash: {entrapment: 2}
"""
SWING_POINTS = [
    "deterrence=100",
    "stability=80",
    "russian_backlash=60",
    "diversion=20",
    "agency=40",
    "entrapment=50",
]


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped study, to write profiles into."""
    return Path(shutil.copytree(SHIPPED, tmp_path / "options"))


def weights_used(study: Path, profile: str) -> dict[str, float]:
    """The normalised weights `policy rank` uses with ``profile``."""
    result = run_cli("rank", "--study", str(study), "--weights", profile, "--format", "json")
    assert result.exit_code == 0, result.stderr
    weights: dict[str, float] = json.loads(result.stdout)["weights"]
    return weights


def points_args() -> list[str]:
    return [arg for point in SWING_POINTS for arg in ("--points", point)]


def test_rank_order_centroid_profile(shipped: Path) -> None:
    result = run_cli(
        "weights", "rank", "deterrence", "stability", "agency", "--study", str(shipped)
    )
    assert result.exit_code == 0, result.stderr
    target = shipped / "weights" / "rank-order.yaml"
    assert result.stderr == f"wrote {target}\n"
    weights = weights_used(shipped, "rank-order")
    assert weights["deterrence"] == pytest.approx(0.6111, abs=5e-5)
    assert weights["stability"] == pytest.approx(0.2778, abs=5e-5)
    assert weights["agency"] == pytest.approx(0.1111, abs=5e-5)
    assert weights["deterrence"] == pytest.approx(11 / 18, abs=1e-6)  # (1 + 1/2 + 1/3) / 3
    assert {k for k, w in weights.items() if w == 0} == {
        "russian_backlash",
        "diversion",
        "entrapment",
    }
    profile = load_profile_file(target, load_study(shipped).criteria)
    assert profile.name == "Rank-order centroid"
    assert "Rank-order centroid" in profile.spec.description
    assert "deterrence > stability > agency" in profile.spec.description
    assert "61.1%" in result.stdout
    assert "Weight 0 (not judged): russian_backlash, diversion" in result.stdout


def test_rank_order_with_a_tie(shipped: Path) -> None:
    """n = 4: .5208 .2708 .1458 .0625; a tie of 2nd and 3rd shares (.2708 + .1458) / 2."""
    argv = ["deterrence", "stability=russian_backlash", "entrapment"]
    result = run_cli("weights", "rank", *argv, "--study", str(shipped), "--name", "tied")
    assert result.exit_code == 0, result.stderr
    weights = weights_used(shipped, "tied")
    assert weights["deterrence"] == pytest.approx(0.5208, abs=5e-5)
    assert weights["stability"] == pytest.approx((0.2708 + 0.1458) / 2, abs=1e-4)
    assert weights["russian_backlash"] == weights["stability"]
    assert weights["entrapment"] == pytest.approx(0.0625, abs=5e-6)
    text = (shipped / "weights" / "tied.yaml").read_text(encoding="utf-8")
    assert "deterrence > stability = russian_backlash > entrapment" in text


def test_weights_rank_golden(shipped: Path, golden: Callable[[str, str], None]) -> None:
    argv = ["deterrence", "stability", "=", "russian_backlash", "entrapment"]
    result = run_cli("weights", "rank", *argv, "--study", str(shipped))
    assert result.exit_code == 0, result.stderr
    golden("workflow/weights-rank.txt", result.stdout)
    golden(
        "workflow/weights-rank.yaml",
        (shipped / "weights" / "rank-order.yaml").read_text(encoding="utf-8"),
    )


def test_swing_with_points(shipped: Path, golden: Callable[[str, str], None]) -> None:
    result = run_cli("weights", "swing", *points_args(), "--study", str(shipped))
    assert result.exit_code == 0, result.stderr
    golden("workflow/weights-swing.txt", result.stdout)
    weights = weights_used(shipped, "swing")
    assert weights["deterrence"] == pytest.approx(100 / 350)
    assert weights["diversion"] == pytest.approx(20 / 350)
    profile = load_profile_file(shipped / "weights" / "swing.yaml", load_study(shipped).criteria)
    assert profile.spec.weights["stability"] == 80  # the points themselves are the raw weights
    assert "Swing weights" in profile.spec.description


def test_swing_asks_on_a_terminal(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("policy_options.cli.weights.stdin_is_terminal", lambda: True)
    from typer.testing import CliRunner

    from policy_options.cli.app import app

    answers = "deterence stability\ndeterrence stability russian_backlash\n120\n80\nx\n50\n"
    result = CliRunner().invoke(
        app, ["weights", "swing", "--study", str(shipped), "--name", "asked"], input=answers
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Swing weights for U.S. options")  # prompts on stderr only
    assert "unknown criterion 'deterence' (did you mean 'deterrence'?)" in result.stderr
    assert "give a number from 0 to 100" in result.stderr
    assert "give a number from 0 to 80" in result.stderr
    weights = weights_used(shipped, "asked")
    assert weights["deterrence"] == pytest.approx(100 / 230)
    assert weights["stability"] == pytest.approx(80 / 230)
    assert weights["russian_backlash"] == pytest.approx(50 / 230)
    assert weights["agency"] == 0
    ended = CliRunner().invoke(
        app, ["weights", "swing", "--study", str(shipped), "--name", "cut"], input="deterrence s"
    )
    assert ended.exit_code == 1  # input ended mid-way: aborted, nothing written
    assert not (shipped / "weights" / "cut.yaml").exists()


def test_ahp_drinks_end_to_end(tmp_path: Path) -> None:
    """Saaty's drinks example (AHPy README) through the CLI: a study whose criteria are drinks."""
    criteria = "".join(
        f"  {d}:\n    name: {d}\n    direction: higher_is_better\n    scale: {{min: 0, max: 1}}\n"
        for d in DRINKS
    )
    study = f"schema: 1\ntitle: Drinks\ncriteria:\n{criteria}"
    scores = "".join(f"  {d}: {{value: 1, rationale: r}}\n" for d in DRINKS)
    folder = write_study(
        tmp_path / "drinks", study, {"one": f"title: One\nscores:\n{scores}"}, profiles={}
    )
    judgements = tmp_path / "drinks.yaml"
    judgements.write_text(drinks_yaml(), encoding="utf-8")
    result = run_cli("weights", "ahp", str(judgements), "--study", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "CR 0.022 (acceptable)" in result.stdout
    assert "Saaty's random index 1.32 for n = 7" in result.stdout
    weights = weights_used(folder, "ahp")
    assert {k: round(v, 3) for k, v in weights.items()} == DRINK_WEIGHTS
    text = (folder / "weights" / "ahp.yaml").read_text(encoding="utf-8")
    assert "AHP weights (Saaty 1980)" in text
    assert "consistency ratio 0.022" in text


def test_ahp_on_the_shipped_study(
    shipped: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    golden: Callable[[str, str], None],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("judgements.yaml").write_text(JUDGEMENTS, encoding="utf-8")
    result = run_cli(
        "weights", "ahp", "judgements.yaml", "--study", "options", "--title", "Planner (AHP)"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote options/weights/ahp.yaml\n"
    golden("workflow/weights-ahp.txt", result.stdout)
    profile = load_profile_file(shipped / "weights" / "ahp.yaml", load_study(shipped).criteria)
    assert profile.name == "Planner (AHP)"
    assert profile.spec.weights["agency"] == 0


def test_ahp_inconsistent_warns_and_writes(shipped: Path, tmp_path: Path) -> None:
    judgements = tmp_path / "cycle.yaml"
    judgements.write_text(
        textwrap.dedent(
            """\
            criteria: [deterrence, stability, russian_backlash, agency]
            matrix:
              - [1, 3, 1/5, 2]
              - [1, 3, 2]
              - [1, 2]
              - [1]
            """
        ),
        encoding="utf-8",
    )
    result = run_cli("weights", "ahp", str(judgements), "--study", str(shipped))
    assert result.exit_code == 0, result.stderr
    warning = result.stderr.splitlines()[0]
    assert warning.startswith("warning: consistency ratio ")
    assert (
        "is above 0.10; the most inconsistent judgement is deterrence vs russian_backlash = 1/5"
        in warning
    )
    assert (shipped / "weights" / "ahp.yaml").exists()


def test_output_file_instead_of_the_study(shipped: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    result = run_cli("weights", "rank", "deterrence", "--study", str(shipped), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {target}\n"
    assert not (shipped / "weights" / "rank-order.yaml").exists()
    ranked = run_cli("rank", "--study", str(shipped), "--weights", str(target), "--format", "json")
    assert json.loads(ranked.stdout)["weights"]["deterrence"] == 1


def test_existing_file_is_kept_without_force(shipped: Path) -> None:
    target = shipped / "weights" / "balanced.yaml"
    before = target.read_text(encoding="utf-8")
    argv = ["weights", "rank", "deterrence", "--study", str(shipped), "--name", "balanced"]
    result = run_cli(*argv)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {target} exists: not overwritten",
        "hint: give --force to replace it",
    ]
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == before
    result = run_cli(*argv, "--force")
    assert result.exit_code == 0, result.stderr
    assert weights_used(shipped, "balanced")["deterrence"] == 1


def test_bundled_study_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./options here: the bundled study would be used
    result = run_cli("weights", "rank", "deterrence")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: no study folder here to write into (the bundled study is read-only)"
    )
    result = run_cli("weights", "rank", "deterrence", "-o", "mine.yaml")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "mine.yaml").is_file()


def ahp_file(text: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder.parent / "judgements.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return ["ahp", str(path)]

    return build


def argv(*args: str) -> Callable[[Path], list[str]]:
    return lambda _: list(args)


BAD = {
    "criterion named twice": (
        argv("rank", "deterrence", "stability", "deterrence"),
        "criterion 'deterrence' is named twice in the ranking",
    ),
    "unknown criterion": (
        argv("rank", "deterence"),
        "unknown criterion 'deterence' (did you mean 'deterrence'?)",
    ),
    "dangling tie": (argv("rank", "deterrence", "="), "'=' must stand between two criteria"),
    "points above 100": (
        argv("swing", "--points", "deterrence=120"),
        "points for 'deterrence' must lie in 0..100 (the best swing gets 100), got 120",
    ),
    "negative points": (
        argv("swing", "--points", "deterrence=-5"),
        "points for 'deterrence' must lie in 0..100",
    ),
    "points for an unknown criterion": (
        argv("swing", "--points", "deterence=100"),
        "--points 'deterence=100': unknown criterion 'deterence' (did you mean 'deterrence'?)",
    ),
    "points missing a criterion": (
        argv("swing", "--points", "deterrence=100", "--points", "stability=50"),
        "no points for 'agency', 'russian_backlash', 'diversion', 'entrapment'",
    ),
    "no swing of 100": (
        argv("swing", *[a.replace("=100", "=90") for p in SWING_POINTS for a in ("--points", p)]),
        "the best swing gets 100 points, but the highest given is 90",
    ),
    "swing without a terminal": (
        argv("swing"),
        "no --points given, and standard input is not a terminal to ask on",
    ),
    "AHP not square": (
        ahp_file(
            """\
            criteria: [deterrence, stability, agency]
            matrix:
              - [1, 3]
              - [1, 2]
              - [1]
            """
        ),
        "judgements.yaml:3:5: matrix is not square: row 1 (deterrence) has 2 values",
    ),
    "AHP judgement outside the scale": (
        ahp_file("comparisons:\n  deterrence: {stability: 10}\n"),
        "judgements.yaml:2:27: judgement 10 for deterrence vs stability lies outside Saaty's"
        " scale 1/9..9",
    ),
    "AHP missing pair": (
        ahp_file("comparisons:\n  deterrence: {stability: 3, agency: 5}\n"),
        "judgements.yaml:1:1: missing judgement for stability vs agency",
    ),
    "AHP file not found": (argv("ahp", "nowhere.yaml"), "nowhere.yaml: file not found"),
    "unsafe profile id": (
        argv("rank", "deterrence", "--name", "../evil"),
        "profile id '../evil' is not a safe file name",
    ),
    "profile id with .yaml": (
        argv("rank", "deterrence", "--name", "mine.yaml"),
        "profile id 'mine.yaml': give the id without .yaml",
    ),
    "name and output": (
        argv("rank", "deterrence", "--name", "a", "--output", "b.yaml"),
        "give --name or --output, not both",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input(shipped: Path, case: str) -> None:
    build, expected = BAD[case]
    args: list[Any] = build(shipped)
    before = sorted(p.name for p in (shipped / "weights").iterdir())
    result = run_cli("weights", *args, "--study", str(shipped))
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in (shipped / "weights").iterdir()) == before
    assert not list(shipped.parent.glob("b.yaml"))


def test_a_study_without_a_weights_folder_gets_one(tiny: Path) -> None:
    shutil.rmtree(tiny / "weights")
    (tiny / "study.yaml").write_text(
        (tiny / "study.yaml").read_text(encoding="utf-8").replace("  weights: even\n", "  {}\n"),
        encoding="utf-8",
    )
    result = run_cli("weights", "rank", "delay", "gain", "--study", str(tiny))
    assert result.exit_code == 0, result.stderr
    assert weights_used(tiny, "rank-order") == {"delay": 0.75, "gain": 0.25}


def test_derived_weights_leave_the_modifiers_out(tiny: Path) -> None:
    """A modifier takes no weight: the derived profile and its table list value criteria only."""
    study = (tiny / "study.yaml").read_text(encoding="utf-8")
    modifier = (
        "  odds:\n    name: Odds\n    direction: higher_is_better\n"
        "    scale: {min: 0, max: 1}\n    role: modifier\n    value_function: [[0, 0], [1, 1]]\n"
    )
    (tiny / "study.yaml").write_text(study.replace("defaults:", modifier + "defaults:"), "utf-8")
    for name in ("alpha", "beta", "gamma"):
        path = tiny / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "  odds: {value: 0.5}\n", "utf-8")
    for argv in (
        ["rank", "gain", "delay"],
        ["swing", "--points", "gain=100", "--points", "delay=50"],
    ):
        result = run_cli("weights", *argv, "--study", str(tiny), "--name", argv[0])
        assert result.exit_code == 0, result.output
        assert "odds" not in result.stdout
        assert "· 2 criteria" in result.stdout
        written = (tiny / "weights" / f"{argv[0]}.yaml").read_text(encoding="utf-8")
        assert "odds" not in written
