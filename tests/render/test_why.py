"""`policy why` in words: the criterion a lead is 'mostly on' is one that adds to it."""

from __future__ import annotations

from policy_options.core.why.analysis import why
from policy_options.render.why import mostly_on, sentence
from tests.core.test_why import small_study


def test_a_lead_with_no_positive_difference_is_mostly_on_nothing() -> None:
    """TOPSIS reads raw scores, the gap table weighted values. c0's value function is flat
    at .5 from 4 up, so L (c0 8, c1 5) and T (c0 5, c1 5) have the same values: every
    difference is 0, yet L leads on its raw 8. No criterion is named as the lead's."""
    flat = {
        "direction": "higher_is_better",
        "scale": {"min": 0, "max": 10},
        "value_function": [[0, 0], [4, 0.5], [10, 0.5]],
    }
    plain = {"direction": "higher_is_better", "scale": {"min": 0, "max": 10}}
    options = {"L": [8.0, 5.0], "T": [5.0, 5.0], "U": [1.0, 2.0]}
    study, weights = small_study(options, [1, 1], [flat, plain])
    result = why(study, weights, "L", "T", "topsis")
    assert result.gap.margin > 0.3
    assert result.gap.by_criterion == (("c0", 0.0), ("c1", 0.0))
    assert mostly_on(result) is None
    assert sentence(result).startswith("L leads T by 35.0 points; ")
    assert "mostly on" not in sentence(result)
    # the same pair under the additive model ties: no lead to explain at all
    assert why(study, weights, "L", "T", "additive").tied


def test_the_lead_is_mostly_on_the_largest_positive_difference() -> None:
    """Additive, even weights: L (.9, .5, .5) against T (.5, .5, .7): differences +.2,
    0, -.1; the lead of 10 points is mostly on c0."""
    study, weights = small_study({"L": [0.9, 0.5, 0.5], "T": [0.5, 0.5, 0.7]}, [1, 1, 1])
    result = why(study, weights, "L", "T", "additive")
    assert mostly_on(result) == "c0"
    assert sentence(result).startswith("L leads T by 6.7 points, mostly on c0")
    reverse = why(study, weights, "T", "L", "additive")
    assert mostly_on(reverse) == "c0"
    assert sentence(reverse).startswith("T trails L by 6.7 points, mostly on c0")
