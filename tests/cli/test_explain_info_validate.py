"""`policy explain`, `policy info` and `policy validate` on the shipped study and on broken ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY_OPTIONS, StudyFactory, run_cli

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_explain_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("explain", "fms-air-defense", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"explain.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_info_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("info", "--weights", "deterrence-first", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"info.{FORMATS[fmt]}", result.stdout)


def test_explain_numbers_add_up(in_repo: Path) -> None:
    doc = json.loads(run_cli("explain", "fms-air-defense", "--format", "json").stdout)
    ranking = json.loads(run_cli("rank", "--format", "json").stdout)["ranking"]
    ids = [e["option"] for e in ranking]
    i = ids.index("fms-air-defense")
    assert doc["rank"] == ranking[i]["rank"]
    assert sum(c["contribution"] for c in doc["criteria"]) == pytest.approx(doc["score"])
    assert doc["above"]["option"] == ids[i - 1]
    assert doc["below"]["option"] == ids[i + 1]
    assert doc["above"]["margin"] == pytest.approx(doc["score"] - ranking[i - 1]["score"])
    assert sum(doc["above"]["differences"].values()) == pytest.approx(doc["above"]["margin"])
    deterrence = next(c for c in doc["criteria"] if c["criterion"] == "deterrence")
    # deterrence 5 on the signed scale -5..10: (5 - -5) / 15 = 2/3
    assert deterrence["raw"] == 5
    assert deterrence["value"] == pytest.approx(2 / 3)
    assert deterrence["range"] == [3, 7]


def test_explain_first_and_last_have_one_neighbour(in_repo: Path) -> None:
    ranking = json.loads(run_cli("rank", "--format", "json").stdout)["ranking"]
    first = json.loads(run_cli("explain", ranking[0]["option"], "--format", "json").stdout)
    last = json.loads(run_cli("explain", ranking[-1]["option"], "--format", "json").stdout)
    assert first["above"] is None
    assert first["below"] is not None
    assert last["below"] is None
    assert last["above"] is not None


def test_explain_time_to_effect_uses_value_function(in_repo: Path) -> None:
    doc = json.loads(run_cli("explain", "fms-air-defense", "--format", "json").stdout)
    # time to effect is a modifier now: a factor, not a weighted criterion
    assert all(c["criterion"] != "time_to_effect" for c in doc["criteria"])
    line = next(m for m in doc["modifiers"] if m["criterion"] == "time_to_effect")
    # 24 months lies between (12, 0.97) and (36, 0.9): 0.97 - 0.07 * 12/24 = 0.935
    assert line["raw"] == 24
    assert line["factor"] == pytest.approx(0.935)


def test_validate_shipped_study(in_repo: Path, golden: Callable[[str, str], None]) -> None:
    result = run_cli("validate")
    assert result.exit_code == 0
    golden("validate.txt", result.stdout)


def test_validate_reports_every_problem_and_exits_1(make_study: StudyFactory) -> None:
    options = {
        **TINY_OPTIONS,
        "alpha": TINY_OPTIONS["alpha"].replace("recommended", "maybe"),
        "beta": TINY_OPTIONS["beta"].replace("value: 4", "value: 40"),
        "gamma": "title: Gamma\nscores: {gain: 2, delay: 20}\n",
    }
    folder = make_study(options=options)
    result = run_cli("validate", "--study", str(folder))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert len(errors) == 2
    assert "alpha.yaml:2:9:" in errors[0]
    assert "beta.yaml:5:17: score 40 for 'gain' lies outside its scale 0..10 points" in errors[1]
    assert len(warnings) == 3
    assert lines[-1].endswith(": invalid: 2 errors, 3 warnings")


def test_validate_warnings_alone_exit_0(make_study: StudyFactory) -> None:
    folder = make_study(
        options={**TINY_OPTIONS, "gamma": "title: Gamma\nscores: {gain: 2, delay: 20}\n"}
    )
    result = run_cli("validate", "--study", str(folder))
    assert result.exit_code == 0
    assert "valid: 3 options" in result.stdout
    # gamma's missing source quote and two rationales; the source without a file; the
    # verdict check: beta (rejected) ranks 1st of 3
    assert "5 warnings" in result.stdout
    assert "verdict check: beta: the source's stance is rejected" in result.stdout
    assert "source 'src' has no file: its 2 quotes were not checked" in result.stdout


def test_validate_broken_study_yaml(make_study: StudyFactory) -> None:
    folder = make_study(study="schema: 1\ntitle: x\ncriteria: {}\n")
    result = run_cli("validate", "--study", str(folder))
    assert result.exit_code == 1
    assert "study.yaml:3:11: " in result.stdout


def test_validate_lists_red_lines_and_the_verdict_check(make_study: StudyFactory) -> None:
    """Tiny study (even weights: alpha .65, beta .70, gamma .10) with a red line gain >= 3
    and gamma as the reference: gamma (gain 2) fails it; beta (rejected) ranks 1st of 3,
    in the top third (ceil(3/3) = 1): a warning at its stance; alpha (recommended) is last
    of the two competitors."""
    from tests.conftest import TINY_STUDY

    study = TINY_STUDY.replace("unit: points\n", "unit: points\n    threshold: 3\n")
    study = study.replace("defaults:", "reference: gamma\ndefaults:")
    folder = make_study(study=study)
    result = run_cli("validate", "--study", str(folder))
    assert result.exit_code == 0, result.stdout  # warnings alone
    lines = result.stdout.splitlines()
    red = [line for line in lines if "red line" in line]
    assert red == [f"warning: {folder}/gamma.yaml:5:9: fails the red line on Gain: 2 < 3 points"]
    verdict = [line for line in lines if "verdict check" in line]
    assert verdict == [
        f"warning: {folder}/beta.yaml:2:9: verdict check: beta: the source's stance is"
        " rejected, but the model ranks it 1st of 3, in the top third (1st to 1); driven by"
        " delay 0 months (+50.0), gain 4 points (+20.0)",
        # alpha against beta: delay .5 * (.5 - 1) = -.25 (gain .5 * (.8 - .4) = +.2 lifts it)
        f"warning: {folder}/alpha.yaml:2:9: verdict check: alpha: the source's stance is"
        " recommended, but the model ranks it last (2nd of 3, the reference aside); driven by"
        " delay 10 months (−25.0)",
    ]


def test_validate_departs_note_and_nothing_to_depart(make_study: StudyFactory) -> None:
    options = dict(TINY_OPTIONS)
    options["beta"] = options["beta"].replace(
        "stance: rejected\n", "stance: rejected\ndeparts: 'fast where it counts'\n"
    )
    options["gamma"] = options["gamma"].replace(
        "stance: in_place\n", "stance: insufficient\ndeparts: 'no reason'\n"
    )
    folder = make_study(options=options)
    out = run_cli("validate", "--study", str(folder)).stdout
    assert (
        f"note: {folder}/beta.yaml:3:10: verdict check: beta: the source's stance is rejected,"
        " but the model ranks it 1st of 3, in the top third (1st to 1); driven by delay 0"
        " months (+50.0), gain 4 points (+20.0) (departs on purpose: 'fast where it counts')"
    ) in out
    assert (
        f"warning: {folder}/gamma.yaml:3:10: verdict check: gamma says departs: 'no reason',"
        " but the model agrees with the source's stance (insufficient): nothing to depart from"
    ) in out
    # the note is not counted: gamma's warning and the tiny study's source without a file
    assert out.strip().endswith("0 errors, 2 warnings")


def test_validate_package_checks_the_best_package(make_study: StudyFactory) -> None:
    """Budget 10: alpha (.65) and beta (.70) cost 6 each, gamma (.10) costs 1; the best
    package is beta + gamma (.80 against alpha + gamma's .75): beta, rejected, is in it."""
    from tests.conftest import TINY_STUDY

    study = TINY_STUDY.replace(
        "defaults:", "resources:\n  money: {name: Money, unit: M, limit: 10}\ndefaults:"
    )
    costs = {"alpha": 6, "beta": 6, "gamma": 1}
    options = {
        key: text + f"costs: {{money: {costs[key]}}}\n" for key, text in TINY_OPTIONS.items()
    }
    folder = make_study(study=study, options=options)
    plain = run_cli("validate", "--study", str(folder)).stdout
    assert "best package" not in plain
    out = run_cli("validate", "--study", str(folder), "--package").stdout
    assert (
        "verdict check: beta: the source's stance is rejected, but the model puts it in the"
        " best package; driven by delay 0 months (+50.0), gain 4 points (+20.0)"
    ) in out
