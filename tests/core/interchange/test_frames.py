"""Results as DataFrames: each frame's numbers against the result's own fields or a
computation by hand, and the display headers and captions."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from policy_options.core.futures.regret import regret_analysis
from policy_options.core.interchange.frames import frame_html, frame_markdown
from policy_options.core.portfolio.analysis import portfolio
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.montecarlo import smaa
from policy_options.core.uncertainty.stability import weight_stability
from policy_options.errors import UsageError
from tests.conftest import SHIPPED

pd = pytest.importorskip("pandas")


def test_the_study_frame_holds_raw_scores_and_values(tiny: Path) -> None:
    study = load_study(tiny)
    raw = study.to_frame()
    assert list(raw.index) == ["alpha", "beta", "gamma"]
    assert list(raw.columns) == ["gain", "delay"]
    assert raw.loc["alpha", "gain"] == 8
    assert raw.loc["beta", "delay"] == 0
    values = study.to_frame("values")
    # gain: x / 10; delay: value function [[0, 1], [10, 0.5], [20, 0]]
    assert values.loc["alpha", "gain"] == pytest.approx(0.8, abs=1e-12)
    assert values.loc["alpha", "delay"] == pytest.approx(0.5, abs=1e-12)
    assert values.loc["gamma", "delay"] == pytest.approx(0.0, abs=1e-12)
    both = study.to_frame("both")
    assert both.loc["alpha", ("gain", "raw")] == 8
    assert both.loc["alpha", ("gain", "value")] == pytest.approx(0.8)
    assert raw.attrs["headers"] == {"gain": "Gain ↑ 50.0%", "delay": "Delay ↓ 50.0%"}
    assert raw.attrs["caption"] == "Tiny study · raw scores · weights even"
    with pytest.raises(UsageError, match="one of raw, values, both"):
        study.to_frame("other")


def test_the_ranking_frame_sums_to_the_scores() -> None:
    study = load_study(SHIPPED)
    ranking = rank(study, resolve_weights(study, "balanced"), "additive")
    frame = ranking.to_frame()
    assert list(frame.index) == [row.option for row in ranking.rows]
    for option, row in frame.iterrows():
        total = math.fsum(row[key] for key in study.criteria)
        assert total == pytest.approx(row["score"], abs=1e-12)
        assert row["rank"] == ranking.row(str(option)).rank
    assert frame.attrs["caption"].endswith("method additive · weights balanced")


def test_the_monte_carlo_frame() -> None:
    study = load_study(SHIPPED)
    result = smaa(study, resolve_weights(study, "balanced"), samples=500, seed=3)
    frame = result.to_frame()
    n = len(study.options)
    shares = frame[[f"rank {k}" for k in range(1, n + 1)]]
    for total in shares.sum(axis=1):
        assert total == pytest.approx(1.0, abs=1e-12)
    for _option, row in frame.iterrows():
        expected = math.fsum(k * row[f"rank {k}"] for k in range(1, n + 1))
        assert row["expected_rank"] == pytest.approx(expected, abs=1e-9)
        assert row["first"] == row["rank 1"]
    assert "500 samples, seed 3" in frame.attrs["caption"]


def test_the_stability_frame() -> None:
    study = load_study(SHIPPED)
    result = weight_stability(study, resolve_weights(study, "balanced"), "additive")
    frame = result.to_frame()
    assert list(frame.index) == [c.criterion for c in result.criteria]
    for c in result.criteria:
        row = frame.loc[c.criterion]
        assert row["top_low"] <= row["weight"] <= row["top_high"]
        assert (row["top_low"], row["top_high"]) == c.top_interval


def test_the_portfolio_frame() -> None:
    study = load_study(SHIPPED)
    result = portfolio(study, resolve_weights(study, "balanced"), samples=0)
    frame = result.to_frame()
    best = frame.iloc[0]
    assert best["role"] == "best"
    assert best["options"] == result.best.options
    assert best["value"] == pytest.approx(math.fsum(best[k] for k in study.criteria), abs=1e-9)
    for resource, limit in result.budget.items():
        assert (frame[f"cost {resource}"] <= limit + 1e-9).all()


def test_the_scenarios_frame() -> None:
    study = load_study(SHIPPED)
    result = regret_analysis(study, "balanced")
    frame = result.to_frame()
    ids = [s.id for s in result.scenarios]
    assert list(frame["score"].columns) == ids
    for scenario in ids:  # regret = best score in the scenario - the option's score
        best = frame[("score", scenario)].max()
        regret = best - frame[("score", scenario)]
        assert (abs(regret - frame[("regret", scenario)]) < 1e-12).all()
    assert (frame["max_regret"] == frame["regret"].max(axis=1)).all()


def test_displays_escape_and_carry_the_headers(tiny: Path) -> None:
    frame = load_study(tiny).to_frame()
    frame.attrs["caption"] = "a <b> | c"
    page = frame_html(frame)
    assert "<caption>a &lt;b&gt; | c</caption>" in page
    assert "<th>Gain ↑ 50.0%</th>" in page
    text = frame_markdown(frame)
    assert text.splitlines()[0] == "**a <b> \\| c**"
    assert "| option | Gain ↑ 50.0% | Delay ↓ 50.0% |" in text
    assert "| alpha | 8.000 | 10.000 |" in text


def test_the_value_of_information_frame() -> None:
    from policy_options.core.uncertainty.value import value_of_information

    study = load_study(SHIPPED)
    result = value_of_information(study, resolve_weights(study), samples=4_000)
    frame = result.to_frame()
    assert len(frame) == len(result.inputs)
    import pandas as pd

    for (_, row), item in zip(frame.iterrows(), result.inputs, strict=True):
        shown = [None if pd.isna(x) else x for x in (row["option"], row["criterion"])]
        assert (row["kind"], *shown) == (item.kind, item.option, item.criterion)
        assert row["evppi"] == item.evppi
        assert bool(row["above_noise"]) == item.above_noise
    assert list(frame["evppi"]) == sorted(frame["evppi"], reverse=True)
    assert "value of information" in (result._repr_html_() or "")
