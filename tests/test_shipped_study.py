"""The shipped study: valid, every quote verbatim in the commentary, and modelled the way
its authors argue (issue 19): doing nothing as the reference, feasibility and time as
modifiers, the authors' conditions and red lines, every score with its basis."""

from __future__ import annotations

import pytest
import yaml

from policy_options.core.study.loading.load import inspect_study, load_study
from policy_options.core.study.sources.provenance import check
from tests.conftest import SHIPPED, SOURCE_TEXT

needs_source = pytest.mark.skipif(
    not SOURCE_TEXT.exists(), reason="the commentary is not beside the repo"
)
ARMS = ("fms-air-defense", "trophy-aps", "counter-drone")


def _raw_options() -> dict[str, dict]:
    """The option files as plain YAML, read without the loader."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(SHIPPED.glob("*.yaml"))
        if path.stem not in {"study", "interactions"}
    }


def test_shipped_study_is_valid_without_warnings() -> None:
    result = inspect_study(SHIPPED)
    assert result.problems == []
    study = result.study
    assert study is not None
    assert len(study.options) == 15
    assert list(study.criteria) == [
        "deterrence",
        "stability",
        "agency",
        "russian_backlash",
        "diversion",
        "entrapment",
    ]
    assert list(study.modifiers) == ["feasibility", "time_to_effect"]
    assert len(study.profiles) >= 3
    assert sorted(study.scenarios) == [
        "azerbaijani-offensive",
        "csto-exit",
        "evasion-exposed",
        "russia-returns",
        "settlement-reached",
    ]


def test_doing_nothing_is_the_reference_and_stances_follow_the_source() -> None:
    study = load_study(SHIPPED)
    assert study.reference == "status-quo"
    stances = {key: option.spec.stance for key, option in study.options.items()}
    assert stances["status-quo"] == "insufficient"
    assert stances["eu-peace-facility"] == "doubted"
    assert {stances[key] for key in ARMS} == {"conditional"}
    assert {k for k, s in stances.items() if s == "rejected"} == {
        "pivot-west",
        "security-guarantee",
        "unwavering-support",
    }


def test_modifiers_map_onto_a_chance_and_doing_nothing_keeps_its_full_value() -> None:
    study = load_study(SHIPPED)
    reference = study.options["status-quo"].spec.scores
    for key, criterion in study.modifiers.items():
        assert criterion.value_function is not None
        values = [v for _, v in criterion.value_function]
        assert all(0 <= v <= 1 for v in values), key
        best = max(criterion.value_function, key=lambda point: point[1])
        assert reference[key].value == best[0], key  # in place, at once: a factor of 1
    assert study.modifiers["time_to_effect"].unit == "months"


def test_signed_scales_where_harm_is_possible() -> None:
    study = load_study(SHIPPED)
    for key in ("deterrence", "stability", "agency"):
        scale = study.criteria[key].scale
        assert scale.min < 0 < scale.max, key
    below_zero = {
        option
        for option, spec in _raw_options().items()
        if any(spec["scores"][key]["value"] < 0 for key in ("deterrence", "stability", "agency"))
    }
    assert {"pivot-west", "security-guarantee"} <= below_zero


def test_red_lines_keep_out_what_the_authors_reject() -> None:
    study = load_study(SHIPPED)
    thresholds = {k: c.threshold for k, c in study.all_criteria.items() if c.threshold is not None}
    assert set(thresholds) == {"agency", "entrapment"}
    failing = set()
    for option, spec in _raw_options().items():  # recomputed from the raw files
        scores = spec["scores"]
        if scores["entrapment"]["value"] > thresholds["entrapment"]:
            failing.add(option)
        if scores["agency"]["value"] < thresholds["agency"]:
            failing.add(option)
    assert failing == {"pivot-west", "security-guarantee", "unwavering-support"}


def test_conditions_are_requirements_not_bonuses() -> None:
    study = load_study(SHIPPED)
    options = study.options
    for arms in ARMS:
        spec = options[arms].spec
        assert set(spec.requires) == {"end-use-monitoring", "clear-limits"}
        assert spec.requires_any == [["us-eu-mediation", "turkey-normalization"]]
    assert options["religious-freedom-carrot"].spec.requires == ["us-eu-mediation"]
    assert "clear-limits" in options["security-guarantee"].spec.excludes
    assert "clear-limits" in options["unwavering-support"].spec.excludes
    assert "accept-multi-alignment" in options["pivot-west"].spec.excludes
    pairs = {frozenset(i.options) for i in study.interactions}
    assert not any(pair & set(ARMS) for pair in pairs)  # no condition left as a bonus


def test_every_score_says_its_basis_and_most_are_quoted() -> None:
    sources = yaml.safe_load((SHIPPED / "study.yaml").read_text(encoding="utf-8"))["sources"]
    scores = [s for spec in _raw_options().values() for s in spec["scores"].values()]
    assert all(s.get("basis") in {"text", "inference", "outside"} for s in scores)
    assert all(s.get("rationale", "").strip() for s in scores)
    quoted = sum(1 for s in scores if str(s.get("quote") or "").strip())
    assert quoted / len(scores) >= 0.6
    assert all(s.get("quote") for s in scores if s["basis"] == "text")
    for score in scores:
        if score["basis"] == "outside":
            assert score.get("ref") in sources
            assert sources[score["ref"]].get("url")


def test_costs_are_stated_assumptions_with_ranges() -> None:
    study = load_study(SHIPPED)
    assert list(study.spec.resources) == ["funding", "attention"]
    for resource in study.spec.resources.values():
        assert "assumption" in resource.description
    for option in study.options.values():
        assert set(option.spec.costs) == {"funding", "attention"}, option.id
        assert option.spec.cost_rationale.strip(), option.id
        if option.id != study.reference:
            assert "assumption" in option.spec.cost_rationale, option.id
        for cost in option.spec.costs.values():
            assert cost.value == 0 or cost.range is not None, option.id


def test_futures_share_one_weight_profile_and_leave_the_present_alone() -> None:
    study = load_study(SHIPPED)
    assert all(s.spec.weights is None for s in study.scenarios.values())
    assert all(s.spec.probability is not None for s in study.scenarios.values())
    assert sum(s.spec.probability or 0 for s in study.scenarios.values()) < 1
    assert all(p.spec.description.strip() for p in study.profiles.values())


@needs_source
def test_every_quote_is_verbatim_in_the_commentary() -> None:
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    study = inspect_study(SHIPPED).study
    assert study is not None
    quotes = []
    for option in study.options.values():
        assert option.spec.source is not None
        assert option.spec.source.quote
        quotes.append((option.id, option.spec.source.quote))
        quotes += [(f"{option.id}/{k}", s.quote) for k, s in option.spec.scores.items() if s.quote]
    for scenario in study.scenarios.values():
        assert scenario.spec.source is not None
        assert scenario.spec.source.quote
        quotes.append((f"scenarios/{scenario.id}", scenario.spec.source.quote))
        quotes += [
            (f"scenarios/{scenario.id}/{option}/{key}", score.quote)
            for option, overrides in scenario.spec.scores.items()
            for key, score in overrides.items()
            if score.quote
        ]
    missing = [where for where, quote in quotes if quote not in text]
    assert missing == []


@needs_source
def test_sources_check_clean_no_caption_quote_no_fact_from_outside() -> None:
    """No quote from a caption or byline, no rationale naming what the text lacks."""
    result = check(load_study(SHIPPED), [SOURCE_TEXT.parent])
    assert [str(p) for p in result.problems] == []


def test_source_declares_its_url_and_a_file_that_is_not_shipped() -> None:
    study = inspect_study(SHIPPED).study
    assert study is not None
    source = study.spec.sources["rand-2024"]
    assert source.url is not None
    assert source.url.startswith("https://www.rand.org/pubs/commentary/2024/03/")
    assert source.file == "sources/armenia-commentary-2024.txt"
    assert not (SHIPPED / source.file).exists()  # a copyrighted commentary: checked, not shipped


@needs_source
def test_portfolio_quotes_are_verbatim_in_the_commentary() -> None:
    """Interactions and the reasons for requires/excludes quote the commentary exactly."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    study = inspect_study(SHIPPED).study
    assert study is not None
    quotes = [(f"interaction {i.options}", i.quote) for i in study.interactions if i.quote]
    quotes += [(o.id, o.spec.link_quote) for o in study.options.values() if o.spec.link_quote]
    assert len(quotes) >= 8
    missing = [where for where, quote in quotes if quote not in text]
    assert missing == []
