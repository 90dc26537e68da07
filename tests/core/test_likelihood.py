"""The ICD 203 scale: each share gets the term whose range holds it, as the issue's table."""

from __future__ import annotations

import itertools

import pytest

from policy_options.core.likelihood import SCALE, likelihood, term
from policy_options.render.fmt import likely

# ICD 203 (2015), D.6.b.2.a, written out independently of the module's table.
TABLE = [
    (0.00, "almost no chance"),
    (0.049, "almost no chance"),
    (0.05, "very unlikely"),
    (0.19, "very unlikely"),
    (0.20, "unlikely"),
    (0.449, "unlikely"),
    (0.45, "roughly even chance"),
    (0.549, "roughly even chance"),
    (0.55, "likely"),
    (0.799, "likely"),
    (0.80, "very likely"),
    (0.949, "very likely"),
    (0.95, "almost certain"),
    (1.00, "almost certain"),
]


@pytest.mark.parametrize(("share", "word"), TABLE)
def test_each_share_gets_its_term(share: float, word: str) -> None:
    assert likelihood(share) == word


def test_the_scale_covers_0_to_1_without_gaps() -> None:
    assert SCALE[0].low == 0
    assert SCALE[-1].high == 1
    for before, after in itertools.pairwise(SCALE):
        assert before.high == after.low
    for i in range(1001):  # every share falls in exactly the range of its term
        share = i / 1000
        found = term(share)
        assert found.low <= share
        assert share < found.high or found.high == 1


def test_out_of_range_is_refused() -> None:
    for share in (-0.01, 1.01, float("nan")):
        with pytest.raises(ValueError, match="a share is between 0 and 1"):
            term(share)


def test_the_word_comes_with_its_number() -> None:
    assert likely(0.724) == "likely (72.4%)"
    assert likely(0.05) == "very unlikely (5.0%)"
