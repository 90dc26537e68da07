"""Aggregation methods against published worked examples and hand derivations, to 1e-4."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import Preference, Problem
from policy_options.core.methods.promethee import flows, preference
from policy_options.core.methods.topsis import closeness
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from tests.conftest import TINY_STUDY, StudyFactory


def test_topsis_hwang_yoon_1981_fighter_aircraft() -> None:
    """Hwang & Yoon (1981), *Multiple Attribute Decision Making*, the fighter-aircraft example:
    four aircraft on six attributes, the fourth (cost) lower is better."""
    aircraft = [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
    weights = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
    benefit = [True, True, True, False, True, True]
    assert closeness(aircraft, weights, benefit) == pytest.approx(
        [0.6433, 0.2684, 0.6135, 0.3123], abs=1e-4
    )


def test_topsis_tzeng_huang_2011() -> None:
    """Tzeng & Huang (2011), *Multiple Attribute Decision Making: Methods and Applications*,
    the TOPSIS example: four alternatives, three benefit criteria."""
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    assert closeness(matrix, [0.3, 0.4, 0.3], [True] * 3) == pytest.approx(
        [0.5037, 0.6581, 0.7482, 0.3340], abs=1e-4
    )


@pytest.mark.parametrize("benefit", [True, False])
def test_topsis_an_all_zero_column_contributes_nothing(benefit: bool) -> None:
    """c0 is 0 for every option (norm 0): its weighted normalised scores are 0, it adds
    no distance, and the closeness comes from c1 alone: weighted normalised .5 * 3 / 5 =
    .3 and .5 * 4 / 5 = .4, so d+ = (.1, 0), d- = (0, .1), closeness 0 and 1."""
    raw = ((0.0, 3.0), (0.0, 4.0))
    result = EVALUATORS["topsis"](
        Problem(
            options=("o0", "o1"),
            criteria=("c0", "c1"),
            raw=raw,
            values=((0.0, 0.3), (0.0, 0.4)),
            higher_is_better=(benefit, True),
            weights=(0.5, 0.5),
        )
    )
    assert [c[0] for c in result.contributions] == [0.0, 0.0]
    assert [c[1] for c in result.contributions] == pytest.approx([0.3, 0.4], abs=1e-15)
    assert result.scores == pytest.approx((0.0, 1.0), abs=1e-15)
    assert [d["d_plus"] for d in result.details] == pytest.approx([0.1, 0.0], abs=1e-15)
    assert closeness(raw, [0.5, 0.5], [benefit, True]) == pytest.approx([0.0, 1.0], abs=1e-15)


def test_promethee_derived_by_hand() -> None:
    """Three options, two criteria, derived step by step.

    c1 (max), linear q=1 p=3, raw A=10 B=6 C=8: P1(A,B)=1 (d=4>p), P1(A,C)=(2-1)/(3-1)=.5,
    P1(C,B)=.5, others 0. c2 (min), usual, raw A=5 B=3 C=4: P2(B,A)=P2(C,A)=P2(B,C)=1, others 0.
    With w = (.6, .4): pi(A,B)=.6 pi(A,C)=.3 pi(B,A)=.4 pi(B,C)=.4 pi(C,A)=.4 pi(C,B)=.3.
    phi+ = (.45, .40, .35), phi- = (.40, .45, .35), phi = (+.05, -.05, 0): A > C > B.
    """
    raw = [[10, 5], [6, 3], [8, 4]]
    prefs = [Preference("linear", q=1, p=3), Preference("usual")]
    plus, minus, per_criterion = flows(raw, [0.6, 0.4], [True, False], prefs)
    assert plus == pytest.approx([0.45, 0.40, 0.35])
    assert minus == pytest.approx([0.40, 0.45, 0.35])
    # per criterion net flows: c1 ((1+.5)/2, -(1+.5)/2, (.5-.5)/2) = (.75, -.75, 0), c2 (-1, 1, 0)
    assert per_criterion[0] == pytest.approx([0.75, -1.0])
    assert per_criterion[1] == pytest.approx([-0.75, 1.0])
    assert per_criterion[2] == pytest.approx([0.0, 0.0])


def test_promethee_through_a_study(make_study: StudyFactory) -> None:
    """The same example, with preference functions declared in study.yaml."""
    study_yaml = """\
schema: 1
title: P
criteria:
  c1:
    name: C1
    direction: higher_is_better
    scale: {min: 0, max: 10}
    preference: {function: linear, q: 1, p: 3}
  c2:
    name: C2
    direction: lower_is_better
    scale: {min: 0, max: 10}
    preference: {function: usual}
