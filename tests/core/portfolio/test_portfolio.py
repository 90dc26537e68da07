"""Portfolios: the exact best package against brute force, the integer program against
enumeration, the frontier and robustness against direct computation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from policy_options.core.portfolio.analysis import portfolio
from policy_options.core.portfolio.robustness import PORTFOLIO_STREAM
from policy_options.core.study.values import value
from policy_options.core.uncertainty.sampling import (
    cells_of,
    draw_values,
    generator,
    weight_sampler,
)
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.errors import UsageError
from tests.core.portfolio.instances import (
    Instance,
    all_packages,
    instances,
    is_feasible,
    make_study,
    package_value,
    weights_of,
)

FAST = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def run(inst: Instance, **kwargs: object):  # type: ignore[no-untyped-def]
    return portfolio(
        inst.study,
        inst.weights,
        require=inst.require,
        forbid=inst.forbid,
        size_max=inst.size_max,
        **kwargs,  # type: ignore[arg-type]
    )


@FAST
@given(instances(max_options=16))
def test_best_value_equals_brute_force(inst: Instance) -> None:
    # every feasible package's value, best first: scored once, for the best and the runners-up
    values = sorted(
        (package_value(inst, p) for p in all_packages(inst) if is_feasible(inst, p)), reverse=True
    )
    if not values:
        with pytest.raises(UsageError, match="no package meets every constraint"):
            run(inst, samples=0, engine="enumeration")
        return
    result = run(inst, samples=0, engine="enumeration")
    assert abs(result.best.value - values[0]) <= 1e-9
    assert is_feasible(inst, frozenset(result.best.options))
    assert abs(package_value(inst, frozenset(result.best.options)) - result.best.value) <= 1e-9
    runners = [p.value for p in result.runners_up]
    assert runners == pytest.approx(values[1 : 1 + len(runners)], abs=1e-9)
    assert len(runners) == min(5, len(values) - 1)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(instances(max_options=10))
def test_milp_agrees_with_enumeration(inst: Instance) -> None:
    try:
        enumerated = run(inst, samples=0, engine="enumeration")
    except UsageError:
        with pytest.raises(UsageError):
            run(inst, samples=0, engine="milp")
        return
    solved = run(inst, samples=0, engine="milp", frontier=enumerated.frontier_resource)
    assert solved.constraining is None  # not computed above the enumeration limit
    assert abs(solved.best.value - enumerated.best.value) <= 1e-9
    assert [p.value for p in solved.runners_up] == pytest.approx(
        [p.value for p in enumerated.runners_up], abs=1e-9
    )
    assert solved.binding == enumerated.binding
    a = [(p.budget, p.package.value) for p in enumerated.frontier]
    b = [(p.budget, p.package.value) for p in solved.frontier]
    rises = [y[1] - x[1] for x, y in itertools.pairwise(a)]
    if all(rise > 1e-4 for rise in rises):  # the MILP path misses rises below its margin
        assert len(a) == len(b)
        for (ba, va), (bb, vb) in zip(a, b, strict=True):
            assert ba == pytest.approx(bb, abs=1e-9)
            assert va == pytest.approx(vb, abs=1e-9)


@FAST
@given(instances(max_options=16))
def test_search_agrees_with_enumeration(inst: Instance) -> None:
    """The bounded meet-in-the-middle search finds the same best package, ties and
    runners-up (by value) as scoring every package."""
    try:
        enumerated = run(inst, samples=0, engine="enumeration")
    except UsageError:
        with pytest.raises(UsageError, match="no package meets every constraint"):
            run(inst, samples=0, engine="search")
        return
    searched = run(inst, samples=0, engine="search")
    assert searched.engine == "search"
    assert abs(searched.best.value - enumerated.best.value) <= 1e-9
    assert [p.value for p in searched.runners_up] == pytest.approx(
        [p.value for p in enumerated.runners_up], abs=1e-9
    )
    assert len(searched.ties) == len(enumerated.ties)
    assert searched.binding == enumerated.binding
    if searched.feasible_count is not None:
        assert searched.feasible_count == enumerated.feasible_count
    assert searched.scored is not None
    assert searched.scored <= 2 ** len(inst.study.options)


GAIN_AND_RISK = {
    "gain": {"name": "Gain", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}},
    "risk": {  # baseline "no risk": a risky option takes value away
        "name": "Risk",
        "direction": "lower_is_better",
        "scale": {"min": 0, "max": 10},
        "baseline": 0,
    },
}


def _wide(n: int, seed: int) -> Instance:
    """n options on two criteria (one a risk with its baseline at "no risk") and two
    resources whose limits bind, with prerequisites, exclusions and interactions."""
    import random

    rng = random.Random(seed)
    criteria = GAIN_AND_RISK
    ids = [f"o{j:02d}" for j in range(n)]
    options = {
        key: {
            "scores": {"gain": round(rng.uniform(1, 9), 1), "risk": round(rng.uniform(0, 3), 1)},
            "costs": {"money": round(rng.uniform(1, 10), 1), "days": round(rng.uniform(0, 5), 1)},
        }
        for key in ids
    }
    options[ids[0]]["requires"] = [ids[1]]
    options[ids[n - 1]]["requires"] = [ids[2]]  # across the two halves
    options[ids[3]]["excludes"] = [ids[n - 2]]
    interactions = [
        {"options": [ids[4], ids[n - 3]], "criterion": "gain", "value": 0.3},
        {"options": [ids[5], ids[6]], "criterion": "risk", "value": -0.2},
    ]
    budget = {"money": round(5.5 * n / 3, 1), "days": round(2.5 * n / 3, 1)}
    return Instance(
        make_study(criteria, options, budget, interactions),
        weights_of({"gain": 2, "risk": 1}),
        (),
        (),
        None,
    )


def test_search_is_chosen_above_the_enumeration_limit_and_agrees_with_milp() -> None:
    inst = _wide(30, seed=4)
    searched = run(inst, samples=0)
    assert searched.engine == "search"
    assert searched.scored is not None
    assert 0 < searched.scored < 2**30
    solved = run(inst, samples=0, engine="milp")
    assert searched.best.options == solved.best.options
    assert abs(searched.best.value - solved.best.value) <= 1e-9
    assert [p.value for p in searched.runners_up] == pytest.approx(
        [p.value for p in solved.runners_up], abs=1e-9
    )


def test_a_search_that_gives_up_falls_back_to_integer_programs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import policy_options.core.portfolio.search as search

    monkeypatch.setattr(search, "MAX_PAIRS", 10)
    result = run(_wide(30, seed=4), samples=0)
    assert result.engine == "milp"
    assert result.scored is None


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(instances(max_options=8))
def test_frontier_is_the_best_value_at_every_budget(inst: Instance) -> None:
    try:
        result = run(inst, samples=0, engine="enumeration")
    except UsageError:
        return
    resource = result.frontier_resource
    assert resource is not None
    points = result.frontier
    assert [p.budget for p in points] == sorted(p.budget for p in points)
    assert all(b.package.value > a.package.value + 1e-9 for a, b in itertools.pairwise(points))
    packages = all_packages(inst)

    def best_at(budget: float) -> float:
        return max(
            (package_value(inst, p) for p in packages if is_feasible(inst, p, resource, budget)),
            default=-np.inf,
        )

    levels = {0.0} | {
        sum(inst.study.options[o].spec.cost_values[resource] for o in p) for p in packages
    }
    for level in levels:
        at = [p for p in points if p.budget <= level + 1e-9]
        expected = best_at(level)
        if expected == -np.inf:
            assert not at
            continue
        assert at[-1].package.value == pytest.approx(expected, abs=1e-9)
    for point in points:
        assert point.cost == pytest.approx(point.package.costs[resource])
        assert point.cost <= point.budget + 1e-9


def _direct_robustness(
    inst: Instance, samples: int, seed: int, fixed: bool
) -> tuple[dict[str, float], float, tuple[str, ...]]:
    """Core indices by brute force over every feasible package, sample by sample, with the
    draws taken from the same streams."""
    study = inst.study
    keys = [k for k in study.criteria if inst.weights.normalised[k] > 0]
    profile = np.array([inst.weights.normalised[k] for k in keys])
    profile /= profile.sum()
    w = weight_sampler(profile, WeightModel.uniform, None, seed)(0, samples)
    ids = list(study.options)
    rows = []
    if not fixed:
        for j, o in enumerate(ids):
            for i, k in enumerate(keys):
                r = study.options[o].spec.scores[k].range
                if r is not None and r[0] < r[1]:
                    rows.append((j, i, r[0], study.options[o].spec.scores[k].value, r[1]))
    drawn = None
    if rows:
        drawn = draw_values(
            cells_of(study, tuple(keys), rows), generator(seed, PORTFOLIO_STREAM, 0), samples
        )
    feasible = [p for p in all_packages(inst) if is_feasible(inst, p)]
    base = max(feasible, key=lambda p: (package_value(inst, p), -len(p)))
    counts = dict.fromkeys(ids, 0)
    stays = 0
    for s in range(samples):
        values = {
            (o, k): value(study.criteria[k], study.options[o].spec.scores[k].value)
            for o in ids
            for k in keys
        }
        for c, (j, i, *_rest) in enumerate(rows):
            assert drawn is not None
            values[(ids[j], keys[i])] = drawn[c, s]

        def v(
            p: frozenset[str], values: dict[tuple[str, str], float] = values, s: int = s
        ) -> float:
            total = 0.0
            for i, k in enumerate(keys):
                crit = study.criteria[k]
                base_k = crit.baseline
                if base_k is None:
                    base_k = (
                        crit.scale.min if crit.direction == "higher_is_better" else crit.scale.max
                    )
                vb = value(crit, base_k)
                part = sum(values[(o, k)] - vb for o in p)
                part += sum(
                    x.value for x in study.interactions if x.criterion == k and set(x.options) <= p
                )
                total += w[i, s] * part
            return total

        winner = max(feasible, key=v)
        for o in winner:
            counts[o] += 1
        stays += winner == base
    return {o: c / samples for o, c in counts.items()}, stays / samples, tuple(sorted(base))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(instances(max_options=6))
def test_robustness_matches_direct_computation(inst: Instance) -> None:
    for fixed in (True, False):
        try:
            result = run(inst, samples=150, seed=7, fixed_scores=fixed)
        except UsageError:
            return
        rob = result.robustness
        assert rob is not None
        core, stays, _ = _direct_robustness(inst, 150, 7, fixed)
        # exact ties between packages (equal values in a sample) may resolve differently
        values = sorted(
            {round(package_value(inst, p), 9) for p in all_packages(inst) if is_feasible(inst, p)}
        )
        if len(values) < len([p for p in all_packages(inst) if is_feasible(inst, p)]):
            continue
        assert rob.core_index == pytest.approx(core, abs=1e-12)
        assert rob.best_stays == pytest.approx(stays, abs=1e-12)


def _small() -> Instance:
    criteria = GAIN_AND_RISK
    options = {
        "a": {"scores": {"gain": 8, "risk": 2}, "costs": {"money": 5}},
        "b": {"scores": {"gain": 6, "risk": 1}, "costs": {"money": 4}, "requires": ["c"]},
        "c": {"scores": {"gain": 2, "risk": 0}, "costs": {"money": 1}},
        "d": {"scores": {"gain": 3, "risk": 6}, "costs": {"money": 1}, "excludes": ["a"]},
    }
    interactions = [{"options": ["a", "c"], "criterion": "risk", "value": 0.1}]
    return Instance(
        make_study(criteria, options, {"money": 6}, interactions),
        weights_of({"gain": 1, "risk": 1}),
        (),
        (),
        None,
    )


def test_worked_example_by_hand() -> None:
    """w = (1/2, 1/2). Added values: a: (0.8 - 0.2)/2 = 0.30, b: (0.6 - 0.1)/2 = 0.25,
    c: 0.1, d: (0.3 - 0.6)/2 = -0.15; a+c interact: +0.1 x 1/2 = 0.05.
    Budget 6: {a, c} = 0.45 (cost 6), {b, c} = 0.35 (cost 5), {a} = 0.30."""
    result = run(_small(), samples=0)
    assert result.best.options == ("a", "c")
    assert result.best.value == pytest.approx(0.45)
    assert result.best.values == pytest.approx({"gain": 0.5, "risk": -0.05})
    assert [p.options for p in result.runners_up[:2]] == [("b", "c"), ("a",)]
    assert result.runners_up[0].value == pytest.approx(0.35)
    assert result.binding == ("money",)
    assert [(p.budget, round(p.package.value, 12)) for p in result.frontier] == [
        (0.0, 0.0),
        (1.0, 0.1),
        (5.0, 0.35),
        (6.0, 0.45),
        (10.0, 0.7),
    ]
    assert result.best.interactions[0].options == ("a", "c")


@pytest.mark.parametrize("engine", ["enumeration", "search", "milp"])
def test_only_the_empty_package_fits(engine: str) -> None:
    inst = _small()
    result = portfolio(inst.study, inst.weights, budget=["money=0"], samples=0, engine=engine)  # type: ignore[arg-type]
    assert result.best.options == ()
    assert result.only_empty


def test_other_methods_are_refused() -> None:
    inst = _small()
    with pytest.raises(UsageError, match="'topsis'"):
        portfolio(inst.study, inst.weights, method="topsis", samples=0)


def test_robustness_is_reproducible_and_samples_zero_skips_it() -> None:
    inst = _small()
    one = portfolio(inst.study, inst.weights, samples=500, seed=3)
    two = portfolio(inst.study, inst.weights, samples=500, seed=3)
    assert one.robustness is not None
    assert two.robustness is not None
    assert one.robustness.core_index == two.robustness.core_index
    assert portfolio(inst.study, inst.weights, samples=0).robustness is None


def test_milp_robustness_agrees_with_enumeration() -> None:
    inst = _small()
    a = portfolio(inst.study, inst.weights, samples=60, seed=5, engine="enumeration")
    b = portfolio(inst.study, inst.weights, samples=60, seed=5, engine="milp")
    assert a.robustness is not None
    assert b.robustness is not None
    assert b.robustness.engine == "milp"
    assert a.robustness.core_index == b.robustness.core_index
    assert a.robustness.best_stays == b.robustness.best_stays


def test_robustness_breaks_ties_as_the_best_package_does() -> None:
    """{a, d} and {b, c} tie in every sample; the best package is {a, d} (same size, ids
    first), and so is every sample's: its members are core, the others exterior."""
    criteria = {"g": {"name": "g", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}}
    options = {
        "a": {"scores": {"g": 1}},
        "b": {"scores": {"g": 2}, "excludes": ["d"]},
        "c": {"scores": {"g": 2}, "excludes": ["d"]},
        "d": {"scores": {"g": 3}},
    }
    result = portfolio(
        make_study(criteria, options, {}, []), weights_of({"g": 1}), size_max=2, samples=200
    )
    assert result.best.options == ("a", "d")
    assert result.robustness is not None
    assert result.robustness.core_index == {"a": 1.0, "b": 0.0, "c": 0.0, "d": 1.0}
    assert result.robustness.best_stays == 1.0


