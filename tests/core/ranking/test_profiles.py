"""Profiles side by side and the diff of two rankings, on the tiny study (hand-checked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_options.core.ranking.profiles import (
    compare_profiles,
    diff_rankings,
    rank_moves,
    ranks_of,
)
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights


def test_rank_moves() -> None:
    before = {"a": 1, "b": 2, "c": 3}
    after = {"c": 1, "a": 2, "b": 3, "new": 4}
    assert rank_moves(before, after) == {"c": 2, "a": -1, "b": -1, "new": None}


def test_compare_profiles_on_tiny(tiny: Path) -> None:
    """even: beta .70, alpha .65, gamma .10; gain-first (3:1): alpha .725, beta .55, gamma .15.

    alpha = 3/4 * .8 + 1/4 * .5; beta = 3/4 * .4 + 1/4 * 1; gamma = 3/4 * .2 + 0.
    """
    study = load_study(tiny)
    result = compare_profiles(study, [resolve_weights(study, p) for p in ("even", "gain-first")])
    assert [ranks_of(r) for r in result.rankings] == [
        {"beta": 1, "alpha": 2, "gamma": 3},
        {"alpha": 1, "beta": 2, "gamma": 3},
    ]
    assert result.score(1, "alpha") == pytest.approx(0.725)
    assert result.score(1, "beta") == pytest.approx(0.55)
    assert result.top(0) == ("beta",)
    assert result.top(1) == ("alpha",)
    # worst ranks: alpha 2, beta 2, gamma 3; alpha and beta tie on mean 1.5 -> by id
    assert [s.option for s in result.standings] == ["alpha", "beta", "gamma"]
    assert result.robust.option == "alpha"
    assert [s.option for s in result.robust_ties] == ["beta"]
    # one discordant pair (alpha, beta) of three: tau = (2 - 1) / 3
    assert result.tau[0][1] == pytest.approx(1 / 3)
    assert result.tau[0][0] == result.tau[1][1] == 1


def test_diff_on_tiny(tiny: Path) -> None:
    study = load_study(tiny)
    a = rank(study, resolve_weights(study, "even"))
    b = rank(study, resolve_weights(study, "gain-first"))
    result = diff_rankings(a, b)
    assert [(m.option, m.rank_a, m.rank_b, m.move) for m in result.rows] == [
        ("alpha", 2, 1, 1),
        ("beta", 1, 2, -1),
        ("gamma", 3, 3, 0),
    ]
    assert [(c.criterion, c.a, c.b) for c in result.weight_changes] == [
        ("gain", 0.5, 0.75),
        ("delay", 0.5, 0.25),
    ]
    assert result.tau == pytest.approx(1 / 3)


def test_diff_of_a_profile_with_itself(tiny: Path) -> None:
    study = load_study(tiny)
    a = rank(study, resolve_weights(study, "even"))
    result = diff_rankings(a, a)
    assert all(m.move == 0 for m in result.rows)
    assert result.weight_changes == ()
    assert result.tau == 1


def test_equal_after_normalising_is_no_weight_change(tiny: Path) -> None:
    study = load_study(tiny)
    a = rank(study, resolve_weights(study, "even"))
    b = rank(study, resolve_weights(study, "even", ["gain=7", "delay=7"]))
    assert diff_rankings(a, b).weight_changes == ()
