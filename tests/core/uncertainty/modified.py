"""Studies with modifiers for the analyses' tests: a criterion turned into a modifier.

``as_modifier`` copies a study folder and turns one of its criteria into a modifier
(``role: modifier`` with a value function onto 0..1), its weight dropped from every
profile: the shipped study with political feasibility as the chance of adoption.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.files.model import Study
from policy_options.core.study.files.option_file import Option, OptionFile

FEASIBILITY = [[0, 0.1], [5, 0.6], [10, 0.9]]
"""Political feasibility 0..10 as the chance the measure is adopted and carried out."""


def as_modifier(
    source: Path, target: Path, key: str = "feasibility", points: list[list[float]] | None = None
) -> Path:
    """A copy of the study folder ``source`` at ``target`` with criterion ``key`` a modifier."""
    shutil.copytree(source, target)
    study_path = target / "study.yaml"
    spec: dict[str, Any] = yaml.safe_load(study_path.read_text(encoding="utf-8"))
    criterion = spec["criteria"][key]
    criterion["role"] = "modifier"
    criterion["value_function"] = points or FEASIBILITY
    criterion.pop("baseline", None)
    criterion.pop("preference", None)
    study_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    for path in sorted((target / "weights").glob("*.yaml")):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile["weights"].pop(key, None)
        path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return target


def with_factors(
    study: Study,
    factors: Sequence[float],
    ranges: dict[int, tuple[float, float]] | None = None,
    points: list[list[float]] | None = None,
) -> Study:
    """``study`` plus a modifier 'odds' on 0..1 (value function ``points``, default the
    identity), option i scored ``factors[i]`` (with range ``ranges[i]`` if given)."""
    odds = Criterion.model_validate(
        {
            "name": "Odds",
            "direction": "higher_is_better",
            "scale": {"min": 0, "max": 1},
            "role": "modifier",
            "value_function": points or [[0, 0.0], [1, 1.0]],
        }
    )
    spec = study.spec.model_copy(update={"criteria": {**study.spec.criteria, "odds": odds}})
    options = {}
    for i, (key, option) in enumerate(study.options.items()):
        scores = {k: v.model_dump(exclude_none=True) for k, v in option.spec.scores.items()}
        odds_score: dict[str, Any] = {"value": float(factors[i])}
        if ranges and i in ranges:
            odds_score["range"] = [float(x) for x in ranges[i]]
        data = {
            **option.spec.model_dump(exclude_none=True),
            "scores": {**scores, "odds": odds_score},
        }
        options[key] = Option(key, OptionFile.model_validate(data), "-")
    return replace(study, spec=spec, options=options)


def with_reference(study: Study, reference: str | None) -> Study:
    """``study`` naming ``reference`` as its reference option (None: naming none)."""
    return replace(study, spec=study.spec.model_copy(update={"reference": reference}))


def rescored(study: Study, option: str, key: str, raw: float) -> Study:
    """``study`` with ``option``'s raw score on ``key`` (a criterion or a modifier) set to
    ``raw``, its range dropped: a direct recomputation's study."""
    scores = {
        k: v.model_dump(exclude_none=True) for k, v in study.options[option].spec.scores.items()
    }
    scores[key] = {"value": float(raw)}
    data = {**study.options[option].spec.model_dump(exclude_none=True), "scores": scores}
    options = dict(study.options)
    options[option] = Option(option, OptionFile.model_validate(data), "-")
    return replace(study, options=options)


def without_modifiers(study: Study) -> Study:
    """``study`` with no modifier criterion and no reference: the weighted sum alone (the
    shipped study has both; a test that adds its own starts from this)."""
    kept = dict(study.criteria)
    spec = study.spec.model_copy(update={"criteria": kept, "reference": None})
    options = {
        key: replace(
            option,
            spec=option.spec.model_copy(
                update={"scores": {k: s for k, s in option.spec.scores.items() if k in kept}}
            ),
        )
        for key, option in study.options.items()
    }
    return replace(study, spec=spec, options=options)