def test_robustness_keeps_an_option_whose_value_dips_inside_its_range() -> None:
    """A U-shaped value function with the baseline at 2.5 (value 0.15): a scored 5 in
    [0, 10] adds value at both ends of its range (0.3, 1.0) but not around 5 (0), so it is
    not always worth adding; its core index is the chance that its drawn value beats the
    baseline's: P(x < 2.5 or x > 5.75) = 0.125 + 0.361 for a triangular (0, 5, 10)."""
    criteria = {
        "g": {
            "name": "g",
            "direction": "higher_is_better",
            "scale": {"min": 0, "max": 10},
            "value_function": [[0, 0.3], [5, 0.0], [10, 1.0]],
            "baseline": 2.5,
        },
        "h": {"name": "h", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}},
    }
    options = {
        "a": {"scores": {"g": {"value": 5, "range": [0, 10]}, "h": 0}},
        "b": {"scores": {"g": 5, "h": 5}},
    }
    inst = Instance(
        make_study(criteria, options, {}, []), weights_of({"g": 1, "h": 1}), (), (), None
    )
    result = run(inst, samples=2000, seed=4)
    assert result.robustness is not None
    share = result.robustness.core_index["a"]
    assert share == pytest.approx(0.125 + 4.25**2 / 50, abs=0.04)


def test_a_binding_size_limit_is_said() -> None:
    """With at most one option the best is {a} (0.30); two would give {a, c} (0.45)."""
    from policy_options.render.views.portfolio import portfolio as view
    from policy_options.render.writers import write

    inst = _small()
    result = portfolio(inst.study, inst.weights, size_max=1, samples=0)
    assert result.best.options == ("a",)
    assert result.size_binding is True
    assert "The size limit (1) binds." in write(view(result), "markdown")
    assert portfolio(inst.study, inst.weights, size_max=2, samples=0).size_binding is False
