"""Scenario discovery: PRIM on constructed cases with a known box, and on sampled studies."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from policy_options.core.futures.discovery import discover
from policy_options.core.futures.prim import prim
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.errors import UsageError
from tests.conftest import StudyFactory

THREE = """\
schema: 1
title: Three criteria
sources: {src: {title: S}}
criteria:
  a: {name: A, direction: higher_is_better, scale: {min: 0, max: 10}}
  b: {name: B, direction: higher_is_better, scale: {min: 0, max: 10}}
  c: {name: C, direction: higher_is_better, scale: {min: 0, max: 10}}
defaults: {weights: equal}
"""
# x - y = 0.6 (w_b + w_c) - w_a = 0.6 - 1.6 w_a: x loses first place exactly when w_a > 0.375
OPTIONS = {
    "x": "title: X\nscores: {a: 0, b: 6, c: 6}\n",
    "y": "title: Y\nscores: {a: 10, b: 0, c: 0}\n",
    # never first (at most 2 of 10 anywhere), but its ranged scores are dimensions to ignore
    "z": textwrap.dedent(
        """\
        title: Z
        scores:
          a: {value: 1, range: [0, 2]}
          b: {value: 1, range: [0, 2]}
          c: {value: 1, range: [0, 2]}
        """
    ),
}
PROFILES = {"equal": "weights: {a: 1, b: 1, c: 1}\n"}
THRESHOLD = 0.375


def test_prim_finds_a_known_box_among_noise() -> None:
    rng = np.random.default_rng(7)
    x = rng.random((20_000, 6))
    y = x[:, 2] > 0.6
    boxes = prim(x, y)
    first = boxes[0]
    assert first.columns == (2,)
    assert first.box.low[2] == pytest.approx(0.6, abs=0.02)
    assert first.coverage > 0.9
    assert first.density > 0.9


def test_prim_finds_two_boxes_and_a_category() -> None:
    rng = np.random.default_rng(11)
    x = np.column_stack([rng.random((20_000, 4)), rng.integers(0, 3, 20_000)])
    y = ((x[:, 4] == 1) & (x[:, 0] < 0.4)) | ((x[:, 4] == 2) & (x[:, 1] > 0.7))
    boxes = prim(x, y, categorical=[4])
    assert len(boxes) == 2
    assert sum(b.coverage for b in boxes) > 0.9
    found = {frozenset(b.box.categories[4]) for b in boxes}
    assert found == {frozenset({1}), frozenset({2})}
    assert all(b.density > 0.9 for b in boxes)


def test_prim_has_nothing_to_find_without_losses() -> None:
    x = np.random.default_rng(1).random((1000, 3))
    assert prim(x, np.zeros(1000, dtype=bool)) == []
    assert prim(x, np.ones(1000, dtype=bool)) == []


def test_discover_finds_the_weight_threshold(make_study: StudyFactory) -> None:
    study = load_study(make_study(study=THREE, options=OPTIONS, profiles=PROFILES))
    result = discover(study, resolve_weights(study), samples=10_000, seed=3)
    assert result.option == "x"
    assert result.failure_rate == pytest.approx((1 - THRESHOLD) ** 2, abs=0.02)
    assert "score:z:a" in result.dimensions
    first = result.boxes[0]
    assert [limit.dimension for limit in first.limits] == ["weight:a"]
    assert first.limits[0].low == pytest.approx(THRESHOLD, abs=0.02)
    assert first.limits[0].high is None
    assert first.coverage > 0.9
    assert first.density > 0.9


def test_discover_finds_the_scenario(make_study: StudyFactory) -> None:
    folder = make_study(study=THREE, options=OPTIONS, profiles=PROFILES)
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "storm.yaml").write_text(
        "name: Storm\nscores:\n  x: {b: 0, c: 0}\n", "utf-8"
    )
    (folder / "scenarios" / "calm.yaml").write_text("name: Calm\n", "utf-8")
    study = load_study(folder)
    result = discover(study, resolve_weights(study), samples=6_000, seed=5)
    assert result.dimensions[-1] == "scenario"
    assert dict(result.scenario_probabilities) == pytest.approx(
        {"base": 1 / 3, "calm": 1 / 3, "storm": 1 / 3}
    )
    scenario_boxes = [
        limit.values
        for box in result.boxes
        for limit in box.limits
        if limit.dimension == "scenario"
    ]
    assert ("storm",) in scenario_boxes


def test_discover_is_reproducible_per_seed(make_study: StudyFactory) -> None:
    study = load_study(make_study(study=THREE, options=OPTIONS, profiles=PROFILES))
    weights = resolve_weights(study)
    a = discover(study, weights, samples=3_000, seed=1, weight_model=WeightModel.profile)
    b = discover(study, weights, samples=3_000, seed=1, weight_model=WeightModel.profile)
    c = discover(study, weights, samples=3_000, seed=2, weight_model=WeightModel.profile)
    assert a.boxes == b.boxes
    assert a.failure_rate == b.failure_rate
    assert a.failure_rate != c.failure_rate


def test_discover_of_an_option_that_never_loses(make_study: StudyFactory) -> None:
    options = {**OPTIONS, "x": "title: X\nscores: {a: 10, b: 10, c: 10}\n"}
    study = load_study(make_study(study=THREE, options=options, profiles=PROFILES))
    result = discover(study, resolve_weights(study), samples=2_000)
    assert result.failure_rate == 0
    assert result.boxes == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"option": "xx"}, "unknown option 'xx' (did you mean 'x'?)"),
        ({"samples": 0}, "--samples must be a whole number >= 1"),
        ({"samples": 2_000_000}, "--samples must be at most 1,000,000"),
        ({"seed": -1}, "--seed must be a whole number >= 0"),
        ({"concentration": 5.0}, "--concentration applies to --weight-model profile only"),
    ],
)
def test_bad_settings(make_study: StudyFactory, kwargs: dict[str, object], message: str) -> None:
    study = load_study(make_study(study=THREE, options=OPTIONS, profiles=PROFILES))
    with pytest.raises(UsageError) as error:
        discover(study, resolve_weights(study), **kwargs)  # type: ignore[arg-type]
    assert message in str(error.value)


def test_discover_uses_the_method(tmp_path: Path, make_study: StudyFactory) -> None:
    study = load_study(make_study(study=THREE, options=OPTIONS, profiles=PROFILES))
    result = discover(study, resolve_weights(study), samples=2_000, method="topsis")
    assert result.method == "topsis"
    assert 0 < result.failure_rate < 1


@pytest.mark.parametrize(
    "method", ["additive", "topsis", "promethee", "weighted-product", "weakest-link"]
)
def test_every_sample_is_scored_as_the_reference_ranking_scores_it(method: str) -> None:
    """Rebuild sample after sample from its row (weights, drawn scores, scenario) and
    rank it with core.ranking: the option loses there exactly when the row says so."""
    from dataclasses import replace

    from policy_options.core.futures.discovery_space import sample_space
    from policy_options.core.ranking.rank import rank
    from policy_options.core.study.files.option_file import Option
    from policy_options.core.study.scenarios import apply_scenario
    from policy_options.core.study.weights import Weights
    from tests.conftest import SHIPPED

    study = load_study(SHIPPED)
    weights = resolve_weights(study, "moscow-cautious")
    space = sample_space(study, weights, method=method, samples=300, seed=12)
    columns = {name: j for j, name in enumerate(space.dimensions)}
    for i, row in enumerate(space.x[:60]):
        scenario = space.scenarios[int(row[columns["scenario"]])]
        future = apply_scenario(study, scenario)
        options = dict(future.options)
        for name, j in columns.items():
            kind, _, rest = name.partition(":")
            if kind != "score":
                continue
            option, _, criterion = rest.partition(":")
            spec = options[option].spec
            score = spec.scores[criterion].model_copy(update={"value": float(row[j])})
            scores = {**spec.scores, criterion: score}
            options[option] = Option(option, spec.model_copy(update={"scores": scores}), "-")
        raw = {
            key: float(row[columns[f"weight:{key}"]]) if f"weight:{key}" in columns else 0.0
            for key in study.criteria
        }
        ranking = rank(replace(future, options=options), Weights("s", "s", raw, raw), method)
        # an exact tie lists the earlier id first, as the sampler gives it first place
        assert (ranking.rows[0].option != space.option) == bool(space.lost[i])


def test_samples_times_dimensions_are_capped(
    make_study: StudyFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PRIM holds every sampled value: a cap on samples x dimensions keeps memory bounded,
    refused before sampling with the most samples this study can take."""
    import policy_options.core.futures.discovery_space as space_module

    study = load_study(make_study(study=THREE, options=OPTIONS, profiles=PROFILES))
    monkeypatch.setattr(space_module, "MAX_DISCOVERY_VALUES", 3_000)
    with pytest.raises(UsageError) as error:
        discover(study, resolve_weights(study), samples=2_000)
    assert str(error.value).startswith("--samples 2,000 x 6 dimensions is more than 3,000")
    assert error.value.hint == "at most 500 samples for this study"


