"""Score tornado: margins cross-checked by re-ranking a study with the score actually moved,
under every aggregation method."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.methods import Method
from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import Weights, resolve_weights
from policy_options.core.uncertainty.sampling import ranged_modifier_cells
from policy_options.core.uncertainty.tornado import Tornado, score_tornado
from policy_options.errors import UsageError
from tests.core.uncertainty.modified import as_modifier, with_reference

SHIPPED = Path(__file__).resolve().parents[3] / "options"


def moved(study: Study, option: str, criterion: str, x: float) -> Study:
    """The study with one raw score replaced: an independent route to the margin."""
    spec = study.options[option].spec
    scores = dict(spec.scores)
    scores[criterion] = scores[criterion].model_copy(update={"value": x, "range": None})
    options = dict(study.options)
    options[option] = replace(
        study.options[option], spec=spec.model_copy(update={"scores": scores})
    )
    return replace(study, options=options)


def margin_and_top(
    study: Study, weights: Weights, leader: str, method: str | None = None
) -> tuple[float, str]:
    """The leader's margin and the option on top (the leader while it shares rank 1)."""
    ranking = rank(study, weights, method)
    score = {row.option: row.score for row in ranking.rows}
    margin = score[leader] - max(s for o, s in score.items() if o != leader)
    if ranking.row(leader).rank == 1:
        return margin, leader
    return margin, ranking.rows[0].option


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("profile", ["balanced", "deterrence-first", "moscow-cautious"])
def test_margins_agree_with_reranking(profile: str, method: Method) -> None:
    study = load_study(SHIPPED)
    check_margins(study, resolve_weights(study, profile), method)


@pytest.mark.parametrize("reference", [None, "status-quo"])
@pytest.mark.parametrize("method", list(Method))
def test_modifier_bars_agree_with_reranking(
    tmp_path: Path, method: Method, reference: str | None
) -> None:
    """Political feasibility a modifier: its ranges are bars (the factor at each end), and
    every margin is the re-ranked study's; with a reference option too (score
    s_ref + m (s - s_ref)), whose own ranged scores move every option's score."""
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    study = with_reference(study, reference)
    result = check_margins(study, resolve_weights(study), method)
    if reference is not None:
        assert any(bar.option == reference for bar in result.bars)
    on_modifier = [bar for bar in result.bars if bar.criterion in study.modifiers]
    assert len(on_modifier) == len(ranged_modifier_cells(study)) > 0


def check_margins(study: Study, weights: Weights, method: Method) -> Tornado:
    """Every bar's margins and tops against the study re-ranked with the score moved."""
    result = score_tornado(study, weights, method)
    base = rank(study, weights, method)
    assert result.ranking.method == method
    assert result.leader == base.rows[0].option
    assert result.runner_up == base.rows[1].option
    assert result.margin == pytest.approx(base.rows[0].score - base.rows[1].score, abs=1e-12)
    expected_bars = sum(
        1
        for option in study.options.values()
        for score in option.spec.scores.values()
        if score.range is not None and score.range[0] < score.range[1]
    )
    assert len(result.bars) == expected_bars
    for bar in result.bars:
        for x, margin, top in (
            (bar.low, bar.margin_at_low, bar.top_at_low),
            (bar.high, bar.margin_at_high, bar.top_at_high),
        ):
            expected, top_expected = margin_and_top(
                moved(study, bar.option, bar.criterion, x), weights, result.leader, method
            )
            assert margin == pytest.approx(expected, abs=1e-12)
            assert top == top_expected
            if method is not Method.weakest_link:  # there a tie of weakest values can cost it
                assert (top != result.leader) == (expected < -1e-9)
        assert bar.swing == pytest.approx(abs(bar.margin_at_high - bar.margin_at_low), abs=1e-15)
    swings = [round(bar.swing, 12) for bar in result.bars]
    assert swings == sorted(swings, reverse=True)
    return result


