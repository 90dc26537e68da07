"""The notes on what a method does with a study: value functions ignored, and PROMETHEE
II without preference functions as the additive ranking (checked on random studies)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.ranking.method_notes import notes, promethee_reduction, repeats
from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.weights import Weights, normalise

VALUE_FUNCTION = [[0, 0.0], [5, 0.8], [10, 1.0]]


def study_of(
    scores: list[list[int]],
    directions: list[bool],
    raw_weights: list[float],
    extra: dict[int, dict[str, Any]] | None = None,
    scale: tuple[int, int] = (0, 10),
) -> tuple[Study, Weights]:
    """A study in memory: ``scores[option][criterion]``; ``extra`` adds keys to criterion j."""
    keys = [f"c{j}" for j in range(len(directions))]
    criteria = {
        key: {
            "name": key.upper(),
            "scale": {"min": scale[0], "max": scale[1]},
            "direction": "higher_is_better" if up else "lower_is_better",
            **(extra or {}).get(j, {}),
        }
        for j, (key, up) in enumerate(zip(keys, directions, strict=True))
    }
    spec = StudyFile.model_validate({"schema": 1, "title": "generated", "criteria": criteria})
    options = {
        f"o{i}": Option(
            f"o{i}",
            OptionFile.model_validate(
                {"title": f"O{i}", "scores": dict(zip(keys, map(float, row), strict=True))}
            ),
            "-",
        )
        for i, row in enumerate(scores)
    }
    raw = dict(zip(keys, raw_weights, strict=True))
    return Study(Path("."), spec, options, {}), Weights("test", "test", raw, normalise(raw))


@st.composite
def studies(draw: Any) -> tuple[list[list[int]], list[bool], list[float], tuple[int, int]]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 7))
    low = draw(st.integers(-5, 5))
    high = low + draw(st.integers(1, 30))
    scores = draw(
        st.lists(st.lists(st.integers(low, high), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    directions = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    weights = draw(st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(any))
    return scores, directions, [float(w) for w in weights], (low, high)


@settings(max_examples=150, deadline=None)
@given(studies())
def test_promethee_without_preference_functions_is_the_additive_ranking(case: Any) -> None:
    """No preference function, no value function: the same competition ranks as additive,
    and phi = n / (n - 1) * (V - mean V) exactly (the closed form of the reduction)."""
    scores, directions, weights, scale = case
    study, w = study_of(scores, directions, weights, scale=scale)
    additive = rank(study, w, "additive")
    promethee = rank(study, w, "promethee")
    assert {r.option: r.rank for r in promethee.rows} == {r.option: r.rank for r in additive.rows}
    n = len(scores)
    mean = math.fsum(r.score for r in additive.rows) / n
    for row in additive.rows:
        phi = promethee.row(row.option).details["phi"]
        assert phi == pytest.approx(n / (n - 1) * (row.score - mean), abs=1e-12)
    reduction = promethee_reduction(study, w)
    assert reduction is not None
    assert reduction.exact
    assert repeats(study, w, ["additive", "topsis", "promethee"]) == {"promethee": "additive"}
    assert "the additive ranking, exactly" in notes(study, w, "promethee")[0]


def test_a_preference_function_breaks_the_reduction() -> None:
    scores = [[0, 9], [4, 4], [10, 0]]
    usual = {0: {"preference": {"function": "usual"}}}
    study, w = study_of(scores, [True, True], [1, 1], usual)
    assert promethee_reduction(study, w) is None
    assert repeats(study, w, ["additive", "promethee"]) == {}
    assert notes(study, w, "promethee") == ()
    # ... but not on a criterion of weight 0, which changes no ranking
    study, w = study_of(scores, [True, True], [0, 1], usual)
    assert promethee_reduction(study, w) is not None


def test_value_functions_ignored_by_raw_score_methods_are_named() -> None:
    """c1 has a value function: topsis, promethee and weighted-product-ratio say they
    ignore it; additive, weighted-product and weakest-link use it and say nothing."""
    scores = [[2, 1], [6, 6], [9, 3]]
    study, w = study_of(scores, [True, True], [1, 1], {1: {"value_function": VALUE_FUNCTION}})
    line = "ranks on raw scores: it ignores the value functions of C1"
    for method in ("topsis", "promethee", "weighted-product-ratio"):
        (note,) = notes(study, w, method)
        assert note.startswith(f"{method} {line}")
        assert rank(study, w, method).notes == (note,)
    assert "ranks as additive would on linear values" in notes(study, w, "promethee")[0]
    for method in ("additive", "weighted-product", "weakest-link"):
        assert notes(study, w, method) == ()
    reduction = promethee_reduction(study, w)
    assert reduction is not None
    assert reduction.ignored == ("c1",)
    assert repeats(study, w, ["additive", "promethee"]) == {}  # not the additive ranking now


def test_with_value_functions_promethee_ranks_as_additive_on_linear_values() -> None:
    """What the note says: the PROMETHEE ranking is the additive ranking of the same study
    with its value functions taken out (here the two rankings differ: the note matters)."""
    scores = [[2, 1], [6, 6], [9, 3], [4, 9]]
    concave = {1: {"value_function": [[0, 0.0], [2, 0.9], [10, 1.0]]}}
    study, w = study_of(scores, [True, True], [1, 1], concave)
    linear, _ = study_of(scores, [True, True], [1, 1])
    promethee = {r.option: r.rank for r in rank(study, w, "promethee").rows}
    assert promethee == {r.option: r.rank for r in rank(linear, w, "additive").rows}
    assert promethee != {r.option: r.rank for r in rank(study, w, "additive").rows}


def test_a_value_function_on_a_criterion_of_weight_zero_is_not_mentioned() -> None:
    scores = [[2, 1], [6, 6]]
    study, w = study_of(scores, [True, True], [1, 0], {1: {"value_function": VALUE_FUNCTION}})
    assert notes(study, w, "topsis") == ()
