"""XMCDA import: study -> XMCDA -> study gives the same study (every file's data) and the
same ranking under every method and profile; XMCDA written by hand, as another tool
would, reads with its defaults; bad documents are one located error."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_options.core.interchange.xmcda import export_xmcda
from policy_options.core.interchange.xmcda_read import read_xmcda, write_study_folder
from policy_options.core.methods import registry
from policy_options.core.methods.base import ScoreError
from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import UsageError
from tests.conftest import SHIPPED, write_study


def round_trip(study: Study, folder: Path) -> Study:
    imported = read_xmcda(export_xmcda(study).encode("utf-8"), "study.xml")
    assert imported.warnings == ()
    write_study_folder(imported, folder)
    return load_study(folder)


def dumped(model: Any) -> Any:
    return model.model_dump(mode="python", by_alias=True)


def assert_same_rankings(before: Study, after: Study) -> None:
    for method in registry.names(plugins=False):
        for profile in before.profiles:
            try:
                a = rank(before, resolve_weights(before, profile), method)
            except ScoreError:  # a method the study cannot use (ratios of scores of 0)
                with pytest.raises(ScoreError):
                    rank(after, resolve_weights(after, profile), method)
                continue
            b = rank(after, resolve_weights(after, profile), method)
            assert [(r.option, r.rank) for r in a.rows] == [(r.option, r.rank) for r in b.rows]
            for row in a.rows:
                assert b.row(row.option).score == pytest.approx(row.score, abs=1e-12)


def test_the_shipped_study_round_trips_whole(tmp_path: Path) -> None:
    before = load_study(SHIPPED)
    after = round_trip(before, tmp_path / "back")
    assert dumped(after.spec) == dumped(before.spec)
    assert {k: dumped(o.spec) for k, o in after.options.items()} == {
        k: dumped(o.spec) for k, o in before.options.items()
    }
    assert {k: dumped(p.spec) for k, p in after.profiles.items()} == {
        k: dumped(p.spec) for k, p in before.profiles.items()
    }
    assert {k: dumped(s.spec) for k, s in after.scenarios.items()} == {
        k: dumped(s.spec) for k, s in before.scenarios.items()
    }
    assert [dumped(i) for i in after.interactions] == [dumped(i) for i in before.interactions]
    assert_same_rankings(before, after)


numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def y(x: float) -> str:
    """A float as YAML 1.1 reads it back as a float (1e-09 would be a string: 1.0e-09)."""
    text = repr(float(x))
    return text.replace("e", ".0e") if "e" in text and "." not in text else text


@st.composite
def studies(draw: Any) -> tuple[str, dict[str, str], dict[str, str]]:
    """A random study: 1-4 criteria (random scales, directions, value functions), 1-6
    options with scores anywhere on the scales, 1-3 profiles of random raw weights."""
    n_criteria = draw(st.integers(1, 4))
    criteria, scales = [], []
    for j in range(n_criteria):
        low = draw(numbers)
        width = draw(st.floats(min_value=1e-3, max_value=1e6))
        high = low + width
        if not high > low:
            high = low + 1
        scales.append((low, high))
        direction = draw(st.sampled_from(["higher_is_better", "lower_is_better"]))
        text = f"  c{j}:\n    name: C {j}\n    direction: {direction}\n"
        text += f"    scale: {{min: {y(low)}, max: {y(high)}}}\n"
        if draw(st.booleans()):
            middle = low + width * draw(st.floats(0.1, 0.9))
            v = draw(st.floats(0, 1))
            text += (
                f"    value_function: [[{y(low)}, 0.0], [{y(middle)}, {y(v)}], [{y(high)}, 1.0]]\n"
            )
        criteria.append(text)
    study = "schema: 1\ntitle: Random\ncriteria:\n" + "".join(criteria)
    options = {}
    for i in range(draw(st.integers(1, 6))):
        scores = "".join(
            f"  c{j}: {y(draw(st.floats(low, high)))}\n" for j, (low, high) in enumerate(scales)
        )
        options[f"o{i}"] = f"title: Option {i}\nscores:\n{scores}"
    profiles = {}
    for k in range(draw(st.integers(1, 3))):
        raw = [draw(st.floats(0, 100)) for _ in scales]
        if not sum(raw) > 0:
            raw[0] = 1.0
        weights = ", ".join(f"c{j}: {y(w)}" for j, w in enumerate(raw))
        profiles[f"p{k}"] = f"weights: {{{weights}}}\n"
    return study, options, profiles


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(studies())
def test_any_study_round_trips_to_the_same_ranking(drawn: tuple[str, Any, Any]) -> None:
    study_text, options, profiles = drawn
    with tempfile.TemporaryDirectory() as folder:
        before = load_study(write_study(Path(folder) / "s", study_text, options, profiles))
        after = round_trip(before, Path(folder) / "back")
        assert dumped(after.spec) == dumped(before.spec)
        assert_same_rankings(before, after)


FOREIGN = """\
<?xml version="1.0" encoding="UTF-8"?>
<xmcda:XMCDA xmlns:xmcda="http://www.decision-deck.org/2016/XMCDA-3.0.1">
  <alternatives>
    <alternative id="a1" name="First"/>
    <alternative id="a2"/>
    <alternative id="off"><active>false</active></alternative>
  </alternatives>
  <criteria>
    <criterion id="g1" name="Cost"/>
    <criterion id="g2"/>
  </criteria>
  <performanceTable>
    <alternativePerformances><alternativeID>a1</alternativeID>
      <performance><criterionID>g1</criterionID><values><value><integer>10</integer></value></values></performance>
      <performance><criterionID>g2</criterionID><values><value><real>0.5</real></value></values></performance>
    </alternativePerformances>
    <alternativePerformances><alternativeID>a2</alternativeID>
      <performance><criterionID>g1</criterionID><values><value><integer>30</integer></value></values></performance>
      <performance><criterionID>g2</criterionID><values><value><rational><numerator>1</numerator><denominator>4</denominator></rational></value></values></performance>
    </alternativePerformances>
  </performanceTable>
  <criteriaScales>
    <criterionScale><criterionID>g1</criterionID><scales><scale><quantitative>
      <preferenceDirection>min</preferenceDirection>
      <minimum><real>0</real></minimum><maximum><real>50</real></maximum>
    </quantitative></scale></scales></criterionScale>
  </criteriaScales>
  <criteriaThresholds>
    <criterionThreshold><criterionID>g1</criterionID><thresholds>
      <threshold mcdaConcept="indifference"><constant><real>2</real></constant></threshold>
      <threshold mcdaConcept="preference"><constant><real>8</real></constant></threshold>
    </thresholds></criterionThreshold>
  </criteriaThresholds>
