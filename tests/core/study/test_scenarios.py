"""Scenario files: validation (located, did-you-mean) and applying the overrides."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import inspect_study, load_study
from policy_options.core.study.scenarios import apply_scenario
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import StudyError, UsageError
from tests.conftest import SHIPPED, run_cli

STORM = """\
name: Storm
description: Alpha slows down.
probability: 0.3
source: {ref: src, quote: "a quote"}
scores:
  alpha:
    delay: {value: 18, range: [12, 20], rationale: "late"}
    gain: 5
"""


def with_scenarios(folder: Path, **files: str) -> Path:
    (folder / "scenarios").mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / "scenarios" / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    return [str(p) for p in inspect_study(folder).problems]


def test_a_scenario_loads_and_overrides_only_what_it_names(tiny: Path) -> None:
    study = load_study(with_scenarios(tiny, storm=STORM))
    assert list(study.scenarios) == ["storm"]
    future = apply_scenario(study, "storm")
    assert future.options["alpha"].spec.scores["delay"].value == 18
    assert future.options["alpha"].spec.scores["gain"].value == 5
    assert future.options["beta"] == study.options["beta"]
    assert study.options["alpha"].spec.scores["delay"].value == 10  # the base is untouched
    assert future.scenario is not None
    assert "scenario storm: Storm" in future.title
    assert apply_scenario(study, "base") is study
    assert apply_scenario(study, None) is study


def test_no_overrides_reproduces_base_exactly(tiny: Path) -> None:
    study = load_study(with_scenarios(tiny, calm="name: Calm\n"))
    future = apply_scenario(study, "calm")
    weights = resolve_weights(study)
    for method in ("additive", "topsis", "promethee", "weighted-product", "weakest-link"):
        a, b = rank(study, weights, method), rank(future, resolve_weights(future), method)
        assert [(r.option, r.rank, r.score, r.values) for r in a.rows] == [
            (r.option, r.rank, r.score, r.values) for r in b.rows
        ]


def write_overrides_into_copy(study_folder: Path, scenario: str, target: Path) -> Path:
    """A copy of the study with the scenario's overrides written into the option files."""
    shutil.copytree(study_folder, target)
    shutil.rmtree(target / "scenarios")
    spec = yaml.safe_load((study_folder / "scenarios" / f"{scenario}.yaml").read_text("utf-8"))
    for option, overrides in spec.get("scores", {}).items():
        path = target / f"{option}.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        data["scores"].update(overrides)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    if spec.get("weights"):
        study = yaml.safe_load((target / "study.yaml").read_text("utf-8"))
        study["defaults"]["weights"] = spec["weights"]
        (target / "study.yaml").write_text(
            yaml.safe_dump(study, allow_unicode=True, sort_keys=False), "utf-8"
        )
    return target


@pytest.mark.parametrize("scenario", sorted(p.stem for p in (SHIPPED / "scenarios").glob("*.yaml")))
@pytest.mark.parametrize("method", ["additive", "topsis", "promethee"])
def test_rank_in_a_scenario_equals_a_copy_with_the_overrides_written_in(
    tmp_path: Path, scenario: str, method: str
) -> None:
    copy = write_overrides_into_copy(SHIPPED, scenario, tmp_path / "copy")
    ours = run_cli(
        "rank", "--study", str(SHIPPED), "--scenario", scenario, "-m", method, "-f", "json"
    )
    theirs = run_cli("rank", "--study", str(copy), "-m", method, "-f", "json")
    assert ours.exit_code == 0, ours.stderr
    assert theirs.exit_code == 0, theirs.stderr
    a, b = json.loads(ours.stdout), json.loads(theirs.stdout)
    assert a.pop("scenario") == scenario
    assert a.pop("study").endswith(
        f"scenario {scenario}: " + load_study(SHIPPED).scenarios[scenario].name
    )
    b.pop("study")
    assert a == b


def test_a_scenario_profile_is_the_default_but_weights_wins(tiny: Path) -> None:
    study = load_study(with_scenarios(tiny, storm=STORM + "weights: gain-first\n"))
    future = apply_scenario(study, "storm")
    assert resolve_weights(future).profile == "gain-first"
    assert resolve_weights(future, "even").profile == "even"
    assert resolve_weights(study).profile == "even"


