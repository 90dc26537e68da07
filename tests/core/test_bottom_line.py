"""The bottom line's numbers, each checked against an independent computation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from policy_options.core.bottom_line import bottom_line
from policy_options.core.brief import Brief, Settings, build_brief
from policy_options.core.portfolio.analysis import portfolio
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import Weights, resolve_weights
from tests.conftest import SHIPPED, TINY_STUDY, StudyFactory


@pytest.fixture(scope="module")
def brief() -> Brief:
    study = load_study(SHIPPED)
    return build_brief(study, resolve_weights(study), Settings(samples=2_000))


def test_a_study_with_resources_recommends_its_best_package(brief: Brief) -> None:
    line = bottom_line(brief)
    independent = portfolio(brief.study, brief.weights, samples=2_000)  # min(2,000, 10,000)
    assert line.package
    assert line.options == independent.best.options
    assert independent.robustness is not None
    assert line.share == independent.robustness.best_stays
    assert line.samples == 2_000


def test_without_resources_it_recommends_the_leader(brief: Brief) -> None:
    line = bottom_line(replace(brief, portfolio=None))
    leader = rank(brief.study, brief.weights).rows[0].option
    assert line.options == (leader,)
    assert not line.package
    # the share is the leader's: the share of the samples whose ranking puts it first
    counts = [row.acceptability[0] for row in brief.acceptability.options if row.option == leader]
    assert line.share == pytest.approx(counts[0])


def _moved(weights: Weights, criterion: str, share: float) -> Weights:
    """``criterion`` at ``share`` of the total, the others keeping their ratios."""
    rest = 1 - weights.normalised[criterion]
    normalised = {
        key: share if key == criterion else w * (1 - share) / rest
        for key, w in weights.normalised.items()
    }
    return replace(weights, raw=normalised, normalised=normalised)


def test_the_nearest_weight_flip_is_where_the_leader_changes(brief: Brief) -> None:
    line = bottom_line(replace(brief, portfolio=None))
    flips = [c for c in line.changes if c.kind == "weight"]
    assert flips
    flip = flips[0]
    assert flip.criterion
    assert flip.at is not None
    assert flip.now is not None
    leader = line.options[0]
    step = 1e-6 if flip.at > flip.now else -1e-6
    before = rank(brief.study, _moved(brief.weights, flip.criterion, flip.at - step))
    after = rank(brief.study, _moved(brief.weights, flip.criterion, flip.at + step))
    assert before.rows[0].option == leader
    assert after.rows[0].option == flip.option


def test_the_future_named_has_another_leader(brief: Brief) -> None:
    line = bottom_line(replace(brief, portfolio=None))
    futures = [c for c in line.changes if c.kind == "future"]
    assert brief.scenarios is not None
    for change in futures:
        column = next(c for c in brief.scenarios.scenarios if c.id == change.scenario)
        assert column.ranking.rows[0].option == change.option != line.options[0]


@pytest.mark.parametrize("reference", ["alpha", "gamma"])
def test_the_reference_is_named_and_kept_only_when_it_leads(
    make_study: StudyFactory, reference: str
) -> None:
    study = load_study(make_study(study=TINY_STUDY + f"reference: {reference}\n"))
    built = build_brief(study, resolve_weights(study), Settings(samples=500))
    line = bottom_line(built)
    leader = rank(study, resolve_weights(study)).rows[0].option
    assert line.reference == reference
    assert line.keeps_reference == (leader == reference)
