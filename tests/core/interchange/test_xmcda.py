"""XMCDA export: valid against the official XMCDA 3.1.1 schema (shipped by the ``xmcda``
package of Decision Deck), read by that package (a peer implementation) into the same
numbers, and a ranking written as alternativesValues."""

from __future__ import annotations

import importlib.resources
import itertools
import math
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.interchange.xmcda import SCHEMA_FILE, export_xmcda, ranking_xmcda
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from tests.conftest import SHIPPED

etree = pytest.importorskip("lxml.etree")
xmcda = pytest.importorskip("xmcda")

PROMETHEE_STUDY = """\
schema: 1
title: Thresholds
sources:
  src:
    title: A source
criteria:
  gain:
    name: Gain
    direction: higher_is_better
    scale: {min: 0, max: 10}
    preference: {function: linear, q: 1, p: 4}
  delay:
    name: Delay
    direction: lower_is_better
    scale: {min: 0, max: 20}
    preference: {function: gaussian, s: 3}
defaults:
  weights: even
  method: promethee
"""


def schema() -> Any:
    path = importlib.resources.files("xmcda") / "xsd" / SCHEMA_FILE
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(text: str) -> Any:
    document = etree.fromstring(text.encode("utf-8"))
    validator = schema()
    assert validator.validate(document), validator.error_log
    return document


def peer_read(text: str, tmp_path: Path) -> Any:
    """The document as the ``xmcda`` package reads it (XMCDA 3.1.1)."""
    from xmcda import schemas
    from xmcda.XMCDA import XMCDA

    path = tmp_path / "peer.xml"
    path.write_text(text, encoding="utf-8")
    xmcda.set_version(schemas.XMCDA_3_1_1)
    try:
        model = XMCDA()
        model.load(str(path))
    finally:
        xmcda.reset_version()
    return model


def interpolate(points: list[tuple[float, float]], x: float) -> float:
    for (x0, v0), (x1, v1) in itertools.pairwise(points):
        if x0 <= x <= x1:
            return v0 + (v1 - v0) * (x - x0) / (x1 - x0)
    raise AssertionError(f"{x} outside the value function")


@pytest.mark.parametrize("extension", [True, False])
def test_the_shipped_study_is_valid_xmcda(extension: bool) -> None:
    document = assert_valid(export_xmcda(load_study(SHIPPED), extension=extension))
    blocks = document.findall("programParameters")
    assert len(blocks) == (1 if extension else 0)


def test_thresholds_and_preference_functions_are_valid_xmcda(make_study: Any) -> None:
    study = load_study(make_study(study=PROMETHEE_STUDY))
    document = assert_valid(export_xmcda(study))
    thresholds = {
        (entry.findtext("criterionID"), t.get("mcdaConcept")): float(t.findtext("constant/real"))
        for entry in document.iterfind("criteriaThresholds/criterionThreshold")
        for t in entry.iterfind("thresholds/threshold")
    }
    assert thresholds[("gain", "indifference")] == 1
    assert thresholds[("gain", "preference")] == 4
    assert thresholds[("delay", "sigma")] == 3
    shapes = {
        entry.findtext("criterionID"): entry.findtext("values/value/label")
        for block in document.iterfind("criteriaValues[@mcdaConcept='preferenceFunction']")
        for entry in block.iterfind("criterionValue")
    }
    assert shapes == {"gain": "linear", "delay": "gaussian"}


def test_a_peer_reading_gives_the_same_additive_scores(tmp_path: Path) -> None:
    """The ``xmcda`` package reads our export; the additive scores computed from what it
    read (performances, scales, directions, value functions, weights), by hand here, are
    ``policy``'s to 1e-12 under every profile."""
    study = load_study(SHIPPED)
    peer = peer_read(export_xmcda(study), tmp_path)
    table = peer.performance_tables[0]
    scales = {s.criterion.id: s.scales[0] for s in peer.criteria_scales_list[0]}
    functions = {
        f.criterion.id: [(s.head.abscissa.v, s.head.ordinate.v) for s in f.functions[0].segments]
        + [
            (
                f.functions[0].segments[-1].tail.abscissa.v,
                f.functions[0].segments[-1].tail.ordinate.v,
            )
        ]
        for block in peer.criteria_functions_list
        for f in block
    }
    profiles = {block.id: block for block in peer.criteria_values_list}
    assert set(profiles) == set(study.profiles)
    for profile, block in profiles.items():
        raw = {entry.criterion.id: entry.values[0].v for entry in block}
        total = math.fsum(raw.values())
        ours = rank(study, resolve_weights(study, profile), "additive")
        sums, factors = {}, {}
        for alternative in peer.alternatives:
            score, factor = 0.0, 1.0
            for criterion in peer.criteria:
                x = table[alternative][criterion]
                scale = scales[criterion.id]
                low, high = scale.minimum.v, scale.maximum.v
                if criterion.id in functions:
                    v = interpolate(functions[criterion.id], x)
                elif scale.preference_direction.name == "MAX":
                    v = (x - low) / (high - low)
                else:
                    v = (high - x) / (high - low)
                if criterion.id not in raw:  # a modifier (no weight): a factor on the sum
                    factor *= v
                    continue
                score += raw[criterion.id] / total * v
            sums[alternative.id], factors[alternative.id] = score, factor
        # the reference (status-quo): score = s_ref + m_i (s_i - s_ref)
        assert set(raw) == set(study.criteria)
        s_ref = sums[study.reference]
        for key, s in sums.items():
            expected = s_ref + factors[key] * (s - s_ref)
            assert expected == pytest.approx(ours.row(key).score, abs=1e-12)


def test_a_ranking_is_valid_xmcda_alternatives_values() -> None:
    study = load_study(SHIPPED)
    ranking = rank(study, resolve_weights(study, "balanced"), "topsis")
    document = assert_valid(ranking_xmcda(ranking))
    scores = {
        entry.findtext("alternativeID"): float(entry.findtext("values/value/real"))
        for entry in document.iterfind("alternativesValues[@mcdaConcept='score']/alternativeValue")
    }
    ranks = {
        entry.findtext("alternativeID"): int(entry.findtext("values/value/integer"))
        for entry in document.iterfind("alternativesValues[@mcdaConcept='rank']/alternativeValue")
    }
    assert scores == {row.option: row.score for row in ranking.rows}  # repr: exact
    assert ranks == {row.option: row.rank for row in ranking.rows}
    weights = {
        entry.findtext("criterionID"): float(entry.findtext("values/value/real"))
        for entry in document.iterfind("criteriaValues[@mcdaConcept='weights']/criterionValue")
    }
    assert math.fsum(weights.values()) == pytest.approx(1, abs=1e-12)
    assert weights == ranking.weights.normalised