def test_balanced_hinges_on_mediations_stability_score() -> None:
    study = load_study(SHIPPED)
    result = score_tornado(study, resolve_weights(study, "balanced"))
    assert result.leader == "us-eu-mediation"
    first = result.bars[0]
    assert (first.option, first.criterion) == ("us-eu-mediation", "stability")
    assert first.changes_leader
    assert first.top_at_low == "accept-multi-alignment"
    assert [b for b in result.bars if b.changes_leader] == list(result.decisive)


def test_tiny_by_hand(tiny: Path) -> None:
    # even weights: alpha = (0.8 + 0.5) / 2 = 0.65, beta = (0.4 + 1) / 2 = 0.7, gamma = 0.1
    study = load_study(tiny)
    result = score_tornado(study, resolve_weights(study))
    assert (result.leader, result.runner_up) == ("beta", "alpha")
    assert result.margin == pytest.approx(0.05)
    bars = {(b.option, b.criterion): b for b in result.bars}
    assert set(bars) == {("alpha", "gain"), ("beta", "delay")}
    gain = bars["alpha", "gain"]  # range 6..9: alpha 0.55 or 0.7 -> margins 0.15, 0 (a tie)
    assert gain.margin_at_low == pytest.approx(0.15)
    assert gain.margin_at_high == pytest.approx(0.0, abs=1e-12)
    assert gain.top_at_high == "beta"  # a tie counts as still on top
    assert not gain.changes_leader
    delay = bars["beta", "delay"]  # 0..5 months: value 1 .. 0.75 -> beta 0.7 .. 0.575
    assert delay.margin_at_low == pytest.approx(0.05)
    assert delay.margin_at_high == pytest.approx(-0.075)
    assert delay.top_at_high == "alpha"
    assert delay.changes_leader
    assert result.bars == (gain, delay)  # swings 0.15 and 0.125


def test_topsis_moves_every_option() -> None:
    """TOPSIS re-normalises across options: moving one score moves the others' closeness."""
    study = load_study(SHIPPED)
    weights = resolve_weights(study)
    result = score_tornado(study, weights, "topsis")
    bar = next(b for b in result.bars if b.option != result.leader)
    base = {row.option: row.score for row in rank(study, weights, "topsis").rows}
    changed = {
        row.option: row.score
        for row in rank(moved(study, bar.option, bar.criterion, bar.low), weights, "topsis").rows
    }
    assert changed[result.leader] != pytest.approx(base[result.leader], abs=1e-12)
    assert bar.swing > 0


def test_weakest_link_leader_can_lose_on_the_additive_tiebreak(make_study: Any) -> None:
    # a and b share the weakest value 0.5 (delay 10 months, gain 5); a leads on the additive
    # score until its gain drops to 5 (no change of the weakest value; the tiebreak flips)
    options = {
        "a": "title: A\nscores: {gain: {value: 9, range: [5, 9]}, delay: 10}\n",
        "b": "title: B\nscores: {gain: 7, delay: 10}\n",
    }
    study = load_study(make_study(options=options))
    result = score_tornado(study, resolve_weights(study), "weakest-link")
    assert result.leader == "a"
    (bar,) = result.bars
    assert (bar.margin_at_low, bar.margin_at_high) == (0.0, 0.0)
    assert (bar.top_at_low, bar.top_at_high) == ("b", "a")
    assert bar.changes_leader
    from policy_options.render.sensitivity import tornado_verdict

    assert "puts b on top" in tornado_verdict(result)


def test_degenerate_ranges_are_fixed(make_study: Any) -> None:
    options = {
        "a": "title: A\nscores: {gain: {value: 5, range: [5, 5]}, delay: 3}\n",
        "b": "title: B\nscores: {gain: 4, delay: 3}\n",
    }
    study = load_study(make_study(options=options))
    assert score_tornado(study, resolve_weights(study)).bars == ()


def test_one_option_is_an_error(make_study: Any) -> None:
    study = load_study(make_study(options={"a": "title: A\nscores: {gain: 5, delay: 3}\n"}))
    with pytest.raises(UsageError, match="at least two options"):
        score_tornado(study, resolve_weights(study))