def test_score_limits_read_as_numbers_with_their_unit() -> None:
    from types import SimpleNamespace

    from policy_options.core.futures.discovery import Limit
    from policy_options.core.study.files.criteria import Criterion
    from policy_options.render.scenarios import limit_text

    cost = Criterion.model_validate(
        {"name": "Cost", "direction": "lower_is_better", "scale": {"min": 0, "max": 5000},
         "unit": "USD million"}
    )  # fmt: skip
    result = SimpleNamespace(study=SimpleNamespace(criteria={"cost": cost}))
    text = limit_text(Limit("score:a:cost", low=1234.5), result)  # type: ignore[arg-type]
    assert text == "a's cost score is above 1230 USD million"


# x beats y everywhere but in storm, where x's b score has a range (base and calm: 6):
# x - y = (w_a + w_c) + w_b (b_x - 5), so x loses only in storm, when b_x is low enough.
# y's a score has a range in every future: it varies in all of them.
STORMY = {
    "x": "title: X\nscores: {a: 6, b: 6, c: 6}\n",
    "y": "title: Y\nscores:\n  a: {value: 5, range: [4, 6]}\n  b: 5\n  c: 5\n",
}


def stormy(make_study: StudyFactory) -> Path:
    folder = make_study(study=THREE, options=STORMY, profiles=PROFILES)
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "storm.yaml").write_text(
        "name: Storm\nscores:\n  x:\n    b: {value: 5, range: [0, 10]}\n", "utf-8"
    )
    (folder / "scenarios" / "calm.yaml").write_text("name: Calm\n", "utf-8")
    return folder