</xmcda:XMCDA>
"""


def test_xmcda_of_another_tool_reads_with_defaults(tmp_path: Path) -> None:
    imported = read_xmcda(FOREIGN.encode(), "foreign.xml")
    assert any("no policy-options extension block" in w for w in imported.warnings)
    assert any("g2: no quantitative scale" in w for w in imported.warnings)
    assert any("equal.yaml gives 1 each" in w for w in imported.warnings)
    write_study_folder(imported, tmp_path / "new")
    study = load_study(tmp_path / "new")
    assert list(study.options) == ["a1", "a2"]  # the inactive one is left out
    assert study.options["a2"].title == "a2"
    assert study.options["a2"].spec.scores["g2"].value == 0.25
    g1, g2 = study.criteria["g1"], study.criteria["g2"]
    assert (g1.direction.value, g1.scale.min, g1.scale.max) == ("lower_is_better", 0, 50)
    assert g1.preference is not None
    assert (g1.preference.function.value, g1.preference.q, g1.preference.p) == ("linear", 2, 8)
    assert (g2.direction.value, g2.scale.min, g2.scale.max) == ("higher_is_better", 0.25, 0.5)
    ranking = rank(study, resolve_weights(study, None), "additive")
    # a1: (50-10)/50 = 0.8 and (0.5-0.25)/0.25 = 1; a2: 0.4 and 0; equal weights
    assert ranking.row("a1").score == pytest.approx(0.9, abs=1e-12)
    assert ranking.row("a2").score == pytest.approx(0.2, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<XMCDA><alternatives>", "not well-formed XML"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><XMCDA/>', "DOCTYPE"),
        ("<other/>", "not <XMCDA>"),
        ("<XMCDA/>", "nothing to import"),
        (FOREIGN.replace("<integer>30</integer>", "<integer>x</integer>"), "'x' is not a number"),
        (
            FOREIGN.replace(
                "<criterionID>g2</criterionID><values><value><real>0.5",
                "<criterionID>gX</criterionID><values><value><real>0.5",
            ),
            "no performance of 'a1' on 'g2'",
        ),
    ],
)
def test_a_bad_document_is_one_error(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        read_xmcda(text.encode(), "bad.xml")


def test_a_score_off_its_scale_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    text = FOREIGN.replace("<integer>30</integer>", "<integer>70</integer>")
    imported = read_xmcda(text.encode(), "f.xml")
    with pytest.raises(UsageError, match="does not load"):
        write_study_folder(imported, tmp_path / "new")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_with_files_is_refused(tiny: Path) -> None:
    imported = read_xmcda(FOREIGN.encode(), "f.xml")
    with pytest.raises(UsageError, match="not an empty folder"):
        write_study_folder(imported, tiny)


MODIFIER_STUDY = """\
schema: 1
title: Modifiers
reference: beta
sources:
  src:
    title: A source
criteria:
  gain:
    name: Gain
    direction: higher_is_better
    scale: {min: 0, max: 10}
  chance:
    name: Chance of success
    direction: higher_is_better
    scale: {min: 0, max: 10}
    role: modifier
    value_function: [[0, 0.05], [5, 0.5], [10, 0.95]]
"""

MODIFIER_OPTIONS = {
    "alpha": "title: Alpha\nstance: recommended\nscores:\n  gain: {value: 8, basis: text, confidence: high}\n  chance: 3\n",
    "beta": "title: Beta\nscores:\n  gain: 4\n  chance: 9\n",
    "gamma": "title: Gamma\nrequires_any: [[alpha, beta]]\nscores:\n  gain: 2\n  chance: 10\n",
}


def test_the_new_vocabulary_round_trips(tmp_path: Path) -> None:
    """A reference option, a modifier criterion, requires_any and a score's basis travel
    in the extension block; the modifier's factor multiplies the score after the trip too."""
    profiles = {"even": "weights: {gain: 1}\n"}
    before = load_study(write_study(tmp_path / "s", MODIFIER_STUDY, MODIFIER_OPTIONS, profiles))
    after = round_trip(before, tmp_path / "back")
    assert dumped(after.spec) == dumped(before.spec)
    assert {k: dumped(o.spec) for k, o in after.options.items()} == {
        k: dumped(o.spec) for k, o in before.options.items()
    }
    ranking = rank(after, resolve_weights(after, "even"), "additive")
    # the chance factor at 3 on [[0, .05], [5, .5], [10, .95]]: .05 + .45 * 3/5 = .32; with
    # the reference beta (gain 4: s_ref = .4) alpha scores .4 + .32 * (.8 - .4) = .528
    m = 0.05 + 0.45 * 3 / 5
    assert ranking.row("alpha").score == pytest.approx(0.4 + m * (0.8 - 0.4), abs=1e-12)
    assert_same_rankings(before, after)
