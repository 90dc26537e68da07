"""`policy portfolio`: golden files for every format, the JSON contract, bad input."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY_OPTIONS, TINY_STUDY, StudyFactory, run_cli

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
FAST = ["--samples", "2000"]


@pytest.mark.usefixtures("in_repo")
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden(fmt: str, golden: Callable[[str, str], None]) -> None:
    result = run_cli("portfolio", "--format", fmt, *FAST)
    assert result.exit_code == 0, result.stderr
    golden(f"portfolio.{FORMATS[fmt]}", result.stdout)


@pytest.mark.usefixtures("in_repo")
def test_golden_with_larger_budgets_and_another_profile(golden: Callable[[str, str], None]) -> None:
    result = run_cli(
        "portfolio", "--weights", "deterrence-first", "--budget", "funding=1000",
        "--budget", "attention=90", "--samples", "0", "--format", "markdown",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    golden("portfolio-deterrence-1000.md", result.stdout)


@pytest.mark.usefixtures("in_repo")
def test_json_contract() -> None:
    result = run_cli("portfolio", "--format", "json", *FAST)
    doc = json.loads(result.stdout)
    assert doc["schema"] == 1
    assert doc["method"] == "additive"
    assert doc["profile"] == "balanced"
    assert set(doc["budget"]) == {"funding", "attention"}
    best = doc["best"]
    assert best["options"] == sorted(best["options"])
    assert sum(best["values"].values()) == pytest.approx(best["value"])
    assert set(best) >= {"options", "value", "values", "costs", "binding", "interactions"}
    assert all(set(r) >= {"options", "value"} for r in doc["runners_up"])
    assert len(doc["runners_up"]) == 5
    assert all(set(p) == {"budget", "options", "value", "cost"} for p in doc["frontier"])
    assert doc["frontier"][-1]["value"] >= best["value"]
    rob = doc["robustness"]
    assert rob["samples"] == 2000
    assert set(rob["core_index"]) == {
        o["option"] for o in json.loads(run_cli("info", "--format", "json").stdout)["options"]
    }
    assert 0 <= rob["best_stays"] <= 1


@pytest.mark.usefixtures("in_repo")
def test_samples_zero_omits_robustness() -> None:
    doc = json.loads(run_cli("portfolio", "--format", "json", "--samples", "0").stdout)
    assert "robustness" not in doc


@pytest.mark.usefixtures("in_repo")
def test_require_forbid_and_size() -> None:
    doc = json.loads(
        run_cli(
            "portfolio", "-f", "json", "-n", "0", "--require", "fms-air-defense",
            "--forbid", "us-eu-mediation", "--size-max", "4",
        ).stdout
    )  # fmt: skip
    # fms-air-defense.yaml: requires [end-use-monitoring, clear-limits] and one of
    # [us-eu-mediation, turkey-normalization]; with the first forbidden, the four are forced
    best = doc["best"]["options"]
    assert sorted(best) == [
        "clear-limits", "end-use-monitoring", "fms-air-defense", "turkey-normalization"
    ]  # fmt: skip
    assert "us-eu-mediation" not in best


@pytest.mark.usefixtures("in_repo")
def test_a_budget_that_buys_nothing_says_so() -> None:
    result = run_cli(
        "portfolio", "--budget", "funding=0", "--budget", "attention=0", "-n", "0",
        "--forbid", "status-quo",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "No option fits: the only feasible package is the empty one." in result.stdout


STUDY_WITH_RESOURCES = TINY_STUDY.replace(
    "defaults:", "resources:\n  money: {name: Money, unit: $m, limit: 10}\ndefaults:"
)


def _costed(make_study: StudyFactory, **changes: str) -> Path:
    options = {key: text + "costs: {money: 4}\n" for key, text in TINY_OPTIONS.items()}
    options.update(changes)
    return make_study(study=STUDY_WITH_RESOURCES, options=options)


ALPHA = TINY_OPTIONS["alpha"]
CASES: dict[str, tuple[Callable[[StudyFactory], tuple[Path, list[str]]], str]] = {
    "unknown resource": (
        lambda m: (_costed(m, alpha=ALPHA + "costs: {mony: 4}\n"), []),
        "alpha.yaml:7:9: unknown resource 'mony' (did you mean 'money'?)",
    ),
    "negative cost": (
        lambda m: (_costed(m, alpha=ALPHA + "costs: {money: -1}\n"), []),
        "alpha.yaml:7:16: 'money': must be >= 0",
    ),
    "costs without resources": (
        lambda m: (m(options={**TINY_OPTIONS, "alpha": ALPHA + "costs: {money: 1}\n"}), []),
        "alpha.yaml:7:1: costs given but the study declares no resources",
    ),
    "unknown required option": (
        lambda m: (_costed(m, alpha=ALPHA + "costs: {money: 4}\nrequires: [bta]\n"), []),
        "alpha.yaml:8:12: unknown option 'bta' (did you mean 'beta'?)",
    ),
    "requires itself": (
        lambda m: (_costed(m, alpha=ALPHA + "costs: {money: 4}\nrequires: [alpha]\n"), []),
        "alpha.yaml:8:12: option 'alpha' requires itself",
    ),
    "requires what it excludes": (
        lambda m: (
            _costed(m, alpha=ALPHA + "costs: {money: 4}\nrequires: [beta]\nexcludes: [beta]\n"),
            [],
        ),
        "alpha.yaml:8:12: option 'alpha' requires 'beta' and also excludes it",
    ),
    "requires what excludes it": (
        lambda m: (
            _costed(
                m,
                alpha=ALPHA + "costs: {money: 4}\nrequires: [beta]\n",
                beta=TINY_OPTIONS["beta"] + "costs: {money: 4}\nexcludes: [alpha]\n",
            ),
            [],
        ),
        "alpha.yaml:8:12: option 'alpha' requires 'beta', which excludes it",
    ),
    "negative limit": (
        lambda m: (m(study=STUDY_WITH_RESOURCES.replace("limit: 10", "limit: -1")), []),
        "study.yaml:20:41: 'limit': must be >= 0",
    ),
    "baseline off the scale": (
        lambda m: (
            m(study=TINY_STUDY.replace("unit: points", "unit: points\n    baseline: 12")),
            [],
        ),
        "study.yaml:13:15: baseline 12 lies outside the scale 0..10",
    ),
    "interaction with an unknown option": (
        lambda m: (
            _interactions(
                m, "- {options: [alpha, gamma2], criterion: gain, value: 0.1, rationale: r}\n"
            ),
            [],
        ),
        "interactions.yaml:1:21: unknown option 'gamma2' (did you mean 'gamma'?)",
    ),
    "interaction on an unknown criterion": (
        lambda m: (
            _interactions(
                m, "- {options: [alpha, beta], criterion: gian, value: 0.1, rationale: r}\n"
            ),
            [],
        ),
        "interactions.yaml:1:39: unknown criterion 'gian' (did you mean 'gain'?)",
    ),
    "interaction too large": (
        lambda m: (
            _interactions(
                m, "- {options: [alpha, beta], criterion: gain, value: 2, rationale: r}\n"
            ),
            [],
        ),
        "interactions.yaml:1:52: 'value': must be <= 1",
    ),
    "interaction unknown key": (
        lambda m: (
            _interactions(
                m, "- {options: [alpha, beta], criterion: gain, value: 0.1, rationle: r}\n"
            ),
            [],
        ),
        "interactions.yaml:1:57: unknown key 'rationle' (did you mean 'rationale'?)",
    ),
    "interactions not a list": (
        lambda m: (_interactions(m, "options: [alpha, beta]\n"), []),
        "interactions.yaml:1:1: expected a list of interactions, got dict",
    ),
    "--budget unknown resource": (
        lambda m: (_costed(m), ["--budget", "mony=3"]),
        "--budget 'mony=3': unknown resource 'mony' (did you mean 'money'?)",
    ),
    "--budget negative": (
        lambda m: (_costed(m), ["--budget", "money=-3"]),
        "--budget 'money=-3': a limit must be a finite number >= 0",
    ),
    "--budget without resources": (
        lambda m: (m(), ["--budget", "money=3"]),
        "--budget 'money=3': the study declares no resources",
    ),
    "--require unknown": (
        lambda m: (_costed(m), ["--require", "alpah"]),
        "--require alpah: unknown option 'alpah' (did you mean 'alpha'?)",
    ),
    "--forbid a required option": (
        lambda m: (_costed(m), ["--require", "alpha", "--forbid", "alpha"]),
        "'alpha' is both required (--require) and forbidden (--forbid)",
    ),
    "required beyond the budget": (
        lambda m: (_costed(m), ["--require", "alpha", "--budget", "money=1"]),
        "no package meets every constraint (--require alpha)",
    ),
    "--frontier unknown": (
        lambda m: (_costed(m), ["--frontier", "mony"]),
        "--frontier mony: unknown resource 'mony' (did you mean 'money'?)",
    ),
    "another method": (
        lambda m: (
            m(study=TINY_STUDY.replace("  weights: even", "  weights: even\n  method: topsis")),
            [],
        ),
        "portfolio value is additive; the method 'topsis' does not add options up",
    ),
    "--seed negative": (
        lambda m: (_costed(m), ["--seed", "-1"]),
        "--seed must be a whole number >= 0",
    ),
}


def _interactions(make_study: StudyFactory, text: str) -> Path:
    folder = _costed(make_study)
    (folder / "interactions.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input(make_study: StudyFactory, tmp_path: Path, case: str) -> None:
    build, expected = CASES[case]
    folder, extra = build(make_study)
    target = tmp_path / "out.md"
    result = run_cli(
        "portfolio", "--study", str(folder), "--output", str(target), "-n", "50", *extra
    )
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert result.stdout == ""
    assert not target.exists()


def test_requires_cycle_and_unusable_option_warn(make_study: StudyFactory) -> None:
    folder = _costed(
        make_study,
        alpha=ALPHA + "costs: {money: 1}\nrequires: [beta]\n",
        beta=TINY_OPTIONS["beta"] + "costs: {money: 1}\nrequires: [alpha, gamma]\n",
        gamma=TINY_OPTIONS["gamma"] + "costs: {money: 1}\nexcludes: [alpha]\n",
    )
    result = run_cli("validate", "--study", str(folder))
    assert "requires-cycle: alpha, beta require each other" in result.stdout + result.stderr
    assert "option 'alpha' can never be in a package" in result.stdout + result.stderr


def test_study_without_portfolio_keys_still_works(tiny: Path) -> None:
    result = run_cli("portfolio", "--study", str(tiny), "-n", "100", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["budget"] == {}
    assert doc["frontier"] == []
    # default baselines: an option adds its own score, so with no budget every option is in
    assert doc["best"]["options"] == ["alpha", "beta", "gamma"]


@pytest.mark.usefixtures("in_repo")
def test_scenario_applies_before_the_portfolio() -> None:
    base = json.loads(run_cli("portfolio", "-f", "json", "-n", "0").stdout)
    future = json.loads(
        run_cli("portfolio", "-f", "json", "-n", "0", "--scenario", "russia-returns").stdout
    )
    assert "russia-returns" in future["study"]
    assert future["best"]["value"] != base["best"]["value"]


def test_thirty_options_are_searched_not_solved(make_study: StudyFactory) -> None:
    """Between 26 and 40 options the bounded search finds the package; the output says so."""
    options = {}
    for j in range(30):
        gain, delay, money = (j * 7) % 10, (j * 3) % 20, 1 + (j * 5) % 9
        options[f"o{j:02d}"] = (
            f"title: Option {j}\nscores:\n  gain: {{value: {gain}}}\n  delay: {{value: {delay}}}\n"
            f"costs: {{money: {money}}}\n"
        )
    study = make_study(study=STUDY_WITH_RESOURCES, options=options)
    table = run_cli("portfolio", "--study", str(study), "-n", "0")
    assert table.exit_code == 0, table.stderr
    assert "exact: meet-in-the-middle search over 30 options" in " ".join(table.stdout.split())
    doc = json.loads(run_cli("portfolio", "--study", str(study), "-n", "0", "-f", "json").stdout)
    assert doc["engine"] == "search"
    assert doc["best"]["costs"]["money"] <= 10
    assert len(doc["runners_up"]) == 5


def test_a_resource_without_unit_is_named_alone(make_study: StudyFactory) -> None:
    study = STUDY_WITH_RESOURCES.replace("unit: $m, ", "")
    options = {key: text + "costs: {money: 4}\n" for key, text in TINY_OPTIONS.items()}
    folder = make_study(study=study, options=options)
    text = run_cli("portfolio", "--study", str(folder), "-n", "0", "-f", "markdown").stdout
    assert "| Money | 8 | 10 |" in text
    assert "( )" not in text
    assert "## Efficient frontier: Money\n" in text
