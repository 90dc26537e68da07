"""PROMETHEE preference functions and thresholds where an easy example cannot tell a wrong
formula from the right one: a Gaussian with s <= 1, a scale that does not start at 0."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from policy_options.core.methods import promethee_flows
from policy_options.core.methods.base import Preference
from policy_options.core.methods.promethee import preference
from policy_options.core.ranking.rank import problem_of, rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from tests.conftest import StudyFactory

# 1 - exp(-d^2 / (2 s^2)), worked out apart: with s = 2 the wrong 2 s * 2 (or 4 s) equals
# 2 s^2 = 8, so only an s other than 2 tells them apart
GAUSSIAN = [
    (0.5, 0.5, 0.3934693402873666),  # 1 - exp(-0.25 / 0.5) = 1 - exp(-1/2)
    (1.0, 0.5, 0.8646647167633873),  # 1 - exp(-1 / 0.5) = 1 - exp(-2)
    (0.1, 0.25, 0.07688365361336424),  # 1 - exp(-0.01 / 0.125) = 1 - exp(-0.08)
    (1.0, 1.0, 0.3934693402873666),  # 1 - exp(-1 / 2)
    (3.0, 1.0, 0.9888910034617577),  # 1 - exp(-9 / 2)
]


@pytest.mark.parametrize(("d", "s", "expected"), GAUSSIAN)
def test_gaussian_preference_with_s_up_to_one(d: float, s: float, expected: float) -> None:
    function = Preference("gaussian", s=s)
    assert preference(function, d) == pytest.approx(expected, abs=1e-12)
    assert preference(function, -d) == 0.0
    # the numpy flows use their own copy of the formula
    found = promethee_flows.preference_degrees(function, np.array([d, -d, 0.0]))
    assert found.tolist() == pytest.approx([expected, 0.0, 0.0], abs=1e-12)


GAUSSIAN_STUDY = """\
schema: 1
title: Gaussian study
criteria:
  gain:
    name: Gain
    direction: higher_is_better
    scale: {min: 0, max: 3}
    preference: {function: gaussian, s: 0.5}
  cost:
    name: Cost
    direction: lower_is_better
    scale: {min: 0, max: 10}
defaults:
  weights: even
"""
GAUSSIAN_OPTIONS = {
    key: f"title: {key.title()}\nscores: {{gain: {gain}, cost: {cost}}}\n"
    for key, gain, cost in (("a", 2.0, 6), ("b", 1.5, 3), ("c", 1.0, 4))
}
EVEN = {"even": "weights: {gain: 1, cost: 1}\n"}


def gaussian_study(make_study: StudyFactory) -> Path:
    return make_study(study=GAUSSIAN_STUDY, options=GAUSSIAN_OPTIONS, profiles=EVEN)


def test_a_study_with_a_gaussian_preference_by_hand(make_study: StudyFactory) -> None:
    """gain (s = 0.5): a-b and b-c differ by 0.5, P = 1 - e^-1/2 = .393469; a-c by 1,
    P = 1 - e^-2 = .864665. phi_gain = a (.393469 + .864665) / 2 = .629067, b 0, c -.629067.
    cost (lower is better, v-shape p = 10): b over a by 3 (.3), over c by 1 (.1), c over a
    by 2 (.2): phi_cost = a -.25, b .2, c .05. Weights .5 / .5: phi = a .189534, b .1,
    c -.289534; scores (phi + 1) / 2 = .594767, .55, .355233.

    With 2 s * 2 for 2 s^2 (the same at s = 2), P would be .117503 and .393469 and a,
    at .501409, would fall below b."""
    study = load_study(gaussian_study(make_study))
    result = rank(study, resolve_weights(study), "promethee")
    assert [r.option for r in result.rows] == ["a", "b", "c"]
    phi = {r.option: r.details["phi"] for r in result.rows}
    assert phi == pytest.approx({"a": 0.1895335, "b": 0.1, "c": -0.2895335}, abs=1e-7)
    scores = {r.option: r.score for r in result.rows}
    assert scores == pytest.approx({"a": 0.5947668, "b": 0.55, "c": 0.3552332}, abs=1e-7)
    assert result.row("a").contributions == pytest.approx(
        {"gain": 0.3145335, "cost": -0.125}, abs=1e-7
    )


SHIFTED_STUDY = """\
schema: 1
title: Shifted scale
criteria:
  grade:
    name: Grade
    direction: higher_is_better
    scale: {min: 1, max: 5}
  delay:
    name: Delay
    direction: lower_is_better
    scale: {min: 2, max: 12}
defaults:
  weights: even
  method: promethee
"""


def test_default_preference_threshold_is_the_scale_width(make_study: StudyFactory) -> None:
    """No preference function declared: v-shape with p = max - min (4 and 10 here), not max.

    grade 1, 3, 5 (P = d / 4): phi_grade = x -.75, y 0, z .75. delay 12, 7, 2 (P = d / 10):
    phi_delay = x -.75, y 0, z .75. Weights .5 / .5: phi = -.75, 0, .75; scores .125, .5,
    .875. With p = max (5 and 12): phi_grade z = (.4 + .8) / 2 = .6, phi_delay z =
    (5/12 + 10/12) / 2 = .625, and z would score (.6125 + 1) / 2 = .80625."""
    options = {
        key: f"title: {key}\nscores: {{grade: {grade}, delay: {delay}}}\n"
        for key, grade, delay in (("x", 1, 12), ("y", 3, 7), ("z", 5, 2))
    }
    profiles = {"even": "weights: {grade: 1, delay: 1}\n"}
    study = load_study(make_study(study=SHIFTED_STUDY, options=options, profiles=profiles))
    weights = resolve_weights(study)
    assert problem_of(study, weights).preferences == (
        Preference("v-shape", 0.0, 4.0, 0.0),
        Preference("v-shape", 0.0, 10.0, 0.0),
    )
    result = rank(study, weights)
    assert {r.option: r.score for r in result.rows} == pytest.approx(
        {"x": 0.125, "y": 0.5, "z": 0.875}, abs=1e-12
    )
    assert result.row("z").details["phi_plus"] == pytest.approx(0.75, abs=1e-12)
    assert result.row("z").contributions == pytest.approx(
        {"grade": 0.375, "delay": 0.375}, abs=1e-12
    )
