"""Regret, minimax regret, expected value, maximin and satisficing against a direct computation."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.futures.regret import regret_analysis
from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.files.profile_file import Profile, ProfileFile
from policy_options.core.study.files.scenario_file import Scenario, ScenarioFile
from policy_options.core.study.weights import Weights, normalise
from policy_options.errors import UsageError

TOL = 1e-9


def grouped(overrides: list[tuple[int, int, int]], keys: list[str]) -> dict[str, Any]:
    """(option, criterion, score) triples as a scenario's ``scores`` mapping."""
    found: dict[str, dict[str, float]] = {}
    for i, j, x in overrides:
        found.setdefault(f"o{i}", {})[keys[j]] = float(x)
    return found


def build(case: dict[str, Any]) -> Study:
    keys = [f"c{j}" for j in range(len(case["up"]))]
    spec = StudyFile.model_validate(
        {
            "schema": 1,
            "title": "generated",
            "criteria": {
                key: {
                    "name": key,
                    "scale": {"min": 0, "max": 10},
                    "direction": "higher_is_better" if up else "lower_is_better",
                    **({} if t is None else {"threshold": t}),
                }
                for key, up, t in zip(keys, case["up"], case["thresholds"], strict=True)
            },
            "defaults": {"weights": "p"},
            **({"reference": case["reference"]} if case.get("reference") else {}),
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
        for i, row in enumerate(case["scores"])
    }
    profiles = {
        "p": Profile("p", ProfileFile(weights=dict(zip(keys, case["raw"], strict=True))), "-")
    }
    scenarios = {
        f"s{k}": Scenario(
            f"s{k}",
            ScenarioFile.model_validate(
                {
                    "name": f"S{k}",
                    "probability": p,
                    "scores": grouped(overrides, keys),
                }
            ),
            "-",
        )
        for k, (p, overrides) in enumerate(case["scenarios"])
    }
    return Study(Path("."), spec, options, profiles, scenarios)


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 6))
    s = draw(st.integers(1, 4))
    scores = draw(
        st.lists(st.lists(st.integers(0, 10), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    with_probabilities = draw(st.booleans())
    scenarios = []
    for _ in range(s):
        p = draw(st.integers(1, 20)) / 100 if with_probabilities else None
        overrides = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, m - 1), st.integers(0, 10)),
                max_size=4,
                unique_by=lambda t: (t[0], t[1]),
            )
        )
        scenarios.append((p, overrides))
    return {
        "scores": scores,
        "up": draw(st.lists(st.booleans(), min_size=m, max_size=m)),
        "thresholds": draw(
            st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=m, max_size=m)
        ),
        "raw": [
            float(w) for w in draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any))
        ],
        "scenarios": scenarios,
        "satisfice": draw(st.one_of(st.none(), st.integers(0, 100))),
    }


def direct(case: dict[str, Any]) -> dict[str, Any]:
    """The additive scores per scenario and every summary, computed from scratch."""
    m, n = len(case["up"]), len(case["scores"])
    total = sum(case["raw"])
    w = [x / total for x in case["raw"]]
    futures = [("base", [row[:] for row in case["scores"]])]
    for k, (_, overrides) in enumerate(case["scenarios"]):
        matrix = [row[:] for row in case["scores"]]
        for i, j, x in overrides:
            matrix[i][j] = x
        futures.append((f"s{k}", matrix))

    def score(row: list[int]) -> float:
        return sum(w[j] * (row[j] / 10 if case["up"][j] else (10 - row[j]) / 10) for j in range(m))

    def fails(row: list[int]) -> bool:
        return any(
            t is not None and (row[j] < t if case["up"][j] else row[j] > t)
            for j, t in enumerate(case["thresholds"])
        )

    scores = {s: [score(row) for row in matrix] for s, matrix in futures}
    best = {s: max(v) for s, v in scores.items()}
    regret = {s: [best[s] - x for x in v] for s, v in scores.items()}
    probs = [p for p, _ in case["scenarios"]]
    expected = None
    if all(p is not None for p in probs):
        shares = {"base": 1 - sum(probs), **{f"s{k}": p for k, p in enumerate(probs)}}
        expected = [sum(shares[s] * scores[s][i] for s in scores) for i in range(n)]
    out: dict[str, Any] = {
        "scores": scores,
        "regret": regret,
        "max": [max(regret[s][i] for s in scores) for i in range(n)],
        "mean": [sum(regret[s][i] for s in scores) / len(scores) for i in range(n)],
        "worst": [min(scores[s][i] for s in scores) for i in range(n)],
        "expected": expected,
    }
    if case["satisfice"] is not None:
        t = case["satisfice"] / 100
        out["satisficed"] = [
            sum(1 for s, matrix in futures if scores[s][i] >= t - TOL and not fails(matrix[i]))
            for i in range(n)
        ]

    def argbest(values: list[float], higher: bool) -> list[str]:
        top = max(values) if higher else min(values)
        return sorted(f"o{i}" for i, v in enumerate(values) if abs(v - top) <= TOL)

    out["minimax"] = argbest(out["max"], higher=False)
    out["maximin"] = argbest(out["worst"], higher=True)
    out["ev"] = None if expected is None else argbest(expected, higher=True)
    return out


