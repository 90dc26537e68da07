"""Swing weights: the points normalised, and the points an analyst may give."""

from __future__ import annotations

import pytest

from policy_options.core.elicitation.swing import parse_points, swing_weights
from policy_options.errors import UsageError
from tests.core.elicitation.judgements import CRITERIA


def test_swing_weights_are_points_normalised() -> None:
    points = parse_points(["a=100", "b=50", "c=50", "d=0", "e=25"], CRITERIA)
    derived = swing_weights(points, CRITERIA)
    assert derived.raw == {"a": 100, "b": 50, "c": 50, "d": 0, "e": 25}
    assert derived.normalised == pytest.approx(
        {"a": 100 / 225, "b": 50 / 225, "c": 50 / 225, "d": 0, "e": 25 / 225}
    )
    assert "a 100, b 50, c 50, e 25, d 0" in derived.description


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["a=101"], "points for 'a' must lie in 0..100"),
        (["a=-1"], "points for 'a' must lie in 0..100"),
        (["a=nan"], "points for 'a' must lie in 0..100"),
        (["a=lots"], "'lots' is not a number"),
        (["a"], "expected CRITERION=POINTS"),
        (["a=100", "a=50"], "criterion 'a' is named twice in --points"),
        (["z=5"], "unknown criterion 'z'"),
    ],
)
def test_points_errors(texts: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_points(texts, CRITERIA)


def test_swing_needs_every_criterion_and_a_best_of_100() -> None:
    with pytest.raises(UsageError, match="no points for 'd', 'e'"):
        swing_weights({"a": 100, "b": 1, "c": 1}, CRITERIA)
    with pytest.raises(UsageError, match="the best swing gets 100 points, but the highest given"):
        swing_weights(dict.fromkeys(CRITERIA, 80.0), CRITERIA)
