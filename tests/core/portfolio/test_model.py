"""The package value model with the study's conditions: a reference option as the
baseline, modifiers, requires_any groups and red lines, against brute force in every
engine (enumeration, the bounded search, the integer program)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from policy_options.core.portfolio.analysis import portfolio
from policy_options.core.portfolio.model import build_model
from policy_options.errors import UsageError
from tests.core.portfolio.instances import (
    Instance,
    all_packages,
    factor,
    fails_a_red_line,
    instances,
    is_feasible,
    make_study,
    package_value,
    weights_of,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


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
@given(instances(max_options=9, conditions=True))
def test_every_engine_finds_the_brute_force_best_under_the_conditions(inst: Instance) -> None:
    values = sorted(
        (package_value(inst, p) for p in all_packages(inst) if is_feasible(inst, p)), reverse=True
    )
    for engine in ("enumeration", "search", "milp"):
        if not values:
            with pytest.raises(UsageError, match="no package meets every constraint"):
                run(inst, samples=0, engine=engine)
            continue
        result = run(inst, samples=0, engine=engine)
        chosen = frozenset(result.best.options)
        assert is_feasible(inst, chosen), engine
        assert abs(result.best.value - values[0]) <= 1e-9, engine
        assert abs(package_value(inst, chosen) - result.best.value) <= 1e-9
        if engine == "enumeration":
            assert result.feasible_count == len(values)
            runners = [p.value for p in result.runners_up]
            assert runners == pytest.approx(values[1 : 1 + len(runners)], abs=1e-9)


@FAST
@given(instances(max_options=8, conditions=True))
def test_the_model_is_the_definition(inst: Instance) -> None:
    study = inst.study
    model = build_model(study, inst.weights, require=inst.require, forbid=inst.forbid)
    for package in all_packages(inst)[:64]:
        index = [model.ids.index(o) for o in package]
        assert model.value(index) == pytest.approx(package_value(inst, package), abs=1e-9)
    for j, key in enumerate(model.ids):
        out = j in model.forced_out
        assert out == (
            key in inst.forbid
            or key == study.spec.reference
            or (fails_a_red_line(study, key) and key not in inst.require)
        )
        if model.factors:
            assert model.factors[j] == pytest.approx(factor(study, key))


def _two(reference: bool, threshold: float | None = None) -> Instance:
    criteria = {
        "gain": {
            "name": "gain",
            "direction": "higher_is_better",
            "scale": {"min": 0, "max": 10},
            "threshold": threshold,
        },
        "odds": {
            "name": "odds",
            "role": "modifier",
            "direction": "higher_is_better",
            "scale": {"min": 0, "max": 10},
            "value_function": [[0, 0.0], [10, 1.0]],
        },
    }
    options = {
        "a": {"scores": {"gain": 8, "odds": 5}, "costs": {"money": 1}},
        "b": {"scores": {"gain": 6, "odds": 10}, "costs": {"money": 1}},
        "now": {"scores": {"gain": 4, "odds": 10}, "costs": {"money": 0}},
    }
    study = make_study(criteria, options, {"money": 1}, [], "now" if reference else None)
    return Instance(study, weights_of({"gain": 1.0}), (), (), None)


def test_reference_is_the_baseline_and_a_modifier_scales_the_gain() -> None:
    # from the reference (4): a adds 0.5 x (0.8 - 0.4) = 0.2, b adds 1 x (0.6 - 0.4) = 0.2;
    # from the scale's worst end: a adds 0.5 x 0.8 = 0.4, b adds 0.6, now adds 0.4 at cost 0
    with_reference = portfolio(_two(True).study, _two(True).weights, samples=0)
    assert with_reference.baseline_origin == {"gain": "reference"}
    assert "now" not in with_reference.best.options
    assert with_reference.option_values["a"] == pytest.approx(0.2)
    assert with_reference.option_values["b"] == pytest.approx(0.2)
    assert with_reference.option_values["now"] == pytest.approx(0.0)
    without = portfolio(_two(False).study, _two(False).weights, samples=0)
    assert without.baseline_origin == {"gain": "scale"}
    assert without.best.options == ("b", "now")
    assert without.best.value == pytest.approx(1.0)


def test_the_reference_cannot_be_required() -> None:
    inst = _two(True)
    with pytest.raises(UsageError, match="reference"):
        portfolio(inst.study, inst.weights, require=["now"], samples=0)


def test_a_red_line_keeps_an_option_out_unless_required() -> None:
    inst = _two(False, threshold=7)  # b (6) and now (4) fail gain >= 7
    result = portfolio(inst.study, inst.weights, samples=0)
    assert result.red_lines == {"b": ("gain",), "now": ("gain",)}
    assert result.best.options == ("a",)
    forced = portfolio(inst.study, inst.weights, require=["b"], samples=0)
    assert forced.red_lines_required == {"b": ("gain",)}
    assert forced.red_lines == {"now": ("gain",)}
    assert forced.best.options == ("b",)
