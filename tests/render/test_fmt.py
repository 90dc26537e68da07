"""Plain-text pieces every renderer shares: which criteria a sentence or a list names."""

from __future__ import annotations

from pathlib import Path

from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.render import fmt
from tests.conftest import StudyFactory


def test_a_zero_difference_is_neither_a_gain_nor_a_loss() -> None:
    """`explain`'s gap sentence names the criteria that move the margin, largest first:
    0, -0 and rounding noise (below 1e-12) move nothing."""
    diffs = (("gain", 0.15), ("delay", 0.0), ("cost", -0.05), ("risk", -0.0), ("x", 1e-13))
    names = {key: key.title() for key, _ in diffs}
    assert fmt.gap_sentence(0.1, diffs, names) == (
        "10.0 points ahead; gains on Gain +15.0; loses on Cost −5.0"
    )
    nothing = (("gain", 0.0), ("delay", -0.0))
    assert fmt.gap_sentence(0.0, nothing, names) == "level"


def test_the_largest_contributions_leave_out_a_zero(tiny: Path) -> None:
    """gamma (gain 2 of 10, delay 20 of 20 months): even weights give gain 10.0 points
    and delay 0; the rank table's 'Largest contributions' names gain alone."""
    study = load_study(tiny)
    ranking = rank(study, resolve_weights(study))
    names = {key: key for key in study.criteria}
    assert fmt.highlight("additive", ranking.row("gamma"), names) == "gain 10.0"
    assert fmt.highlight("additive", ranking.row("alpha"), names) == "gain 40.0, delay 25.0"


def test_red_line_says_which_way(make_study: StudyFactory) -> None:
    """Higher is better: the score is below the threshold (<); lower is better: above (>)."""
    from tests.conftest import TINY_STUDY

    text = TINY_STUDY.replace("unit: points\n", "unit: points\n    threshold: 3\n")
    text = text.replace("unit: months\n", "unit: months\n    threshold: 12\n")
    study = load_study(make_study(study=text))
    assert fmt.red_line(study, "gamma", "gain") == "fails the red line on Gain: 2 < 3 points"
    assert fmt.red_line(study, "gamma", "delay") == "fails the red line on Delay: 20 > 12 months"
    assert rank(study, resolve_weights(study)).row("gamma").fails == ("gain", "delay")