@settings(max_examples=150, deadline=None)
@given(cases())
def test_regret_matches_a_direct_computation(case: dict[str, Any]) -> None:
    study = build(case)
    satisfice = None if case["satisfice"] is None else case["satisfice"] / 100
    result = regret_analysis(study, satisfice=satisfice)
    expect = direct(case)
    assert [c.id for c in result.scenarios] == [
        "base",
        *(f"s{k}" for k in range(len(case["scenarios"]))),
    ]
    for row in result.options:
        i = int(row.option[1:])
        for s in expect["scores"]:
            assert math.isclose(row.scores[s], expect["scores"][s][i], abs_tol=1e-12)
            assert math.isclose(row.regret[s], expect["regret"][s][i], abs_tol=1e-12)
        assert math.isclose(row.max_regret, expect["max"][i], abs_tol=1e-12)
        assert math.isclose(row.mean_regret, expect["mean"][i], abs_tol=1e-12)
        assert math.isclose(row.worst, expect["worst"][i], abs_tol=1e-12)
        if expect["expected"] is None:
            assert row.expected is None
        else:
            assert row.expected is not None
            assert math.isclose(row.expected, expect["expected"][i], abs_tol=1e-12)
        assert row.satisficed == (expect["satisficed"][i] if "satisficed" in expect else None)
    assert list(result.minimax_regret) == expect["minimax"]
    assert list(result.maximin) == expect["maximin"]
    assert (None if result.expected is None else list(result.expected)) == expect["ev"]
    choices = [expect["minimax"], expect["maximin"]] + ([expect["ev"]] if expect["ev"] else [])
    assert result.agree == all(c == choices[0] for c in choices)


@settings(max_examples=40, deadline=None)
@given(cases(), st.sampled_from(["topsis", "promethee", "weighted-product", "weakest-link"]))
def test_other_methods_use_each_scenarios_own_ranking(case: dict[str, Any], method: str) -> None:
    """Each column is the method's ranking of a study with the overrides written in."""
    study = build(case)
    result = regret_analysis(study, method=method)
    raw = dict(zip(study.criteria, case["raw"], strict=True))
    weights = Weights("p", "p", raw, normalise(raw))
    for k, (_, overrides) in enumerate(case["scenarios"]):
        scores = [row[:] for row in case["scores"]]
        for i, j, x in overrides:
            scores[i][j] = x
        written = build({**case, "scores": scores, "scenarios": []})
        ranking = rank(written, weights, method)
        column = {row.option: row.score for row in ranking.rows}
        best = max(column.values())
        for row in result.options:
            assert row.scores[f"s{k}"] == pytest.approx(column[row.option], abs=1e-12)
            assert row.regret[f"s{k}"] == pytest.approx(best - column[row.option], abs=1e-12)


def test_satisfice_out_of_range_is_a_usage_error() -> None:
    case = {
        "scores": [[1], [2]],
        "up": [True],
        "thresholds": [None],
        "raw": [1.0],
        "scenarios": [(None, [])],
        "satisfice": None,
    }
    with pytest.raises(UsageError, match="--satisfice must be a score from 0 to 100, got 150"):
        regret_analysis(build(case), satisfice=1.5)