defaults:
  weights: w
  method: promethee
"""
    options = {
        key: f"title: {key}\nscores: {{c1: {a}, c2: {b}}}\n"
        for key, a, b in (("a", 10, 5), ("b", 6, 3), ("c", 8, 4))
    }
    study = load_study(
        make_study(study=study_yaml, options=options, profiles={"w": "weights: {c1: 3, c2: 2}\n"})
    )
    result = rank(study, resolve_weights(study))
    assert result.method == "promethee"
    assert [r.option for r in result.rows] == ["a", "c", "b"]
    a = result.row("a")
    assert a.details["phi"] == pytest.approx(0.05)
    assert a.score == pytest.approx(0.525)
    assert sum(a.contributions.values()) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("function", "d", "expected"),
    [
        (Preference("usual"), 0.1, 1.0),
        (Preference("usual"), 0.0, 0.0),
        (Preference("u-shape", q=2), 2.0, 0.0),
        (Preference("u-shape", q=2), 2.5, 1.0),
        (Preference("v-shape", p=4), 1.0, 0.25),
        (Preference("v-shape", p=4), 5.0, 1.0),
        (Preference("level", q=1, p=3), 2.0, 0.5),
        (Preference("level", q=1, p=3), 3.5, 1.0),
        (Preference("linear", q=1, p=3), 2.5, 0.75),
        (Preference("gaussian", s=2), 2.0, 1 - 2.718281828459045**-0.5),
        (Preference("gaussian", s=2), -1.0, 0.0),
    ],
)
def test_preference_functions(function: Preference, d: float, expected: float) -> None:
    assert preference(function, d) == pytest.approx(expected)


def problem(values: list[list[float]], weights: list[float]) -> Problem:
    m = len(weights)
    return Problem(
        options=tuple(f"o{i}" for i in range(len(values))),
        criteria=tuple(f"c{j}" for j in range(m)),
        raw=tuple(tuple(10 * v for v in row) for row in values),
        values=tuple(tuple(row) for row in values),
        higher_is_better=(True,) * m,
        weights=tuple(weights),
        preferences=(Preference("v-shape", p=10),) * m,
    )


def test_weighted_product_and_its_veto() -> None:
    result = EVALUATORS["weighted-product"](
        problem([[0.25, 1.0], [0.5, 0.5], [0.0, 1.0]], [0.5, 0.5])
    )
    assert result.scores == pytest.approx([0.5, 0.5, 0.0])  # sqrt(.25 * 1), sqrt(.5 * .5), veto
    # a zero value on a zero-weight criterion drops out instead of vetoing
    dropped = EVALUATORS["weighted-product"](problem([[0.0, 0.64]], [0.0, 1.0]))
    assert dropped.scores == pytest.approx([0.64])


def test_weakest_link_binding_and_tiebreak() -> None:
    result = EVALUATORS["weakest-link"](problem([[0.2, 0.9], [0.2, 0.3], [0.0, 1.0]], [0.5, 0.5]))
    assert result.scores == pytest.approx([0.2, 0.2, 0.0])
    assert [d["binding"] for d in result.details] == ["c0", "c0", "c0"]
    assert result.tiebreak == pytest.approx([0.55, 0.25, 0.5])
    ignored = EVALUATORS["weakest-link"](problem([[0.0, 0.7]], [0.0, 1.0]))
    assert ignored.scores == pytest.approx([0.7])  # a criterion of weight 0 cannot bind


def test_weakest_link_ties_are_broken_by_the_additive_score(tiny: Path) -> None:
    study = load_study(tiny)
    result = rank(study, resolve_weights(study), "weakest-link")
    # even weights: alpha min(.8, .5) = .5; beta min(.4, 1) = .4; gamma min(.2, 0) = 0
    assert [(r.option, r.score, r.details["binding"]) for r in result.rows] == [
        ("alpha", 0.5, "delay"),
        ("beta", pytest.approx(0.4), "gain"),
        ("gamma", 0.0, "delay"),
    ]


@st.composite
def problems(draw: Any) -> tuple[list[list[float]], list[float]]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 6))
    values = draw(
        st.lists(
            st.lists(st.integers(0, 10).map(lambda x: x / 10), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
    weights = draw(st.lists(st.integers(1, 5), min_size=m, max_size=m))
    total = sum(weights)
    return values, [w / total for w in weights]


def order(evaluation: Any) -> list[float]:
    return list(evaluation.scores)


@pytest.mark.parametrize("method", ["additive", "weighted-product", "promethee"])
@settings(max_examples=50, deadline=None)
@given(problems())
def test_a_dominated_option_never_scores_above_its_dominator(method: str, case: Any) -> None:
    values, weights = case
    scores = EVALUATORS[method](problem(values, weights)).scores
    for a, row_a in enumerate(values):
        for b, row_b in enumerate(values):
            if all(x >= y for x, y in zip(row_a, row_b, strict=True)):
                assert scores[a] >= scores[b] - 1e-12


@pytest.mark.parametrize("method", [m.value for m in Method])
@settings(max_examples=30, deadline=None)
@given(problems(), st.floats(0.1, 10))
def test_scaling_all_weights_changes_nothing(method: str, case: Any, factor: float) -> None:
    """Methods take normalised weights; the study-level scaling goes through normalise()."""
    from policy_options.core.study.weights import normalise

    values, weights = case
    scaled = normalise({f"c{j}": w * factor for j, w in enumerate(weights)})
    a = EVALUATORS[method](problem(values, weights)).scores
    b = EVALUATORS[method](problem(values, list(scaled.values()))).scores
    assert a == pytest.approx(b, abs=1e-9)


@pytest.mark.parametrize("method", [m.value for m in Method])
@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=2, max_size=6, unique=True))
def test_with_one_criterion_every_method_ranks_by_it(method: str, column: list[int]) -> None:
    scores = EVALUATORS[method](problem([[x / 10] for x in column], [1.0])).scores
    by_method = sorted(range(len(column)), key=lambda i: -scores[i])
    by_criterion = sorted(range(len(column)), key=lambda i: -column[i])
    assert by_method == by_criterion


def test_default_method_comes_from_the_study(make_study: StudyFactory) -> None:
    study = load_study(make_study(study=TINY_STUDY + "  method: topsis\n"))
    assert rank(study, resolve_weights(study)).method == "topsis"


def test_unknown_default_method_is_a_located_error(make_study: StudyFactory) -> None:
    from policy_options.core.study.loading.load import inspect_study

    errors = inspect_study(make_study(study=TINY_STUDY + "  method: topsys\n")).errors
    assert len(errors) == 1
    assert "study.yaml:21:11: " in str(errors[0])
    assert "(did you mean 'topsis'?)" in str(errors[0])


def test_thresholds_flag_and_exclude(make_study: StudyFactory) -> None:
    study_yaml = TINY_STUDY.replace("    unit: points\n", "    unit: points\n    threshold: 3\n", 1)
    study = load_study(make_study(study=study_yaml))
    weights = resolve_weights(study)
    flagged = rank(study, weights)
    assert flagged.row("gamma").fails == ("gain",)  # gain 2 < 3
    assert flagged.row("alpha").fails == ()
    kept = rank(study, weights, "topsis", exclude_failing=True)
    # TOPSIS on alpha (8, 10) and beta (4, 0) alone: weighted normalised gain .4472/.2236,
    # delay .5/0; d+ = (.5, .2236), d- = (.2236, .5); closeness beta = .5/.7236 = .6910
    assert [r.option for r in kept.rows] == ["beta", "alpha"]
    assert kept.rows[0].score == pytest.approx(0.6910, abs=1e-4)
    assert kept.excluded == ("gamma",)


def test_threshold_outside_scale_is_an_error(make_study: StudyFactory) -> None:
    from policy_options.core.study.loading.load import inspect_study

    study_yaml = TINY_STUDY.replace(
        "    unit: points\n", "    unit: points\n    threshold: 30\n", 1
    )
    errors = inspect_study(make_study(study=study_yaml)).errors
    assert "threshold 30 lies outside the scale 0..10" in str(errors[0])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("{function: linear, q: 2, p: 1}", "needs p > q"),
        ("{function: v-shape}", "needs a threshold p > 0"),
        ("{function: gaussian}", "needs s > 0"),
        ("{function: u-shape}", "needs a threshold q > 0"),
        ("{function: linaer, p: 1}", "did you mean 'linear'?"),
    ],
)
def test_bad_preference_functions(make_study: StudyFactory, spec: str, message: str) -> None:
    from policy_options.core.study.loading.load import inspect_study

    study_yaml = TINY_STUDY.replace(
        "    unit: points\n", f"    unit: points\n    preference: {spec}\n", 1
    )
    errors = inspect_study(make_study(study=study_yaml)).errors
    assert len(errors) == 1
    assert message in str(errors[0])
