"""The shipped study: valid, every quote verbatim in the commentary, and worth reading."""

from __future__ import annotations

import pytest

from policy_options.core.study.loading.load import inspect_study
from tests.conftest import SHIPPED, SOURCE_TEXT


def test_shipped_study_is_valid_without_warnings() -> None:
    result = inspect_study(SHIPPED)
    assert result.problems == []
    assert result.study is not None
    assert len(result.study.options) >= 12
    assert len(result.study.criteria) >= 7
    assert len(result.study.profiles) >= 3
    assert 3 <= len(result.study.scenarios) <= 4


def test_stances_cover_recommended_and_rejected() -> None:
    study = inspect_study(SHIPPED).study
    assert study is not None
    stances = {option.spec.stance for option in study.options.values()}
    assert stances == {"recommended", "rejected", "in_place"}


def test_every_profile_has_a_description() -> None:
    study = inspect_study(SHIPPED).study
    assert study is not None
    assert all(p.spec.description.strip() for p in study.profiles.values())


def test_time_to_effect_is_in_months_with_a_value_function() -> None:
    study = inspect_study(SHIPPED).study
    assert study is not None
    criterion = study.criteria["time_to_effect"]
    assert criterion.unit == "months"
    assert criterion.value_function is not None


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="the commentary is not beside the repo")
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


def test_source_declares_its_url_and_a_file_that_is_not_shipped() -> None:
    study = inspect_study(SHIPPED).study
    assert study is not None
    source = study.spec.sources["rand-2024"]
    assert source.url is not None
    assert source.url.startswith("https://www.rand.org/pubs/commentary/2024/03/")
    assert source.file == "sources/armenia-commentary-2024.txt"
    assert not (SHIPPED / source.file).exists()  # a copyrighted commentary: checked, not shipped


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="the commentary is not beside the repo")
def test_portfolio_quotes_are_verbatim_in_the_commentary() -> None:
    """Interactions and the reasons for requires/excludes quote the commentary exactly."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    study = inspect_study(SHIPPED).study
    assert study is not None
    quotes = [(f"interaction {i.options}", i.quote) for i in study.interactions if i.quote]
    quotes += [(o.id, o.spec.link_quote) for o in study.options.values() if o.spec.link_quote]
    assert len(quotes) >= 10
    missing = [where for where, quote in quotes if quote not in text]
    assert missing == []


def test_shipped_study_has_portfolio_data() -> None:
    """Two resources, a cost with a rationale for every option, the links the commentary
    implies, risk baselines and rationale for every interaction."""
    study = inspect_study(SHIPPED).study
    assert study is not None
    assert list(study.spec.resources) == ["funding", "attention"]
    for option in study.options.values():
        assert set(option.spec.costs) == {"funding", "attention"}, option.id
        assert option.spec.cost_rationale.strip(), option.id
    options = study.options
    for arms in ("fms-air-defense", "trophy-aps", "counter-drone"):
        assert "end-use-monitoring" in options[arms].spec.requires
    assert "clear-limits" in options["security-guarantee"].spec.excludes
    assert "accept-multi-alignment" in options["pivot-west"].spec.excludes
    for risk in ("russian_backlash", "diversion", "entrapment"):
        assert study.criteria[risk].baseline == 0
    assert study.interactions
    assert all(i.rationale.strip() for i in study.interactions)
    pairs = {(frozenset(i.options), i.criterion) for i in study.interactions}
    assert (frozenset({"clear-limits", "fms-air-defense"}), "entrapment") in pairs
    assert (frozenset({"end-use-monitoring", "fms-air-defense"}), "diversion") in pairs
