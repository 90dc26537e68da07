"""`policy scenarios`, `policy scenarios discover` and `--scenario` on every command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_sources_why import red_lines_crossed
from tests.conftest import SHIPPED, StudyFactory, run_cli
from tests.core.study.test_scenarios import STORM, with_scenarios, write_overrides_into_copy

EXTENSIONS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("format_", list(EXTENSIONS))
def test_scenarios_golden(in_repo: Path, golden: Callable[[str, str], None], format_: str) -> None:
    result = run_cli("scenarios", "--satisfice", "50", "--format", format_)
    assert result.exit_code == 0, result.stderr
    golden(f"scenarios/scenarios.{EXTENSIONS[format_]}", result.stdout)


@pytest.mark.parametrize("format_", list(EXTENSIONS))
def test_discover_golden(in_repo: Path, golden: Callable[[str, str], None], format_: str) -> None:
    result = run_cli(
        "scenarios", "discover", "--samples", "4000", "--weight-model", "profile", "-f", format_
    )
    assert result.exit_code == 0, result.stderr
    golden(f"scenarios/discover.{EXTENSIONS[format_]}", result.stdout)


@pytest.mark.parametrize("format_", ["table", "markdown", "json"])
def test_rank_in_a_scenario_golden(
    in_repo: Path, golden: Callable[[str, str], None], format_: str
) -> None:
    result = run_cli("rank", "--scenario", "azerbaijani-offensive", "--top", "5", "-f", format_)
    assert result.exit_code == 0, result.stderr
    golden(f"scenarios/rank-azerbaijani-offensive.{EXTENSIONS[format_]}", result.stdout)


def test_discover_json_contract(in_repo: Path) -> None:
    result = run_cli("scenarios", "discover", "--samples", "3000", "--seed", "9", "-f", "json")
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert data["option"] == "us-eu-mediation"
    assert (data["samples"], data["seed"]) == (3000, 9)
    assert 0 < data["failure_rate"] < 1
    assert data["boxes"]
    for box in data["boxes"]:
        assert 0 < box["coverage"] <= 1
        assert 0 < box["density"] <= 1
        assert 1 <= len(box["limits"]) <= 3
        for limit in box["limits"]:
            name = limit["dimension"]
            assert name == "scenario" or name.split(":")[0] in {"weight", "score"}
            assert set(limit) >= {"dimension", "low", "high"}
    again = run_cli("scenarios", "discover", "--samples", "3000", "--seed", "9", "-f", "json")
    assert again.stdout == result.stdout


def test_scenarios_json_contract(in_repo: Path) -> None:
    data = json.loads(run_cli("scenarios", "-f", "json", "-m", "promethee").stdout)
    assert data["method"] == "promethee"
    assert next(s["name"] for s in data["scenarios"]) == "base"
    assert sum(s["probability"] for s in data["scenarios"]) == pytest.approx(1)
    names = [s["name"] for s in data["scenarios"]]
    crossed: dict[str, list[str]] = {}
    for option, criterion in red_lines_crossed():  # from the YAML; no scenario moves them
        crossed.setdefault(option, []).append(criterion)
    for option in data["options"]:
        assert set(option) == {
            "option", "scores", "ranks", "regret", "max_regret", "mean_regret", "expected",
            "worst", "satisficed", "fails",
        }  # fmt: skip
        assert option["satisficed"] is None
        # the red lines crossed (pivot-west, security-guarantee, unwavering-support), in every future
        expected = crossed.get(option["option"])
        assert option["fails"] == ({} if expected is None else dict.fromkeys(names, expected))
        assert all(0 <= x <= 1 for x in option["scores"].values())
    assert set(data["choices"]) == {"minimax_regret", "expected", "maximin"}
    assert data["reference"] == "status-quo"  # study.yaml: reference: status-quo
    ranked = json.loads(run_cli("rank", "-m", "promethee", "-f", "json").stdout)
    base = {row["option"]: row["score"] for row in ranked["ranking"]}
    assert {o["option"]: o["scores"]["base"] for o in data["options"]} == base


def test_set_changes_the_regret_analysis(in_repo: Path) -> None:
    """`--set` reaches every scenario: each column is `policy rank --scenario S --set ...`
    (the scenario's own profile with the override), and differs from the plain analysis."""
    plain = json.loads(run_cli("scenarios", "-f", "json").stdout)
    result = run_cli("scenarios", "--set", "deterrence=5", "-f", "json")
    assert result.exit_code == 0, result.stderr
    moved = json.loads(result.stdout)
    names = [s["name"] for s in moved["scenarios"]]
    assert names == ["base", *sorted(p.stem for p in (SHIPPED / "scenarios").glob("*.yaml"))]
    for name in names:
        ranked = json.loads(
            run_cli("rank", "--scenario", name, "--set", "deterrence=5", "-f", "json").stdout
        )
        assert ranked["overrides"] == {"deterrence": 5}
        expected = {row["option"]: row["score"] for row in ranked["ranking"]}
        assert {o["option"]: o["scores"][name] for o in moved["options"]} == pytest.approx(
            expected, abs=1e-12
        )
        before = {o["option"]: o["scores"][name] for o in plain["options"]}
        assert before != pytest.approx(expected, abs=1e-6)
    assert [o["max_regret"] for o in moved["options"]] != [
        o["max_regret"] for o in plain["options"]
    ]


COMMANDS = [
    ["rank"],
    ["explain", "fms-air-defense"],
    ["compare"],
    ["profiles"],
    ["diff", "--weights", "balanced", "--weights", "moscow-cautious"],
    ["info"],
    ["sensitivity", "weights"],
    ["sensitivity", "scores"],
    ["sensitivity", "montecarlo", "--samples", "500", "--confidence-samples", "100"],
]


@pytest.mark.parametrize("scenario", ["russia-returns", "azerbaijani-offensive"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_runs_in_the_scenario_as_in_a_copy(
    tmp_path: Path, command: list[str], scenario: str
) -> None:
    """Each command's JSON with --scenario equals its JSON on a copy with the overrides
    written in (but for the title naming the scenario)."""
    copy = write_overrides_into_copy(SHIPPED, scenario, tmp_path / "copy")
    ours = run_cli(*command, "--study", str(SHIPPED), "--scenario", scenario, "-f", "json")
    theirs = run_cli(*command, "--study", str(copy), "-f", "json")
    assert ours.exit_code == 0, ours.stderr
    assert theirs.exit_code == 0, theirs.stderr
    a, b = json.loads(ours.stdout), json.loads(theirs.stdout)
    assert a.pop("scenario") == scenario
    if command[0] == "info":
        assert next(s["scenario"] for s in a.pop("scenarios")) == "azerbaijani-offensive"
    for key in ("study", "title") if command[0] == "info" else ("study",):
        if key in a:
            assert f"scenario {scenario}:" in a.pop(key)
            b.pop(key)
    assert a == b
    table = run_cli(*command, "--study", str(SHIPPED), "--scenario", scenario)
    assert f"scenario {scenario}:" in table.stdout


def test_the_scenario_profile_is_used_unless_weights_is_given(tmp_path: Path) -> None:
    """The shipped futures share one profile now; a copy whose offensive names its own."""
    import shutil

    folder = Path(shutil.copytree(SHIPPED, tmp_path / "options"))
    path = folder / "scenarios" / "azerbaijani-offensive.yaml"
    path.write_text("weights: deterrence-first\n" + path.read_text(encoding="utf-8"), "utf-8")
    study = ("--study", str(folder))
    rank = ("rank", *study, "--scenario", "azerbaijani-offensive", "-f", "json")
    data = json.loads(run_cli(*rank).stdout)
    assert data["profile"] == "deterrence-first"
    data = json.loads(run_cli(*rank, "-w", "balanced").stdout)
    assert data["profile"] == "balanced"


def test_base_is_a_scenario_name(in_repo: Path) -> None:
    assert run_cli("rank", "--scenario", "base").stdout == run_cli("rank").stdout


def bad(result: object) -> list[str]:
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert lines[0].startswith("error: ")
    assert len(lines) <= 2
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    return lines


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_unknown_scenario(in_repo: Path, command: list[str]) -> None:
    lines = bad(run_cli(*command, "--scenario", "russia"))
    assert lines[0] == "error: unknown scenario 'russia' (did you mean 'russia-returns'?)"
    assert lines[1].startswith("hint: scenarios: base, azerbaijani-offensive")


def test_scenario_on_a_study_without_scenarios(tiny: Path) -> None:
    lines = bad(run_cli("rank", "--study", str(tiny), "--scenario", "storm"))
    assert lines[0] == "error: unknown scenario 'storm'"
    assert "no scenarios/ folder" in lines[1]
    lines = bad(run_cli("scenarios", "--study", str(tiny)))
    assert lines[0] == "error: the study has no scenarios"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            STORM.replace("  alpha:", "  alpah:"),
            "storm.yaml:6:3: unknown option 'alpah' (did you mean 'alpha'?)",
        ),
        (
            STORM.replace("gain: 5", "gain: 11"),
            "storm.yaml:8:11: score 11 for 'gain' lies outside its scale 0..10 points",
        ),
        (STORM.replace("0.3", "2"), "storm.yaml:3:14: probability must lie in (0, 1], got 2"),
    ],
)
@pytest.mark.parametrize("command", [["rank"], ["scenarios"], ["scenarios", "discover"]])
def test_a_bad_scenario_file_stops_every_command(
    make_study: StudyFactory, text: str, expected: str, command: list[str]
) -> None:
    folder = with_scenarios(make_study(), storm=text)
    lines = bad(run_cli(*command, "--study", str(folder)))
    assert lines[0].endswith(expected)


