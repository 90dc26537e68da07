"""Packages across futures against brute force: every feasible package valued in every
scenario from the definition, the decision rules' packages by plain search."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_options.core.portfolio.futures import portfolio_futures
from policy_options.core.study.files.profile_file import Profile, ProfileFile
from policy_options.core.study.files.scenario_file import Scenario, ScenarioFile
from policy_options.core.study.scenarios import apply_scenario
from policy_options.errors import UsageError
from tests.core.portfolio.instances import (
    Instance,
    all_packages,
    instances,
    is_feasible,
    make_study,
    package_value,
)


@st.composite
def with_scenarios(draw: st.DrawFn) -> tuple[Instance, bool]:
    inst = draw(instances(max_options=6, conditions=True))
    study = inst.study
    count = draw(st.integers(1, 3))
    probable = draw(st.booleans())
    keys = [k for k in study.spec.criteria if k != "mod"]
    scenarios = {}
    for s in range(count):
        overrides: dict[str, dict[str, object]] = {}
        for option in draw(st.lists(st.sampled_from(list(study.options)), max_size=4, unique=True)):
            key = draw(st.sampled_from(keys))
            overrides[option] = {key: {"value": draw(st.integers(0, 10))}}
        spec = ScenarioFile.model_validate(
            {
                "name": f"s{s}",
                "probability": 0.2 if probable else None,
                "scores": overrides,
            }
        )
        scenarios[f"s{s}"] = Scenario(f"s{s}", spec, f"s{s}.yaml")
    # the profile "p" every future uses holds the instance's weights
    profile = Profile("p", ProfileFile.model_validate({"weights": inst.weights.raw}), "p.yaml")
    study = replace(study, scenarios=scenarios, profiles={"p": profile})
    return Instance(study, inst.weights, inst.require, inst.forbid, inst.size_max), probable


def _tie_key(package: frozenset[str]) -> tuple[int, list[str]]:
    return len(package), sorted(package)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(with_scenarios())
def test_decision_rules_match_brute_force(case: tuple[Instance, bool]) -> None:
    inst, probable = case
    feasible = [p for p in all_packages(inst) if is_feasible(inst, p)]
    if not feasible:
        return
    study = inst.study
    futures = ["base", *study.scenarios]
    values = {
        p: {s: package_value(inst, p, apply_scenario(study, s)) for s in futures} for p in feasible
    }
    best = {s: max(v[s] for v in values.values()) for s in futures}
    max_regret = {p: max(best[s] - values[p][s] for s in futures) for p in feasible}
    worst = {p: min(values[p].values()) for p in feasible}
    chances = {"base": 1 - 0.2 * len(study.scenarios), **dict.fromkeys(study.scenarios, 0.2)}
    expected = {p: sum(chances[s] * values[p][s] for s in futures) for p in feasible}
    result = portfolio_futures(
        study, "p", require=inst.require, forbid=inst.forbid, size_max=inst.size_max
    )
    assert result.feasible_count == len(feasible)
    assert result.minimax_regret.max_regret == pytest.approx(min(max_regret.values()), abs=1e-9)
    assert result.maximin.worst == pytest.approx(max(worst.values()), abs=1e-9)
    chosen = frozenset(result.minimax_regret.options)
    assert max_regret[chosen] == pytest.approx(result.minimax_regret.max_regret, abs=1e-9)
    ties = [p for p in feasible if max_regret[p] <= min(max_regret.values()) + 1e-9]
    assert _tie_key(chosen) == min(_tie_key(p) for p in ties)
    for s in futures:
        assert result.best_in[s].values[s] == pytest.approx(best[s], abs=1e-9)
        assert result.minimax_regret.values[s] == pytest.approx(values[chosen][s], abs=1e-9)
    if probable:
        assert result.expected is not None
        assert result.expected.expected == pytest.approx(max(expected.values()), abs=1e-9)
    else:
        assert result.expected is None


def test_a_study_without_scenarios_is_refused() -> None:
    criteria = {"c": {"name": "c", "direction": "higher_is_better", "scale": {"min": 0, "max": 1}}}
    study = make_study(criteria, {"a": {"scores": {"c": 1}}}, {}, [])
    with pytest.raises(UsageError, match="no scenarios"):
        portfolio_futures(study, "p")