def test_a_score_that_varies_in_one_scenario_only_puts_the_box_in_that_scenario(
    make_study: StudyFactory,
) -> None:
    from policy_options.core.futures.discovery_space import sample_space
    from policy_options.render.scenarios import box_sentence

    study = load_study(stormy(make_study))
    weights = resolve_weights(study)
    space = sample_space(study, weights, samples=6_000, seed=5)
    assert space.varies_only_in == {"score:x:b": ("storm", 6.0)}
    column = space.dimensions.index("score:x:b")
    scenario = space.x[:, space.dimensions.index("scenario")]
    storm = space.scenarios.index("storm")
    assert np.all(space.x[scenario != storm, column] == 6.0)  # the premise, from the samples
    result = discover(study, weights, samples=6_000, seed=5)
    confined = [
        (i, limit) for i, box in enumerate(result.boxes) for limit in box.limits
        if limit.dimension == "score:x:b"
    ]  # fmt: skip
    assert confined, "PRIM should bound x's b score"
    for i, limit in confined:
        assert limit.scenario == "storm"
        assert limit.elsewhere == 6.0
        assert limit.high is not None
        assert limit.high < 6.0
        assert limit.in_scenario == "storm"
        inside = space.x[:, column] <= limit.high
        assert np.all(scenario[inside] == storm)  # what the sentence claims, checked
        sentence = box_sentence(result.boxes[i], result, i)
        assert ", in scenario storm (the only one where x's b score varies)," in sentence
    from policy_options.render.scenarios import discovery_json

    limits = [lim for box in json.loads(discovery_json(result))["boxes"] for lim in box["limits"]]
    bounded = [lim for lim in limits if lim["dimension"] == "score:x:b"]
    assert bounded
    assert all(
        (lim["varies_only_in"], lim["elsewhere"], lim["in_scenario"]) == ("storm", 6.0, "storm")
        for lim in bounded
    )
    assert all("varies_only_in" not in lim for lim in limits if lim not in bounded)


def test_a_limit_that_keeps_the_score_of_the_other_futures_says_so() -> None:
    from types import SimpleNamespace

    from policy_options.core.futures.discovery import Box, Limit
    from policy_options.core.study.files.criteria import Criterion
    from policy_options.render.scenarios import limit_text, scenario_clause

    b = Criterion.model_validate(
        {"name": "B", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}
    )
    result = SimpleNamespace(study=SimpleNamespace(criteria={"b": b}))
    keeps = Limit("score:x:b", high=7.5, scenario="storm", elsewhere=6.0)
    assert keeps.in_scenario is None
    assert limit_text(keeps, result) == (  # type: ignore[arg-type]
        "x's b score is below 7.5 (it varies only in scenario storm; elsewhere 6)"
    )
    assert scenario_clause(Box(0.5, 0.5, 10, (keeps,))) == ""
    leaves = Limit("score:x:b", low=6.5, scenario="storm", elsewhere=6.0)
    assert leaves.in_scenario == "storm"
    assert limit_text(leaves, result) == "x's b score is above 6.5"  # type: ignore[arg-type]
    assert scenario_clause(Box(0.5, 0.5, 10, (leaves,))) == (
        ", in scenario storm (the only one where x's b score varies),"
    )
