"""explain with modifiers: each modifier's factor, their product, and score = factor x the
weighted sum, against a computation by hand; the view and the JSON show them."""

from __future__ import annotations

import json
import math
from pathlib import Path

from policy_options.core.ranking.explain import explain
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.values import value
from policy_options.core.study.weights import resolve_weights
from policy_options.render import fmt, jsonout
from policy_options.render.views.explain import explanation, factor_sentence
from policy_options.render.writers import console
from tests.conftest import SHIPPED
from tests.core.uncertainty.modified import as_modifier, with_factors


def test_factor_times_weighted_sum_by_hand(tmp_path: Path) -> None:
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    plain = with_factors(study, [0.5] * len(study.options))  # a second modifier, 'odds'
    weights = resolve_weights(plain)
    ranking = rank(plain, weights)
    for option in plain.options:
        result = explain(ranking, option)
        scores = plain.options[option].spec.scores
        by_hand = [value(c, scores[k].value) for k, c in plain.modifiers.items()]
        assert [line.criterion for line in result.factors] == ["feasibility", "odds"]
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
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    ranking = rank(study, resolve_weights(study))
    result = explain(ranking, "status-quo")
    text = " ".join(console.write(explanation(result)).split())
    assert "Modifier" in text
    assert "feasibility" in text
    assert abs(result.factor - (0.6 + 4 * 0.06)) < 1e-12  # feasibility 9 on [[5, 0.6], [10, 0.9]]
    assert result.unmodified is not None
    shown = (
        f"{result.factor:.3f} × {fmt.points(result.unmodified)} = {fmt.points(result.row.score)}"
    )
    assert f"Score = factor × weighted sum: {shown} points" in text
    assert factor_sentence(result) in text
    data = json.loads(jsonout.explanation(result))
    assert abs(data["factor"] - result.factor) < 1e-9
    assert [m["criterion"] for m in data["modifiers"]] == ["feasibility"]
    assert abs(data["unmodified_score"] * data["factor"] - data["score"]) < 1e-9


def test_no_modifier_no_factor_keys(tiny: Path) -> None:
    study = load_study(tiny)
    result = explain(rank(study, resolve_weights(study)), "alpha")
    assert result.factors == ()
    assert result.factor == 1.0
    assert "factor" not in json.loads(jsonout.explanation(result))
