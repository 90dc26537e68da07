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
from tests.core.uncertainty.modified import as_modifier, with_factors


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
    """The shipped study's modifiers (feasibility, time to effect) plus 'odds' at 0.5: m_i is
    the product of the three value functions, and as the study names a reference
    (status-quo) the score is s_ref + m_i (s_i - s_ref), s_i the weighted sum by hand."""
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    plain = with_factors(study, [0.5] * len(study.options))  # a third modifier, 'odds'
    weights = resolve_weights(plain)
    ranking = rank(plain, weights)

    def weighted_sum(option: str) -> float:
        scores = plain.options[option].spec.scores
        return math.fsum(
            weights.normalised[k] * value(c, scores[k].value) for k, c in plain.criteria.items()
        )

    s_ref = weighted_sum("status-quo")
    for option in plain.options:
        result = explain(ranking, option)
        scores = plain.options[option].spec.scores
        by_hand = [value(c, scores[k].value) for k, c in plain.modifiers.items()]
        assert [line.criterion for line in result.factors] == [
            "feasibility", "time_to_effect", "odds"
        ]  # fmt: skip
        assert [line.factor for line in result.factors] == by_hand
        assert result.factor == pytest.approx(math.prod(by_hand), abs=1e-15)
        s_i = weighted_sum(option)
        assert result.reference_score == pytest.approx(s_ref, abs=1e-12)
        assert result.unmodified is not None
        assert abs(result.unmodified - s_i) < 1e-12
        assert abs(result.row.score - (s_ref + result.factor * (s_i - s_ref))) < 1e-12
        assert abs(math.fsum(line.contribution for line in result.lines) - result.row.score) < 1e-12


def test_without_a_reference_the_score_is_factor_times_weighted_sum(tmp_path: Path) -> None:
    """The same study without its `reference:` line: score = m_i x s_i, by hand."""
    folder = as_modifier(SHIPPED, tmp_path / "study")
    spec = folder / "study.yaml"
    spec.write_text(
        "\n".join(
            line for line in spec.read_text(encoding="utf-8").splitlines()
            if not line.startswith("reference:")
        ) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    study = load_study(folder)
    assert study.reference is None
    weights = resolve_weights(study)
    ranking = rank(study, weights)
    for option in study.options:
        result = explain(ranking, option)
        scores = study.options[option].spec.scores
        s_i = math.fsum(
            weights.normalised[k] * value(c, scores[k].value) for k, c in study.criteria.items()
        )
        m_i = math.prod(value(c, scores[k].value) for k, c in study.modifiers.items())
        assert result.reference_score is None
        assert result.unmodified == pytest.approx(s_i, abs=1e-12)
        assert result.row.score == pytest.approx(m_i * s_i, abs=1e-12)
        shown = f"{result.factor:.3f} × {fmt.points(s_i)} = {fmt.points(result.row.score)}"
        assert f"Score = factor × weighted sum: {shown} points" in factor_sentence(result)


def test_the_view_and_json_show_the_factors(tmp_path: Path) -> None:
    """clear-limits: feasibility 8 on [[5, 0.6], [10, 0.9]] gives 0.6 + 3 x 0.06 = 0.78;
    time to effect 1 month on [[0, 1.0], [12, 0.97]] gives 1 - 0.03/12 = 0.9975; the
    score is the reference's plus their product times the gain over it."""
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    ranking = rank(study, resolve_weights(study))
    result = explain(ranking, "clear-limits")
    text = " ".join(console.write(explanation(result)).split())
    assert "Modifier" in text
    assert "feasibility" in text
    assert abs(result.factor - (0.6 + 3 * 0.06) * (1 - 0.03 / 12)) < 1e-12
    assert result.unmodified is not None
    assert result.reference_score is not None
    ref = fmt.points(result.reference_score)
    shown = (
        f"{ref} + {result.factor:.3f} × ({fmt.points(result.unmodified)} − {ref})"
        f" = {fmt.points(result.row.score)}"
    )
    assert f"Score = reference + factor × (weighted sum − reference): {shown} points" in text
    assert factor_sentence(result) in text
    data = json.loads(jsonout.explanation(result))
    assert abs(data["factor"] - result.factor) < 1e-9
    assert [m["criterion"] for m in data["modifiers"]] == ["feasibility", "time_to_effect"]
    s_ref, s_i = data["reference_score"], data["unmodified_score"]
    assert abs(s_ref + data["factor"] * (s_i - s_ref) - data["score"]) < 1e-9


def test_no_modifier_no_factor_keys(tiny: Path) -> None:
    study = load_study(tiny)
    result = explain(rank(study, resolve_weights(study)), "alpha")
    assert result.factors == ()
    assert result.factor == 1.0
    assert "factor" not in json.loads(jsonout.explanation(result))
