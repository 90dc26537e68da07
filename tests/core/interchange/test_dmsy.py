"""DMSY export read by scikit-criteria itself (``skcriteria.io.read_dmsy``): matrix,
objectives, weights and ids; with --values its WeightedSumModel gives our additive
scores, and its own pipeline on the raw matrix gives other numbers, as the docs say."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.interchange.dmsy import export_dmsy
from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from tests.conftest import SHIPPED

skcriteria = pytest.importorskip("skcriteria")


def read(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-criteria's own deprecation notices
        from skcriteria.io import read_dmsy

        return read_dmsy(io.StringIO(text))


@pytest.mark.parametrize("profile", ["balanced", "deterrence-first"])
def test_scikit_criteria_reads_the_raw_matrix(profile: str) -> None:
    study = load_study(SHIPPED)
    weights = resolve_weights(study, profile)
    dm = read(export_dmsy(study, weights))
    criteria = list(study.criteria)
    assert list(dm.alternatives) == list(study.options)
    assert list(dm.criteria) == criteria
    for i, option in enumerate(study.options.values()):
        for j, key in enumerate(criteria):
            assert dm.matrix.iloc[i, j] == option.spec.scores[key].value
    expected = [
        1 if study.criteria[k].direction is Direction.HIGHER_IS_BETTER else -1 for k in criteria
    ]
    assert list(dm.iobjectives) == expected
    assert list(dm.weights) == [weights.normalised[k] for k in criteria]


def test_the_values_matrix_gives_the_additive_scores_in_scikit_criteria() -> None:
    study = load_study(SHIPPED)
    weights = resolve_weights(study, "balanced")
    dm = read(export_dmsy(study, weights, values=True))
    from skcriteria.agg.simple import WeightedSumModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = WeightedSumModel().evaluate(dm)
    theirs = dict(zip(dm.alternatives, result.e_.score, strict=True))
    ranking = rank(study, weights, "additive")
    # scikit-criteria gives the weighted sums s_i; the shipped study has modifiers and a
    # reference (status-quo), so our score is s_ref + m_i (s_i - s_ref), m_i the factor
    s_ref = theirs[study.reference]
    for row in ranking.rows:
        assert s_ref + row.factor * (theirs[row.option] - s_ref) == pytest.approx(
            row.score, abs=1e-12
        )
    # their ranks follow their weighted sums (higher first); the new study has no exact tie,
    # so the old check that a tie shares a rank here is left to the tiny study's exports
    their_rank = dict(zip(dm.alternatives, result.rank_, strict=True))
    for a in ranking.rows:
        for b in ranking.rows:
            if theirs[a.option] - theirs[b.option] > 1e-9:
                assert their_rank[a.option] < their_rank[b.option]


def test_the_same_study_gives_the_same_bytes(tiny: Path) -> None:
    study = load_study(tiny)
    weights = resolve_weights(study, None)
    assert export_dmsy(study, weights) == export_dmsy(study, weights)
    assert "created_at" not in export_dmsy(study, weights)


def test_modifiers_are_left_out_and_named(make_study: Any) -> None:
    from tests.core.interchange.test_xmcda_read import MODIFIER_OPTIONS, MODIFIER_STUDY

    study = load_study(
        make_study(
            study=MODIFIER_STUDY,
            options=MODIFIER_OPTIONS,
            profiles={"even": "weights: {gain: 1}\n"},
        )
    )
    text = export_dmsy(study, resolve_weights(study, "even"))
    dm = read(text)
    assert list(dm.criteria) == ["gain"]
    assert "left_out: [chance]" in text