def test_unknown_scenario_has_a_suggestion(tiny: Path) -> None:
    study = load_study(with_scenarios(tiny, storm=STORM))
    with pytest.raises(UsageError, match=r"unknown scenario 'strom' \(did you mean 'storm'\?\)"):
        apply_scenario(study, "strom")


def test_applying_twice_is_refused(tiny: Path) -> None:
    study = load_study(with_scenarios(tiny, storm=STORM))
    with pytest.raises(ValueError, match="base study"):
        apply_scenario(apply_scenario(study, "storm"), "storm")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            STORM.replace("  alpha:", "  alpah:"),
            "storm.yaml:6:3: unknown option 'alpah' (did you mean 'alpha'?)",
        ),
        (
            STORM.replace("    delay:", "    dealy:"),
            "storm.yaml:7:5: unknown criterion 'dealy' (did you mean 'delay'?)",
        ),
        (
            STORM.replace("gain: 5", "gain: 11"),
            "storm.yaml:8:11: score 11 for 'gain' lies outside its scale 0..10 points",
        ),
        (
            STORM.replace("[12, 20]", "[12, 25]"),
            "storm.yaml:7:31: range [12, 25] for 'delay' reaches outside its scale 0..20 months",
        ),
        (
            STORM.replace("[12, 20]", "[1, 2]"),
            "storm.yaml:7:12: range [1, 2] does not hold the value 18",
        ),
        (STORM.replace("0.3", "1.5"), "storm.yaml:3:14: probability must lie in (0, 1], got 1.5"),
        (STORM.replace("0.3", "0"), "storm.yaml:3:14: probability must lie in (0, 1], got 0"),
        (
            STORM + "weights: evn\n",
            "storm.yaml:9:10: unknown weight profile 'evn' (did you mean 'even'?)",
        ),
        (
            STORM.replace("ref: src", "ref: scr"),
            "storm.yaml:4:15: unknown source 'scr' (did you mean 'src'?)",
        ),
        (
            STORM.replace("description:", "descripton:"),
            "storm.yaml:2:1: unknown key 'descripton' (did you mean 'description'?)",
        ),
        (STORM.replace("name: Storm\n", ""), "storm.yaml:1:1: missing key 'name'"),
    ],
)
def test_bad_scenarios_are_located(tiny: Path, text: str, expected: str) -> None:
    folder = with_scenarios(tiny, storm=text)
    found = problems(folder)
    assert any(p.endswith(expected) for p in found), found
    with pytest.raises(StudyError):
        load_study(folder)


def test_probabilities_above_one_are_located_at_the_file_that_passes_one(tiny: Path) -> None:
    folder = with_scenarios(
        tiny, a=STORM.replace("0.3", "0.6"), b=STORM.replace("0.3", "0.5"), c=STORM
    )
    found = [p for p in problems(folder) if "sum to" in p]
    assert len(found) == 1
    assert found[0].endswith(
        "b.yaml:3:14: the scenarios' probabilities sum to 1.1 by this file, above 1 (the rest of 1 is the base scenario's)"
    )


def test_base_is_reserved(tiny: Path) -> None:
    found = problems(with_scenarios(tiny, base=STORM))
    assert any("'base' is the implicit scenario" in p for p in found)


def test_warnings_for_missing_rationale_quote_and_probability(tiny: Path) -> None:
    folder = with_scenarios(tiny, storm=STORM, calm="name: Calm\nscores:\n  beta: {gain: 5}\n")
    result = inspect_study(folder)
    assert result.errors == []
    warnings = [str(w) for w in result.warnings]
    assert any(w.endswith("calm.yaml:1:1: scenario has no source quote") for w in warnings)
    assert any(
        "calm.yaml:3:10: override of 'beta' on 'gain' has no rationale" in w for w in warnings
    )
    assert any(
        "calm.yaml:1:1: scenario has no probability while others have one" in w for w in warnings
    )


def test_shipped_study_has_grounded_scenarios() -> None:
    study: Study = load_study(SHIPPED)
    assert len(study.scenarios) == len(list((SHIPPED / "scenarios").glob("*.yaml"))) == 5
    for scenario in study.scenarios.values():
        assert scenario.spec.source is not None
        assert scenario.spec.source.quote
        assert scenario.spec.scores
        for overrides in scenario.spec.scores.values():
            assert all(score.rationale.strip() for score in overrides.values())
