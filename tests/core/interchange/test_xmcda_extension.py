"""The extension block: what XMCDA cannot hold, and only that."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from policy_options.core.interchange.xmcda_extension import (
    FORMAT,
    extension_data,
    extension_text,
    lost_without_extension,
)
from policy_options.core.study.loading.load import load_study


def test_the_block_holds_what_xmcda_cannot_and_not_what_it_can(tiny: Path) -> None:
    study = load_study(tiny)
    data = extension_data(study)
    assert data["format"] == FORMAT
    assert data["study"] == {
        "schema": 1,
        "title": "Tiny study",
        "question": "Which is best?",
        "sources": {"src": {"title": "A source"}},
        "criteria": {"gain": {"unit": "points"}, "delay": {"unit": "months"}},
        "defaults": {"weights": "even"},
    }
    alpha = data["options"]["alpha"]
    assert "title" not in alpha  # the alternative's name
    assert alpha["scores"]["gain"] == {"range": [6, 9], "rationale": "big gain"}  # no value
    assert data["profiles"] == {
        "even": {"description": "Equal weights."},
        "gain-first": {"description": "Gain matters most."},
    }
    assert yaml.safe_load(extension_text(study)) == data


def test_dates_stay_dates(make_study: object) -> None:
    study = load_study(
        make_study(  # type: ignore[operator]
            study="schema: 1\ntitle: T\nsources:\n  src: {title: S, date: 2024-03-14}\n"
            "criteria:\n  gain: {name: G, direction: higher_is_better, scale: {min: 0, max: 10}}\n"
            "  delay: {name: D, direction: lower_is_better, scale: {min: 0, max: 20}}\n"
        )
    )
    data = yaml.safe_load(extension_text(study))
    assert data["study"]["sources"]["src"]["date"] == datetime.date(2024, 3, 14)


def test_what_is_lost_without_the_block_is_said(tiny: Path) -> None:
    lost = lost_without_extension(load_study(tiny))
    assert lost == [
        "6 rationales",  # the tiny study's quotes are its options' source quotes
        "2 score ranges",
        "option sources of 3 options",
        "stances of 3 options",
        "the study's sources",
    ]