def test_the_shipped_study_by_hand() -> None:
    """us-eu-mediation in the shipped scenarios, worked out from the option files."""
    from policy_options.core.study.loading.load import load_study
    from tests.conftest import SHIPPED

    result = regret_analysis(load_study(SHIPPED))
    mediation = next(o for o in result.options if o.option == "us-eu-mediation")
    # settlement-reached raises its stability from 6 to 9 on -5..10 (weight 2.5 of 10), the
    # reference (status-quo) untouched: the gain over it grows by m w dv, m its factor:
    # feasibility 7 on (6, .85)-(8, .95): .90; time to effect 6 on (0, 1)-(12, .97): .985
    m = 0.90 * (1 - 0.03 * 6 / 12)
    assert mediation.scores["settlement-reached"] - mediation.scores["base"] == pytest.approx(
        m * 2.5 / 10 * 3 / 15
    )
    assert mediation.regret["base"] == 0.0
    # the base study takes what the five scenarios leave: 1 - (.15 + .1 + .15 + .15 + .1)
    assert result.scenarios[0].probability == pytest.approx(0.35)


def one_case(
    scores: list[list[int]],
    scenarios: list[tuple[float | None, list[tuple[int, int, int]]]],
    raw: list[float] | None = None,
) -> dict[str, Any]:
    """A hand-written case for :func:`build`: higher-is-better criteria on 0..10."""
    m = len(scores[0])
    return {
        "scores": scores,
        "up": [True] * m,
        "thresholds": [None] * m,
        "raw": raw or [1.0] * m,
        "scenarios": scenarios,
        "satisfice": None,
    }


def test_probabilities_summing_to_1_leave_the_base_case_nothing() -> None:
    """o0 8, o1 4 on one criterion; s0 (p .7) drops o0 to 2, s1 (p .2) lifts o1 to 10,
    s2 (p .1) changes nothing. .7 + .2 + .1 = 1 (fsum; a plain sum is 1 - 1.1e-16), so
    the base case weighs 0: expected o0 = .7 * .2 + .2 * .8 + .1 * .8 = .38, o1 = .7 * .4
    + .2 * 1 + .1 * .4 = .52. (Counting the base case with weight 1 would give o0 1.18.)"""
    case = one_case([[8], [4]], [(0.7, [(0, 0, 2)]), (0.2, [(1, 0, 10)]), (0.1, [])])
    result = regret_analysis(build(case))
    assert [c.probability for c in result.scenarios] == [0.0, 0.7, 0.2, 0.1]
    expected = {o.option: o.expected for o in result.options}
    assert expected == {"o0": pytest.approx(0.38, abs=1e-12), "o1": pytest.approx(0.52, abs=1e-12)}
    assert result.expected == ("o1",)
    for option in result.options:
        assert option.expected is not None
        assert 0.0 <= option.expected <= 1.0
    # a sum a hair above 1 (the loader allows 1e-9 of rounding) leaves the base case 0,
    # not a negative probability: o0 scores 1 everywhere, and so expects 1 at most
    over = one_case([[10], [0]], [(0.5, []), (0.5 + 5e-10, [])])
    result = regret_analysis(build(over))
    assert result.scenarios[0].probability == 0.0
    assert result.options[0].expected == pytest.approx(1.0, abs=1e-9)


def test_overrides_change_every_scenarios_weights() -> None:
    """o0 (8, 2), o1 (2, 6); s0 lifts o1's c0 to 10. Even weights: base o0 .5, o1 .4;
    s0 o0 .5, o1 .8: max regret o0 .3, o1 .1, minimax regret o1. With c0=3 (.75 / .25):
    base o0 .65, o1 .3; s0 o0 .65, o1 .9: max regret o0 .25, o1 .35, minimax regret o0."""
    study = build(one_case([[8, 2], [2, 6]], [(None, [(1, 0, 10)])]))
    plain = regret_analysis(study)
    assert {o.option: o.max_regret for o in plain.options} == {
        "o0": pytest.approx(0.3, abs=1e-12),
        "o1": pytest.approx(0.1, abs=1e-12),
    }
    assert plain.minimax_regret == ("o1",)
    moved = regret_analysis(study, overrides=["c0=3"])
    assert moved.weights.normalised == {"c0": 0.75, "c1": 0.25}
    for column in moved.scenarios:
        assert column.weights.normalised == {"c0": 0.75, "c1": 0.25}
    scores = {o.option: o.scores for o in moved.options}
    assert scores == {
        "o0": {"base": pytest.approx(0.65, abs=1e-12), "s0": pytest.approx(0.65, abs=1e-12)},
        "o1": {"base": pytest.approx(0.3, abs=1e-12), "s0": pytest.approx(0.9, abs=1e-12)},
    }
    assert {o.option: o.max_regret for o in moved.options} == {
        "o0": pytest.approx(0.25, abs=1e-12),
        "o1": pytest.approx(0.35, abs=1e-12),
    }
    assert moved.minimax_regret == ("o0",)


