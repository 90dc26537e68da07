"""explain: ``pair_gap`` for the ratio-form weighted product (the score gap split by log
ratios); with modifiers, each modifier's factor, their product, and score = factor x the
weighted sum, against a computation by hand; the view and the JSON show them."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.ranking.explain import explain, pair_gap
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.values import value
from policy_options.core.study.weights import resolve_weights
from policy_options.render import fmt, jsonout
from policy_options.render.views.explain import explanation, factor_sentence
from policy_options.render.writers import console
from tests.conftest import SHIPPED
from tests.core.ranking.test_method_notes import study_of
from tests.core.uncertainty.modified import as_modifier, with_factors, with_reference


@st.composite
def positive_studies(draw: Any) -> tuple[list[list[int]], list[bool], list[float]]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(2, 6))
    scores = draw(
        st.lists(st.lists(st.integers(1, 10), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    directions = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    weights = draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any))
    return scores, directions, [float(w) for w in weights]


@settings(max_examples=100, deadline=None)
@given(positive_studies())
def test_the_gap_of_weighted_product_ratio_adds_up_and_follows_the_raw_ratios(case: Any) -> None:
    """Each part is L(S_a, S_b) × (+-w_j) ln(x_aj / x_bj), the log ratio computed here from
    the raw scores (no normalisation by the ideal at hand: it cancels), and the parts add
    up to the score gap."""
    scores, directions, raw_weights = case
    study, weights = study_of(scores, directions, raw_weights)
    ranking = rank(study, weights, "weighted-product-ratio")
    first, last = ranking.rows[0], ranking.rows[-1]
    gap = pair_gap(ranking, first, last)
    assert gap.basis == "log shares"
    assert math.fsum(part for _, part in gap.by_criterion) == pytest.approx(gap.margin, abs=1e-12)
    a, b = first.score, last.score
    mean = a if a == b else (a - b) / (math.log(a) - math.log(b))
    raw = {o.id: o.spec.scores for o in study.options.values()}
    for key, part in gap.by_criterion:
        j = int(key[1:])
        sign = 1 if directions[j] else -1
        ratio = raw[first.option][key].value / raw[last.option][key].value
        expected = mean * sign * weights.normalised[key] * math.log(ratio)
        assert part == pytest.approx(expected, abs=1e-12)


def test_with_different_modifier_factors_the_gap_falls_back_to_weighted_values() -> None:
    """m × prod f: with m_a != m_b part of the gap is the modifier's, not a criterion's,
    so the log shares would not add up: the gap is read on weighted values instead; with
    equal factors the log shares add up to the gap again."""
    from policy_options.core.study.weights import Weights, normalise

    modifier = {2: {"role": "modifier", "value_function": [[0, 0.0], [10, 1.0]]}}
    for chance, basis in (([5, 10, 10], "weighted values"), ([8, 8, 8], "log shares")):
        scores = [[6, 3, chance[0]], [4, 5, chance[1]], [2, 2, chance[2]]]
        study, _ = study_of(scores, [True, False, True], [1, 1, 1], modifier)
        raw = {"c0": 1.0, "c1": 1.0}
        ranking = rank(
            study, Weights("test", "test", raw, normalise(raw)), "weighted-product-ratio"
        )
        first, last = ranking.rows[0], ranking.rows[-1]
        gap = pair_gap(ranking, first, last)
        assert gap.basis == basis
        if basis == "log shares":
            total = math.fsum(part for _, part in gap.by_criterion)
            assert total == pytest.approx(gap.margin, abs=1e-12)


def test_factor_times_weighted_sum_by_hand(tmp_path: Path) -> None:
    study = with_reference(load_study(as_modifier(SHIPPED, tmp_path / "study")), None)
    plain = with_factors(study, [0.5] * len(study.options))  # one more modifier, 'odds'
    weights = resolve_weights(plain)
    ranking = rank(plain, weights)
    for option in plain.options:
        result = explain(ranking, option)
        scores = plain.options[option].spec.scores
        by_hand = [value(c, scores[k].value) for k, c in plain.modifiers.items()]
        assert [line.criterion for line in result.factors] == list(plain.modifiers)
        assert "odds" in plain.modifiers
        assert [line.factor for line in result.factors] == by_hand
        assert result.factor == math.prod(by_hand)
        weighted_sum = math.fsum(
            weights.normalised[k] * value(c, scores[k].value) for k, c in plain.criteria.items()
        )
        assert result.unmodified is not None
        assert abs(result.unmodified - weighted_sum) < 1e-12
        assert abs(result.row.score - result.factor * weighted_sum) < 1e-12
        assert abs(math.fsum(line.contribution for line in result.lines) - result.row.score) < 1e-12


def test_the_view_and_json_show_the_factors(tmp_path: Path) -> None:
    # the shipped study without its reference: Score = factor x weighted sum
    study = with_reference(load_study(as_modifier(SHIPPED, tmp_path / "study")), None)
    ranking = rank(study, resolve_weights(study))
    result = explain(ranking, "status-quo")
    text = " ".join(console.write(explanation(result)).split())
    assert "Modifier" in text
    assert "feasibility" in text
    # feasibility 10 on [[0, 0.1], [5, 0.6], [10, 0.9]] (as_modifier): 0.9; time to effect
    # 0 months on the shipped study's own discount (its value at 0): multiplied
    spec = study.options["status-quo"].spec.scores
    assert spec["feasibility"].value == 10
    discount = study.modifiers["time_to_effect"].value_function
    assert discount is not None
    at_zero = dict(discount)[spec["time_to_effect"].value]
    assert abs(result.factor - 0.9 * at_zero) < 1e-12
    assert result.unmodified is not None
    shown = (
        f"{result.factor:.3f} × {fmt.points(result.unmodified)} = {fmt.points(result.row.score)}"
    )
    assert f"Score = factor × weighted sum: {shown} points" in text
    assert factor_sentence(result) in text
    data = json.loads(jsonout.explanation(result))
    assert abs(data["factor"] - result.factor) < 1e-9
    assert [m["criterion"] for m in data["modifiers"]] == ["feasibility", "time_to_effect"]
    assert abs(data["unmodified_score"] * data["factor"] - data["score"]) < 1e-9


def test_no_modifier_no_factor_keys(tiny: Path) -> None:
    study = load_study(tiny)
    result = explain(rank(study, resolve_weights(study)), "alpha")
    assert result.factors == ()
    assert result.factor == 1.0
    assert "factor" not in json.loads(jsonout.explanation(result))


def test_with_a_reference_score_is_reference_plus_factor_times_gain(tmp_path: Path) -> None:
    """With ``reference:`` named, S_i = S_ref + m_i (S_i' - S_ref) with S' the weighted
    sum by hand: the unmodified score, the gain and the contributions agree; the view
    says 'Score = reference + factor × gain' and the JSON adds reference_score and gain."""
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    factors = [
        0.0 if i == 1 else 1.0 if i == 2 else 0.5 + 0.03 * i for i in range(len(study.options))
    ]
    plain = with_reference(with_factors(study, factors), "status-quo")
    weights = resolve_weights(plain)
    ranking = rank(plain, weights)

    def weighted_sum(option: str) -> float:
        scores = plain.options[option].spec.scores
        return math.fsum(
            weights.normalised[k] * value(c, scores[k].value) for k, c in plain.criteria.items()
        )

    base = weighted_sum("status-quo")
    for option in plain.options:
        result = explain(ranking, option)
        scores = plain.options[option].spec.scores
        m = math.prod(value(c, scores[k].value) for k, c in plain.modifiers.items())
        assert result.factor == m
        assert result.reference_score is not None
        assert abs(result.reference_score - base) < 1e-12
        s = weighted_sum(option)
        expected = base if option == "status-quo" else base + m * (s - base)
        assert abs(result.row.score - expected) < 1e-12
        assert abs(math.fsum(line.contribution for line in result.lines) - result.row.score) < 1e-12
        sentence = factor_sentence(result)
        data = json.loads(jsonout.explanation(result))
        assert data["reference"] == "status-quo"
        assert abs(data["reference_score"] - base) < 1e-9
        if option == "status-quo":
            assert result.is_reference
            assert sentence.startswith("This is the reference option (status-quo)")
            continue
        if m == 0:
            assert result.unmodified is None
            assert result.gain is None
            assert data["gain"] is None
            assert sentence.startswith("Score = reference + factor × gain = reference")
            continue
        assert result.unmodified is not None
        assert result.gain is not None
        assert abs(result.unmodified - s) < 1e-12
        assert abs(result.gain - (s - base)) < 1e-12
        sign = "−" if result.gain < 0 else "+"
        shown = (
            f"{fmt.points(base)} {sign} {m:.3f} × {fmt.points(abs(result.gain))}"
            f" = {fmt.points(result.row.score)} points"
        )
        assert sentence.startswith(f"Score = reference + factor × gain: {shown}")
        assert abs(data["reference_score"] + data["factor"] * data["gain"] - data["score"]) < 1e-9
    text = " ".join(console.write(explanation(explain(ranking, ranking.rows[0].option))).split())
    assert "Score = reference + factor × gain" in text or "This is the reference option" in text


def test_with_a_reference_the_weighted_values_gap_moves_against_it() -> None:
    """weighted product (no additive contributions): the gap's parts are
    w_j ((v_ref + m (v - v_ref)) - (v_ref + m' (v' - v_ref))), by hand."""
    from policy_options.core.study.weights import Weights, normalise

    modifier = {2: {"role": "modifier", "value_function": [[0, 0.0], [10, 1.0]]}}
    scores = [[6, 3, 5], [4, 5, 10], [2, 2, 7]]
    study, _ = study_of(scores, [True, False, True], [1, 1, 1], modifier)
    study = with_reference(study, list(study.options)[2])
    raw = {"c0": 1.0, "c1": 2.0}
    ranking = rank(study, Weights("test", "test", raw, normalise(raw)), "weighted-product")
    ref = ranking.row(list(study.options)[2])
    first, last = ranking.rows[0], ranking.rows[-1]
    gap = pair_gap(ranking, first, last)
    assert gap.basis == "weighted values"
    w = normalise(raw)
    for key, part in gap.by_criterion:
        r = ref.values[key]
        a = r + first.factor * (first.values[key] - r)
        b = r + last.factor * (last.values[key] - r)
        assert part == pytest.approx(w[key] * (a - b), abs=1e-12)