def test_validate_reports_scenario_problems(make_study: StudyFactory) -> None:
    folder = with_scenarios(make_study(), storm=STORM.replace("  alpha:", "  alpah:"))
    result = run_cli("validate", "--study", str(folder))
    assert result.exit_code == 1
    assert "storm.yaml:6:3: unknown option 'alpah' (did you mean 'alpha'?)" in result.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["scenarios", "--satisfice", "150"], "--satisfice must be a score from 0 to 100, got 150"),
        (["scenarios", "discover", "--option", "fms"], "unknown option 'fms'"),
        (["scenarios", "discover", "--samples", "0"], "--samples must be a whole number >= 1"),
        (
            ["scenarios", "-w", "balanse"],
            "unknown weight profile 'balanse' (did you mean 'balanced'?)",
        ),
    ],
)
def test_bad_options(in_repo: Path, argv: list[str], expected: str) -> None:
    assert expected in bad(run_cli(*argv))[0]


def test_output_file(in_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "regret.md"
    result = run_cli("scenarios", "-f", "markdown", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text("utf-8").startswith("### U.S. options")


@pytest.mark.usefixtures("in_repo")
def test_options_before_discover_are_refused_not_ignored() -> None:
    lines = bad(run_cli("scenarios", "--format", "json", "--study", "nowhere", "discover"))
    assert lines[0] == "error: --study, --format before 'discover' does nothing"


@pytest.mark.usefixtures("in_repo")
def test_an_option_that_never_comes_first_is_said_so() -> None:
    result = run_cli("scenarios", "discover", "--option", "pivot-west", "--samples", "2000")
    assert result.exit_code == 0, result.stderr
    assert (
        "pivot-west loses first place in 100.0% of 2,000 samples: it never comes first, so"
        " there is no region where it wins." in " ".join(result.stdout.split())
    )


def test_the_reference_is_a_choice_and_a_red_line_is_said(make_study: StudyFactory) -> None:
    """Tiny study, even weights, red line gain >= 5, gamma the reference. Base: alpha .65,
    beta .70, gamma .10; in `slump` alpha's gain drops to 0: alpha .25. Beta is best in both
    (regret 0), so every rule chooses it, and it fails the red line (gain 4 < 5) in both."""
    from tests.conftest import TINY_STUDY

    study = TINY_STUDY.replace("unit: points\n", "unit: points\n    threshold: 5\n")
    folder = make_study(study=study.replace("defaults:", "reference: gamma\ndefaults:"))
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "slump.yaml").write_text(
        "name: Slump\nprobability: 0.5\nscores:\n  alpha: {gain: 0}\n", encoding="utf-8"
    )
    out = run_cli("scenarios", "--study", str(folder)).stdout
    flat = " ".join(out.split())
    assert (
        "gamma is the study's reference: doing nothing new; it counts as a possible choice." in flat
    )
    assert (
        "Red line: minimax regret, expected value and maximin choose beta, which fails the red"
        " line on Gain (in base and slump)." in flat
    )
    data = json.loads(run_cli("scenarios", "--study", str(folder), "-f", "json").stdout)
    assert data["reference"] == "gamma"
    fails = {o["option"]: o["fails"] for o in data["options"]}
    assert fails == {
        "beta": {"base": ["gain"], "slump": ["gain"]},
        "alpha": {"slump": ["gain"]},
        "gamma": {"base": ["gain"], "slump": ["gain"]},
    }
    assert data["choices"]["minimax_regret"] == ["beta"]
    page = run_cli("scenarios", "--study", str(folder), "-f", "markdown").stdout
    assert "gamma is the study's reference" in page
    assert "**Red line:** " in page