def test_a_score_at_the_satisficing_threshold_satisfices() -> None:
    """Even weights on two criteria. o0 (4, 4) scores exactly .4, and .45 in s0 (c0 5);
    o1 (1, 7) scores .5 * .1 + .5 * .7 = 0.39999999999999997, .4 up to rounding; o2
    (3, 4) scores .35. With the threshold .4 (``--satisfice 40``) o0 and o1 satisfice in
    both futures, o2 in neither."""
    case = one_case([[4, 4], [1, 7], [3, 4]], [(None, [(0, 0, 5)])])
    result = regret_analysis(build(case), satisfice=40 / 100)
    rows = {o.option: o for o in result.options}
    assert rows["o0"].scores["base"] == 0.4
    assert rows["o1"].scores["base"] == 0.39999999999999997
    assert {key: row.satisficed for key, row in rows.items()} == {"o0": 2, "o1": 2, "o2": 0}


def red_lines_by_hand(case: dict[str, Any]) -> dict[str, dict[str, tuple[str, ...]]]:
    """option -> scenario -> the criteria whose threshold it fails there, from scratch."""
    futures = [("base", [row[:] for row in case["scores"]])]
    for k, (_, overrides) in enumerate(case["scenarios"]):
        matrix = [row[:] for row in case["scores"]]
        for i, j, x in overrides:
            matrix[i][j] = x
        futures.append((f"s{k}", matrix))
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for s, matrix in futures:
        for i, row in enumerate(matrix):
            failed = tuple(
                f"c{j}"
                for j, t in enumerate(case["thresholds"])
                if t is not None and (row[j] < t if case["up"][j] else row[j] > t)
            )
            if failed:
                found.setdefault(f"o{i}", {})[s] = failed
    return found


@settings(max_examples=100, deadline=None)
@given(cases())
def test_the_reference_is_a_choice_and_red_lines_are_recorded(case: dict[str, Any]) -> None:
    """With o0 as the study's reference, every rule still chooses among all the options
    (the brute-force table of :func:`direct` counts o0 like any other), the result names
    the reference, and each chosen option's red lines per scenario are those found by hand."""
    case = {**case, "reference": "o0", "satisfice": None}
    result = regret_analysis(build(case))
    expect = direct(case)
    assert result.reference == "o0"
    assert list(result.minimax_regret) == expect["minimax"]
    assert list(result.maximin) == expect["maximin"]
    assert (None if result.expected is None else list(result.expected)) == expect["ev"]
    by_hand = red_lines_by_hand(case)
    for row in result.options:
        assert row.fails == by_hand.get(row.option, {})
    chosen = set(expect["minimax"]) | set(expect["maximin"]) | set(expect["ev"] or [])
    assert result.failing_choices() == {k: by_hand[k] for k in sorted(chosen) if k in by_hand}


def test_the_reference_can_be_the_minimax_regret_choice() -> None:
    """o0 (the reference) is never best but never far behind: scores by hand, higher is
    better, one criterion, weight 1: base o0 .5, o1 .9, o2 .1; scenario s0: o1 -> 0, o2 -> 1:
    o0 .5, o1 0, o2 1. Regret base: .4, 0, .8; s0: .5, 1, 0. Max: .5, 1, .8 -> o0."""
    case = {
        "scores": [[5], [9], [1]],
        "up": [True],
        "thresholds": [6],
        "raw": [1.0],
        "scenarios": [(None, [(1, 0, 0), (2, 0, 10)])],
        "satisfice": None,
        "reference": "o0",
    }
    result = regret_analysis(build(case))
    assert result.minimax_regret == ("o0",)
    max_regret = {o.option: o.max_regret for o in result.options}
    assert max_regret == pytest.approx({"o0": 0.5, "o1": 1.0, "o2": 0.8}, abs=1e-12)
    # o0 scores 5 < 6 in both futures: the minimax-regret choice fails a red line everywhere
    assert result.failing_choices()["o0"] == {"base": ("c0",), "s0": ("c0",)}
