"""The additive model: hand-checked numbers, ties, and the invariants of design.md §6."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.ranking.rank import order_and_rank, rank
from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.values import interpolate, value
from policy_options.core.study.weights import Weights, normalise, resolve_weights
from policy_options.render import jsonout


def make(
    scores: list[list[int]], directions: list[bool], raw: list[float]
) -> tuple[Study, Weights]:
    """A study in memory: ``scores[option][criterion]`` on 0..10; True = higher is better."""
    keys = [f"c{j}" for j in range(len(directions))]
    spec = StudyFile.model_validate(
        {
            "schema": 1,
            "title": "generated",
            "criteria": {
                key: {
                    "name": key,
                    "scale": {"min": 0, "max": 10},
                    "direction": "higher_is_better" if up else "lower_is_better",
                }
                for key, up in zip(keys, directions, strict=True)
            },
        }
    )
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
    weights_raw = dict(zip(keys, raw, strict=True))
    return Study(Path("."), spec, options, {}), Weights(
        "test", "test", weights_raw, normalise(weights_raw)
    )


@st.composite
def problems(draw: Any) -> tuple[list[list[int]], list[bool], list[float]]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 6))
    scores = draw(
        st.lists(st.lists(st.integers(0, 10), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    directions = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    raw = draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any))
    return scores, directions, [float(w) for w in raw]


def test_tiny_study_by_hand(tiny: Path) -> None:
    study = load_study(tiny)
    result = rank(study, resolve_weights(study, "gain-first"))
    # gain-first: w = (0.75, 0.25). alpha: .75*.8 + .25*.5 = .725; beta: .75*.4 + .25*1 = .55
    assert [(r.option, r.rank) for r in result.rows] == [("alpha", 1), ("beta", 2), ("gamma", 3)]
    assert abs(result.rows[0].score - 0.725) < 1e-12
    assert abs(result.rows[1].score - 0.55) < 1e-12
    assert abs(result.rows[2].score - 0.15) < 1e-12


def test_competition_ranking_and_tie_order() -> None:
    ranked = order_and_rank([(0.5, "b"), (0.7, "z"), (0.5 + 1e-12, "c"), (0.5, "a"), (0.1, "d")])
    assert [(r, key) for r, _, key in ranked] == [(1, "z"), (2, "a"), (2, "b"), (2, "c"), (5, "d")]


def test_value_functions() -> None:
    up = Criterion.model_validate(
        {"name": "u", "direction": "higher_is_better", "scale": {"min": 2, "max": 12}}
    )
    down = Criterion.model_validate(
        {"name": "d", "direction": "lower_is_better", "scale": {"min": 2, "max": 12}}
    )
    assert value(up, 4.5) == 0.25
    assert value(down, 4.5) == 0.75
    points = [(0.0, 1.0), (6.0, 0.85), (12.0, 0.7), (36.0, 0.2), (60.0, 0.0)]
    assert interpolate(points, 0) == 1.0
    assert abs(interpolate(points, 3) - 0.925) < 1e-12
    assert abs(interpolate(points, 24) - 0.45) < 1e-12
    assert interpolate(points, 60) == 0.0


@settings(max_examples=60, deadline=None)
@given(problems())
def test_ranking_is_a_permutation_with_competition_ranks(problem: Any) -> None:
    study, weights = make(*problem)
    result = rank(study, weights)
    assert sorted(r.option for r in result.rows) == sorted(study.options)
    scores = [r.score for r in result.rows]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(scores))
    for row in result.rows:  # competition ranking: 1 + how many score clearly higher
        assert row.rank == 1 + sum(other - row.score > 1e-9 for other in scores)


@settings(max_examples=60, deadline=None)
@given(problems(), st.floats(0.01, 1000))
def test_scaling_all_weights_changes_nothing(problem: Any, factor: float) -> None:
    scores, directions, raw = problem
    base = rank(*make(scores, directions, raw))
    scaled = rank(*make(scores, directions, [w * factor for w in raw]))
    assert [r.option for r in base.rows] == [r.option for r in scaled.rows]
    assert [r.rank for r in base.rows] == [r.rank for r in scaled.rows]
    for a, b in zip(base.rows, scaled.rows, strict=True):
        assert abs(a.score - b.score) < 1e-9


@settings(max_examples=60, deadline=None)
@given(problems())
def test_a_dominated_option_never_ranks_above_its_dominator(problem: Any) -> None:
    scores, directions, raw = problem
    study, weights = make(scores, directions, raw)
    result = rank(study, weights)
    position = {r.option: (r.rank, i) for i, r in enumerate(result.rows)}
    values = {r.option: r.values for r in result.rows}
    for a in values:
        for b in values:
            if a != b and all(values[a][k] >= values[b][k] for k in values[a]):
                assert position[a][0] <= position[b][0]


@settings(max_examples=60, deadline=None)
@given(problems())
def test_a_zero_weight_criterion_can_be_deleted(problem: Any) -> None:
    scores, directions, raw = problem
    if len(directions) < 2 or not any(raw[1:]):
        return
    raw = [0.0, *raw[1:]]
    full = rank(*make(scores, directions, raw))
    reduced = rank(*make([row[1:] for row in scores], directions[1:], raw[1:]))
    assert [(r.option, r.rank) for r in full.rows] == [(r.option, r.rank) for r in reduced.rows]
    for a, b in zip(full.rows, reduced.rows, strict=True):
        assert abs(a.score - b.score) < 1e-12


@settings(max_examples=30, deadline=None)
@given(problems())
def test_adding_an_option_never_changes_another_score(problem: Any) -> None:
    scores, directions, raw = problem
    before = {r.option: r.score for r in rank(*make(scores[:-1], directions, raw)).rows}
    after = {r.option: r.score for r in rank(*make(scores, directions, raw)).rows}
    assert all(before[key] == after[key] for key in before)


@settings(max_examples=25, deadline=None)
@given(problems())
def test_a_study_written_as_yaml_loads_back_identically(
    tmp_path_factory: Any, problem: Any
) -> None:
    study, weights = make(*problem)
    folder = tmp_path_factory.mktemp("roundtrip")
    (folder / "study.yaml").write_text(
        yaml.safe_dump(study.spec.model_dump(mode="json", by_alias=True, exclude_none=True)),
        encoding="utf-8",
    )
    for option in study.options.values():
        (folder / f"{option.id}.yaml").write_text(
            yaml.safe_dump(option.spec.model_dump(mode="json", exclude_none=True)), encoding="utf-8"
        )
    (folder / "weights").mkdir()
    (folder / "weights" / "w.yaml").write_text(
        yaml.safe_dump({"weights": weights.raw}), encoding="utf-8"
    )
    loaded = load_study(folder)
    assert loaded.spec == study.spec
    assert {k: o.spec for k, o in loaded.options.items()} == {
        k: o.spec for k, o in study.options.items()
    }
    again = rank(loaded, resolve_weights(loaded, "w"))
    exported = json.loads(jsonout.ranking(rank(study, weights)))
    assert [e["option"] for e in exported["ranking"]] == [r.option for r in again.rows]
    assert [e["score"] for e in exported["ranking"]] == [round(r.score, 12) for r in again.rows]


def test_rounding_noise_never_decides_a_tiebreak() -> None:
    """0.30000000000000004 and 0.3 are equal; the tiebreak (higher first) then orders them."""
    ranked = order_and_rank([(1 - 0.7, "b"), (0.3, "a"), (0.1, "c")], {"a": 0.687, "b": 0.58})
    assert [(r, key) for r, _, key in ranked] == [(1, "a"), (2, "b"), (3, "c")]
    tied = order_and_rank([(0.3, "b"), (0.3, "a")], {"a": 0.5, "b": 0.5 + 1e-12})
    assert [(r, key) for r, _, key in tied] == [(1, "a"), (1, "b")]


def test_interpolation_never_leaves_its_segment() -> None:
    """Rounding of v0 + (v1 - v0) t must not step below 0 (a weighted product of a
    negative value is complex): -3e-323 came out of a value function reaching 0."""
    import numpy as np

    from policy_options.core.study.values import interpolate

    rng = np.random.default_rng(0)
    for _ in range(2000):
        v0, v1 = float(rng.random()), float(rng.choice([0.0, 5e-324, 1e-300, rng.random()]))
        x0, x1 = sorted(float(x) for x in rng.random(2) * 10)
        if x0 == x1:
            continue
        for x in [*np.linspace(x0, x1, 7).tolist(), float(np.nextafter(x1, x0))]:
            found = interpolate([(x0, v0), (x1, v1)], x)
            assert min(v0, v1) <= found <= max(v0, v1)


def test_a_zero_contribution_is_never_a_top_contributor(tiny: Path) -> None:
    """gamma (gain 2, delay 20 months): even weights give gain .5 * .2 = .1 and delay
    .5 * 0 = 0; only gain adds anything. Ranked by contribution, then id, a 0 would come
    before a later criterion, and -0.0 or a negative part never adds to the score."""
    study = load_study(tiny)
    gamma = rank(study, resolve_weights(study)).row("gamma")
    assert gamma.contributions == {"gain": 0.1, "delay": 0.0}
    assert gamma.top_contributors() == [("gain", 0.1)]
    from dataclasses import replace

    row = replace(gamma, contributions={"a": 0.0, "b": 0.3, "c": -0.0, "d": -0.1, "e": 0.2})
    assert row.top_contributors() == [("b", 0.3), ("e", 0.2)]
    assert row.top_contributors(1) == [("b", 0.3)]
    nothing = replace(gamma, contributions={"a": 0.0, "b": -0.0})
    assert nothing.top_contributors() == []


def with_modifier(study: Study, factors: list[float]) -> Study:
    """``study`` plus a modifier criterion 'odds' whose value function is the identity on
    0..1, and each option scored so that its factor is ``factors[i]``."""
    criteria = {
        **study.spec.criteria,
        "odds": Criterion.model_validate(
            {
                "name": "Odds",
                "direction": "higher_is_better",
                "scale": {"min": 0, "max": 1},
                "role": "modifier",
                "value_function": [[0, 0.0], [1, 1.0]],
            }
        ),
    }
    spec = study.spec.model_copy(update={"criteria": criteria})
    options = {}
    for (key, option), factor in zip(study.options.items(), factors, strict=True):
        scores = {k: v.model_dump(exclude_none=True) for k, v in option.spec.scores.items()}
        data = {"title": option.title, "scores": {**scores, "odds": {"value": factor}}}
        options[key] = Option(key, OptionFile.model_validate(data), "-")
    return Study(study.path, spec, options, {})


@given(problems(), st.data())
@settings(max_examples=60, deadline=None)
def test_modifiers_multiply_the_weighted_sum(problem: Any, data: Any) -> None:
    """score_i = m_i x sum_k w_k v_ik (closed form); weights cover value criteria only;
    scaling every factor by c scales every score by c; factor 0 scores 0."""
    scores, directions, raw = problem
    study, weights = make(scores, directions, raw)
    factors = data.draw(
        st.lists(
            st.sampled_from([0.0, 0.25, 0.5, 0.8, 1.0]), min_size=len(scores), max_size=len(scores)
        )
    )
    modified = with_modifier(study, factors)
    assert list(modified.criteria) == list(study.criteria)
    assert list(modified.modifiers) == ["odds"]
    plain = {row.option: row.score for row in rank(study, weights, "additive").rows}
    got = {row.option: row for row in rank(modified, weights, "additive").rows}
    for i, key in enumerate(study.options):
        by_hand = factors[i] * sum(
            weights.normalised[c] * value(study.criteria[c], scores[i][j])
            for j, c in enumerate(study.criteria)
        )
        assert abs(got[key].score - by_hand) < 1e-12
        assert abs(got[key].score - factors[i] * plain[key]) < 1e-12
        assert abs(sum(got[key].contributions.values()) - got[key].score) < 1e-12
        assert got[key].factor == factors[i]
        if factors[i] == 0:
            assert got[key].score == 0
    halved = with_modifier(study, [f / 2 for f in factors])
    for row in rank(halved, weights, "additive").rows:
        assert abs(row.score - got[row.option].score / 2) < 1e-12


@given(problems())
@settings(max_examples=40, deadline=None)
def test_all_factors_one_gives_todays_ranking(problem: Any) -> None:
    study, weights = make(*problem)
    modified = with_modifier(study, [1.0] * len(study.options))
    for method in ("additive", "topsis", "weighted-product", "promethee", "weakest-link"):
        before = [(r.rank, r.option, r.score) for r in rank(study, weights, method).rows]
        after = [(r.rank, r.option, r.score) for r in rank(modified, weights, method).rows]
        assert before == after, method


@given(problems(), st.data())
@settings(max_examples=60, deadline=None)
def test_with_a_reference_a_failed_option_leaves_the_status_quo(problem: Any, data: Any) -> None:
    """With a reference r: score_i = S_r + m_i (S_i - S_r), S the weighted sums; the
    reference keeps its own score; an option is below the reference exactly when its
    weighted sum is (for m_i > 0)."""
    scores, directions, raw = problem
    study, weights = make(scores, directions, raw)
    n = len(scores)
    factors = data.draw(st.lists(st.sampled_from([0.0, 0.3, 0.5, 1.0]), min_size=n, max_size=n))
    modified = with_modifier(study, factors)
    reference = data.draw(st.sampled_from(list(study.options)))
    spec = modified.spec.model_copy(update={"reference": reference})
    modified = Study(modified.path, spec, modified.options, {})
    plain = {row.option: row.score for row in rank(study, weights, "additive").rows}
    got = {row.option: row for row in rank(modified, weights, "additive").rows}
    base = plain[reference]
    for i, key in enumerate(study.options):
        expected = base + factors[i] * (plain[key] - base) if key != reference else base
        assert abs(got[key].score - expected) < 1e-12
        assert abs(sum(got[key].contributions.values()) - got[key].score) < 1e-12
        if factors[i] > 0 and abs(plain[key] - base) > 1e-9:
            assert (got[key].score < got[reference].score) == (plain[key] < base)


def test_exclude_failing_keeps_the_reference() -> None:
    """The reference is not a competitor: a red line it fails does not drop it, so the
    others are still scored against it (s_ref + m (s - s_ref))."""
    study, weights = make([[8, 2], [3, 9], [5, 5]], [True, True], [1.0, 1.0])
    gated = {
        **study.spec.criteria,
        "c0": study.spec.criteria["c0"].model_copy(update={"threshold": 6.0}),
    }
    spec = study.spec.model_copy(update={"criteria": gated, "reference": "o2"})
    study = Study(study.path, spec, study.options, {})
    kept = rank(study, weights, "additive", exclude_failing=True)
    assert {row.option for row in kept.rows} == {"o0", "o2"}  # o1 dropped, o2 fails but stays
    assert kept.excluded == ("o1",)
